"""Time limits for tests that must not depend on the wall clock.

A test on a machine shared with other work must not fail because the machine is busy, so
"this takes under N seconds of wall-clock time" is never asserted. What is limited instead:

* `cpu_limit(seconds)`: the CPU time this process spends inside the block (a SIGPROF timer,
  ITIMER_PROF). Other processes on the machine do not count, so it means "this work is
  bounded", not "the machine was idle"; and a runaway is stopped, never left to hang.
  (SIGALRM stays free for jobdesc's own template timer.)
* `child_cpu_seconds(call)`: the CPU time of the child processes `call` ran and waited for
  (getrusage RUSAGE_CHILDREN, before and after), for a command run with subprocess; the
  subprocess's own `timeout=` is then only the kill limit.
"""
from __future__ import annotations

import contextlib
import resource
import signal
from typing import Any, Callable, Iterator, Tuple


class CPULimitExceeded(AssertionError):
    """The block used more CPU time than its limit (the test fails; it does not hang)."""


@contextlib.contextmanager
def cpu_limit(seconds: float) -> Iterator[None]:
    def stop(_signum, _frame):
        raise CPULimitExceeded(f"more than {seconds} s of CPU time")

    previous = signal.signal(signal.SIGPROF, stop)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def child_cpu_seconds(call: Callable[[], Any]) -> Tuple[Any, float]:
    """`call()`'s result and the CPU seconds its (waited-for) child processes used."""
    before = _children_cpu()
    result = call()
    return result, _children_cpu() - before
