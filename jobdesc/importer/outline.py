"""Nesting numbered items the way a reader does.

Within one list, each numbering style met for the first time opens a deeper level; meeting
a style already open closes everything below it (一、 → (一) → 1、 → (1) …). Dotted numbers
nest by their own depth: 8.3.1.2 sits under 8.3.1.
"""
from __future__ import annotations

from typing import Optional

from .draft import Node
from .enumerators import Enumerator


class Outline:
    def __init__(self, roots: list[Node]):
        self.roots = roots
        self.stack: list[tuple[str, Node]] = []  # (kind, node), outermost first
        self.numbers: dict[int, int] = {}  # id(node) → its number, to spot "10。" after "9、"
        self.last: Optional[Node] = None

    def add_item(self, enum: Enumerator, node: Node) -> None:
        kind = self._same_list_kind(enum)
        cut = self._level_of(kind)
        if cut is not None:
            del self.stack[cut:]
        parent = self.stack[-1][1] if self.stack else None
        (parent.items if parent else self.roots).append(node)
        self.stack.append((kind, node))
        self.numbers[id(node)] = enum.number
        self.last = node

    def _same_list_kind(self, enum: Enumerator) -> str:
        """"9、 … 10。" is one list typed carelessly, not a new level: reuse the open kind."""
        family = _FAMILY.get(enum.kind)
        if family is None or enum.number < 2:
            return enum.kind
        for open_kind, open_node in reversed(self.stack):
            if open_kind == enum.kind:
                return enum.kind
            if _FAMILY.get(open_kind) == family and self.numbers.get(id(open_node)) == enum.number - 1:
                return open_kind
        return enum.kind

    def add_plain(self, node: Node) -> None:
        """An unnumbered line: a paragraph under the open item, or a new item if none is open."""
        if self.stack:
            self.stack[-1][1].items.append(node)
        else:
            self.roots.append(node)
        self.last = node

    def extend_last(self, text: str, view: str) -> bool:
        """Glue a wrapped line back onto the item it was cut from."""
        if self.last is None:
            return False
        self.last.text += text
        self.last.view += view
        return True

    @property
    def has_numbered_items(self) -> bool:
        return bool(self.stack)

    def _level_of(self, kind: str) -> Optional[int]:
        depth = _dotted_depth(kind)
        for index, (open_kind, _) in enumerate(self.stack):
            if open_kind == kind:
                return index
            open_depth = _dotted_depth(open_kind)
            if depth and open_depth and open_depth >= depth:
                return index
        return None


# Styles people mix up within one list (1、 1. 1。 1,).
_FAMILY = {"arabic-dun": "arabic", "arabic-dot": "arabic", "arabic-comma": "arabic"}


def _dotted_depth(kind: str) -> int:
    return int(kind.rsplit("-", 1)[1]) if kind.startswith("dotted-") else 0
