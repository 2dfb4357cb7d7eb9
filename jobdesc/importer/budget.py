"""A time budget for one import: a safety net, not how imports are kept fast.

Every stage is meant to be linear in its input and every input is bounded (userfiles limits,
the package checks, linear regular expressions). Should something still run away on a hostile
document, a timer signal stops it (the regex engine checks for signals while it backtracks) and
the user gets a UserError naming the file being read, instead of an import that never ends.

The budget is CPU time (ITIMER_PROF: 8 s a file), which is what a runaway burns, so a loaded
machine (a CI runner sharing its cores) does not refuse an ordinary document that merely waited
for a core; a wall-clock budget four times as long (ITIMER_REAL) catches what waits instead.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from pathlib import Path

from .. import userfiles
from ..errors import UserError


class _Expired(BaseException):
    """Not an Exception: the readers' `except Exception` must not turn it into "not readable"."""


class Budget:
    def __init__(self, files: int):
        self.seconds = userfiles.IMPORT_SECONDS_PER_FILE * max(1, files)  # of CPU
        self.wall_seconds = 4 * self.seconds
        self.current: str = "the documents"

    @contextmanager
    def running(self):
        if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
            yield self  # no SIGALRM here (a thread, Windows): the limits alone bound the work
            return

        def expired(_signum, _frame):
            raise _Expired

        previous = {number: signal.signal(number, expired) for number in (signal.SIGPROF, signal.SIGALRM)}
        signal.setitimer(signal.ITIMER_PROF, self.seconds)
        signal.setitimer(signal.ITIMER_REAL, self.wall_seconds)
        try:
            yield self
        except _Expired:
            raise UserError.at(Path(self.current), 1, 1, "import-too-slow",
                               f"importing {Path(self.current).name} took more than {self.seconds:g} s of CPU "
                               f"or {self.wall_seconds:g} s in all ({userfiles.IMPORT_SECONDS_PER_FILE:g} s a file): "
                               "stopped. Split the document, or report it if it is an ordinary one") from None
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.setitimer(signal.ITIMER_REAL, 0)
            for number, handler in previous.items():
                signal.signal(number, handler)
