"""Bounds on laying out one document a template made (issue 35, point 7's last gap).

A template's output is bounded in size (template_output.py), but not every character costs
the same to lay out: 200,000 characters of <p>x</p> are 25,000 blocks on ~960 pages (25 s,
500 MB); tables or inline blocks nested ~50 deep end in a RecursionError inside WeasyPrint
(it was an internal error, exit 2). So, before and during the layout:

* the parsed document may hold at most MAX_ELEMENTS elements nested at most MAX_DEPTH deep
  (the built-in templates: ~1,200 elements at the example organisation, depth 9);
* the layout itself runs under a budget of CPU time and memory growth in proportion to the
  document's length (a fixed part plus a part per character, several times what real
  documents take), checked four times a second; a RecursionError or MemoryError inside
  WeasyPrint is reported the same way.

A breach is a UserError naming the template file (exit 1; the build publishes nothing). The
budget's clock is CPU time, not the wall clock, so a busy machine does not refuse a document.
"""
from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import UserError
from ..template_watch import resident_bytes, ticking

MAX_DEPTH = 48  # WeasyPrint recursed too deep at ~150 (tables nested 50 deep) or ~100 (inline blocks)
MAX_ELEMENTS = 250_000  # a staffing table of 10,000 positions holds ~90,000
# The budget: a real job description (~15,000 characters) takes ~0.4 s, ~30 µs a character;
# hostile shapes 80-170 µs and up to 2.4 KB a character (bench/bench_layout_limits.py).
CPU_SECONDS = 30.0  # plus CPU_PER_CHAR a character
CPU_PER_CHAR = 50e-6
MEMORY_BYTES = 512 * 1024 * 1024  # plus MEMORY_PER_CHAR a character
MEMORY_PER_CHAR = 1024


class LayoutLimit(Exception):
    """The layout went over its budget (raised inside WeasyPrint by the budget's timer)."""


def template_file(template: str, folders: Iterable[Path]) -> Path:
    """The file a template name means: the first template folder that has it (as Jinja's
    loader looks it up), else the name in the last (built-in) folder."""
    folders = list(folders)
    for folder in folders:
        if os.path.lexists(folder / template):
            return folder / template
    return (folders[-1] if folders else Path(".")) / template


def refuse(template: str, folders: Iterable[Path], message: str) -> UserError:
    return UserError.at(template_file(template, folders), 1, 1, "layout-limit",
                        f"the document this template made cannot be laid out: {message}")


def shape_problem(root) -> str | None:
    """What is wrong with a parsed document's shape (an ElementTree root), or None."""
    count, stack = 0, [(root, 1)]
    while stack:
        element, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH:
            return f"its elements are nested more than {MAX_DEPTH} deep (tables or blocks inside each other)"
        if count > MAX_ELEMENTS:
            return f"it holds more than {MAX_ELEMENTS:,} elements"
        stack.extend((child, depth + 1) for child in element)
    return None


def check_html(html: str, template: str, folders: Iterable[Path]) -> None:
    """The shape check on HTML text (for `check`, which renders but lays nothing out)."""
    import tinyhtml5

    problem = shape_problem(tinyhtml5.parse(html, namespace_html_elements=False))
    if problem:
        raise refuse(template, folders, problem)


def budget(chars: int) -> tuple[float, int]:
    """(CPU seconds, bytes of memory growth) the layout of `chars` characters may take."""
    return CPU_SECONDS + CPU_PER_CHAR * chars, MEMORY_BYTES + MEMORY_PER_CHAR * chars


@contextlib.contextmanager
def layout_watched(chars: int, template: str, folders: Iterable[Path]) -> Iterator[None]:
    """Run a layout of `chars` characters under its budget; a breach is the template's error."""
    seconds, growth = budget(chars)
    started, baseline = time.process_time(), resident_bytes()

    def check() -> None:
        if time.process_time() - started > seconds:
            raise LayoutLimit(f"its layout took more than {seconds:.3g} s of CPU time: stopped")
        if baseline and resident_bytes() - baseline > growth:
            raise LayoutLimit(f"its layout used more than {growth // (1024 * 1024):,} MB of memory: stopped")

    try:
        with ticking(check):
            yield
    except LayoutLimit as exc:
        raise refuse(template, folders, str(exc)) from None
    except RecursionError:
        raise refuse(template, folders, "its elements are nested too deep for the layout") from None
    except MemoryError:
        raise refuse(template, folders, "its layout needs more memory than there is") from None
