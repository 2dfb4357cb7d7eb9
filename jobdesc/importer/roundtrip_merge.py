"""Two editors, one base: merge a Word file's edits into a directory that changed since.

The Word file carries the role file as it was built (jd/docx_base.py). Printed again with
today's directory, that base shows what the editor started from; the directory's own printing
shows what it says now; the edited file shows what the editor wants. Field by field (each
header cell, each section) and, inside a section, item by item (paragraphs, items, table rows),
an edit made on one side only is taken; the same edit made on both sides is taken once; two
different edits of the same item are a conflict. Conflicts are printed side by side and
nothing is written: there is no option to force one side.
"""
from __future__ import annotations

import copy
from difflib import SequenceMatcher
from typing import Optional

from .word_jd import Section, WordJobDescription


def _regions(base: list, other: list) -> list[tuple[int, int, list]]:
    """The changes from `base` to `other`: (start, end in base, what stands there instead)."""
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [(i1, i2, other[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def merge_lists(base: list, ours: list, theirs: list) -> Optional[list]:
    """Both sides' changes to `base` applied, or None when they touch the same items."""
    mine, yours = _regions(base, ours), _regions(base, theirs)
    changes = []
    for region in mine + yours:
        clash = [other for other in changes if region[0] < other[1] and other[0] < region[1]
                 or region[0] == other[0] or (region[0] == region[1] and other[0] <= region[0] <= other[1])
                 or (other[0] == other[1] and region[0] <= other[0] <= region[1])]
        if any(other != region for other in clash):
            return None
        if not clash:
            changes.append(region)
    merged, position = [], 0
    for start, end, replacement in sorted(changes, key=lambda change: (change[0], change[1])):
        merged += base[position:start] + list(replacement)
        position = end
    return merged + base[position:]


def _merge_value(base, ours, theirs):
    """(merged, conflicting): one side's change, or the same change on both sides, is taken."""
    if theirs == base or theirs == ours:
        return ours, False
    if ours == base:
        return theirs, False
    return ours, True


def _merge_section(base: Section, ours: Section, theirs: Section) -> Optional[Section]:
    merged = Section(ours.key)
    for name in ("paragraphs", "items", "notes"):
        value = merge_lists(getattr(base, name), getattr(ours, name), getattr(theirs, name))
        if value is None:
            return None
        setattr(merged, name, value)
    if not (len(base.tables) == len(ours.tables) == len(theirs.tables)):
        return None
    for old, mine, yours in zip(base.tables, ours.tables, theirs.tables):
        rows = merge_lists(old, mine, yours)
        if rows is None:
            return None
        merged.tables.append(rows)
    return merged


def merge(base: WordJobDescription, ours: WordJobDescription, theirs: WordJobDescription,
          labels: dict[str, str], into: str) -> tuple[WordJobDescription, list[str]]:
    """`ours` (the directory now) with the edits `theirs` (the Word file) made to `base`."""
    merged = copy.deepcopy(ours)
    conflicts: list[str] = []
    for key in sorted(set(base.header) | set(ours.header) | set(theirs.header)):
        value, clash = _merge_value(base.header.get(key), ours.header.get(key), theirs.header.get(key))
        if clash:
            conflicts.append(_side_by_side(labels.get(key, key), base.header.get(key), ours.header.get(key),
                                           theirs.header.get(key), into))
        elif value is None:
            merged.header.pop(key, None)
        else:
            merged.header[key] = value
    merged.title = _merge_value(base.title, ours.title, theirs.title)[0]
    empty = Section("")
    for key in sorted(set(base.sections) | set(ours.sections) | set(theirs.sections)):
        old, mine, yours = (view.sections.get(key, empty) for view in (base, ours, theirs))
        value, clash = _merge_value(old, mine, yours)
        if clash:
            value = _merge_section(old, mine, yours)
            if value is None:
                conflicts.append(_side_by_side(labels.get(key.removeprefix("unknown:"), key), _shown(old),
                                               _shown(mine), _shown(yours), into))
                continue
        if value is empty or value == empty:
            merged.sections.pop(key, None)
        else:
            merged.sections[key] = value
    merged.unknown = [key.removeprefix("unknown:") for key in merged.sections if key.startswith("unknown:")]
    return merged, conflicts


def _shown(section: Section) -> str:
    texts = section.paragraphs + [text for _, text in section.items] + [
        " | ".join(row) for table in section.tables for row in table[1:]]
    return "；".join(texts)


def _side_by_side(what: str, base, ours, theirs, into: str) -> str:
    return (f"{what}: changed on both sides — the Word file: “{theirs or ''}”; {into} now: “{ours or ''}” "
            f"(both were “{base or ''}”)")
