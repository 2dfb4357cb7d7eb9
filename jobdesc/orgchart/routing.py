"""Dotted-line (虚线汇报) connectors: orthogonal routes that never cross a box.

Candidate routes are few and cheap to list: leave the source by its top, bottom or a
side, run along a free horizontal lane (the gutters between rows, or above/below the
whole chart) and a free vertical channel (beside the source or target, or outside the
chart), and enter the target the same way. A route costs its length, its bends and every
reporting line it crosses (a dotted line over a row's drop lines reads as one of them);
the cheapest one that clears every box wins. Routes beside or around the
outside of the chart always exist for boxes in rows; if none clears (a box deep in a
stack), the line is reported back and the caller prints a note in the box instead.
"""
from __future__ import annotations

from itertools import product
from typing import Iterable, Optional, Sequence

from . import style as S
from .geometry import Connector, Layout, Placed, simplify

Point = tuple[float, float]
CLEARANCE = 4.0        # a dotted line keeps this far from every box it does not end on
CELL = 200.0           # spatial index cell size
BEND_COST = 40.0
CROSSING_COST = 60.0   # crossing a reporting line costs as much as this much more length
CHANNEL_OFFSET = S.H_GAP / 2


class _BoxIndex:
    """Boxes (grown by the clearance) in a coarse grid, for fast segment-versus-box tests."""

    def __init__(self, boxes: Iterable["Placed"]):
        self.cells: dict[tuple[int, int], list[tuple[str, float, float, float, float]]] = {}
        for b in boxes:
            rect = (b.node.id, b.x - CLEARANCE, b.y - CLEARANCE, b.right + CLEARANCE, b.bottom + CLEARANCE)
            for key in self._keys(rect[1], rect[2], rect[3], rect[4]):
                self.cells.setdefault(key, []).append(rect)

    @staticmethod
    def _keys(x0: float, y0: float, x1: float, y1: float):
        return product(range(int(x0 // CELL), int(x1 // CELL) + 1), range(int(y0 // CELL), int(y1 // CELL) + 1))

    def blocked(self, a: Point, b: Point, allowed: tuple[str, ...]) -> bool:
        x0, x1 = sorted((a[0], b[0]))
        y0, y1 = sorted((a[1], b[1]))
        for key in self._keys(x0, y0, x1, y1):
            for rid, rx0, ry0, rx1, ry1 in self.cells.get(key, ()):
                if rid not in allowed and x0 < rx1 and x1 > rx0 and y0 < ry1 and y1 > ry0:
                    return True
        return False


class _LineIndex:
    """The reporting lines' segments in the same coarse grid, to count what a route crosses."""

    def __init__(self, connectors: Iterable["Connector"]):
        self.cells: dict[tuple[int, int], list[tuple[Point, Point]]] = {}
        for connector in connectors:
            if connector.kind != "solid":
                continue
            for a, b in zip(connector.points, connector.points[1:]):
                for key in _BoxIndex._keys(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])):
                    self.cells.setdefault(key, []).append((a, b))

    def crossings(self, points: Sequence[Point]) -> int:
        crossed = set()
        for a, b in zip(points, points[1:]):
            for key in _BoxIndex._keys(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])):
                crossed.update(line for line in self.cells.get(key, ()) if _cross(a, b, *line))
        return len(crossed)


def _cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    """Whether two axis-parallel segments cross (one horizontal, one vertical, inside both)."""
    if a[1] == b[1] and c[0] == d[0]:
        (a, b), (c, d) = (c, d), (a, b)
    if not (a[0] == b[0] and c[1] == d[1]):
        return False  # parallel: a dotted lane never runs along a line (lanes keep off the buses)
    return min(c[0], d[0]) < a[0] < max(c[0], d[0]) and min(a[1], b[1]) < c[1] < max(a[1], b[1])


def _lanes(layout: "Layout") -> list[float]:
    """Horizontal lines free of row boxes: inside each gutter, clear of the bus, and outside the chart."""
    lanes = [-2 * S.LANE, layout.height + 2 * S.LANE]
    for top in layout.row_tops[1:]:
        lanes += [top - S.LANE, top - S.V_GAP + S.LANE]
    return sorted(lanes)


def _near_lanes(lanes: Sequence[float], box: "Placed") -> list[tuple[float, float]]:
    """(port y, lane y): the nearest lane above the box (leaving by its top) and below (by its bottom)."""
    above = max((y for y in lanes if y < box.y - CLEARANCE), default=lanes[0])
    below = min((y for y in lanes if y > box.bottom + CLEARANCE), default=lanes[-1])
    return [(box.y, above), (box.bottom, below)]


def _sides(box: "Placed", y: float) -> list[tuple[Point, float]]:
    """(side port, the direction a line leaving it must go: -1 left, +1 right)."""
    return [((box.x, y), -1.0), ((box.right, y), 1.0)]


def _length(points: Sequence[Point]) -> float:
    return sum(abs(a[0] - b[0]) + abs(a[1] - b[1]) for a, b in zip(points, points[1:]))


def _candidates(src: "Placed", dst: "Placed", lanes: Sequence[float], width: float, k: int):
    """Every route shape worth trying between two boxes (not yet checked against boxes)."""
    shift = ((k % 3) - 1) * 3.5  # parallel dotted lines in one gutter stay apart
    sx = src.x + src.w * (0.8 + shift / 100)
    tx = dst.x + dst.w * (0.8 - shift / 100)
    sy = src.y + src.h * 0.3
    ty = dst.y + dst.h * 0.3
    channels = {sx, tx, -2 * S.LANE + shift, width + 2 * S.LANE + shift}
    for b in (src, dst):
        channels |= {b.x - CHANNEL_OFFSET + shift, b.right + CHANNEL_OFFSET + shift}
    for (sp, s_lane), (tp, t_lane) in product(_near_lanes(lanes, src), _near_lanes(lanes, dst)):
        s_lane += shift
        t_lane += shift
        for xc in channels:  # top/bottom out, top/bottom in
            yield [(sx, sp), (sx, s_lane), (xc, s_lane), (xc, t_lane), (tx, t_lane), (tx, tp)]
    for (sp, sdir), (tp, tdir) in product(_sides(src, sy), _sides(dst, ty)):
        for xc in channels:  # side out, side in
            if (xc - sp[0]) * sdir > 0 and (xc - tp[0]) * tdir > 0:
                yield [sp, (xc, sy), (xc, ty), tp]
    for (sp, sdir), (tp, t_lane) in product(_sides(src, sy), _near_lanes(lanes, dst)):
        for xc in channels:  # side out, top/bottom in
            if (xc - sp[0]) * sdir > 0:
                yield [sp, (xc, sy), (xc, t_lane + shift), (tx, t_lane + shift), (tx, tp)]
    for (sp, s_lane), (tp, tdir) in product(_near_lanes(lanes, src), _sides(dst, ty)):
        for xc in channels:  # top/bottom out, side in
            if (xc - tp[0]) * tdir > 0:
                yield [(sx, sp), (sx, s_lane + shift), (xc, s_lane + shift), (xc, ty), tp]


def _clear(points: Sequence[Point], index: _BoxIndex, src: str, dst: str) -> bool:
    last = len(points) - 2
    for i, (a, b) in enumerate(zip(points, points[1:])):
        allowed = (src,) if i == 0 else (dst,) if i == last else ()
        if i == 0 and i == last:
            allowed = (src, dst)
        if index.blocked(a, b, allowed):
            return False
    return True


def _route(layout: "Layout", index: _BoxIndex, lines: _LineIndex, lanes: Sequence[float], src: str, dst: str,
           k: int) -> Optional[tuple[Point, ...]]:
    a, b = layout.boxes[src], layout.boxes[dst]
    shapes = [simplify(c) for c in _candidates(a, b, lanes, layout.width, k)]
    shapes.sort(key=lambda pts: (_length(pts) + BEND_COST * (len(pts) - 2), pts))
    best, best_cost = None, float("inf")
    for pts in shapes:  # by length and bends; crossings only add, so stop once that alone costs more
        cost = _length(pts) + BEND_COST * (len(pts) - 2)
        if cost >= best_cost:
            break
        if _clear(pts, index, src, dst):
            cost += CROSSING_COST * lines.crossings(pts)
            if cost < best_cost:
                best, best_cost = pts, cost
    return best


def route_dotted(layout: "Layout", edges: Sequence[tuple[str, str]]) -> tuple[list["Connector"], list[tuple[str, str]]]:
    """Routes for the dotted lines (source, target) between placed boxes; and those that found none."""
    if not edges:
        return [], []
    index, lines = _BoxIndex(layout.boxes.values()), _LineIndex(layout.connectors)
    lanes = _lanes(layout)
    routed, unrouted = [], []
    for k, (src, dst) in enumerate(edges):
        points = _route(layout, index, lines, lanes, src, dst, k)
        if points is None:
            unrouted.append((src, dst))
        else:
            routed.append(Connector("dotted", src, dst, points))
    return routed, unrouted
