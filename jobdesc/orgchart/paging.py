"""Splitting a chart that cannot print readably on one sheet into subtree pages.

A page is readable when it fits the paper at a scale that keeps the smallest text at
7 pt or more (style.MIN_SCALE). If the whole chart does not fit, the first page is an
overview: starting from the top, managers are opened breadth-first (their reports
shown) as long as the page still fits, so it shows the top levels, and deeper ones
where there is room. Every box left closed that has people below it continues on a
later page, which starts with that box again and is split the same way if needed.
Small neighbouring branches share a page rather than each getting a nearly empty
sheet. Pages are numbered depth-first, so a branch's pages follow each other, and
boxes carry "continued on page N" / "continued from page N" marks.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, replace
from typing import Callable, Optional, Sequence

from . import style as S
from .tree import ChartNode

MM = 72 / 25.4
PAPER_MM = {"A3": (420.0, 297.0), "A4": (297.0, 210.0)}  # landscape
PAGE_MARGIN_MM = 10.0
PLACEHOLDER_PAGE = 999  # while planning, page numbers are unknown; a mark's size does not depend on them


def content_area(paper: str) -> tuple[float, float]:
    """The printable area of a landscape sheet, in pt."""
    w, h = PAPER_MM[paper]
    return (w - 2 * PAGE_MARGIN_MM) * MM, (h - 2 * PAGE_MARGIN_MM) * MM


def fit_scale(size: tuple[float, float], paper: str) -> float:
    """The scale at which a (width, height) drawing fills the paper, capped at MAX_SCALE."""
    area_w, area_h = content_area(paper)
    return min(area_w / size[0], area_h / size[1], S.MAX_SCALE)


@dataclass(frozen=True)
class PagePlan:
    number: int
    roots: tuple[ChartNode, ...]                                   # trees as drawn here (closed where they continue)
    continues: dict[str, int] = field(default_factory=dict)       # box id → page its subtree continues on
    continued_from: dict[str, int] = field(default_factory=dict)  # root box id → page it came from


def prune(node: ChartNode, opened: set[str]) -> ChartNode:
    """The tree with only the opened nodes' reports and assistants shown."""
    if node.id not in opened:
        return replace(node, children=(), assistants=())
    return replace(node, children=tuple(prune(c, opened) for c in node.children))


def closed_with_more(node: ChartNode, opened: set[str]) -> list[ChartNode]:
    """Shown nodes that are closed but have people below them, in drawing order."""
    if node.id not in opened:
        return [] if node.is_leaf else [node]
    return [f for c in node.children for f in closed_with_more(c, opened)]


Fits = Callable[[Sequence[ChartNode], dict, dict], bool]


def _open_greedily(roots: Sequence[ChartNode], came_from: dict, fits: Fits) -> set[str]:
    """Open managers breadth-first while the page fits; the roots are always open (a page
    must show at least one level below its top, or splitting would never end)."""
    opened = {r.id for r in roots if not r.is_leaf}
    queue = deque(c for r in roots for c in r.children if not c.is_leaf)
    while queue:
        node = queue.popleft()
        trial = opened | {node.id}
        pruned = [prune(r, trial) for r in roots]
        ends = {f.id: PLACEHOLDER_PAGE for r in roots for f in closed_with_more(r, trial)}
        if fits(pruned, ends, came_from):
            opened = trial
            queue.extend(c for c in node.children if not c.is_leaf)
    return opened


def _pack(branches: list[ChartNode], number: int, fits: Fits) -> list[list[ChartNode]]:
    """Consecutive branches that fit on one page together share it."""
    groups: list[list[ChartNode]] = []
    for node in branches:
        if groups:
            trial = [*groups[-1], node]
            if fits(trial, {}, {n.id: number for n in trial}):
                groups[-1] = trial
                continue
        groups.append([node])
    return groups


def plan_pages(forest: Sequence[ChartNode], fits: Fits) -> list[PagePlan]:
    """Pages for the forest; `fits(roots, continues, continued_from)` says if a page is readable."""
    pages: list[Optional[PagePlan]] = []

    def plan(roots: tuple[ChartNode, ...], came_from: dict[str, int]) -> None:
        number = len(pages) + 1
        pages.append(None)
        if fits(roots, {}, came_from) or all(r.is_leaf for r in roots):
            pages[number - 1] = PagePlan(number, roots, {}, came_from)
            return
        opened = _open_greedily(roots, came_from, fits)
        continues: dict[str, int] = {}
        branches = [node for root in roots for node in closed_with_more(root, opened)]
        for group in _pack(branches, number, fits):
            continues.update({node.id: len(pages) + 1 for node in group})
            plan(tuple(group), {node.id: number for node in group})
        pages[number - 1] = PagePlan(number, tuple(prune(r, opened) for r in roots), continues, came_from)

    plan(tuple(forest), {})
    return [p for p in pages if p is not None]
