"""Reading the roster in a child process while this one loads the organisation.

Neither needs the other, and each takes about a second at 20,000 people (xlsx) and 2,000
positions: on two cores, side by side, `jobdesc roster` takes the longer of the two instead
of their sum. The child is forked after the imports, reads the roster (read_roster: the same
bounds and checks) and sends back the rows, or the errors, through a pipe; it writes no file
and prints nothing. What the caller sees is what reading in this process would give: the rows,
the same UserError, or the same exception (a bug is reported as one, with its type and text).
Where there is no fork (Windows), the roster is read here, when it is asked for.
"""
from __future__ import annotations

import contextlib
import os
import pickle
import signal
from pathlib import Path
from typing import Callable, Iterator

from ..errors import UserError
from .reading import Roster, read_roster


@contextlib.contextmanager
def roster_read_aside(file: Path, columns: dict[str, str]) -> Iterator[Callable[[], Roster]]:
    """Start reading `file`; the function given waits for the roster (or raises its errors).
    Leaving the block without asking stops the child."""
    if not hasattr(os, "fork"):
        yield lambda: read_roster(file, columns)
        return
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read, answer, and leave without running any of the parent's exit code
        try:
            os.close(reader)
            with os.fdopen(writer, "wb") as out:
                out.write(_answer(file, columns))
        finally:
            os._exit(0)
    os.close(writer)
    taken = False  # result() has taken the pipe (and will reap the child)

    def result() -> Roster:
        nonlocal taken
        taken = True
        try:
            with os.fdopen(reader, "rb") as answer:
                data = answer.read()
        finally:
            _stop(pid)
        kind, value = pickle.loads(data) if data else ("bug", "the roster reader stopped without an answer")
        if kind == "roster":
            return value
        if kind == "user":
            raise UserError(value)
        if kind == "exception":
            raise value
        raise RuntimeError(value)

    try:
        yield result
    finally:
        if not taken:  # the organisation failed to load (or an interrupt): its errors win
            os.close(reader)
            _stop(pid)


def _stop(pid: int) -> None:
    """End the child if it still runs (it has nothing left to say) and reap it."""
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _answer(file: Path, columns: dict[str, str]) -> bytes:
    try:
        return pickle.dumps(("roster", read_roster(file, columns)))
    except UserError as exc:
        return pickle.dumps(("user", exc.diagnostics))
    except Exception as exc:  # noqa: BLE001 - handed to the parent, which reports it as it would its own
        try:
            return pickle.dumps(("exception", exc))
        except Exception:  # noqa: BLE001 - an exception that cannot travel: its type and text do
            return pickle.dumps(("bug", f"{type(exc).__name__}: {exc}"))
