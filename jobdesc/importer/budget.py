"""A wall-clock budget for one import: a safety net, not how imports are kept fast.

Every stage is meant to be linear in its input and every input is bounded (userfiles limits,
the package checks, linear regular expressions). Should something still run away on a hostile
document, SIGALRM stops it (the regex engine checks for signals while it backtracks) and the
user gets a UserError naming the file being read, instead of an import that never ends.
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
        self.seconds = userfiles.IMPORT_SECONDS_PER_FILE * max(1, files)
        self.current: str = "the documents"

    @contextmanager
    def running(self):
        if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
            yield self  # no SIGALRM here (a thread, Windows): the limits alone bound the work
            return

        def expired(_signum, _frame):
            raise _Expired

        previous = signal.signal(signal.SIGALRM, expired)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        try:
            yield self
        except _Expired:
            raise UserError.at(Path(self.current), 1, 1, "import-too-slow",
                               f"importing {Path(self.current).name} took more than {self.seconds:g} s "
                               f"({userfiles.IMPORT_SECONDS_PER_FILE:g} s a file): stopped. Split the document, "
                               "or report it if it is an ordinary one") from None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
