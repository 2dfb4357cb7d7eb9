"""How much a document template may print: in proportion to what it is given to show.

Laying out a page costs far more than rendering its HTML (WeasyPrint: ~30 µs and ~1 KB a
character for a real job description, up to ~170 µs and ~2.4 KB for a hostile shape such as
70,000 lines of <pre>), so one fixed output limit either lets a hostile template's 4 M
characters take ~17 minutes and ~5 GB to lay out, or refuses a large organisation's real
staffing table. A template shows the data it is given, with a fixed frame around it (its
CSS, headings, labels); so a document's output may be at most OUTPUT_ALLOWANCE characters
plus OUTPUT_PER_SHOWN_CHAR times the characters of the data in its context (every string and
number reachable from it, a number counted as 4), and never more than MAX_OUTPUT_CHARS. A job description's data is
bounded by the role size limit, so a hostile jd.html is bounded too; a table or chart of a
large organisation is given a large context and may print a large document.

The figures, measured on the example organisation: the built-in templates print at most 6.6
characters per character shown (staffing.html; jd.html 4.7, orgchart.html 1.0), and the
largest job description is ~18,000 characters (~7,000 of them its stylesheet).
"""
from __future__ import annotations

import dataclasses
import enum
from typing import Any

OUTPUT_ALLOWANCE = 200_000  # characters of frame: a user's CSS, headings, an embedded logo
OUTPUT_PER_SHOWN_CHAR = 16  # ~2.5 times the built-in templates' largest ratio
NUMBER_CHARS = 4  # a number (or None, True, an enum member) as printed: a headcount, a page


def output_limit(context: dict, ceiling: int) -> int:
    """The most characters a document template given `context` may print (at most `ceiling`)."""
    enough = max(0, (ceiling - OUTPUT_ALLOWANCE) // OUTPUT_PER_SHOWN_CHAR + 1)
    return min(ceiling, OUTPUT_ALLOWANCE + OUTPUT_PER_SHOWN_CHAR * shown_chars(context, enough))


def shown_chars(value: Any, enough: int) -> int:
    """The characters of every string and number reachable from `value` (a string shown twice
    counts twice; a container reached twice, or in a cycle, is walked once); the count stops
    once past `enough` (a large organisation's context: the limit is the ceiling anyway)."""
    total, seen, stack = 0, set(), [value]
    while stack and total <= enough:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
            continue
        if item is None or isinstance(item, (int, float, enum.Enum)):  # bool is an int
            total += NUMBER_CHARS
            continue
        if id(item) in seen:
            continue
        seen.add(id(item))
        stack.extend(_children(item))
    return total


def _children(item: Any) -> list:
    if isinstance(item, dict):
        return [*item.keys(), *item.values()]
    if isinstance(item, (list, tuple, set, frozenset)):
        return list(item)
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return [getattr(item, field.name, None) for field in dataclasses.fields(item)]
    attributes = getattr(item, "__dict__", None)  # a pydantic model, a plain object
    if isinstance(attributes, dict) and not isinstance(item, type):
        return list(attributes.values())
    return []  # a function, a class, a module: nothing a template shows as data
