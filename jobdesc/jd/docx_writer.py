"""Job description → .docx, filled into the user's Word template (templates/jd.docx).

The template decides the look (styles, page, header/footer, logo); this module only adds
content using the template's named styles: Title, Subtitle, Heading 1, JD Label, JD Note,
JD Item and the "JD Table" table style. A style missing from a user's template falls back
to Word's defaults rather than failing. Duties carry literal hierarchical numbers (1, 1.1,
1.1.1) with a hanging indent: they survive any editing and any Word version.

Speed (a build writes a Word file per role): the template is read and parsed once per
process (`TemplateParts`, docx_template.py) and each document gets copies of its parts. Its styles are
prepared once per language (`TemplateLook`), shared read-only by the documents `fill()`
writes and serialized once (copying and serializing 350 KB of styles was a tenth of a
document's cost). The body is built as lxml elements: exactly those python-docx's
add_paragraph / add_table / paragraph_format / cell.merge calls made, children and
attributes in the same order, without python-docx's generic child ordering and style
lookups, which were most of the time.
"""
from __future__ import annotations

import copy
import functools
import re
from pathlib import Path
from typing import Optional, Sequence

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from lxml import etree

from ..determinism import build_datetime
from .context import HeaderRow, ItemGroup, JobDescription
from .docx_fonts import set_run_east_asia
from .docx_header import defined_parts, fill_headers
from .docx_package import package_bytes, write_atomically
from .docx_template import SECT_PR, TemplateLook, template_parts, twips

NUMBER_WIDTH = {1: 0.75, 2: 1.0, 3: 1.3, 4: 1.6}  # cm reserved for "1", "1.1", "1.1.1", "1.1.1.1"

_q = functools.cache(qn)  # "w:p" → "{…main}p", looked up thousands of times per document
# A new table's properties, as python-docx's CT_Tbl.new_tbl writes them.
TABLE_LOOK = (("w:firstColumn", "1"), ("w:firstRow", "1"), ("w:lastColumn", "0"), ("w:lastRow", "0"),
              ("w:noHBand", "0"), ("w:noVBand", "1"), ("w:val", "04A0"))
RUN_BREAKS = re.compile(r"([\t\r\n])")


def _element(parent, tag: str, *attributes: tuple[str, str]):
    """A new last child of `parent`; attributes in the given order (python-docx's order)."""
    return etree.SubElement(parent, _q(tag), {_q(name): value for name, value in attributes})


# ------------------------------------------------------------------ the document


class WordJobDescription:
    """Builds one job description document from the template bytes.

    `fill()` starts from a fresh copy of the template whose styles part is shared with the
    other documents of the same template and language: nothing here changes styles, and
    `save()` writes the bytes they were serialized to once. Whoever takes `doc` (the
    handbook restyles it) gets a document that is all its own; the numbered items the
    handbook has `items()` add there carry no CJK face (the handbook names its own).
    """

    def __init__(self, template: bytes, labels: dict[str, str], template_path: Path = Path("jd.docx")):
        self.template = template_parts(template, template_path)
        self.labels = labels
        self._doc = None
        self._look: Optional[TemplateLook] = None  # fill()'s language: faces, header-row font
        self._shared_styles: Optional[bytes] = None  # the styles' bytes, while they are shared
        self._end = None  # the body's final sectPr: blocks are added before it

    @property
    def doc(self):
        """The python-docx document (the template's, until fill()). Handed out, its styles
        become its own first: the caller may change them."""
        document = self._document()
        if self._shared_styles is not None:
            styles_part = document.part.part_related_by(RT.STYLES)
            styles_part._element = copy.deepcopy(styles_part.element)  # before anyone changes it
            self._shared_styles = None
        return document

    def _document(self):
        if self._doc is None:
            self._use(self.template.document())
        return self._doc

    def _use(self, document) -> None:
        self._doc = document
        self._end = document.element.body.find(SECT_PR)

    # ------------------------------------------------------------ building blocks
    # Each makes the elements python-docx's calls (add_paragraph, add_table, paragraph_format,
    # add_run, cell.merge …) made, children and attributes in the same order.

    def _block(self, tag: str):
        """A new block at the end of the body, before its final sectPr (as python-docx adds)."""
        block = _element(self._document().element.body, tag)
        if self._end is not None:
            self._end.addprevious(block)
        return block

    def _style_id(self, name: Optional[str]) -> Optional[str]:
        """A style name as a paragraph's w:pStyle, silently none if the template lacks the
        style (None: no w:pPr). Like python-docx, the default paragraph style is implied, not
        written out ("": an empty w:pPr)."""
        if not name or name not in self.template.style_ids:
            return None
        style_id = self.template.style_ids[name]
        return style_id if style_id and style_id != self.template.default_paragraph_style_id else ""

    def _face(self, style_id: Optional[str]) -> str:
        """The CJK face named on the runs of a paragraph in this style, so Word never guesses
        one: in fill() only (the handbook names the faces of the numbered items it has this
        writer add)."""
        return self._look.face(style_id) if self._look is not None else ""

    @staticmethod
    def _properties(paragraph, style_id: Optional[str], *properties: tuple):
        """The paragraph's w:pPr (see `_style_id`), then `properties` ((tag, *attributes) each)."""
        if style_id is None and not properties:
            return None
        ppr = _element(paragraph, "w:pPr")
        if style_id:
            _element(ppr, "w:pStyle", ("w:val", style_id))
        for tag, *attributes in properties:
            _element(ppr, tag, *attributes)
        return ppr

    @staticmethod
    def _run(paragraph, text: str, face: str, properties: Optional[list] = None) -> None:
        """A run as `add_run(text)` writes it, with its w:rPr children (`properties`:
        elements or (tag, *attributes)) and its CJK face named as set_run_east_asia does."""
        run = _element(paragraph, "w:r")
        if properties is not None or face:
            rpr = _element(run, "w:rPr")
            for prop in properties or ():
                if isinstance(prop, tuple):
                    _element(rpr, *prop)
                else:
                    rpr.append(prop)
            if face:
                fonts = rpr.find(_q("w:rFonts"))
                if fonts is None:
                    fonts = rpr.makeelement(_q("w:rFonts"), {})
                    rpr.insert(0, fonts)
                fonts.set(_q("w:eastAsia"), face)
        if text:  # as python-docx's _RunContentAppender: w:t pieces, w:tab and w:br between them
            for i, piece in enumerate(RUN_BREAKS.split(text)):
                if i % 2:
                    _element(run, "w:tab" if piece == "\t" else "w:br")
                elif piece:
                    t = _element(run, "w:t")
                    t.text = piece
                    if len(piece.strip()) < len(piece):
                        t.set(_q("xml:space"), "preserve")

    def paragraph(self, text: str = "", style: str = "Normal"):
        """A body paragraph as `add_paragraph(text)` with the style applied."""
        paragraph = self._block("w:p")
        style_id = self._style_id(style)
        self._properties(paragraph, style_id)
        if text:  # python-docx adds no run for no text
            self._run(paragraph, text, self._face(style_id))
        return paragraph

    def heading(self, text: str):
        # A real "Heading 1" paragraph: Word's navigation pane and TOC see it.
        return self.paragraph(text, "Heading 1")

    def table(self, rows: int, columns: int, widths: Sequence[float]):
        """An empty table (an empty w:p in each cell) in the JD Table style, fixed layout,
        each column's width in the grid (LibreOffice and WPS lay out by it) and in each cell
        (Word reads these), no row split over two pages."""
        twips = self.template.columntwips(widths)
        assert len(twips) == columns, "a width for each column"
        table = self._block("w:tbl")
        tbl_pr = _element(table, "w:tblPr")
        if self.template.table_style_id is not None:
            _element(tbl_pr, "w:tblStyle", ("w:val", self.template.table_style_id))
        _element(tbl_pr, "w:tblW", ("w:type", "auto"), ("w:w", "0"))
        _element(tbl_pr, "w:tblLayout", ("w:type", "fixed"))
        _element(tbl_pr, "w:tblLook", *TABLE_LOOK)
        grid = _element(table, "w:tblGrid")
        for width in twips:
            _element(grid, "w:gridCol", ("w:w", width))
        for _ in range(rows):
            row = _element(table, "w:tr")
            _element(_element(row, "w:trPr"), "w:cantSplit")
            for width in twips:
                cell = _element(row, "w:tc")
                _element(_element(cell, "w:tcPr"), "w:tcW", ("w:type", "dxa"), ("w:w", width))
                _element(cell, "w:p")
        return table

    @staticmethod
    def _rows(table) -> list:
        return table.findall(_q("w:tr"))

    @staticmethod
    def _cell_paragraphs(row) -> list:
        """Each cell's paragraph (a new table's cells hold one, empty)."""
        return [cell.find(_q("w:p")) for cell in row.iterfind(_q("w:tc"))]

    def _cell_text(self, paragraph, text: str, style: Optional[str] = None, *properties: tuple,
                   font: Optional[list] = None):
        """Write a cell's empty paragraph as `paragraph.text = text` does (one run, even
        empty); returns its w:pPr."""
        style_id = self._style_id(style)
        ppr = self._properties(paragraph, style_id, *properties)
        self._run(paragraph, text, self._face(style_id), font)
        return ppr

    def _no_header_styling(self, table) -> None:
        look = table.find(f'{_q("w:tblPr")}/{_q("w:tblLook")}')
        look.set(_q("w:firstRow"), "0")
        look.set(_q("w:val"), "0000")

    def _header_font(self) -> Optional[list]:
        """Copies of the table style's header-row run properties (None: it has none).

        Copied onto the header runs: Word ranks a paragraph style's colour above a table
        style's, and LibreOffice ignores the table style's run properties, so both drew
        dark text on the dark fill."""
        font = self._look.header_font if self._look is not None else None
        return None if font is None else [copy.deepcopy(prop) for prop in font]

    def grid(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
        """A table whose first row is the header: repeated on each page, styled by the table style."""
        first, *others = self._rows(self.table(len(rows) + 1, len(header), widths))
        _element(first.find(_q("w:trPr")), "w:tblHeader")
        for paragraph, text in zip(self._cell_paragraphs(first), header):
            self._cell_text(paragraph, text, font=self._header_font())
        for row, values in zip(others, rows):
            for paragraph, text in zip(self._cell_paragraphs(row), values):
                self._cell_text(paragraph, text)

    def pairs(self, rows: Sequence[HeaderRow], widths=(3.0, 14.4)) -> None:
        table = self.table(len(rows), 2, widths)
        self._no_header_styling(table)
        table_rows = self._rows(table)
        for index, (row, pair) in enumerate(zip(table_rows, rows)):
            # A short label/value table stays on one page, as in the PDF.
            keep = (("w:keepNext",),) if index < len(table_rows) - 1 else ()
            label, value = self._cell_paragraphs(row)
            self._cell_text(label, pair.label, "JD Label", *keep)
            self._cell_text(value, pair.value, None, *keep)

    def items(self, groups: Sequence[ItemGroup]) -> None:
        for group in groups:
            if group.note:
                self.paragraph(group.note, "JD Note")
            for item in group.items:
                indent = sum(NUMBER_WIDTH[d] for d in range(1, item.depth + 1))
                paragraph, face = self._item_paragraph(indent, NUMBER_WIDTH[item.depth])
                bold = ("w:b",) if item.depth == 1 else ("w:b", ("w:val", "0"))
                self._run(paragraph, f"{item.number}\t", face, [bold])
                self._run(paragraph, item.text, face)
                if group.from_title and item.depth == 1:
                    mark = self.labels["inherited_mark"].format(title=group.from_title)
                    self._run(paragraph, mark, face, [("w:i",)])

    def bullets(self, values: Sequence[str]) -> None:
        for value in values:
            paragraph, face = self._item_paragraph(0.75, 0.5)
            self._run(paragraph, f"•\t{value}", face)

    def _item_paragraph(self, indent: float, hanging: float):
        """A "JD Item" paragraph with a tab stop at `indent` cm, its first line `hanging` cm
        out; returns it and its runs' face."""
        paragraph = self._block("w:p")
        style_id = self._style_id("JD Item")
        ppr = self._properties(paragraph, style_id, ("w:tabs",),
                               ("w:ind", ("w:left", twips(Cm(indent))), ("w:hanging", twips(-Cm(-hanging)))))
        _element(ppr.find(_q("w:tabs")), "w:tab", ("w:pos", twips(Cm(indent))), ("w:val", "left"))
        return paragraph, self._face(style_id)

    # ------------------------------------------------------------ the document

    def fill(self, jd: JobDescription) -> None:
        labels = self.labels
        self._look = self.template.look(jd.language)
        self._use(self.template.document(shared_styles=self._look.styles))
        self._shared_styles = self._look.styles_blob
        body = self._doc.element.body
        for child in list(body):
            if child.tag != SECT_PR:
                body.remove(child)
        fill_headers(self._doc, {"organisation": jd.organisation, "title": jd.title, "document": labels["document"]},
                     (labels["page_before"], labels["page_middle"], labels["page_after"]))

        self.paragraph(f"{jd.organisation} · {labels['document']}", "Subtitle")
        external = labels["bracketed"].format(text=jd.external_title) if jd.external_title else ""
        self.paragraph(jd.title + external, "Title")
        meta = [f"{labels['version']} {jd.version}" if jd.version else "",
                f"{labels['effective']} {jd.effective}" if jd.effective else ""]
        if any(meta):
            self.paragraph(" · ".join(m for m in meta if m), "Subtitle")
        self._header_table(jd)
        self._sections(jd)
        self._signatures()
        self._fonts_in_headers()

    def _header_table(self, jd: JobDescription) -> None:
        lines = jd.header_lines
        table = self.table(len(lines), 4, (2.6, 6.1, 2.6, 6.1))
        self._no_header_styling(table)
        for row, line in zip(self._rows(table), lines):
            if len(line) == 1:
                self._merge_last_three(row)
            paragraphs = self._cell_paragraphs(row)
            for i, field in enumerate(line):
                self._cell_text(paragraphs[2 * i], field.label, "JD Label")
                self._cell_text(paragraphs[2 * i + 1], field.value)

    @staticmethod
    def _merge_last_three(row) -> None:
        """Cells 2-4 as one, as `cells[1].merge(cells[3])` leaves new cells: the first spans
        the three grid columns and their width, the other two (empty) are gone."""
        first, *rest = row.findall(_q("w:tc"))[1:4]
        widths = [cell.find(f'{_q("w:tcPr")}/{_q("w:tcW")}') for cell in (first, *rest)]
        widths[0].set(_q("w:w"), str(sum(int(width.get(_q("w:w"))) for width in widths)))
        _element(widths[0].getparent(), "w:gridSpan", ("w:val", str(len(widths))))
        for cell in rest:
            row.remove(cell)

    def _sections(self, jd: JobDescription) -> None:
        labels = self.labels
        if jd.summary:
            self.heading(labels["summary"])
            self.paragraph(jd.summary)
        self.heading(labels["duties"])
        self.items(jd.duties)
        if jd.kpis:
            self.heading(labels["kpis"])
            self.grid([labels["kpi_name"], labels["kpi_target"], labels["kpi_period"], labels["kpi_weight"]],
                      [(k.name, k.target, k.period, k.weight) for k in jd.kpis], (7.4, 4.0, 3.5, 2.5))
        if jd.qualifications or jd.skills or jd.other_requirements:
            self.heading(labels["qualifications"])
            rows = list(jd.qualifications)
            if jd.skills:
                rows.append(HeaderRow(labels["skills"], "\n".join(jd.skills)))
            if jd.other_requirements:
                rows.append(HeaderRow(labels["other"], "\n".join(jd.other_requirements)))
            self.pairs(rows)
        if jd.authority:
            self.heading(labels["authority"])
            self.bullets(jd.authority)
        if jd.approvals:
            self.heading(labels["approvals"])
            self.grid([f'{labels["process"]} / {labels["approval_matter"]}', labels["approval_range"],
                       labels["approval_above"]],
                      [(f"{r.process} · {r.activity}", r.range, r.above_it) for r in jd.approvals], (8.4, 4.5, 4.5))
        if jd.relations_internal or jd.relations_external:
            self.heading(labels["relations"])
            rows = [HeaderRow(labels[key], labels["list_separator"].join(values)) for key, values in
                    (("internal", jd.relations_internal), ("external", jd.relations_external)) if values]
            self.pairs(rows)
        if jd.reports:
            self.heading(labels["reports"])
            self.grid([labels["report_name"], labels["report_to"], labels["report_due"]],
                      [(r.name, r.to.title, r.due) for r in jd.reports], (7.0, 4.4, 6.0))
        if jd.raci:
            self.heading(labels["raci"])
            self.grid([labels["process"], labels["activity"], labels["role_in"]],
                      [(r.process, r.activity, f"{r.letter} {r.meaning}") for r in jd.raci], (5.0, 8.4, 4.0))
        if jd.workflow:
            self.heading(labels["workflow"])
            self.items(jd.workflow)

    def _keep_last_block_with_next(self) -> None:
        """Keep the last paragraph, or the last table row, with what follows: the signature
        block is kept in one piece, and would otherwise sit alone on a page of its own."""
        last = self._end.getprevious() if self._end is not None else self._doc.element.body[-1]
        paragraphs = last.tr_lst[-1].xpath(".//w:p") if last.tag == qn("w:tbl") else [last]
        for p in paragraphs:  # python-docx's own: w:keepNext goes where its schema order says
            p.get_or_add_pPr().get_or_add_keepNext()

    def _signatures(self) -> None:
        labels = self.labels
        self._keep_last_block_with_next()
        self.heading(labels["signatures"])
        table = self.table(3, 3, (5.8, 5.8, 5.8))
        self._no_header_styling(table)
        table.find(_q("w:tblPr")).append(parse_xml(  # a signature block has lines to sign on, not a grid
            f'<w:tblBorders {nsdecls("w")}><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
            f'<w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>'))
        who_row, signature_row, date_row = self._rows(table)
        keep = ("w:keepNext",)  # the block on one page
        for paragraph, who in zip(self._cell_paragraphs(who_row),
                                  (labels["sign_incumbent"], labels["sign_manager"], labels["sign_hr"])):
            self._cell_text(paragraph, who, "JD Label", keep)
        for row, what in ((signature_row, labels["signature"]), (date_row, labels["date"])):
            for paragraph in self._cell_paragraphs(row):
                # A line to sign on; the w:pPr children in the order python-docx's calls left them.
                ppr = self._cell_text(paragraph, what + labels["colon"], None,
                                      ("w:spacing", ("w:before", twips(Cm(0.8)))), keep, ("w:pBdr",),
                                      ("w:ind", ("w:right", twips(Cm(0.5)))))
                _element(ppr.find(_q("w:pBdr")), "w:bottom", ("w:val", "single"), ("w:sz", "4"), ("w:space", "1"),
                         ("w:color", "1F2933"))

    def _fonts_in_headers(self) -> None:
        """Name each header and footer run's CJK face explicitly: the face of its paragraph's
        style (the body's runs were named as they were made)."""
        parts = [part for section in self._doc.sections for part in defined_parts(section)]
        paragraphs = [p for part in parts for p in part.paragraphs]
        for table in (t for part in parts for t in part.tables):
            paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
        for paragraph in paragraphs:
            face = self._look.face(paragraph._p.style)
            for run in paragraph.runs:
                set_run_east_asia(run, face)

    def save(self, jd: JobDescription) -> bytes:
        document = self._document()
        # While the styles are shared, the bytes they were serialized to once stand in for them.
        replaced = None if self._shared_styles is None else {
            document.part.part_related_by(RT.STYLES): self._shared_styles}
        return save_deterministic(document, f"{jd.title} · {self.labels['document']}", jd.organisation,
                                  jd.department, replaced=replaced)


def save_deterministic(doc, title: str, author: str, subject: str, *,
                       replaced: Optional[dict] = None, stored: frozenset[str] = frozenset()) -> bytes:
    """The document's bytes with fixed core properties (the build's timestamp): same content,
    same bytes. Shared with handbook.docx, which hands over its document.xml ready-made
    (`replaced`: part → bytes) and stores its pictures uncompressed (`stored` content types)."""
    core = doc.core_properties
    stamp = build_datetime().replace(tzinfo=None)
    # python-docx refuses core properties over 255 characters (a department path 40 deep is longer)
    title, author, subject = (text[:255] for text in (title, author, subject))
    core.title = title
    core.author = author
    core.last_modified_by = author
    core.created = core.modified = stamp
    core.last_printed = stamp
    core.revision = 1
    core.comments = ""
    core.subject = subject
    return package_bytes(doc.part.package, replaced, stored)


def write_docx(jd: JobDescription, template: bytes, labels: dict[str, str], path: Path,
               template_path: Path = Path("jd.docx")) -> Path:
    writer = WordJobDescription(template, labels, template_path)
    writer.fill(jd)
    return write_atomically(writer.save(jd), path)
