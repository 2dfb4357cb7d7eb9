"""handbook.pdf and handbook.docx: the whole 岗位说明书汇编 in one file each.

Steps the scheduler can overlap with the job descriptions' layout:
* the department pages need nothing from the other outputs: the workers lay them out
  first (the result waits in the build cache);
* the Word handbook needs only the Word job descriptions (ready long before their PDFs),
  the org chart and the tables, so this process writes it while the PDFs are laid out;
  then its own step has LibreOffice lay out what changed in it for its page numbers
  (handbook/docx_pages.py), in a niced process of its own: started once the build's last
  layout is done, beside the PDF handbook's merge, when much is to be laid out (a clean
  build), at once when little is (a rebuild); the numbers are written in when both
  handbooks are done;
* the PDF handbook needs the job descriptions' pages. Its contents and index are laid out
  one after the other (each is a big layout; the two side by side were the peak memory
  of a 500-position build): `heavy` makes the scheduler give it one worker.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from ..build_graph import BuildContext, Output, Product, Started, Step
from ..handbook.docx_handbook import render_handbook_docx
from ..handbook.docx_pages import not_asked, prepare_page_numbers
from ..handbook.frontmatter import render_departments, render_rules
from ..handbook.pdf_handbook import start_handbook_pdf
from ..handbook.sources import AuthoritySource, ChartSheets, PdfSources, RaciSource, StaffingSource, WordSources
from ..pdf import LaidOut
from ..pool import release_memory
from .authority import AUTHORITY
from .jd import JD, JD_WORD
from .levels import LEVELS
from .orgchart import HANDBOOK_CHART, ORGCHART, start_handbook_chart
from .raci import RACI
from .signoff import APPENDIX, start_appendix, word_appendix
from .staffing import STAFFING


@dataclass(frozen=True)
class Handbook:
    files: list[Path]
    pdf: Path
    docx: Path


DEPARTMENT_PAGES: Product[Callable[[], LaidOut]] = Product("handbook_departments", "department pages being laid out")
RULE_PAGES: Product[Callable[[], Optional[LaidOut]]] = Product("handbook_rules", "meetings and chapters being laid out")
HANDBOOK_DOCX: Product[Path] = Product("handbook_docx", "handbook.docx as written, its page numbers \"—\"")
PAGE_NUMBERS: Product[Path] = Product("handbook_docx_pages", "handbook.docx with LibreOffice's page numbers")
PAGE_NUMBERS_START: Product[Callable[[], None]] = Product("handbook_docx_pages_start", "starts LibreOffice")
HANDBOOK_PDF: Product[Path] = Product("handbook_pdf", "handbook.pdf")
HANDBOOK: Product[Handbook] = Product("handbook", "handbook.pdf and handbook.docx")


def word_handbook(ctx: BuildContext) -> Path:
    chart, staffing, raci, authority = ctx.get(ORGCHART), ctx.get(STAFFING), ctx.get(RACI), ctx.get(AUTHORITY)
    sources = WordSources(
        jd_docx=ctx.get(JD_WORD),
        chart=ChartSheets(chart.paper, chart.pages),
        staffing=StaffingSource(staffing.rows, staffing.total, staffing.labels, staffing.totals),
        raci=RaciSource(raci.matrix, raci.analysis, raci.labels) if raci.matrix is not None else None,
        authority=AuthoritySource(authority.tiers, authority.titles, authority.labels) if authority.tiers else None,
        signoff=word_appendix(ctx))
    path = render_handbook_docx(ctx, sources)
    release_memory(collect=False)  # the Word handbook's XML is garbage now
    return path


def page_numbers(ctx: BuildContext) -> Started[Path]:
    """handbook.docx's page numbers (by default): LibreOffice starts when the PDF handbook says
    the build's last layout is done (PAGE_NUMBERS_START), beside its merge, unless little is
    to be laid out (then at once), and the numbers are written in when both handbooks are
    done. A clean build's layout started beside the PDF layout found no idle core on a
    2-core machine (the build keeps both busy) and added its ~250 MB to the workers': a
    300-position build's peak went from ~600 to ~750 MB for no time gained."""
    path = ctx.get(HANDBOOK_DOCX)
    pending = prepare_page_numbers(path, ctx.reporter.note) if ctx.options.word_page_numbers else not_asked(path)
    return Started(pending.finish, early={PAGE_NUMBERS_START: lambda: pending.start}, close=pending.close,
                   uses_pool=False)


def pdf_handbook(ctx: BuildContext) -> Path:
    raci, chart, levels = ctx.get(RACI), ctx.get(HANDBOOK_CHART), ctx.get(LEVELS)
    sources = PdfSources(jd_pages=ctx.get(JD).pages, orgchart_pdf=chart.wait() if chart.wait else ctx.get(ORGCHART).pdf,
                         orgchart_first_page=chart.first_page, orgchart_for_page=chart.for_page,
                         staffing_pdf=ctx.get(STAFFING).pdf, raci_pdf=raci.handbook_pdf or raci.pdf,
                         departments=ctx.get(DEPARTMENT_PAGES), authority_pdf=ctx.get(AUTHORITY).pdf,
                         rules=ctx.get(RULE_PAGES), levels_pdf=levels.pdf, stats_pdf=levels.stats_pdf,
                         signoff=ctx.get(APPENDIX))
    start_libreoffice, layouts_done = ctx.get(PAGE_NUMBERS_START), ctx.layouts_done

    def workers_ended() -> None:  # the workers are ended (their memory freed) before LibreOffice starts
        layouts_done()
        start_libreoffice()

    ctx.layouts_done = workers_ended
    return start_handbook_pdf(ctx, sources)()  # lays out the contents and index, then merges


def both_handbooks(ctx: BuildContext) -> Handbook:
    pdf, docx = ctx.get(HANDBOOK_PDF), ctx.get(PAGE_NUMBERS)  # waits for LibreOffice, writes the numbers
    return Handbook([pdf, docx], pdf, docx)


OUTPUT = Output("handbook", (
    Step(DEPARTMENT_PAGES, render_departments),
    Step(HANDBOOK_CHART, start_handbook_chart),
    Step(RULE_PAGES, render_rules),
    Step(APPENDIX, start_appendix),  # sign-off (outputs/signoff.py): who has signed, per department
    Step(HANDBOOK_DOCX, word_handbook, needs=(ORGCHART, RACI, STAFFING, AUTHORITY, JD_WORD), heavy=True),
    Step(PAGE_NUMBERS, page_numbers, needs=(HANDBOOK_DOCX,), gives_early=(PAGE_NUMBERS_START,)),
    Step(HANDBOOK_PDF, pdf_handbook, needs=(JD, ORGCHART, HANDBOOK_CHART, RACI, STAFFING, AUTHORITY, LEVELS,
                                            DEPARTMENT_PAGES, RULE_PAGES, APPENDIX, PAGE_NUMBERS_START),
         heavy=True),
    Step(HANDBOOK, both_handbooks, needs=(HANDBOOK_PDF, PAGE_NUMBERS)),
), "handbook.pdf, handbook.docx")
