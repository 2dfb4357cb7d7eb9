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


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:  # unfreeze would also thaw what someone else froze
                gc.freeze()
                gc.unfreeze()
            gc.enable()
