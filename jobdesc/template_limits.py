"""Limits on what a template may build: every value the sandbox makes is sized first.

Jinja's sandbox keeps templates away from Python internals but not from the machine:
within the old limits a template reached 5.9 GB with `|sum` over lists, 2.5 GB with
`|join`, and 61 s of CPU squaring an integer, each inside one C call that no timer can
interrupt. So here the size of what an operation will make is worked out from its
operands *before* it runs, for every operator (`+ - * / // % ** ~`), the filters that
build text or lists (`join`, `sum`, `replace`, `center`, `indent`, `format`, `wordwrap`,
`batch`, `slice`, `string`, `tojson`, …), the `str` methods and `lipsum`:

* no one value may exceed MAX_VALUE (characters of text, or items of a list);
* all values built during one render together may not exceed MAX_BUILT (a loop that
  grows a `namespace` value step by step is stopped, however small each step);
* no integer may exceed MAX_INT_BITS (a product of large integers costs quadratic time);
* printing a list (`{{ big_list }}`) is sized before it is turned into text.

template_sandbox.py applies these checks in Jinja's immutable sandbox; template_watch.py
adds the time, memory and output limits of a whole render. Each limit raises
`TemplateLimit`; templating.render_template names the template and line.
"""
from __future__ import annotations

import functools
import re
import threading
from typing import Any, Callable


MAX_VALUE = 2_000_000  # characters (or list items) in one value; real templates build a few hundred
MAX_BUILT = 64_000_000  # characters and items built by the checked operations of one render, summed
MAX_INT_BITS = 100_000  # ~30,000 digits; page numbers and headcounts need a few


class TemplateLimit(Exception):
    """A template went over one of the limits; the message says which, and `where` (template
    file, line) where it is known better than from the traceback."""

    def __init__(self, message: str, where: tuple[str, int] | None = None):
        super().__init__(message)
        self.where = where


_render = threading.local()  # what the render in progress has built so far


def start_counting() -> None:
    _render.built = 0


def built_so_far() -> int:
    return getattr(_render, "built", 0)


def check_size(length: int) -> None:
    """Refuse a value of `length` characters or items before it is made, and count it."""
    if length > MAX_VALUE:
        raise TemplateLimit(f"the template makes a value of {length:,} characters or items; "
                            f"at most {MAX_VALUE:,} are allowed")
    _render.built = built_so_far() + length
    if _render.built > MAX_BUILT:
        raise TemplateLimit(f"the template built more than {MAX_BUILT:,} characters and list items "
                            "in all (a loop that grows a value?)")


def check_int(value: Any) -> None:
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise TemplateLimit(f"a number of {value.bit_length():,} bits is too large for a template "
                            f"(at most {MAX_INT_BITS:,} bits)")


def text_size(value: Any, limit: int = MAX_VALUE) -> int:
    """About how many characters `str(value)` would be, counted without making it; stops
    counting once over `limit` (a list of a million references to one long text is cheap
    to hold and enormous to print)."""
    total, pending = 0, [value]
    while pending and total <= limit:
        item = pending.pop()
        if isinstance(item, (str, bytes)):
            total += len(item)
        elif isinstance(item, int):
            total += item.bit_length() // 3 + 2
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(item)
            pending.extend(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            pending.extend(item.keys())
            pending.extend(item.values())
        else:
            total += 8
    return total


def check_text(value: Any) -> None:
    check_size(text_size(value))


_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_FIELD = re.compile(r"\{[^{}]*\}|\{[^{}]*\{")


def _check_width(text: str) -> None:
    if text == "*":
        raise TemplateLimit("a '*' width in a format string is not allowed in templates")
    if text and int(text) > MAX_VALUE:
        raise TemplateLimit(f"a format width of {text} characters is over the limit of {MAX_VALUE:,}")


def check_percent_format(fmt: str, values: Any) -> None:
    for match in _PERCENT_FIELD.finditer(fmt):
        for group in match.groups():
            _check_width(group or "")
    check_size(len(fmt) + text_size(values))


def _check_brace_format(fmt: str, values: Any) -> None:
    for field in _BRACE_FIELD.findall(fmt):
        if field.endswith("{") and not field.startswith("{{"):
            raise TemplateLimit("nested fields in a format string are not allowed in templates")
        for number in re.findall(r"\d+", field.partition(":")[2]):
            _check_width(number)
    check_size(len(fmt) + text_size(values))


def _joined_size(items: list, separator: Any) -> int:
    total = 0
    for item in items:  # stops at the first item that takes the total over
        total += text_size(item)
        check_size(total)
    return total + max(len(items) - 1, 0) * text_size(separator)


def check_str_call(text: str, name: str, args: tuple, kwargs: dict) -> tuple:
    """Check a `str` method before it runs; returns its arguments (a generator made a list)."""
    if name in ("center", "ljust", "rjust", "zfill") and args and isinstance(args[0], int):
        check_size(args[0])
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int):
            check_size(len(text) + text.count("\t") * size)
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = text.count(args[0]) if args[0] else len(text) + 1
        check_size(len(text) + count * max(len(args[1]) - len(args[0]), 0))
    elif name in ("format", "format_map"):
        _check_brace_format(text, (args, kwargs))
    elif name == "join" and args:
        args = (list(args[0]),) + args[1:]
        check_size(_joined_size(args[0], text))
    return args


# ------------------------------------------------------------------ filters
# Each check gets the filter's own arguments (without Jinja's context argument) and
# returns the value to filter (a generator is made a list once, to be measured).

def _picked(items: list, attribute: Any) -> list:
    """What `join`/`sum` will use of each item: the item, or its `attribute` (measured only)."""
    if attribute is None:
        return items
    return [item.get(attribute) if isinstance(item, dict) else getattr(item, str(attribute), None)
            for item in items]


def _join(value, d="", attribute=None, *rest, **named):
    items = list(value)
    check_size(_joined_size(_picked(items, attribute), d))
    return items


def _sum(iterable, attribute=None, start=0, *rest, **named):
    items = list(iterable)
    picked = _picked(items, attribute)
    if isinstance(start, (str, list, tuple)):  # each step copies what came before: quadratic
        total = len(start) + sum(len(i) if isinstance(i, (str, list, tuple)) else 1 for i in picked)
        check_size(total)
        check_size(len(picked) * total // 2)
    for item in picked:
        check_int(item)
    return items


def _center(value, width=80, *rest, **named):
    check_size(width if isinstance(width, int) else 0)
    return value


def _indent(value, width=4, *rest, **named):
    text = str(value)
    step = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
    check_size(len(text) + (text.count("\n") + 1) * step)
    return value


def _format(value, *args, **kwargs):
    check_percent_format(str(value), (args, kwargs))
    return value


def _replace(value, old="", new="", *rest, **named):
    check_str_call(str(value), "replace", (str(old), str(new)), {})
    return value


def _wordwrap(value, width=79, break_long_words=True, wrapstring=None, *rest, **named):
    text = str(value)
    check_size(len(text) + (len(text) + 1) * len(str(wrapstring or "\n")))
    return value


def _rows(value, count=1, *rest, **named):  # batch and slice: `count` lists, padded
    items = list(value)
    check_size(len(items) + (count if isinstance(count, int) else 0))
    return items


def _whole_text(value, *rest, **named):  # filters that turn their whole value into text
    check_text(value)
    return value


PRE_CHECKS: dict[str, Callable[..., Any]] = {
    "join": _join, "sum": _sum, "center": _center, "indent": _indent, "format": _format,
    "replace": _replace, "wordwrap": _wordwrap, "batch": _rows, "slice": _rows,
    **{name: _whole_text for name in ("string", "tojson", "pprint", "e", "escape", "forceescape", "safe", "css_string",
                                      "urlize", "striptags", "title", "upper", "lower", "capitalize", "trim",
                                      "urlencode", "xmlattr", "truncate", "wordcount")},
}


def guarded_filter(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    """`original` with its pre-check, and its result counted."""
    check = PRE_CHECKS.get(name)
    passed = getattr(original, "jinja_pass_arg", None)  # Jinja's context/environment argument

    @functools.wraps(original)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        head, own = (args[:1], args[1:]) if passed is not None else ((), args)
        if check is not None and own:
            own = (check(*own, **kwargs),) + own[1:]
        result = original(*head, *own, **kwargs)
        if isinstance(result, (str, list, tuple, dict)):
            check_size(len(result))
        return result

    return guarded
