"""A drafted position never holds more than `check` lets a position hold.

`check` refuses a role of more than MAX_ROLE_ITEMS list items or MAX_ROLE_CHARS characters of
text, counting the duties it carries through `extends` (format/size_rules.py): a job description that
long cannot be printed in reasonable time. A document can hold far more (300,000 characters of
one position's duties, or a line of 30,000 "一、"); the draft would then be refused as the
importer's own bug. So each drafted position is cut to its share of those limits (its share:
the limits divided by the length of its `extends` chain, so the chain also fits), counting as
generously as `check` does or more, and the position gets a TODO saying how many duties were
left out.
"""
from __future__ import annotations

import dataclasses

from ..format.size_rules import MAX_ROLE_CHARS, MAX_ROLE_ITEMS

_CUT = ("duties", "workflow")  # the lists a long document makes long; the rest is short by nature
_NOT_WRITTEN = {"draft", "todos", "leftovers", "unmapped", "source"}  # comments, or not written at all


def keep_within_limits(org) -> None:
    by_id = {role.id: role for role in org.roles}
    for role in org.roles:
        chain, current = {role.id}, role.extends
        while current in by_id and current not in chain:
            chain.add(current)
            current = by_id[current].extends
        items_left = int(MAX_ROLE_ITEMS * 0.95) // len(chain)
        chars_left = int(MAX_ROLE_CHARS * 0.95) // len(chain)
        for field in dataclasses.fields(role):
            if field.name not in _NOT_WRITTEN and field.name not in _CUT:
                items, chars = _size(getattr(role, field.name))
                items_left, chars_left = items_left - items, chars_left - chars
        dropped = 0
        first_duty = role.duties[0] if role.duties else None
        for name in _CUT:
            kept, dropped_here, items_left, chars_left = _cut(getattr(role, name), items_left, chars_left)
            setattr(role, name, kept)
            dropped += dropped_here
        if first_duty is not None and not role.duties:  # a role file needs one duty: keep the first, alone
            role.duties = [dataclasses.replace(first_duty, items=[])]
            dropped -= 1
        if dropped:
            role.todos.append(f"原文此岗位内容过长：另有 {dropped} 条职责（含子项）未导入 — a position may hold at most "
                              f"{MAX_ROLE_ITEMS:,} items and {MAX_ROLE_CHARS:,} characters; split it into several")


def _size(value) -> tuple[int, int]:
    """(list items, characters) as `check` counts them, or more."""
    if isinstance(value, str):
        return 0, len(value)
    if isinstance(value, dict):
        sizes = [_size(v) for v in value.values()] + [(0, len(k)) for k in value if isinstance(k, str)]
    elif isinstance(value, (list, tuple)):
        sizes = [(1 + i, c) for i, c in map(_size, value)]
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        sizes = [_size(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name not in _NOT_WRITTEN]
    else:
        return 0, len(str(value)) if value is not None else 0
    return sum(i for i, _ in sizes), sum(c for _, c in sizes)


def _cut(items: list, items_left: int, chars_left: int) -> tuple[list, int, int, int]:
    """(the items that fit, in order, with the sub-items that fit; how many were dropped; what is left)."""
    kept, dropped = [], 0
    for item in items:
        cost = len(item.text)
        if items_left < 1 or chars_left < cost:
            dropped += 1 + _size(item.items)[0]
            continue
        items_left, chars_left = items_left - 1, chars_left - cost
        children, dropped_below, items_left, chars_left = _cut(item.items, items_left, chars_left)
        item.items = children
        kept.append(item)
        dropped += dropped_below
    return kept, dropped, items_left, chars_left
