"""Sequence edits that carry an item's YAML comments with it (ruamel.yaml round trip).

ruamel keeps a comment on the token before it: an item's inline comment (`- 拜访客户  # 2026`)
is the head of its own comment token, and the full-line comments above an item are the tail of
the *previous* item's last token (the deepest last scalar of it, for an item with sub-items).
A plain `del seq[i]` therefore drops the comments above item i+1 with item i, and a moved item
loses its inline comment. Here an item owns its inline comment and the comment lines above it:
`take` removes an item with them (what was above the next item stays there), `put` inserts an
item with them. The comments above the first item stay at the top of the list.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken


@dataclass
class Taken:
    value: Any
    inline: str  # the item's own inline comment ("# …\n"), or "" (a mapping keeps its own)
    above: str  # the comment lines above it ("  # …\n"), or ""
    column: int = 0  # where the inline comment stood


def _split(value: str) -> tuple[str, str]:
    """A token's text → (the inline comment up to its line end, the full lines after it)."""
    head, newline, tail = value.partition("\n")
    return head + newline, tail


def _last_slot(seq: CommentedSeq, index: int) -> tuple[dict, Any, int]:
    """Where the comment after item `index` (and its last descendant) is kept: (items, key, slot)."""
    item = seq[index]
    while True:
        if isinstance(item, CommentedMap) and len(item):
            key = list(item)[-1]
            if isinstance(item[key], (CommentedMap, CommentedSeq)) and len(item[key]):
                item = item[key]
                continue
            return item.ca.items, key, 2
        if isinstance(item, CommentedSeq) and len(item):
            last = len(item) - 1
            if isinstance(item[last], (CommentedMap, CommentedSeq)) and len(item[last]):
                item = item[last]
                continue
            return item.ca.items, last, 0
        return seq.ca.items, index, 0


def _get(slot: tuple[dict, Any, int]) -> Optional[CommentToken]:
    items, key, position = slot
    entry = items.get(key)
    return entry[position] if entry and len(entry) > position else None


def _set(slot: tuple[dict, Any, int], text: str, column: int = 0) -> None:
    items, key, position = slot
    token = _get(slot)
    if token is not None:
        if text:
            token.value = text
        else:
            items[key][position] = None
        return
    if text:
        entry = items.setdefault(key, [None, None, None, None])
        entry[position] = CommentToken(text, CommentMark(column), None)


def _tail(seq: CommentedSeq, index: int) -> str:
    token = _get(_last_slot(seq, index))
    return _split(token.value)[1] if token is not None else ""


def _set_tail(seq: CommentedSeq, index: int, tail: str) -> None:
    slot = _last_slot(seq, index)
    token = _get(slot)
    head = _split(token.value)[0] if token is not None else ""
    if tail and not head:
        head = "\n"  # no inline comment: the token starts at the line end
    _set(slot, head + tail if tail else (head if head.strip() else ""),
         token.start_mark.column if token is not None else 0)


def take(seq: CommentedSeq, index: int) -> Taken:
    """Remove item `index` with its inline comment and the comment lines above it."""
    above = _tail(seq, index - 1) if index > 0 else ""
    below = _tail(seq, index)  # the lines above the next item: they stay where they are
    _set_tail(seq, index, "")
    own = seq.ca.items.get(index)
    inline, column = "", 0
    if not isinstance(seq[index], (CommentedMap, CommentedSeq)) and own and own[0] is not None:
        inline, column = _split(own[0].value)[0], own[0].start_mark.column
    value = seq[index]
    del seq[index]
    if index > 0:
        _set_tail(seq, index - 1, below)
    elif below and seq.ca.comment and seq.ca.comment[0] is not None:
        seq.ca.comment[0].value += below
    return Taken(value, inline if inline.strip() else "", above, column)


def put(seq: CommentedSeq, index: int, taken: Taken) -> None:
    """Insert an item taken by `take` at `index`, its comments with it."""
    below = _tail(seq, index - 1) if index > 0 else ""  # the lines above the item now at `index`
    seq.insert(index, taken.value)
    if taken.inline:
        _set((seq.ca.items, index, 0), taken.inline, taken.column)
    if index > 0:
        _set_tail(seq, index - 1, taken.above)
        _set_tail(seq, index, below)
