"""Writes OUT/orgchart.svg, OUT/orgchart.pdf and OUT/orgchart.png.

* orgchart.svg is the whole organisation on one canvas, never split: it is for screens
  and intranets, where one can zoom. (The printed pages are in the PDF; the per-page
  SVGs are handed to the handbook in the ORGCHART product.)
* orgchart.pdf has one landscape sheet (A3 or A4, --paper) per chart page: the chart
  alone if it prints readably, else an overview of the top levels and one page per
  subtree (see jobdesc/orgchart/paging.py).
* orgchart.png is the first sheet at 170 dpi, for Word documents and previews.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from markupsafe import Markup

from ..environment import write_failed
from ..build_graph import BuildContext, Output, Product, Started, Step
from ..pdf.assemble import Section, merge
from ..i18n import HTML_LANG
from ..handbook.pdf_handbook import estimated_chart_page
from ..orgchart import ChartDocument, build_chart, handbook_chart
from .. import cache
from ..pdf import lay_out_later, write_bytes
from ..templating import render_template

PNG_DPI = 170
PAGES_PER_PIECE = 6  # chart sheets laid out together, in one worker task


def _write_svg(full_svg: str, path: Path) -> Path:
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + full_svg + "\n", "utf-8")
    return path


def _start_pdf(ctx: BuildContext, chart_pages: list[ChartPage], path: Path, paper: str):
    """Start laying out the sheets in the worker pool, PAGES_PER_PIECE sheets per piece;
    the returned function joins the pieces into orgchart.pdf.

    Why pieces: a 500-position chart is ~30 A3 sheets of SVG; as one document it holds one
    worker for ~7 s at ~400 MB. The sheets are independent (no page counters), so pieces
    share the cores and each one's memory is freed when it is done."""
    pages = [{"svg": Markup(page.print_svg), "number": page.number} for page in chart_pages]
    pieces = [pages[i:i + PAGES_PER_PIECE] for i in range(0, len(pages), PAGES_PER_PIECE)]
    laid_out = []
    for piece in pieces:
        html = render_template(
            ctx.templates.environment(), "orgchart.html",
            lang=HTML_LANG[ctx.org.language], paper=paper, title=ctx.org.org.organization,
            pages=piece,
        )
        laid_out.append(lay_out_later(html, ctx.templates.folders[0], ctx.templates.folders, ctx.pool,
                                        "orgchart.html"))

    def finish() -> Path:
        parts = [later().pdf for later in laid_out]
        if len(parts) == 1:
            return write_bytes(parts[0], path)
        return cache.cached_file("orgchart-pdf", [ctx.org.org.organization, paper, *parts], path,
                                 lambda path: merge([Section("", part) for part in parts], [], path,
                                                    title=ctx.org.org.organization))

    return finish


def _write_png(pdf: Path, path: Path) -> Path:
    # pypdfium2 rasterises the PDF we just wrote, so the PNG is exactly the printed first
    # sheet; it ships as a self-contained, well-maintained wheel (PDFium), so no cairo or
    # poppler libraries are needed at run time.
    import io

    import pypdfium2

    def rasterise() -> bytes:
        document = pypdfium2.PdfDocument(str(pdf))
        try:
            image = document[0].render(scale=PNG_DPI / 72).to_pil()
        finally:
            document.close()
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="PNG", dpi=(PNG_DPI, PNG_DPI))
        return buffer.getvalue()

    build_cache = cache.current()
    data = (build_cache.get_or_make("png", cache.digest(pdf.read_bytes(), str(PNG_DPI)), rasterise)
            if build_cache is not None else rasterise())
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise write_failed(path, exc) from None
    return path


CHART_FIELDS = ("id", "title", "external_title", "grade", "headcount", "incumbents", "serves", "reports_to",
                "dotted_to", "assistant", "department")  # all the chart reads of a role


@dataclass(frozen=True)
class ChartPage:
    print_svg: str  # sized for the paper
    number: int
    size_pt: tuple[float, float]


def _chart(ctx: BuildContext, paper: str) -> tuple[str, list[ChartPage]]:
    """The whole-chart SVG and the printed pages of orgchart.pdf."""
    _paper, full_svg, pages = _cached_chart(ctx, ("orgchart", paper), lambda: (paper, build_chart(ctx.org, paper)))
    return full_svg, pages


def _cached_chart(ctx: BuildContext, variant: tuple,
                  draw: Callable[[], tuple[str, ChartDocument]]) -> tuple[str, str, list[ChartPage]]:
    """(paper, whole-chart SVG, printed pages) as `draw` makes them, from the build cache when
    nothing the chart shows has changed (editing a duty does not redraw the chart)."""
    def make() -> tuple[str, str, list[ChartPage]]:
        paper, chart = draw()
        return paper, chart.full_svg, [ChartPage(page.print_svg, page.number,
                                                 (page.frame.width * page.scale, page.frame.height * page.scale))
                                       for page in chart.pages]

    build_cache = cache.current()
    if build_cache is None:
        return make()
    roles = [repr(tuple(getattr(role, name) for name in CHART_FIELDS)) for role in ctx.org.roles.values()]
    key = cache.digest(*map(str, variant), ctx.org.language, repr(ctx.org.org), *roles)
    stored = build_cache.get("orgchart", key, lambda data: cache.read_json(data, {
        "paper": str, "svg": str, "pages": [{"svg": str, "number": int, "size": (float, float)}]}))
    if stored is not None:
        return stored["paper"], stored["svg"], [ChartPage(p["svg"], p["number"], p["size"]) for p in stored["pages"]]
    paper, full_svg, pages = make()
    build_cache.put("orgchart", key, json.dumps({"paper": paper, "svg": full_svg, "pages": [
        {"svg": p.print_svg, "number": p.number, "size": list(p.size_pt)} for p in pages]}).encode())
    return paper, full_svg, pages


@dataclass(frozen=True)
class OrgChart:
    files: list[Path]
    svg: Path
    pdf: Path
    png: Path  # the first sheet
    paper: str
    pages: list[str]  # each printed sheet's SVG, sized for the paper
    page_sizes_pt: list[tuple[float, float]]


ORGCHART: Product[OrgChart] = Product("orgchart", "the chart's files and each printed sheet's drawing")


def start(ctx: BuildContext) -> Started[OrgChart]:
    """Lay out the chart and hand its PDF to the worker pool; the build finishes the PDF
    and the PNG when it needs them."""
    full_svg, pages = _chart(ctx, ctx.options.paper)
    svg = _write_svg(full_svg, ctx.out / "orgchart.svg")
    finish_pdf = _start_pdf(ctx, pages, ctx.out / "orgchart.pdf", ctx.options.paper)

    def finish() -> OrgChart:
        pdf = finish_pdf()
        png = _write_png(pdf, ctx.out / "orgchart.png")
        # Paths point into the staging folder, valid while this build runs.
        return OrgChart([svg, pdf, png], svg, pdf, png, ctx.options.paper, [page.print_svg for page in pages],
                        [page.size_pt for page in pages])

    return Started(finish)


@dataclass(frozen=True)
class HandbookChart:
    """The org chart as handbook.pdf prints it, being laid out."""

    wait: Optional[Callable[[], Path]]  # None: it is orgchart.pdf's one sheet
    first_page: int  # the handbook page its "continued on page N" marks assume it starts on
    for_page: Optional[Callable[[int], Path]]  # the chart drawn for another first page; None: one sheet


HANDBOOK_CHART: Product[HandbookChart] = Product(
    "handbook_chart", "the org chart as the handbook prints it, being laid out")


def start_handbook_chart(ctx: BuildContext) -> HandbookChart:
    """The chart as the A4 handbook prints it (orgchart.handbook_chart): one A4 page, one A3
    fold-out page, or A4 pages split by subtree whose "continued" marks name handbook pages,
    with the handbook's first page for it guessed now (the handbook asks for it again if
    the guess was wrong). Orgchart.pdf's own sheet when it is the same drawing."""
    def start_for(first_page: int) -> tuple[Optional[Callable[[], Path]], int]:
        paper, _full, pages = _cached_chart(ctx, ("handbook", first_page),
                                            lambda: handbook_chart(ctx.org, first_page))
        if len(pages) == 1 and paper == ctx.options.paper and \
                [p.print_svg for p in _chart(ctx, paper)[1]] == [pages[0].print_svg]:
            return None, 1
        return _start_pdf(ctx, pages, ctx.out / HANDBOOK_CHART_FILE.format(first_page), paper), len(pages)

    first_page = estimated_chart_page(ctx.org)
    wait, sheets = start_for(first_page)
    return HandbookChart(wait, first_page, None if sheets == 1 else lambda page: start_for(page)[0]())  # type: ignore[misc]


HANDBOOK_CHART_FILE = ".handbook/orgchart-p{}.pdf"  # in the staging folder; not published

OUTPUT = Output("orgchart", (Step(ORGCHART, start),), "orgchart.svg, orgchart.pdf, orgchart.png")
