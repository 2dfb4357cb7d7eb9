"""Tidy-tree layout: a pure function from chart trees (and box contents) to geometry.

Every subtree is laid out as a block that no other subtree's block overlaps, children
side by side under their manager with rows aligned across the whole chart, so boxes can
never collide. Wide levels fold: three or more childless children of one manager are
stacked on a vertical spine (one column, or two-sided spines of up to six rows each)
instead of widening the row. Assistants hang on a side branch of their manager's trunk,
in a band between the manager and the next row.

Coordinates are points at 100 %, y downwards; (0, 0) is the top-left of the chart.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

from . import style as S
from .boxes import BoxContent
from .geometry import Connector, Layout, Placed, Point, simplify
from .routing import route_dotted
from .tree import ChartNode

@dataclass(frozen=True)
class _Slot:
    kind: str  # "tree" (a child's subtree), "column" (one-sided stack) or "spine" (two-sided stack)
    nodes: tuple[ChartNode, ...]


@dataclass(frozen=True)
class _Measure:
    width: float
    anchor: float  # the box centre, from the block's left
    trunk: float   # where lines leave the box bottom, from the block's left
    slots: tuple[_Slot, ...]
    slot_lefts: tuple[float, ...]


def _slots(node: ChartNode, fold: S.Fold) -> tuple[_Slot, ...]:
    """A manager's children as row slots, folding childless ones into stacks."""
    leaves = [c for c in node.children if c.is_leaf]
    if len(leaves) < fold.stack_min:
        return tuple(_Slot("tree", (c,)) for c in node.children)
    if len(leaves) <= fold.one_sided_max:
        groups = [_Slot("column", tuple(leaves))]
    else:
        spines = math.ceil(len(leaves) / (2 * fold.spine_rows))
        per = math.ceil(len(leaves) / spines)
        per += per % 2  # full rows left and right, except perhaps in the last spine
        groups = [_Slot("spine", tuple(leaves[i:i + per])) for i in range(0, len(leaves), per)]
    slots: list[_Slot] = []
    for child in node.children:
        if not child.is_leaf:
            slots.append(_Slot("tree", (child,)))
        elif child is leaves[0]:
            slots.extend(groups)  # the stacks stand where the first childless child would
    return tuple(slots)


class _Layouter:
    def __init__(self, contents: Mapping[str, BoxContent], fold: S.Fold):
        self.contents = contents
        self.fold = fold
        self.measures: dict[str, _Measure] = {}
        self.row_h: list[float] = []
        self.band: list[float] = []
        self.row_y: list[float] = []
        self.boxes: dict[str, Placed] = {}
        self.connectors: list[Connector] = []

    # ---------------------------------------------------------------- pass 1: sizes

    def _slot_size(self, slot: _Slot) -> tuple[float, float]:
        """(width, anchor) of a slot: where its connector comes down, from its left."""
        if slot.kind == "tree":
            m = self.measures[slot.nodes[0].id]
            return m.width, m.anchor
        if slot.kind == "column":
            return 2 * S.STACK_INSET + S.BOX_W, S.STACK_INSET
        return 2 * (S.BOX_W + S.STACK_SIDE_GAP), S.BOX_W + S.STACK_SIDE_GAP

    def measure(self, node: ChartNode, depth: int) -> _Measure:
        while len(self.row_h) <= depth + 1:
            self.row_h.append(0.0)
            self.band.append(0.0)
        self.row_h[depth] = max(self.row_h[depth], self.contents[node.id].height)
        slots = _slots(node, self.fold)
        for slot in slots:
            if slot.kind == "tree":
                self.measure(slot.nodes[0], depth + 1)
        lefts, anchors, x = [], [], 0.0
        for slot in slots:
            width, anchor = self._slot_size(slot)
            lefts.append(x)
            anchors.append(x + anchor)
            x += width + S.H_GAP
        row_w = x - S.H_GAP if slots else 0.0
        half = S.BOX_W / 2
        if not slots:
            centre = trunk = half
        elif len(slots) == 1 and slots[0].kind == "column":
            centre, trunk = half, S.STACK_INSET  # manager flush left above its single column
        else:
            centre = trunk = (anchors[0] + anchors[-1]) / 2
        lo, hi = min(0.0, centre - half), max(row_w, centre + half)
        band = 0.0
        for i, assistant in enumerate(node.assistants):
            if i % 2 == 0:
                hi = max(hi, trunk + S.ASSIST_DX + S.BOX_W)
                pair = node.assistants[i:i + 2]
                band += max(self.contents[a.id].height for a in pair) + S.ASSIST_GAP
            else:
                lo = min(lo, trunk - S.ASSIST_DX - S.BOX_W)
        self.band[depth] = max(self.band[depth], band)
        m = _Measure(hi - lo, centre - lo, trunk - lo, slots, tuple(left - lo for left in lefts))
        self.measures[node.id] = m
        return m

    # ---------------------------------------------------------------- pass 2: positions

    def _add(self, node: ChartNode, x: float, y: float, h: float, depth: int, place: str) -> Placed:
        box = Placed(node, self.contents[node.id], x, y, S.BOX_W, h, depth, place)
        self.boxes[node.id] = box
        return box

    def _line(self, source: str, target: str, *points: Point) -> None:
        self.connectors.append(Connector("solid", source, target, simplify(points)))

    def place(self, node: ChartNode, left: float, depth: int) -> Placed:
        m = self.measures[node.id]
        box = self._add(node, left + m.anchor - S.BOX_W / 2, self.row_y[depth], self.row_h[depth], depth, "row")
        trunk = left + m.trunk
        start = (trunk, box.bottom)
        self._place_assistants(node, trunk, box, depth)
        if not m.slots:
            return box
        child_top = self.row_y[depth + 1]
        bus = child_top - S.V_GAP / 2
        for slot, slot_left in zip(m.slots, m.slot_lefts):
            x = left + slot_left
            if slot.kind == "tree":
                child = self.place(slot.nodes[0], x, depth + 1)
                self._line(node.id, child.node.id, start, (trunk, bus), (child.cx, bus), (child.cx, child.y))
            elif slot.kind == "column":
                spine, y = x + S.STACK_INSET, child_top
                for leaf in slot.nodes:
                    h = self.contents[leaf.id].height
                    kid = self._add(leaf, x + 2 * S.STACK_INSET, y, h, depth + 1, "stack")
                    mid = y + h / 2
                    self._line(node.id, leaf.id, start, (trunk, bus), (spine, bus), (spine, mid), (kid.x, mid))
                    y += h + S.STACK_GAP
            else:
                self._place_spine(node.id, slot.nodes, x, child_top, depth + 1, (start, (trunk, bus)))
        return box

    def _place_assistants(self, node: ChartNode, trunk: float, box: Placed, depth: int) -> None:
        y = box.bottom + S.ASSIST_GAP
        for i in range(0, len(node.assistants), 2):
            pair = node.assistants[i:i + 2]
            h = max(self.contents[a.id].height for a in pair)
            for right, assistant in zip((True, False), pair):
                x = trunk + S.ASSIST_DX if right else trunk - S.ASSIST_DX - S.BOX_W
                placed = self._add(assistant, x, y, h, depth, "assistant")
                edge = placed.x if right else placed.right
                self._line(node.id, assistant.id, (trunk, box.bottom), (trunk, y + h / 2), (edge, y + h / 2))
            y += h + S.ASSIST_GAP

    def _place_spine(self, manager: str, leaves: Sequence[ChartNode], x: float, top: float, depth: int,
                     lead: tuple[Point, Point]) -> None:
        spine = x + S.BOX_W + S.STACK_SIDE_GAP
        y = top
        for i in range(0, len(leaves), 2):
            pair = leaves[i:i + 2]
            h = max(self.contents[leaf.id].height for leaf in pair)
            for left_side, leaf in zip((True, False), pair):
                bx = x if left_side else spine + S.STACK_SIDE_GAP
                kid = self._add(leaf, bx, y, h, depth, "stack")
                edge = kid.right if left_side else kid.x
                self._line(manager, leaf.id, *lead, (spine, lead[1][1]), (spine, y + h / 2), (edge, y + h / 2))
            y += h + S.STACK_GAP


ROOT_GAP = 2 * S.H_GAP


def layout(roots: Sequence[ChartNode], contents: Mapping[str, BoxContent],
           dotted: Sequence[tuple[str, str]] = (), fold: S.Fold = S.ROOMY) -> Layout:
    """Place every node of `roots` (each id once); route `dotted` (source, target) lines between placed boxes."""
    lay = _Layouter(contents, fold)
    measures = [lay.measure(root, 0) for root in roots]
    y = 0.0
    for depth, h in enumerate(lay.row_h):
        lay.row_y.append(y)
        y += h + lay.band[depth] + S.V_GAP
    left = 0.0
    for root, m in zip(roots, measures):
        lay.place(root, left, 0)
        left += m.width + ROOT_GAP
    width = max(left - ROOT_GAP, 0.0)
    height = max((b.bottom for b in lay.boxes.values()), default=0.0)
    result = Layout(lay.boxes, lay.connectors, width, height, lay.row_y, [])
    wanted = [(s, t) for s, t in dotted if s in lay.boxes and t in lay.boxes]
    routed, result.unrouted = route_dotted(result, wanted)
    result.connectors.extend(routed)
    return result
