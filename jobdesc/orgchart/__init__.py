"""The org chart (组织架构图): our own tidy-tree layout, drawn as SVG.

    tree.py     Organisation → trees of ChartNode (externals above, assistants aside)
    text.py     safe text measurement and wrapping (no font engine needed)
    boxes.py    what each box says and how tall it is
    layout.py   pure geometry: boxes and orthogonal connectors
    routing.py  dotted-line connectors that never cross a box
    chart.py    one page: contents + layout (dotted lines drawn or noted)
    paging.py   overview + subtree pages when one sheet would print text under 7 pt
    svg.py      SVG text for a page: title block, chart, legend

`screen_layout` is the whole chart on one canvas (orgchart.svg, and the website's chart).

`build_chart` ties them together; jobdesc/outputs/orgchart.py writes the files.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from ..headcount_text import with_notes
from ..organisation import Organisation
from .chart import ChartStyle, lay_out_page
from .layout import Layout
from .paging import PagePlan, fit_scale, plan_pages
from .style import MIN_SCALE, ROOMY, Fold, compact_fold
from .svg import Frame, chart_svg, frame_for
from .text import ellipsize
from .tree import ChartNode, chart_forest


@dataclass(frozen=True)
class ChartPage:
    number: int
    plan: PagePlan
    layout: Layout
    frame: Frame
    scale: float      # how much the page is scaled to fill the paper (≥ MIN_SCALE when readable)
    svg: str          # at 100 % (width/height in pt)
    print_svg: str    # the same, sized for the paper


@dataclass(frozen=True)
class ChartDocument:
    full_layout: Layout
    full_svg: str     # the whole organisation on one canvas (for screens; not split)
    pages: tuple[ChartPage, ...]


def _meta(org: Organisation, style: ChartStyle, page: Optional[tuple[int, int]]) -> list[str]:
    labels, handbook = style.labels, org.org.handbook
    parts = []
    if handbook.version:
        parts.append(f"{labels['version']} {handbook.version}")
    if handbook.effective:
        parts.append(f"{labels['effective']} {handbook.effective}")
    total = org.grand_total()
    lines = [" · ".join(parts)] if parts else []
    lines.append(with_notes(labels["totals"].format(budget=total.budget, filled=total.filled, vacant=total.vacant),
                            total, org.language))
    if page is not None:
        lines.append(labels["page"].format(page=page[0], pages=page[1]))
    return lines


def _subtitle(style: ChartStyle, plan: Optional[PagePlan], multi: bool) -> str:
    chart = style.labels["chart"]
    if not multi or plan is None:
        return chart
    if not plan.continued_from:
        return f"{chart} · {style.labels['overview']}"
    titles = style.labels["name_separator"].join(style.titles[r.id] for r in plan.roots)
    return f"{chart} · {ellipsize(style.labels['subtree'].format(title=titles), 10.5, 520, bold=True)}"


def _readable(lay: Layout, style: ChartStyle, paper: str) -> bool:
    frame = frame_for(lay, style)
    return fit_scale((frame.width, frame.height), paper) >= MIN_SCALE


@dataclass(frozen=True)
class ScreenLayout:
    """The whole organisation on one canvas, as orgchart.svg draws it (and the website's chart)."""

    style: ChartStyle
    forest: tuple[ChartNode, ...]
    layout: Layout
    fold: Fold


def screen_layout(org: Organisation, paper: str = "A3") -> ScreenLayout:
    """The whole chart laid out once, folded harder when it would not print on one sheet."""
    style = ChartStyle.of(org)
    forest = chart_forest(org)
    full = lay_out_page(forest, style)
    fold = ROOMY
    if not _readable(full, style, paper):
        # Too big for one sheet: fold harder (also on the screen SVG, which gets very wide otherwise).
        fold = compact_fold(paper)
        full = lay_out_page(forest, style, fold=fold)
    return ScreenLayout(style, forest, full, fold)


def build_chart(org: Organisation, paper: str = "A3") -> ChartDocument:
    """Lay out and draw the organisation: the full canvas and the printable pages."""
    screen = screen_layout(org, paper)
    style, forest, full, fold = screen.style, screen.forest, screen.layout, screen.fold
    def key_of(roots: Sequence[ChartNode], continues: dict, came_from) -> tuple:
        return tuple(id(r) for r in roots), tuple(sorted(continues.items())), tuple(sorted(came_from.items()))

    cache: dict[tuple, Layout] = {key_of(forest, {}, {}): full}

    def page_layout(roots: Sequence[ChartNode], continues: dict, came_from) -> Layout:
        key = key_of(roots, continues, came_from)
        if key not in cache:
            cache[key] = lay_out_page(roots, style, continues, came_from, fold)
        return cache[key]

    def fits(roots, continues, came_from) -> bool:
        return _readable(page_layout(roots, continues, came_from), style, paper)

    plans = plan_pages(forest, fits)
    multi = len(plans) > 1
    pages = []
    for plan in plans:
        lay = page_layout(plan.roots, plan.continues, plan.continued_from)
        frame = frame_for(lay, style)
        scale = fit_scale((frame.width, frame.height), paper)
        kwargs = dict(organisation=org.org.organization, subtitle=_subtitle(style, plan, multi),
                      meta=_meta(org, style, (plan.number, len(plans)) if multi else None), frame=frame)
        pages.append(ChartPage(plan.number, plan, lay, frame, scale, chart_svg(lay, style, **kwargs),
                               chart_svg(lay, style, display_scale=scale * 0.995, **kwargs)))
    full_svg = chart_svg(full, style, organisation=org.org.organization, subtitle=_subtitle(style, None, False),
                         meta=_meta(org, style, None))
    return ChartDocument(full, full_svg, tuple(pages))
