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
from ..format.organisation import Organisation
from .chart import ChartStyle, lay_out_page
from .layout import Layout
from .paging import PagePlan, fit_scale, plan_pages
from .style import MIN_FONT, MIN_PRINTED_PT, MIN_SCALE, ROOMY, Fold, compact_fold
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


def _readable(lay: Layout, style: ChartStyle, paper: str, min_scale: float = MIN_SCALE) -> bool:
    frame = frame_for(lay, style)
    return fit_scale((frame.width, frame.height), paper) >= min_scale


@dataclass(frozen=True)
class ScreenLayout:
    """The whole organisation on one canvas, as orgchart.svg draws it (and the website's chart)."""

    style: ChartStyle
    forest: tuple[ChartNode, ...]
    layout: Layout
    fold: Fold


def screen_layout(org: Organisation, paper: str = "A3", min_scale: float = MIN_SCALE) -> ScreenLayout:
    """The whole chart laid out once, folded harder when it would not print on one sheet."""
    style = ChartStyle.of(org)
    forest = chart_forest(org)
    full = lay_out_page(forest, style)
    fold = ROOMY
    if not _readable(full, style, paper, min_scale):
        # Too big for one sheet: fold harder (also on the screen SVG, which gets very wide otherwise).
        fold = compact_fold(paper)
        full = lay_out_page(forest, style, fold=fold)
    return ScreenLayout(style, forest, full, fold)


def fits_one_sheet(screen: ScreenLayout, paper: str, min_printed_pt: float) -> bool:
    """Whether the whole chart prints on one `paper` sheet with its smallest text at `min_printed_pt` or more."""
    return _readable(screen.layout, screen.style, paper, min_printed_pt / MIN_FONT)


def build_chart(org: Organisation, paper: str = "A3", *, min_printed_pt: float = MIN_PRINTED_PT,
                first_page: int = 1, sheet_numbers: bool = True,
                screen: Optional[ScreenLayout] = None) -> ChartDocument:
    """Lay out and draw the organisation: the full canvas and the printable pages.

    A page is readable when its smallest text prints at `min_printed_pt` or more. The
    "continued on/from page N" marks name page `first_page - 1 + N` (the handbook prints
    the sheets from its page `first_page`); `sheet_numbers` prints "page X of Y" on each sheet."""
    min_scale = min_printed_pt / MIN_FONT
    screen = screen or screen_layout(org, paper, min_scale)
    style, forest, full, fold = screen.style, screen.forest, screen.layout, screen.fold
    shift = first_page - 1
    def key_of(roots: Sequence[ChartNode], continues: dict, came_from) -> tuple:
        return tuple(id(r) for r in roots), tuple(sorted(continues.items())), tuple(sorted(came_from.items()))

    cache: dict[tuple, Layout] = {key_of(forest, {}, {}): full}

    def page_layout(roots: Sequence[ChartNode], continues: dict, came_from) -> Layout:
        key = key_of(roots, continues, came_from)
        if key not in cache:
            cache[key] = lay_out_page(roots, style, continues, came_from, fold)
        return cache[key]

    def fits(roots, continues, came_from) -> bool:
        return _readable(page_layout(roots, continues, came_from), style, paper, min_scale)

    plans = plan_pages(forest, fits)
    multi = len(plans) > 1
    pages = []
    for plan in plans:
        lay = page_layout(plan.roots, {box: page + shift for box, page in plan.continues.items()},
                          {box: page + shift for box, page in plan.continued_from.items()})
        frame = frame_for(lay, style)
        scale = fit_scale((frame.width, frame.height), paper)
        numbered = (plan.number, len(plans)) if multi and sheet_numbers else None
        kwargs = dict(organisation=org.org.organization, subtitle=_subtitle(style, plan, multi),
                      meta=_meta(org, style, numbered), frame=frame)
        pages.append(ChartPage(plan.number, plan, lay, frame, scale, chart_svg(lay, style, **kwargs),
                               chart_svg(lay, style, display_scale=scale * 0.995, **kwargs)))
    full_svg = chart_svg(full, style, organisation=org.org.organization, subtitle=_subtitle(style, None, False),
                         meta=_meta(org, style, None))
    return ChartDocument(full, full_svg, tuple(pages))


HANDBOOK_MIN_PRINTED_PT = 6.5  # a bound book is read close up: one sheet at 6.5 pt beats four at 7


def handbook_chart(org: Organisation, first_page: int) -> tuple[str, ChartDocument]:
    """The chart as handbook.pdf prints it, and its paper: one A4 landscape page when the
    whole chart's smallest text prints at HANDBOOK_MIN_PRINTED_PT or more there, else one A3
    fold-out page when it does there, else A4 pages split by subtree, whose "continued"
    marks name the handbook's pages (its first sheet is the handbook's page `first_page`)."""
    screens = {}
    for paper in ("A4", "A3"):
        screens[paper] = screen_layout(org, paper, HANDBOOK_MIN_PRINTED_PT / MIN_FONT)
        if fits_one_sheet(screens[paper], paper, HANDBOOK_MIN_PRINTED_PT):
            return paper, build_chart(org, paper, min_printed_pt=HANDBOOK_MIN_PRINTED_PT, screen=screens[paper])
    return "A4", build_chart(org, "A4", min_printed_pt=HANDBOOK_MIN_PRINTED_PT, first_page=first_page,
                             sheet_numbers=False, screen=screens["A4"])
