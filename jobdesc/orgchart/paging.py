"""Splitting a chart that cannot print readably on one sheet into subtree pages.

A page is readable when it fits the paper at a scale that keeps the smallest text at
7 pt or more (style.MIN_SCALE). If the whole chart does not fit, the first page shows
as many top levels as fit (at least two); every box on its last level that has people
below it continues on a page of its own, which starts with that box again and is split
the same way if needed. Pages are numbered depth-first, so a branch's pages follow
each other; boxes carry "continued on page N" / "continued from page N" marks.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Optional, Sequence

from . import style as S
from .tree import ChartNode

# Paper content area (landscape, 10 mm margins) in pt.
MM = 72 / 25.4
PAPER_MM = {"A3": (420.0, 297.0), "A4": (297.0, 210.0)}
PAGE_MARGIN_MM = 10.0


def content_area(paper: str) -> tuple[float, float]:
    w, h = PAPER_MM[paper]
    return (w - 2 * PAGE_MARGIN_MM) * MM, (h - 2 * PAGE_MARGIN_MM) * MM


def fit_scale(size: tuple[float, float], paper: str) -> float:
    """The scale at which a (width, height) drawing fills the paper, capped at MAX_SCALE."""
    area_w, area_h = content_area(paper)
    return min(area_w / size[0], area_h / size[1], S.MAX_SCALE)


@dataclass(frozen=True)
class PagePlan:
    number: int
    roots: tuple[ChartNode, ...]                          # trees as drawn here (cut where they continue)
    continues: dict[str, int] = field(default_factory=dict)  # box id → page its subtree continues on
    continued_from: Optional[tuple[str, int]] = None     # (root box id, page it came from)


def depth_of(roots: Sequence[ChartNode]) -> int:
    """Levels in the trees (a root alone is 1); assistants count with their manager."""
    def levels(node: ChartNode) -> int:
        return 1 + max((levels(c) for c in node.children), default=0)
    return max((levels(r) for r in roots), default=0)


def cut(node: ChartNode, levels: int) -> ChartNode:
    """The node with only `levels` levels kept (1: the node alone, without assistants or reports)."""
    if levels <= 1:
        return replace(node, children=(), assistants=())
    return replace(node, children=tuple(cut(c, levels - 1) for c in node.children))


def _frontier(original: ChartNode, levels: int) -> list[ChartNode]:
    """Nodes on the last kept level that have anything below them, in drawing order."""
    if levels <= 1:
        return [original] if not original.is_leaf else []
    return [f for c in original.children for f in _frontier(c, levels - 1)]


Fits = Callable[[Sequence[ChartNode], dict, Optional[tuple[str, int]]], bool]


def plan_pages(forest: Sequence[ChartNode], fits: Fits) -> list[PagePlan]:
    """Pages for the forest; `fits(roots, continues, continued_from)` says if a page is readable."""
    pages: list[Optional[PagePlan]] = []

    def plan(roots: tuple[ChartNode, ...], came_from: Optional[tuple[str, int]]) -> None:
        number = len(pages) + 1
        pages.append(None)
        total = depth_of(roots)
        if fits(roots, {}, came_from) or total <= 1:
            pages[number - 1] = PagePlan(number, roots, {}, came_from)
            return
        placeholder = 999  # page numbers are not known yet; the mark's size does not depend on them
        levels = 2
        for candidate in range(total - 1, 1, -1):
            trial = tuple(cut(r, candidate) for r in roots)
            ends = {f.id: placeholder for r in roots for f in _frontier(r, candidate)}
            if fits(trial, ends, came_from):
                levels = candidate
                break
        continues: dict[str, int] = {}
        for root in roots:
            for node in _frontier(root, levels):
                continues[node.id] = len(pages) + 1
                plan((node,), (node.id, number))
        pages[number - 1] = PagePlan(number, tuple(cut(r, levels) for r in roots), continues, came_from)

    plan(tuple(forest), None)
    return [p for p in pages if p is not None]
