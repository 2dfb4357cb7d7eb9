"""handbook.docx: the whole 岗位说明书汇编 as one Word document HR can open and edit.

The same content in the same order as handbook.pdf: cover, contents, org chart, staffing
table, then each department in tree order (its duties and positions) followed by its
positions' job descriptions in reporting-line order, the RACI matrices, the approval
limits, the meetings and the chapters (docx_rules.py), and an index of positions in pinyin order.

The contents is a real TOC field and the index's numbers are PAGEREF fields to bookmarks
on the headings, so Word can recompute them. This module writes each number as "—" and
asks Word to update fields on opening (w:updateFields); docx_pages.py then has
LibreOffice lay the file out and writes the real numbers in as the fields' stored
results (and drops the request), so Word, WPS and LibreOffice show them without a
prompt. A number taken from handbook.pdf would be wrong: WeasyPrint and a word processor
break pages differently.

The document itself (sections, bookmarks, saving) is docx_document.py; the fragments kept
between builds, docx_fragments.py.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from docx.oxml.ns import qn
from docx.text.run import Run

from ..format.approval_tiers import range_note
from ..build_graph import BuildContext
from ..headcount_text import totals_notes
from ..tables.raci_matrix import TIER_MARK
from ..jd.context import ItemGroup, NumberedItem, number_items
from ..jd.docx_fonts import set_run_east_asia
from ..jd.docx_package import write_atomically
from ..tables.labels import title_block
from ..tables.staffing_rows import table_columns, total_note
from .docx_chart import Pictures, chart_sheets
from .docx_document import INDEX_COLUMN_GAP, HandbookDocument
from .docx_rules import add_chapters, add_department_reports, add_meetings, department_report_cells
from .docx_fragments import Heading, _json
from .docx_jd import jd_body, page_break_before, serialized_in_place
from .docx_styles import TOC_LEVELS
from .docx_signoff import add_signoff
from .docx_levels import add_levels, add_structure_appendix
from .docx_tables import authority_table, fitted, legend_runs, process_tables, staffing_table
from ..tables.column_fit import Column
from .docx_xml import (CM, Cell, bookmarked, el, field, field_begin, field_end, internal_link, paragraph, run,
                       split_widths, table)
from .frontmatter import department_columns, department_positions, index_detail, index_groups
from .sources import WordSources

EMU_PER_TWIP = 635
TWIPS_PER_PT = 20
MUTED = "6B7785"
PAGE_PLACEHOLDER = "—"  # what a page-number field shows until Word updates it
CHART_HEADROOM = int(2.2 * CM)  # room above a chart picture for the part heading
TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'


class WordHandbook(HandbookDocument):
    """The parts of handbook.docx, in the order they are added."""

    def __init__(self, ctx: BuildContext, sources: WordSources):
        super().__init__(ctx)
        self.sources = sources

    def cover(self) -> None:
        org, labels = self.org, self.labels
        handbook = org.org.handbook
        self.text(org.org.organization, size=16, color=MUTED, align="center", before=int(5 * CM), after=240)
        self.text(self.title, self.style("Title"), size=28, align="center", after=int(1.2 * CM))
        total = org.grand_total()
        figures = [] if total.nothing_stated else [f"{total.budget} / {total.filled} / {total.vacant}"]  # all 0: none
        rows = [(labels["version"], handbook.version), (labels["effective"], handbook.effective),
                (labels["approved_by"], handbook.approved_by), (labels["positions"], str(len(org.roles))),
                # only the notes when nothing is stated: no 在岗 / 空缺 heading over them
                (labels["budget" if total.nothing_stated else "headcount"],
                 " · ".join([*figures, *totals_notes(total, org.language)]))]
        cells = [[Cell(label, bold=True), Cell(value)] for label, value in rows if value]
        self.add(table(split_widths(self.page.text_width(), (30, 70)), cells, self.face(None)))
        self.text(labels["approval_note"], size=9, color=MUTED, before=480)
        self.end_section(headers=False)  # a cover carries no header or page number

    def contents(self):
        """The contents' title; the field itself is filled in at the end, once every heading is known."""
        anchor = self.text(self.labels["contents"], self.style("TOCHeading", self.style("Title")))
        self.end_section(own_paragraph=True)  # the field goes between the title and the break
        return anchor

    def fill_contents(self, anchor) -> None:
        entries = [h for h in self.headings if h.level <= TOC_LEVELS]
        self.fragment("contents", [_json([[h.level, h.text, h.bookmark] for h in entries])],
                      lambda: self._contents_field(entries), after=anchor)

    def _contents_field(self, entries: list[Heading]) -> None:
        face = self.face(None)
        paragraphs = []
        for heading in entries:
            content = [internal_link(heading.bookmark, [run(heading.text, face)]), run("\t", face),
                       *field(f"PAGEREF {heading.bookmark} \\h", PAGE_PLACEHOLDER, face)]
            paragraphs.append(paragraph(content, style=f"TOC{heading.level}"))
        if not paragraphs:
            paragraphs = [paragraph()]
        first, last = paragraphs[0], paragraphs[-1]
        position = 1 if first.find(qn("w:pPr")) is not None else 0
        for offset, element in enumerate(field_begin(TOC_INSTRUCTION, face, dirty=True)):
            first.insert(position + offset, element)
        last.append(field_end())
        self.add(*paragraphs)

    def orgchart(self) -> None:
        sheets = chart_sheets(self.sources.chart, self.org.language, self.ctx.pool)
        if not sheets:
            return
        self.heading(self.labels["orgchart"], 1, page_break=False)
        # The sheets on their own paper (an A3 chart on an A3 fold-out page, as printed in
        # orgchart.pdf): shrunk onto A4, an A3 sheet's box text was about 5 pt.
        page = self.chart_page
        box_w, box_h = page.text_width(landscape=True), page.text_height(landscape=True) - CHART_HEADROOM
        adder = Pictures(self.doc.part)
        for index, sheet in enumerate(sheets):
            width, height = (size * TWIPS_PER_PT for size in sheet.size_pt)
            scale = min(box_w / width, box_h / height)
            inline = adder.inline(sheet.png, int(width * scale) * EMU_PER_TWIP, int(height * scale) * EMU_PER_TWIP,
                                  svg=sheet.svg)
            self.add(paragraph([el("w:r", children=[el("w:drawing", children=[inline])])], align="center",
                               page_break=index > 0))
        self.end_section(landscape=True, page=page)

    def staffing(self) -> None:
        org = self.org
        labels, rows, total = dict(self.sources.staffing.labels), self.sources.staffing.rows, self.sources.staffing.total
        meta = [*title_block(org.org.handbook, labels), self.sources.staffing.totals]
        note = total_note(total, org.language)
        self.fragment("staffing", [repr(rows), repr((total, total.vacant)), _json([labels, meta, note])],
                      lambda: self._staffing(rows, total, labels, meta, note))

    def _staffing(self, rows, total, labels: dict[str, str], meta: list[str], note: str) -> None:
        self.heading(self.labels["staffing"], 1, page_break=False)
        self.text("  |  ".join(meta), self.style("Subtitle"), after=120)
        self.add(staffing_table(rows, total, labels, self.page.text_width(), self.face(None), self.header_look,
                                note, self.table_size))
        self.text(labels[table_columns(list(rows), note).note], size=9, color=MUTED, before=120)

    def departments(self) -> dict[str, str]:
        """Each department's page, then its positions' job descriptions; returns role id → bookmark."""
        org, labels = self.org, self.labels
        self.heading(labels["departments"], 1)
        positions: dict[str, str] = {}
        for number, (dept, _depth) in enumerate(org.departments_in_tree_order()):
            roles = org.roles_in_department(dept.id)
            view = {  # all the department page shows
                "name": dept.name, "page_break": number > 0,
                "path": [d.name for d in org.department_path(dept.id)[:-1]],
                "duties": [[item.number, item.text, item.depth] for item in number_items(dept.duties)],
                "positions": department_positions(org, dept.id, labels),
                "filled_stated": department_columns(org, dept.id).filled,  # else no 在岗 and 空缺 columns
                "reports": department_report_cells(org, dept.id),
                "sub_departments": [d.name for d in org.sub_departments(dept.id)],
            }
            self.fragment("department", [_json(view)], lambda view=view: self._department_page(view))
            for role in roles:
                positions[role.id] = self._job_description(role)
        return positions

    def _department_page(self, view: dict) -> None:
        labels, face = self.labels, self.face(None)
        self.heading(view["name"], 2, page_break=view["page_break"])
        if view["path"]:
            self.text(" / ".join(view["path"]), self.style("Subtitle"))
        if view["duties"]:
            self.heading(labels["department_duties"], 4, page_break=False)
            body = self.doc.element.body
            before = len(body)
            items = tuple(NumberedItem(number, text, depth) for number, text, depth in view["duties"])
            self.writer.items([ItemGroup(items)])  # the JD's numbered-duty layout, added before the body's sectPr
            added = list(body)[before - 1:-1]
            for p in added:  # name the CJK face, as the JD writer does
                for r in p.iter(qn("w:r")):
                    set_run_east_asia(Run(r, None), self.face("JDItem"))
            self.add(*added)
        if view["reports"]:
            add_department_reports(self, view["reports"])
        if view["positions"]:
            self.heading(labels["positions_in_department"], 4, page_break=False)
            numbers = dict(align="center")
            graded = any(grade for _title, grade, *_rest in view["positions"])  # else no 级别 column, as the PDF
            filled = view["filled_stated"]  # the staffing table's rule: no column nobody stated
            keep = (True, graded, True, True, filled, filled)
            header = [Cell(labels[k]) for k in ("position", "grade", "reports_to")] + [
                Cell(labels[k], **numbers) for k in ("budget", "filled", "vacant")]
            rows = [[Cell(title), Cell(grade), Cell(reports_to), *(Cell(n, **numbers) for n in counts)]
                    for title, grade, reports_to, *counts in view["positions"]]
            header, *rows = ([cell for cell, kept in zip(row, keep) if kept] for row in [header, *rows])
            columns = [Column(cell.text, [row[n].text for row in rows], words=True, bold=True)
                       for n, cell in enumerate(header)]
            self.add(table(fitted(columns, self.page.text_width(), self.table_size), [header, *rows], face,
                           header_rows=1, header_look=self.header_look))
        if view["sub_departments"]:
            self.heading(labels["sub_departments"], 4, page_break=False)
            self.text(self.jd_labels["list_separator"].join(view["sub_departments"]))

    def _job_description(self, role) -> str:
        source = self.sources.jd_docx[role.id]
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        headings = self.fragment("job-description", [data, role.title],
                                 lambda: self._moved_job_description(data, role.id, role.title))
        return headings[-1].bookmark

    def _moved_job_description(self, data: bytes, role_id: str, role_title: str) -> Optional[bytes]:
        jd = jd_body(data, role_id)
        number = self.new_bookmark()
        bookmark = f"_Jd{number}"
        title = jd.title
        if title is None:  # a template without a Title style: give the position its own heading
            title = paragraph([run(role_title, self.face("Heading3"))], style="Heading3")
            jd.elements.insert(0, title)
        content = [c for c in title if c.tag != qn("w:pPr")]
        for child in content:
            title.remove(child)
        title.extend(bookmarked(number, bookmark, content))
        first = jd.elements[0]
        if first.tag != qn("w:p"):
            first = paragraph()
            jd.elements.insert(0, first)
        page_break_before(first)
        self.headings.append(Heading(3, role_title, bookmark))
        serialized = serialized_in_place(jd, self.codec)  # the same bytes as moving them, only faster
        if serialized is None:
            self.add(*jd.elements)
        return serialized

    def raci(self) -> None:
        org = self.org
        raci = self.sources.raci
        if raci is None:
            return
        labels, matrix, analysis = dict(raci.labels), raci.matrix, raci.analysis
        processes = [(process_id, process.name) for process_id, process in org.processes.items()]
        group = {c.id: g.name for g in matrix.groups for c in g.columns}  # same titles recur: name the department
        findings = [(labels["unowned_title"], analysis.unowned_lines(labels, matrix.letter_labels)),
                    (labels["idle_title"], [c.title + self.jd_labels["bracketed"].format(text=group[c.id])
                                            for c in analysis.idle])]
        self.fragment("raci", [repr(matrix), _json([processes, findings, labels])],
                      lambda: self._raci(matrix, processes, findings, labels))

    def _raci(self, matrix, processes: list[tuple[str, str]], findings: list[tuple[str, list[str]]],
              labels: dict[str, str]) -> None:
        face, width = self.face(None), self.page.text_width(landscape=True)
        self.heading(self.labels["raci"], 1, page_break=False)
        self.add(paragraph(legend_runs(matrix.letter_labels, face), after=120))
        if any(row.tiered for row in matrix.rows):
            self.text(f"A{TIER_MARK} {labels['tiered_note_word']}", size=9, color=MUTED, after=120)
        for number, (process_id, name) in enumerate(processes):
            self.heading(name, 2, page_break=number > 0)
            for index, element in enumerate(process_tables(matrix, process_id, labels, width, face, self.header_look)):
                if index:
                    self.add(paragraph(after=0))  # Word merges adjacent tables; keep them apart
                self.add(element)
        self.heading(labels["analysis_title"], 2)
        for title, lines in findings:
            self.text(title, self.style("JDLabel"), before=160)
            for line in lines or [labels["none"]]:
                self.text(f"•\t{line}", tabs=[("left", 284, None)], indent=284)
        self.end_section(landscape=True)

    def authority(self) -> None:
        """The approval limits (审批权限表): each process's tiers, one row per tier."""
        given = self.sources.authority
        if given is None:
            return
        tiers, titles, labels = list(given.tiers), dict(given.titles), dict(given.labels)
        self.fragment("authority", [repr(tiers), _json([titles, labels])],
                      lambda: self._authority(tiers, titles, labels))

    def _authority(self, tiers: list, titles: dict[str, str], labels: dict[str, str]) -> None:
        self.heading(self.labels["authority"], 1, page_break=False)  # the RACI section ended its page
        self.text(range_note(tiers, labels), size=9, color=MUTED, after=120)
        face, width = self.face(None), self.page.text_width()
        for process_id in dict.fromkeys(t.process_id for t in tiers):
            own = [t for t in tiers if t.process_id == process_id]
            self.heading(own[0].process, 2, page_break=False)
            self.add(authority_table(own, titles, labels, width, face, self.header_look, self.table_size))
        self.end_section()

    def index(self, positions: dict[str, str]) -> None:
        """Positions in index order (strokes or pinyin: `index_groups`), grouped, with PAGEREF page numbers; two columns."""
        org = self.org
        entries = [[role.id, role.title, index_detail(org, role, self.labels), positions[role.id]]
                   for role in org.roles.values()]  # in the organisation's order: the sort keeps it for ties
        self.fragment("index", [org.language, self.labels["other"], _json(entries)], lambda: self._index(positions))
        # The last section: the template's own properties, in two columns after a continuous break.
        final = self._section_properties(False, True, columns=2, continuous=True)
        self.final.getparent().replace(self.final, final)
        self.final = final

    def _index(self, positions: dict[str, str]) -> None:
        org, labels = self.org, self.labels
        self.heading(labels["index"], 1, page_break=False)
        self.end_section()  # the heading spans the page; the entries follow in two columns
        column = (self.page.text_width() - INDEX_COLUMN_GAP) // 2
        face = self.face(None)
        for letter, roles in index_groups(org, self.ctx.pool):  # pinyin keys: cached, or a worker
            self.text(letter, self.style("JDLabel"), keep_next=True, before=160)
            for role in roles:
                content = [run(role.title, face),
                           run(f"  {index_detail(org, role, labels)}", face, size=8.5, color=MUTED),
                           run("\t", face),
                           *field(f"PAGEREF {positions[role.id]} \\h", PAGE_PLACEHOLDER, face, dirty=True)]
                self.add(paragraph(content, tabs=[("right", column, "dot")], after=40))



def render_handbook_docx(ctx: BuildContext, sources: WordSources) -> Path:
    book = WordHandbook(ctx, sources)
    book.cover()
    anchor = book.contents()
    book.orgchart()
    book.staffing()
    positions = book.departments()
    book.end_section()
    book.raci()
    book.authority()
    add_levels(book)  # 职级体系 (section 13): nothing without ladders or families
    add_meetings(book)
    add_chapters(book)
    add_structure_appendix(book)
    add_signoff(book, sources.signoff)
    book.index(positions)
    book.fill_contents(anchor)
    return write_atomically(book.save(), ctx.out / "handbook.docx")
