"""Limits on what a template may cost: time, memory and output size.

Jinja's sandbox keeps templates away from Python internals but not from the machine: a
nested `range(100000)` loop ran forever, `'a' * 300000000` was allowed, and a CI runner
building a pull request's templates would hang or swap. Here:

* operators and string methods that multiply text (`*`, `**`, `%`, `center`, `indent`,
  `replace`, `format`, …) are checked before they run, so no single step makes a huge value;
* the rendered output is counted as it is produced and stopped at MAX_OUTPUT_CHARS;
* a timer (in the main thread, where signals are delivered) stops a render that runs
  longer than MAX_SECONDS or grows the process by more than MAX_MEMORY_GROWTH bytes.

Each limit raises `TemplateLimit`; templating.render_template turns it into a UserError
naming the template and line.
"""
from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
import time
from typing import Any, Iterator

from jinja2 import filters as jinja_filters
from jinja2.sandbox import SandboxedEnvironment

MAX_OUTPUT_CHARS = 64_000_000  # one rendered document (the 500-position handbook's HTML is a few MB)
MAX_SECONDS = 60.0  # one template render (the largest real one takes well under a second)
MAX_MEMORY_GROWTH = 1024 * 1024 * 1024  # bytes a render may add to the process
MAX_POWER_BITS = 1_000_000  # `**` results beyond ~300,000 digits
_TICK = 0.25


class TemplateLimit(Exception):
    """A template went over one of the limits; the message says which."""


def _check_size(length: int) -> None:
    if length > MAX_OUTPUT_CHARS:
        raise TemplateLimit(f"the template makes a value of {length:,} characters; "
                            f"at most {MAX_OUTPUT_CHARS:,} are allowed")


_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_FIELD = re.compile(r"\{[^{}]*\}|\{[^{}]*\{")


def _check_width(text: str) -> None:
    if text == "*":
        raise TemplateLimit("a '*' width in a format string is not allowed in templates")
    if text and int(text) > MAX_OUTPUT_CHARS:
        raise TemplateLimit(f"a format width of {text} characters is over the limit of {MAX_OUTPUT_CHARS:,}")


def _check_percent_format(fmt: str) -> None:
    for match in _PERCENT_FIELD.finditer(fmt):
        for group in match.groups():
            _check_width(group or "")


def _check_brace_format(fmt: str) -> None:
    for field in _BRACE_FIELD.findall(fmt):
        if field.endswith("{") and not field.startswith("{{"):
            raise TemplateLimit("nested fields in a format string are not allowed in templates")
        for number in re.findall(r"\d+", field.partition(":")[2]):
            _check_width(number)


def _check_str_call(text: str, name: str, args: tuple, kwargs: dict) -> None:
    if name in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
        _check_size(args[0])
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int):
            _check_size(len(text) + text.count("\t") * size)
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = text.count(args[0]) if args[0] else len(text) + 1
        _check_size(len(text) + count * max(len(args[1]) - len(args[0]), 0))
    elif name == "format":
        _check_brace_format(text)


def _limited_center(value: Any, width: int = 80) -> str:
    _check_size(width if isinstance(width, int) else 0)
    return jinja_filters.do_center(value, width)


def _limited_indent(s: Any, width: Any = 4, first: bool = False, blank: bool = False) -> str:
    text = str(s)
    step = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    _check_size(len(text) + (text.count("\n") + 1) * step)
    return jinja_filters.do_indent(s, width, first, blank)


def _limited_format(value: Any, *args: Any, **kwargs: Any) -> str:
    _check_percent_format(str(value))
    return jinja_filters.do_format(value, *args, **kwargs)


def _limited_replace(eval_ctx, s: Any, old: str, new: str, count: Any = None) -> str:
    text = str(s)
    _check_str_call(text, "replace", (str(old), str(new)), {})
    return jinja_filters.do_replace(eval_ctx, s, old, new, count)


_limited_replace.jinja_pass_arg = jinja_filters.do_replace.jinja_pass_arg  # type: ignore[attr-defined]


class LimitedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with the text-multiplying operations checked before they run."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.filters.update(center=_limited_center, indent=_limited_indent, format=_limited_format,
                            replace=_limited_replace)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple, bytes)) and isinstance(times, int):
                    _check_size(len(sequence) * times)
        elif operator == "**" and isinstance(left, int) and isinstance(right, int):
            if abs(left) > 1 and right > 0 and right * abs(left).bit_length() > MAX_POWER_BITS:
                raise TemplateLimit(f"{left} ** {right} is too large a number for a template")
        elif operator == "%" and isinstance(left, str):
            _check_percent_format(left)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            _check_str_call(owner, getattr(__obj, "__name__", ""), args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)


def _resident_bytes() -> int:
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


_active = threading.local()


@contextlib.contextmanager
def watched() -> Iterator[None]:
    """Stop the render inside after MAX_SECONDS or MAX_MEMORY_GROWTH (main thread only:
    only there can a signal interrupt Python code; elsewhere the other limits still hold)."""
    if (threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer")
            or getattr(_active, "on", False)):
        yield
        return
    started, baseline = time.monotonic(), _resident_bytes()
    seconds, growth = MAX_SECONDS, MAX_MEMORY_GROWTH

    def tick(signum, frame):
        if time.monotonic() - started > seconds:
            raise TemplateLimit(f"the template ran for more than {seconds:g} seconds: stopped "
                                "(a loop that never ends, or loops nested too deep?)")
        if baseline and _resident_bytes() - baseline > growth:
            raise TemplateLimit(f"the template used more than {growth // (1024 * 1024)} MB of memory: stopped")

    previous = signal.signal(signal.SIGALRM, tick)
    _active.on = True
    signal.setitimer(signal.ITIMER_REAL, _TICK, _TICK)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _active.on = False


def render_limited(template, context: dict) -> str:
    """The template's output, produced piece by piece under the limits."""
    pieces, size = [], 0
    with watched():
        for piece in template.generate(**context):
            size += len(piece)
            if size > MAX_OUTPUT_CHARS:
                raise TemplateLimit(f"the template's output is over {MAX_OUTPUT_CHARS:,} characters: stopped")
            pieces.append(piece)
    return "".join(pieces)
