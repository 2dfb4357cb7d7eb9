"""handbook.pdf: cover, contents, org chart, staffing table, each department with its job
descriptions, the RACI matrices, the approval limits, the meetings, the chapters and an
index, with bookmarks and handbook page numbers.

Page numbers printed in the contents, the index and the bookmarks all come from one list
of entries, so they cannot disagree.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Optional

from ..build_graph import BuildContext
from ..format.organisation import Organisation
from ..pdf import LaidOut
from ..pdf.assemble import Bookmark, Section, Sources, merge
from ..pdf.stamps import stamp_page_references
from .frontmatter import TocEntry, render_front, render_index
from .labels import handbook_labels
from .sources import PdfSources

MAX_TOC_PASSES = 4
MAX_CHAPTER_HEADING_DEPTH = 2  # a chapter's headings in the contents and bookmarks: its sections and theirs
# Contents lines per page, measured on the built-in handbook.css (the first page also holds
# the heading); a wrong guess costs one more layout of the contents and the index.
TOC_LINES_FIRST_PAGE = 42
TOC_LINES_PER_PAGE = 47
# A job description prints 第 X 页 / 共 Y 页 in its bottom margin (jd.css: 17 mm); in the
# handbook only the handbook's page number counts, so text that low on its pages is dropped.
JD_FOOTER_BAND = 17 * 72 / 25.4
# The staffing table and the approval limits print "page / pages" centred in their bottom
# margin (tables.css, authority.html: 13 to 15 mm); the handbook drops it too. (The RACI
# matrix comes without it: raci.py gives the handbook its pages unnumbered.)
TABLE_FOOTER_BAND = 15 * 72 / 25.4
LEGEND_SIZE_PT = 8.5  # raci.html's legend, where the approval limits' page number is printed


@dataclass
class Entry:
    """One line of the contents / one bookmark. `section` is None for a heading-only entry
    (it points at the next section's first page)."""

    title: str
    kind: str  # "part", "department" or "position"
    depth: int  # nesting depth in the contents
    section: Optional[Section]
    role_id: Optional[str] = None
    page: int = 0  # 0-based, filled in once the front matter's length is known
    children: list["Entry"] = field(default_factory=list)
    within: Optional[int] = None  # a heading inside the last section: its page counted from that section's start


def plan(ctx: BuildContext, given: PdfSources) -> list[Entry]:
    """The handbook after its front matter, in order, as a tree of entries."""
    org, labels = ctx.org, handbook_labels(ctx.org.language)
    top: list[Entry] = []
    if given.orgchart_pdf is not None:
        # A4 sheets, or one A3 fold-out sheet kept A3 (orgchart.handbook_chart)
        top.append(Entry(labels["orgchart"], "part", 0, Section(labels["orgchart"], given.orgchart_pdf)))
    if given.staffing_pdf is not None:
        top.append(Entry(labels["staffing"], "part", 0, Section(labels["staffing"], given.staffing_pdf,
                                                                    footer_margin=TABLE_FOOTER_BAND)))

    departments_entry = Entry(labels["departments"], "part", 0, None)
    top.append(departments_entry)
    intros = given.departments()
    tree = ctx.org.departments_in_tree_order()
    starts = [intros.anchors[f"dept-{d.id}"] for d, _ in tree] + [intros.page_count]
    by_id: dict[str, Entry] = {}
    for (dept, depth), first, end in zip(tree, starts, starts[1:]):
        entry = Entry(dept.name, "department", 1 + depth, Section(dept.name, intros.pdf, pages=range(first, end)))
        parent = by_id.get(dept.parent) if dept.parent else None
        (parent.children if parent else departments_entry.children).append(entry)
        by_id[dept.id] = entry
        for role in org.roles_in_department(dept.id):
            # The pages as the job descriptions laid them out: a chunk PDF, fonts embedded once per chunk.
            source, pages = given.jd_pages[role.id]
            entry.children.append(Entry(role.title, "position", 2 + depth,
                                        Section(role.title, source, pages=list(pages),
                                                footer_margin=JD_FOOTER_BAND), role.id))
    if given.raci_pdf is not None:
        top.append(Entry(labels["raci"], "part", 0, Section(labels["raci"], given.raci_pdf, fit_a4=True)))
    if given.authority_pdf is not None:
        top.append(Entry(labels["authority"], "part", 0,  # "authority": the RACI legend's page reference
                         Section(labels["authority"], given.authority_pdf, fit_a4=True,
                                 footer_margin=TABLE_FOOTER_BAND)))
    if given.levels_pdf is not None:  # 职级体系表 and the career paths (section 13)
        top.append(Entry(labels["levels"], "part", 0, Section(labels["levels"], given.levels_pdf, fit_a4=True,
                                                              footer_margin=TABLE_FOOTER_BAND)))
    top += _rules(ctx, given.rules(), labels)
    if given.stats_pdf is not None:  # the appendix: spans of control, layers, vacancy rates
        top.append(Entry(labels["stats"], "part", 0, Section(labels["stats"], given.stats_pdf,
                                                             footer_margin=TABLE_FOOTER_BAND)))
    signoff = given.signoff()
    if signoff is not None:  # an appendix: who has signed which version (sign-off, outputs/signoff.py)
        top.append(Entry(labels["signoff"], "part", 0, Section(labels["signoff"], signoff.pdf,
                                                                  footer_margin=TABLE_FOOTER_BAND)))
    return top


def _rules(ctx: BuildContext, laid_out: Optional[LaidOut], labels: dict[str, str]) -> list[Entry]:
    """The meetings table and each chapter, a part each; a chapter's headings are its children."""
    if laid_out is None:
        return []
    org = ctx.org
    anchors = laid_out.anchors
    parts = ([("meetings", labels["meetings"], None)] if org.meetings else []) + \
        [(c.anchor, c.title, c) for c in org.chapters]
    starts = [anchors[anchor] for anchor, _, _ in parts] + [laid_out.page_count]
    entries = []
    for (anchor, title, chapter), first, end in zip(parts, starts, starts[1:]):
        entry = Entry(title, "part", 0, Section(title, laid_out.pdf, pages=range(first, end)))
        section_entry = entry  # a level-2 heading nests under the level-1 heading before it
        for heading in chapter.headings() if chapter is not None else ():
            if heading.level > MAX_CHAPTER_HEADING_DEPTH:
                continue
            child = Entry(heading.text, "department" if heading.level == 1 else "position", heading.level, None,
                          within=anchors.get(heading.anchor, first) - first)
            (entry if heading.level == 1 else section_entry).children.append(child)
            if heading.level == 1:
                section_entry = child
        entries.append(entry)
    return entries


def _walk(entries: list[Entry]):
    for entry in entries:
        yield entry
        yield from _walk(entry.children)


def _number(sources: Sources, entries: list[Entry], first_page: int) -> list[Section]:
    """Give every entry its page; returns the sections in print order."""
    sections: list[Section] = []
    page = section_start = first_page
    for entry in _walk(entries):
        entry.page = page  # a heading-only entry points at whatever comes next
        if entry.within is not None:  # a chapter's heading: a page of the chapter just numbered
            entry.page = section_start + entry.within
        if entry.section is not None:
            sections.append(entry.section)
            section_start = page
            page += sources.page_count(entry.section)
    return sections


def _front_pages(entry_count: int) -> int:
    """Cover and contents pages, estimated from the number of contents lines."""
    return 2 + -(-max(0, entry_count - TOC_LINES_FIRST_PAGE) // TOC_LINES_PER_PAGE)


def estimated_chart_page(org: Organisation) -> int:
    """The handbook page the org chart (the first part after the contents) will likely start
    on, from the organisation alone: the chart's "continued on page N" marks are drawn
    before the handbook is planned (a wrong guess costs one more layout of the chart)."""
    headings = sum(1 + sum(1 for h in c.headings() if h.level <= MAX_CHAPTER_HEADING_DEPTH) for c in org.chapters)
    parts = 3 + bool(org.processes) + bool(org.approval_tiers) + bool(org.meetings)  # chart, staffing, departments
    parts += 2 * org.architecture.used  # the levels and the appendix
    return _front_pages(parts + len(org.departments) + len(org.roles) + headings + 1) + 1


def _chart_marks_for(given: PdfSources, sections: list[Section], first_page: int) -> list[Section]:
    """The sections with the chart whose "continued on page N" marks assume it starts on
    handbook page `first_page` (drawn again only when the early guess was wrong)."""
    if given.orgchart_for_page is None or given.orgchart_first_page == first_page:
        return sections
    redrawn = given.orgchart_for_page(first_page)
    return [replace(s, source=redrawn) if s.source == given.orgchart_pdf else s for s in sections]


def _bookmarks(entries: list[Entry]) -> list[Bookmark]:
    return [Bookmark(e.title, e.page, _bookmarks(e.children)) for e in entries]


def start_handbook_pdf(ctx: BuildContext, given: PdfSources) -> Callable[[], Path]:
    """Plan the handbook and start laying out its contents and index in the worker pool;
    the returned function merges everything into handbook.pdf (the build writes the Word
    handbook meanwhile)."""
    sources = Sources()
    try:
        finish = _start(ctx, given, sources)
    except BaseException:
        sources.close()
        raise

    def finish_and_close() -> Path:
        try:
            return finish()
        finally:
            sources.close()

    return finish_and_close


def _start(ctx: BuildContext, given: PdfSources, sources: Sources) -> Callable[[], Path]:
    org, labels = ctx.org, handbook_labels(ctx.org.language)
    entries = plan(ctx, given)
    # The contents' own length shifts every page number after it: estimate it from the number
    # of entries. The contents and the index are laid out with the page numbers that
    # estimate gives, and again only if the estimate was wrong.
    entry_count = sum(1 for _ in _walk(entries)) + 1  # and the index
    estimate = _front_pages(entry_count)

    def pass_with(front_pages: int):
        sections = _number(sources, entries, front_pages)
        index_page = front_pages + sum(sources.page_count(s) for s in sections)  # the index comes last
        toc = [*(TocEntry(e.title, e.kind, e.depth, str(e.page + 1)) for e in _walk(entries)),
               TocEntry(labels["index"], "part", 0, str(index_page + 1))]
        pages = {e.role_id: e.page + 1 for e in _walk(entries) if e.role_id}
        return sections, render_front(ctx, toc), render_index(ctx, pages)

    first_pass = pass_with(estimate)

    def finish() -> Path:
        front_pages, (sections, front_later, index_later) = estimate, first_pass
        for _ in range(MAX_TOC_PASSES):
            front = front_later()
            if front.page_count == front_pages:
                break
            front_pages = front.page_count
            sections, front_later, index_later = pass_with(front_pages)
        assert front.page_count == front_pages, "contents did not settle"
        sections = _chart_marks_for(given, sections, front_pages + 1)
        index_part = index_later()
        ctx.layouts_done()  # the build may end its workers before the merge, the biggest step here
        end = front_pages + sum(sources.page_count(s) for s in sections)
        all_sections = [Section(labels["cover"], front.pdf, pages=[0]),
                        Section(labels["contents"], front.pdf, pages=range(1, front.page_count), links=True),
                        *sections,
                        Section(labels["index"], index_part.pdf, links=True)]
        outline = [Bookmark(labels["contents"], 1), *_bookmarks(entries), Bookmark(labels["index"], end)]
        title = org.org.handbook.title or labels["default_title"]
        # Page references laid out before their pages were numbered (the RACI legend's).
        references = {"authority": e.page + 1 for e in entries if e.kind == "part" and e.title == labels["authority"]
                      and e.section is not None and e.section.source is given.authority_pdf}
        return merge(all_sections, outline, ctx.out / "handbook.pdf", title=title, number_from=1, sources=sources,
                     stamp=lambda pdf: stamp_page_references(pdf, references, LEGEND_SIZE_PT))

    return finish
