"""handbook.docx: the whole 岗位说明书汇编 as one Word document HR can open and edit.

The same content in the same order as handbook.pdf: cover, contents, org chart, staffing
table, then each department in tree order (its duties and positions) followed by its
positions' job descriptions in reporting-line order, the RACI matrices, and an index of
positions in pinyin order.

Word lays out the pages, so the page numbers are Word's: the contents is a real TOC field
and the index's numbers are PAGEREF fields to bookmarks on the position headings.
settings.xml asks Word to update fields on opening (w:updateFields). Until it does, the
contents field shows every heading (as links) and each page number shows "—": a number
taken from handbook.pdf would be wrong, WeasyPrint and Word break pages differently.

Speed: job descriptions are not written a second time; their bodies are moved over from
the .docx files the JD renderer already wrote (docx_jd.py). Everything else is built as
lxml elements (docx_xml.py): python-docx only opens the template, adds the pictures and saves.
"""
from __future__ import annotations

import copy
import io
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from docx.oxml.ns import qn
from docx.text.run import Run
from lxml import etree
from PIL import Image

from ..build import BuildContext
from ..i18n import labels_for
from ..jd.context import ItemGroup, number_items
from ..jd.docx_fonts import prepare_styles, set_run_east_asia
from ..jd.docx_header import fill_headers
from ..jd.docx_package import write_atomically
from ..jd.docx_writer import WordJobDescription, save_deterministic
from ..jd.labels import jd_labels
from ..render import raci as raci_render
from ..render import staffing as staffing_render
from ..tables.labels import title_block
from ..tables.raci_matrix import analyse, build_matrix
from ..tables.staffing_rows import staffing_rows
from .docx_chart import chart_pictures
from .docx_jd import jd_body, jd_source, page_break_before
from .docx_styles import TOC_LEVELS, face_lookup, find_style, header_row_look, prepare_handbook_styles
from .docx_tables import legend_runs, process_tables, staffing_table
from .docx_xml import (CM, Cell, bookmarked, el, field, field_begin, field_end, internal_link, paragraph, run,
                       split_widths, table)
from .frontmatter import index_groups
from .labels import handbook_labels

DOCX_TEMPLATE = "jd.docx"
EMU_PER_TWIP = 635
MUTED = "6B7785"
PAGE_PLACEHOLDER = "—"  # what a page-number field shows until Word updates it
CHART_HEADROOM = int(2.2 * CM)  # room above a chart picture for the part heading
INDEX_COLUMN_GAP = int(0.8 * CM)
TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
COLS_SUCCESSORS = ("formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
                   "printerSettings")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    bookmark: str


@dataclass(frozen=True)
class Page:
    """The template's page (portrait as designed) and what fits on it, in twips."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int

    @classmethod
    def of(cls, sect_pr) -> "Page":
        size, margins = sect_pr.find(qn("w:pgSz")), sect_pr.find(qn("w:pgMar"))
        w, h = int(size.get(qn("w:w"))), int(size.get(qn("w:h")))
        value = {k: int(margins.get(qn(f"w:{k}"))) for k in ("left", "right", "top", "bottom")}
        return cls(min(w, h), max(w, h), **value)

    def text_width(self, landscape: bool = False) -> int:
        return (self.height if landscape else self.width) - self.left - self.right

    def text_height(self, landscape: bool = False) -> int:
        return (self.width if landscape else self.height) - self.top - self.bottom


class HandbookDocument:
    """The handbook being built: the template's document, with the body appended part by part."""

    def __init__(self, ctx: BuildContext):
        org = ctx.org
        self.ctx, self.org = ctx, org
        self.labels = handbook_labels(org.language)
        self.jd_labels = jd_labels(org.language)
        template = ctx.templates.find(DOCX_TEMPLATE)
        # The JD writer on the same template: same styles, and its numbered-item layout is reused.
        self.writer = WordJobDescription(template.read_bytes(), self.jd_labels, template)
        self.doc = self.writer.doc
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self.final = body.find(qn("w:sectPr"))  # the last section's properties: the template's page
        self.page = Page.of(self.final)
        styles = self.doc.styles.element
        prepare_styles(styles, org.language)
        prepare_handbook_styles(styles, self.page.text_width())
        handbook = org.org.handbook
        self.title = handbook.title or self.labels["default_title"]
        version = f"{self.labels['version']} {handbook.version}" if handbook.version else self.labels["default_title"]
        fill_headers(self.doc, {"organisation": org.org.organization, "title": self.title, "document": version},
                     (self.jd_labels["page_before"], self.jd_labels["page_middle"], self.jd_labels["page_after"]))
        self.face = face_lookup(self.doc)
        self.header_look = header_row_look(styles)
        self.headings: list[Heading] = []
        self._bookmark_numbers = itertools.count(1)

    # ------------------------------------------------------------ building blocks

    def add(self, *elements) -> None:
        for element in elements:
            self.final.addprevious(element)

    def style(self, wanted: str, fallback: Optional[str] = None) -> Optional[str]:
        return wanted if find_style(self.doc.styles.element, wanted) is not None else fallback

    def text(self, text: str, style: Optional[str] = None, **look):
        """A paragraph of one run; `look` splits into run formatting and paragraph settings."""
        run_look = {k: look.pop(k) for k in ("bold", "size", "color") if k in look}
        p = paragraph([run(text, self.face(style), **run_look)], style=style, **look)
        self.add(p)
        return p

    def heading(self, text: str, level: int, page_break: bool = True) -> str:
        """A Heading N paragraph with a bookmark (for the contents and the index); returns its name."""
        number = next(self._bookmark_numbers)
        bookmark = f"_Hb{number}"  # a leading underscore: hidden from Word's bookmark list
        self.add(paragraph(bookmarked(number, bookmark, [run(text, self.face(f"Heading{level}"))]),
                           style=f"Heading{level}", page_break=page_break))
        self.headings.append(Heading(level, text, bookmark))
        return bookmark

    def end_section(self, *, landscape: bool = False, headers: bool = True, own_paragraph: bool = False) -> None:
        """Close the section so far (its pages' size and orientation); the next one starts a new page.
        The section properties go into the last paragraph, or a tiny paragraph of their own."""
        properties = self._section_properties(landscape, headers)
        last = self.final.getprevious()
        if own_paragraph or last is None or last.tag != qn("w:p") or \
                last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            last = paragraph(mark_size=1)
            self.add(last)
        ppr = last.find(qn("w:pPr"))
        if ppr is None:
            ppr = el("w:pPr")
            last.insert(0, ppr)
        ppr.append(properties)

    def _section_properties(self, landscape: bool, headers: bool, columns: int = 1, continuous: bool = False):
        properties = copy.deepcopy(self.final)
        if not headers:
            for reference in properties.findall(qn("w:headerReference")) + properties.findall(qn("w:footerReference")):
                properties.remove(reference)
        size = properties.find(qn("w:pgSz"))
        long, short = str(self.page.height), str(self.page.width)
        size.set(qn("w:w"), long if landscape else short)
        size.set(qn("w:h"), short if landscape else long)
        if landscape:
            size.set(qn("w:orient"), "landscape")
        else:
            size.attrib.pop(qn("w:orient"), None)
        cols = properties.find(qn("w:cols"))
        if cols is None:  # before the elements the schema puts after it
            cols = el("w:cols")
            later = [c for c in properties if etree.QName(c).localname in COLS_SUCCESSORS]
            if later:
                later[0].addprevious(cols)
            else:
                properties.append(cols)
        cols.attrib.clear()
        cols.set(qn("w:space"), str(INDEX_COLUMN_GAP))
        if columns > 1:
            cols.set(qn("w:num"), str(columns))
        kind = properties.find(qn("w:type"))
        if continuous and kind is None:
            kind = el("w:type")
            size.addprevious(kind)  # w:type comes right before w:pgSz
        if kind is not None:
            kind.set(qn("w:val"), "continuous" if continuous else "nextPage")
        return properties

    # ------------------------------------------------------------ the parts

    def cover(self) -> None:
        org, labels = self.org, self.labels
        handbook = org.org.handbook
        self.text(org.org.organization, size=16, color=MUTED, align="center", before=int(5 * CM), after=240)
        self.text(self.title, self.style("Title"), size=28, align="center", after=int(1.2 * CM))
        total = org.grand_total()
        rows = [(labels["version"], handbook.version), (labels["effective"], handbook.effective),
                (labels["approved_by"], handbook.approved_by), (labels["positions"], str(len(org.roles))),
                (labels["headcount"], f"{total.budget} / {total.filled} / {total.vacant}")]
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
        for element in reversed(paragraphs):
            anchor.addnext(element)

    def orgchart(self) -> None:
        pictures = chart_pictures(self.ctx.shared, self.ctx.out, self.ctx.templates.folders)
        if not pictures:
            return
        self.heading(self.labels["orgchart"], 1, page_break=False)
        box_w, box_h = self.page.text_width(landscape=True), self.page.text_height(landscape=True) - CHART_HEADROOM
        for index, png in enumerate(pictures):
            with Image.open(io.BytesIO(png)) as image:
                pixels_w, pixels_h = image.size
            scale = min(box_w / pixels_w, box_h / pixels_h)
            inline = self.doc.part.new_pic_inline(io.BytesIO(png), int(pixels_w * scale) * EMU_PER_TWIP,
                                                  int(pixels_h * scale) * EMU_PER_TWIP)
            self.add(paragraph([el("w:r", children=[el("w:drawing", children=[inline])])], align="center",
                               page_break=index > 0))
        self.end_section(landscape=True)

    def staffing(self) -> None:
        org = self.org
        labels = labels_for(org.language, staffing_render.LABELS_ZH, staffing_render.LABELS_EN)
        shared = self.ctx.shared.get("staffing") or {}
        rows = shared.get("rows") or staffing_rows(org)
        total = org.grand_total()
        self.heading(self.labels["staffing"], 1, page_break=False)
        meta = [*title_block(org.org.handbook, labels),
                labels["totals"].format(budget=total.budget, filled=total.filled, vacant=total.vacant)]
        self.text("  |  ".join(meta), self.style("Subtitle"), after=120)
        self.add(staffing_table(rows, total, labels, self.page.text_width(), self.face(None), self.header_look))
        self.text(labels["note"], size=9, color=MUTED, before=120)

    def departments(self) -> dict[str, str]:
        """Each department's page, then its positions' job descriptions; returns role id → bookmark."""
        org, labels = self.org, self.labels
        self.heading(labels["departments"], 1)
        positions: dict[str, str] = {}
        for number, (dept, _depth) in enumerate(org.departments_in_tree_order()):
            self.heading(dept.name, 2, page_break=number > 0)
            path = [d.name for d in org.department_path(dept.id)[:-1]]
            if path:
                self.text(" / ".join(path), self.style("Subtitle"))
            self._department_page(dept)
            for role in org.roles_in_department(dept.id):
                positions[role.id] = self._job_description(role)
        return positions

    def _department_page(self, dept) -> None:
        org, labels, face = self.org, self.labels, self.face(None)
        if dept.duties:
            self.heading(labels["department_duties"], 4, page_break=False)
            before = len(self.doc.element.body)
            self.writer.items([ItemGroup(number_items(dept.duties))])  # the JD's numbered-duty layout
            for p in list(self.doc.element.body)[before - 1:-1]:  # name the CJK face, as the JD writer does
                for r in p.iter(qn("w:r")):
                    set_run_east_asia(Run(r, None), self.face("JDItem"))
        roles = org.roles_in_department(dept.id)
        if roles:
            self.heading(labels["positions_in_department"], 4, page_break=False)
            numbers = dict(align="center")
            header = [Cell(labels[k]) for k in ("position", "grade", "reports_to")] + [
                Cell(labels[k], **numbers) for k in ("budget", "filled", "vacant")]
            rows = [[Cell(r.title), Cell(r.grade or ""), Cell(org.title_of(r.reports_to) if r.reports_to else ""),
                     *(Cell(str(n), **numbers) for n in (r.headcount.budget, r.headcount.filled, r.vacant))]
                    for r in roles]
            self.add(table(split_widths(self.page.text_width(), (26, 14, 24, 12, 12, 12)), [header, *rows], face,
                           header_rows=1, header_look=self.header_look))
        subs = org.sub_departments(dept.id)
        if subs:
            self.heading(labels["sub_departments"], 4, page_break=False)
            self.text(self.jd_labels["list_separator"].join(d.name for d in subs))

    def _job_description(self, role) -> str:
        jd = jd_body(jd_source(self.ctx.shared, self.ctx.out, role.id), role.id)
        number = next(self._bookmark_numbers)
        bookmark = f"_Jd{number}"
        title = jd.title
        if title is None:  # a template without a Title style: give the position its own heading
            title = paragraph([run(role.title, self.face("Heading3"))], style="Heading3")
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
        self.add(*jd.elements)
        self.headings.append(Heading(3, role.title, bookmark))
        return bookmark

    def raci(self) -> None:
        org = self.org
        if not org.processes:
            return
        labels = labels_for(org.language, raci_render.LABELS_ZH, raci_render.LABELS_EN)
        shared = self.ctx.shared.get("raci") or {}
        matrix = shared.get("matrix") or build_matrix(org, labels["external"])
        analysis = shared.get("analysis") or analyse(org, matrix)
        face, width = self.face(None), self.page.text_width(landscape=True)
        self.heading(self.labels["raci"], 1, page_break=False)
        self.add(paragraph(legend_runs(matrix.letter_labels, face), after=120))
        for number, (process_id, process) in enumerate(org.processes.items()):
            self.heading(process.name, 2, page_break=number > 0)
            for index, element in enumerate(process_tables(matrix, process_id, labels, width, face, self.header_look)):
                if index:
                    self.add(paragraph(after=0))  # Word merges adjacent tables; keep them apart
                self.add(element)
        self.heading(labels["analysis_title"], 2)
        group = {c.id: g.name for g in matrix.groups for c in g.columns}  # same titles recur: name the department
        findings = ((labels["unowned_title"], analysis.unowned_lines(labels, matrix.letter_labels)),
                    (labels["idle_title"], [c.title + self.jd_labels["bracketed"].format(text=group[c.id])
                                            for c in analysis.idle]))
        for title, lines in findings:
            self.text(title, self.style("JDLabel"), before=160)
            for line in lines or [labels["none"]]:
                self.text(f"•\t{line}", tabs=[("left", 284, None)], indent=284)
        self.end_section(landscape=True)

    def index(self, positions: dict[str, str]) -> None:
        """Positions in pinyin order, grouped by initial, with PAGEREF page numbers; two columns."""
        org, labels = self.org, self.labels
        self.heading(labels["index"], 1, page_break=False)
        self.end_section()  # the heading spans the page; the entries follow in two columns
        column = (self.page.text_width() - INDEX_COLUMN_GAP) // 2
        face = self.face(None)
        for letter, roles in index_groups(org, labels["other"]):
            self.text(letter, self.style("JDLabel"), keep_next=True, before=160)
            for role in roles:
                content = [run(role.title, face),
                           run(f"  {org.department_of(role).name}", face, size=8.5, color=MUTED),
                           run("\t", face), *field(f"PAGEREF {positions[role.id]} \\h", PAGE_PLACEHOLDER, face)]
                self.add(paragraph(content, tabs=[("right", column, "dot")], after=40))
        # The last section: the template's own properties, in two columns after a continuous break.
        final = self._section_properties(False, True, columns=2, continuous=True)
        self.final.getparent().replace(self.final, final)
        self.final = final

    def save(self) -> bytes:
        settings = self.doc.settings.element
        update = el("w:updateFields", {"w:val": "true"})
        successors = [settings.find(qn(t)) for t in ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
                                                    "w:docVars", "w:rsids")]
        successor = next((s for s in successors if s is not None), None)  # keep the schema's order
        if settings.find(qn("w:updateFields")) is None:
            if successor is not None:
                successor.addprevious(update)
            else:
                settings.append(update)
        org = self.org
        return save_deterministic(self.doc, self.title, org.org.organization, org.org.organization)


def render_handbook_docx(ctx: BuildContext) -> Path:
    book = HandbookDocument(ctx)
    book.cover()
    anchor = book.contents()
    book.orgchart()
    book.staffing()
    positions = book.departments()
    book.end_section()
    book.raci()
    book.index(positions)
    book.fill_contents(anchor)
    return write_atomically(book.save(), ctx.out / "handbook.docx")
