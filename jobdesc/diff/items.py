"""The smallest pieces of a change: one line or value changed, and a named field's changes.

A field of a position (its duties, its KPIs, its education requirement) is a list of printable
lines, or one line. Two versions of it are aligned line by line; a line that is only edited
(most of its words kept) is one `changed` item carrying the word diff, not a removal plus an
addition, so a reviewer sees 20 → 25 inside the sentence.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal, Optional, Sequence

from .text import Segment, similarity, word_diff

ItemOp = Literal["added", "removed", "changed", "equal"]  # equal: only in aligned()
# Two lines at the same place that share at least this much are one edited line.
_SAME_LINE = 0.4


@dataclass(frozen=True)
class Line:
    """One printable line of a field; `depth` > 0 for a sub-item (duties, workflow steps)."""

    text: str
    depth: int = 0
    under: Optional[str] = None  # the parent item's text, shown for context, never compared


@dataclass(frozen=True)
class ItemChange:
    op: ItemOp
    old: Optional[str]
    new: Optional[str]
    segments: tuple[Segment, ...] = ()
    depth: int = 0
    under: Optional[str] = None

    def as_dict(self) -> dict:
        return {"op": self.op, "old": self.old, "new": self.new, "depth": self.depth, "under": self.under,
                "segments": [s.as_dict() for s in self.segments]}


@dataclass(frozen=True)
class FieldChange:
    """What changed in one field (`duties`, `kpis`, `education`...)."""

    field: str
    items: tuple[ItemChange, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        return {"field": self.field, "items": [i.as_dict() for i in self.items]}


def scalar_change(old: Optional[str], new: Optional[str]) -> Optional[ItemChange]:
    """A single value: None when equal; word diff when both are there."""
    if old == new:
        return None
    if old is None or old == "":
        return ItemChange("added", None, new, (Segment("insert", new),) if new else ())
    if new is None or new == "":
        return ItemChange("removed", old, None, (Segment("delete", old),))
    return ItemChange("changed", old, new, word_diff(old, new))


def list_changes(old: Sequence[Line], new: Sequence[Line]) -> tuple[ItemChange, ...]:
    """Align two lists of lines; unchanged lines are left out of the result."""
    if list(old) == list(new):
        return ()
    return tuple(item for item in aligned(old, new) if item.op != "equal")


def aligned(old: Sequence[Line], new: Sequence[Line]) -> list[ItemChange]:
    """Both lists as one, in the newer order: unchanged lines (op 'equal'), edited lines with
    their word diff, removed and added lines where they stood. What a tracked-changes
    document prints."""
    keys_old = [(line.depth, line.text) for line in old]
    keys_new = [(line.depth, line.text) for line in new]
    matcher = SequenceMatcher(None, keys_old, keys_new, autojunk=False)
    changes: list[ItemChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes.extend(ItemChange("equal", line.text, line.text, (Segment("equal", line.text),),
                                      line.depth, line.under) for line in new[j1:j2])
            continue
        removed, added = list(old[i1:i2]), list(new[j1:j2])
        # Lines facing each other in a replaced block are edits when they read alike.
        while removed and added:
            before, after = removed[0], added[0]
            if similarity(before.text, after.text) >= _SAME_LINE:
                changes.append(ItemChange("changed", before.text, after.text,
                                          word_diff(before.text, after.text), after.depth, after.under))
                removed.pop(0)
                added.pop(0)
            elif len(removed) >= len(added):
                changes.append(_removed(removed.pop(0)))
            else:
                changes.append(_added(added.pop(0)))
        changes.extend(_removed(line) for line in removed)
        changes.extend(_added(line) for line in added)
    return changes


def _removed(line: Line) -> ItemChange:
    return ItemChange("removed", line.text, None, (Segment("delete", line.text),), line.depth, line.under)


def _added(line: Line) -> ItemChange:
    return ItemChange("added", None, line.text, (Segment("insert", line.text),), line.depth, line.under)


def field_change(name: str, old: Sequence[Line] | Optional[str], new: Sequence[Line] | Optional[str]) -> Optional[FieldChange]:
    """A FieldChange for a list field or a single value, or None when nothing changed."""
    if isinstance(old, (list, tuple)) or isinstance(new, (list, tuple)):
        items = list_changes(old or (), new or ())
    else:
        one = scalar_change(old, new)
        items = (one,) if one is not None else ()
    return FieldChange(name, tuple(items)) if items else None
