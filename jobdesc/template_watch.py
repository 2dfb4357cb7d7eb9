"""Limits on one whole render of a template: output, time and memory.

template_limits.py sizes every value a template makes before it is made; this module
bounds the render as a whole, including whatever trick those checks did not foresee:

* the output is counted as it is produced and stopped, for a document laid out for print,
  at a limit in proportion to the data the template is given (template_output.py), at most
  MAX_OUTPUT_CHARS (WeasyPrint takes ~1 KB of memory and more per character, and 64 M
  characters ended in a GLib abort); at MAX_PAGE_CHARS for a page of the website (templates
  named site/…, written as they are);
* a timer (in the main thread, where signals are delivered) stops a render that runs
  longer than MAX_SECONDS or grows the process by more than MAX_MEMORY_GROWTH;
* and, because a timer cannot interrupt one long C call (a `sum` or `join` inside
  Python's C code), the process's address space is capped (RLIMIT_AS) for the length of
  the render at its current size plus MAX_MEMORY_GROWTH: an allocation past it fails
  with MemoryError inside the render, which is reported as a template limit, instead of
  the machine swapping or the kernel killing the build. The cap is set only when no
  other thread could start a program meanwhile (a program inherits the cap).

Each limit raises `TemplateLimit` (or MemoryError); templating.render_template turns
it into a UserError naming the template and line.
"""
from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from typing import Iterator

from .template_limits import TemplateLimit, start_counting
from .template_output import OUTPUT_ALLOWANCE, OUTPUT_PER_SHOWN_CHAR, output_limit

try:
    import resource
except ImportError:  # not POSIX: the timer and the sizes still hold
    resource = None  # type: ignore[assignment]

# Measured at 500 positions: the largest document laid out is an org chart piece of 170,000
# characters (staffing.html 150,000, growing with the organisation: ~3 M at 10,000 positions);
# the largest site page is chart.html, 740,000 characters (~15 M at 10,000 positions).
MAX_OUTPUT_CHARS = 4_000_000
MAX_PAGE_CHARS = 32_000_000
MAX_SECONDS = 60.0  # one template render (the largest real one takes well under a second)
MAX_MEMORY_GROWTH = 1024 * 1024 * 1024  # bytes a render may add to the process
_TICK = 0.25

_active = threading.local()


def _statm_bytes(field: int) -> int:
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[field]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _alone() -> bool:
    """True when this is the only thread, apart from the process pool's bookkeeping threads
    and thread pools (which start no programs)."""
    return all(t is threading.current_thread() or t.name == "QueueFeederThread"
               or type(t).__module__.startswith(("concurrent.futures", "multiprocessing"))
               for t in threading.enumerate())


@contextlib.contextmanager
def address_space_cap() -> Iterator[None]:
    """RLIMIT_AS lowered to the current size plus MAX_MEMORY_GROWTH, and restored after
    (lowering the soft limit and raising it back up to the hard one needs no privilege)."""
    size = _statm_bytes(0)
    if resource is None or not size or not _alone():
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = size + MAX_MEMORY_GROWTH
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield  # already tighter than ours
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextlib.contextmanager
def ticking(check) -> Iterator[bool]:
    """Call `check()` every _TICK seconds in the main thread while inside (an exception it
    raises stops the code inside); yields False, calling nothing, where that is impossible
    (another thread: only the main thread receives signals; no timers; already ticking)."""
    if (threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer")
            or getattr(_active, "on", False)):
        yield False
        return
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: check())
    _active.on = True
    signal.setitimer(signal.ITIMER_REAL, _TICK, _TICK)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _active.on = False


def resident_bytes() -> int:
    return _statm_bytes(1)


@contextlib.contextmanager
def watched() -> Iterator[None]:
    """Stop the render inside after MAX_SECONDS or MAX_MEMORY_GROWTH (main thread only:
    only there can a signal interrupt Python code; elsewhere the other limits still hold)."""
    started, baseline = time.monotonic(), _statm_bytes(1)
    seconds, growth = MAX_SECONDS, MAX_MEMORY_GROWTH

    def check():
        if time.monotonic() - started > seconds:
            raise TemplateLimit(f"the template ran for more than {seconds:g} seconds: stopped "
                                "(a loop that never ends, or loops nested too deep?)")
        if baseline and _statm_bytes(1) - baseline > growth:
            raise TemplateLimit(f"the template used more than {growth // (1024 * 1024)} MB of memory: stopped")

    with ticking(check) as on:
        if not on:
            yield
            return
        with address_space_cap():
            yield


def _suspended_at(generator) -> tuple[str, int] | None:
    """The template file and line a paused render is at (its innermost template frame):
    the output limit is found here, outside the template's code, so no traceback says it."""
    found = None
    while generator is not None and getattr(generator, "gi_frame", None) is not None:
        frame = generator.gi_frame
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            found = (template.filename or template.name, template.get_corresponding_lineno(frame.f_lineno))
        generator = generator.gi_yieldfrom
    return found


def render_limited(template, context: dict) -> str:
    """The template's output, produced piece by piece under the limits."""
    pieces, size = [], 0
    if (template.name or "").startswith(("site/", "builtin/site/")):
        limit, why = MAX_PAGE_CHARS, ""
    else:  # a document to lay out: in proportion to what it shows (template_output.py)
        limit = output_limit(context, MAX_OUTPUT_CHARS)
        why = "" if limit == MAX_OUTPUT_CHARS else \
            (f" (a document may print {OUTPUT_ALLOWANCE:,} characters plus {OUTPUT_PER_SHOWN_CHAR} "
             "per character of the data it is given)")
    start_counting()
    with watched():
        generator = template.generate(**context)
        for piece in generator:
            size += len(piece)
            if size > limit:
                raise TemplateLimit(f"the template's output is over {limit:,} characters: stopped{why}",
                                    _suspended_at(generator))
            pieces.append(piece)
        return "".join(pieces)
