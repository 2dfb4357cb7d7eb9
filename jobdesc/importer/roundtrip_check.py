"""The round trip's own proof: the role's YAML, printed again, reads as the edited document.

After the edits are written, the directory is loaded again from disk, the role's Word job
description is rendered with the same writer a build uses, read with the same reader as the
edited file, and the two are compared field by field: the role's own header cells (title,
external title, grade) and every section the role file holds. A field the import reported as
refused is left out; any other difference means the YAML now says something else than the
document, which is a bug of jobdesc: the file is restored and the import fails (exit 2).
Sections drawn from other files (RACI, approvals, meetings, the diagram) are not compared
here: what changed there was reported as refused by comparing the edited file with the one
it was made from.
"""
from __future__ import annotations

import re
from pathlib import Path

from .word_jd import Section, WordJobDescription

OWN_HEADER = ("title", "external_title", "grade")
OWN_SECTIONS = ("summary", "duties", "kpis", "qualifications", "authority", "relations", "reports", "workflow")


GRIDS = ("kpis", "reports")


def _without_headings(shown: tuple) -> tuple:
    return shown[:3] + (tuple(table[1:] for table in shown[3]),)


def _weights(shown: tuple) -> tuple:
    """A KPI row's weight typed without its % (40) reads as the 40% it is printed as."""
    def weight(cell: str) -> str:
        return f"{float(cell):g}%" if _NUMBER.match(cell) else cell

    return shown[:3] + (tuple(tuple(row[:3] + tuple(weight(c) for c in row[3:4]) + row[4:] for row in table)
                              for table in shown[3]),)


def _without_empty_rows(shown: tuple) -> tuple:
    return shown[:3] + (tuple(tuple(row for row in table if any(row[1:]) or len(row) < 2) for table in shown[3]),)


class RoundTripMismatch(RuntimeError):
    """The YAML written would print something else than the edited document shows (a bug)."""


_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[%％]\s*$")
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*$")  # a KPI weight typed without its %


def view(section: Section | None, key: str = "") -> tuple:
    """What a section shows, as compared: its paragraphs, items (own, then inherited) and tables.

    Two spellings of one value read the same: the summary's paragraphs as the one paragraph
    with line breaks it is printed as, a percentage as its number (40.0 % is 40%)."""
    if section is None:
        return ((), (), (), ())
    end = section.notes[0][0] if section.notes else len(section.items)
    own = tuple(section.items[:end])
    own = _relevelled(own)
    paragraphs = tuple(p.strip() for p in section.paragraphs)
    if key == "summary":
        paragraphs = ("\n".join(paragraphs),) if paragraphs else ()
    return (paragraphs, own, tuple(section.items[end:]),
            tuple(tuple(tuple(_cell(cell) for cell in row) for row in table) for table in section.tables))


def _cell(text: str) -> str:
    percent = _PERCENT.match(text)
    return f"{float(percent.group(1)):g}%" if percent else text.strip()


def _relevelled(items: tuple) -> tuple:
    """Items as the tree they make (a depth deeper than its parent's + 1 reads as a child)."""
    out, stack = [], []
    for depth, text in items:
        while stack and stack[-1] >= depth:
            stack.pop()
        out.append((len(stack) + 1, text.strip()))
        stack.append(depth)
    return tuple(out)


def differences(rendered: WordJobDescription, edited: WordJobDescription, refused: set[str]) -> list[str]:
    found = []
    for key in OWN_HEADER:
        shown, wanted = rendered.header.get(key, "").strip(), edited.header.get(key, "").strip()
        if f"header:{key}" not in refused and shown != wanted:
            found.append(f"header {key}: the YAML prints “{shown}”, the Word file shows “{wanted}”")
    for key in OWN_SECTIONS:
        if key in refused:
            continue
        shown, wanted = view(rendered.sections.get(key), key), view(edited.sections.get(key), key)
        if key in GRIDS:  # their column headings are jobdesc's labels, not the role's: an edit there is refused
            shown, wanted = _without_headings(shown), _without_headings(wanted)
        if key == "kpis":
            shown, wanted = _weights(shown), _weights(wanted)
        else:  # a label row whose value was emptied is the field removed, which prints no row
            shown, wanted = _without_empty_rows(shown), _without_empty_rows(wanted)
        if f"{key}:inherited" in refused:  # the inherited items were refused, the own ones not
            shown, wanted = shown[:2] + shown[3:], wanted[:2] + wanted[3:]
        if shown != wanted:
            found.append(f"{key}: the YAML prints {shown!r}, the Word file shows {wanted!r}")
    return found


def verify(into: Path, role_id: str, edited: WordJobDescription, refused: set[str], render, read) -> None:
    """Raise RoundTripMismatch unless the role, loaded again from `into`, prints as `edited`."""
    from ..format.loader import load_organisation

    org, _ = load_organisation(into)
    rendered = read(render(org, into, role_id), org.language)
    found = differences(rendered, edited, refused)
    if found:
        raise RoundTripMismatch("the role file written would not print what the Word file shows (restored as it "
                                "was; please report this as a bug of jobdesc):\n  " + "\n  ".join(found))
