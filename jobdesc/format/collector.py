"""Python's cycle collector paused while many long-lived objects are made.

Loading an organisation makes hundreds of thousands of objects (the YAML trees with their
marks, the models), none of them garbage, and every full collection walks all of them again:
a quarter of `check`'s CPU at 2,000 positions. Reference counting still frees what is
dropped; the collector runs again afterwards. Nesting is harmless (the inner one leaves the
collector as it found it).

While the collector is off, every new object still joins the youngest generation, and the
first collection afterwards would walk them all (0.17 s after loading 2,000 positions). So
on leaving, what is alive moves straight to the oldest generation (freeze, then unfreeze:
both only relink lists), where a full collection still finds any garbage among it.
"""
from __future__ import annotations

import contextlib
import gc
from typing import Iterator


_one_command = False  # this process ends after its one command (see keep_loaded_frozen)


def keep_loaded_frozen(one_command: bool) -> None:
    """Told by the command line whether this process ends after one command (not `serve`, and
    not a test calling commands one after another). If so, what an organisation's loading made
    stays frozen (`collector_paused(keep=True)`): it lives until the process ends anyway, and the
    collector, which would otherwise count it as newly old, never walks it again (a full
    collection over 2,000 positions costs ~0.4 s, and `roster` paid one while it matched)."""
    global _one_command
    _one_command = one_command


@contextlib.contextmanager
def collector_paused(keep: bool = False) -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:  # unfreeze would also thaw what someone else froze
                gc.freeze()
                if not (keep and _one_command):  # cyclic garbage frozen now would never be freed
                    gc.unfreeze()
            gc.enable()
