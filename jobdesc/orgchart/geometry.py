"""What a laid-out chart is made of: placed boxes, connectors and the whole layout.

Its own module so that layout.py (which places the boxes) and routing.py (which routes the
dotted lines between them) both import it and not each other.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .boxes import BoxContent
from .tree import ChartNode

Point = tuple[float, float]


@dataclass(frozen=True)
class Placed:
    node: ChartNode
    content: BoxContent
    x: float
    y: float
    w: float
    h: float
    depth: int   # the row it belongs to (an assistant or stacked box: its manager's depth + 0/1)
    place: str   # "row", "stack" or "assistant"

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2


@dataclass(frozen=True)
class Connector:
    kind: str     # "solid" (reporting line, also to assistants) or "dotted"
    source: str   # solid: the manager; dotted: the position that has the dotted line
    target: str
    points: tuple[Point, ...]


@dataclass
class Layout:
    boxes: dict[str, Placed]
    connectors: list[Connector]
    width: float
    height: float
    row_tops: list[float]
    unrouted: list[tuple[str, str]]  # dotted lines that could not be drawn (noted in the box instead)


def simplify(points: Sequence[Point]) -> tuple[Point, ...]:
    """Drop repeated points and the middle of straight runs (a line may collapse to two points)."""
    out: list[Point] = []
    for p in points:
        p = (round(p[0], 2), round(p[1], 2))
        if out and p == out[-1]:
            continue
        if len(out) >= 2:
            a, b = out[-2], out[-1]
            if (a[0] == b[0] == p[0]) or (a[1] == b[1] == p[1]):
                out[-1] = p
                continue
        out.append(p)
    return tuple(out)
