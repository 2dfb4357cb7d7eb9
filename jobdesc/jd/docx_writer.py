"""Job description → .docx, filled into the user's Word template (templates/jd.docx).

The template decides the look (styles, page, header/footer, logo); this module only adds
content using the template's named styles: Title, Subtitle, Heading 1, JD Label, JD Note,
JD Item and the "JD Table" table style. A style missing from a user's template falls back
to Word's defaults rather than failing. Duties carry literal hierarchical numbers (1, 1.1,
1.1.1) with a hanging indent: they survive any editing and any Word version.
"""
from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Optional, Sequence

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Length

from ..determinism import build_datetime
from ..errors import UserError
from .context import HeaderRow, ItemGroup, JobDescription
from .docx_fonts import east_asia_of, prepare_styles, set_run_east_asia
from .docx_header import defined_parts, fill_headers
from .docx_package import package_bytes, write_atomically

NUMBER_WIDTH = {1: 0.75, 2: 1.0, 3: 1.3, 4: 1.6}  # cm reserved for "1", "1.1", "1.1.1", "1.1.1.1"


def open_template(template: bytes, path: Path):
    """The template as a python-docx Document; a file Word cannot read is the user's error."""
    try:
        return Document(io.BytesIO(template))
    except Exception as exc:  # python-docx raises zip, XML and KeyError failures alike
        raise UserError.at(path, 1, 1, "bad-template", f"not a usable Word .docx template: {exc}") from None


class WordJobDescription:
    """Builds one job description document from the template bytes."""

    def __init__(self, template: bytes, labels: dict[str, str], template_path: Path = Path("jd.docx")):
        self.doc = open_template(template, template_path)
        self.labels = labels
        # python-docx resolves a style name by scanning every style of the template on each
        # call (a third of the writing time); resolve each one once instead.
        styles = list(self.doc.styles)
        self.style_ids = {s.name: s.style_id for s in styles}
        self.styles_by_id = {s.style_id: s for s in styles}
        self.style_names = set(self.style_ids)
        self.default_paragraph_style = self.doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)

    # ------------------------------------------------------------ helpers

    def _style(self, name: str) -> Optional[str]:
        return name if name in self.style_names else None

    def _apply_style(self, paragraph, name: Optional[str]) -> None:
        """Set a paragraph's style by name, silently leaving it unstyled if the template lacks it."""
        if name and name in self.style_ids:
            style_id = self.style_ids[name]
            # Like python-docx: the default paragraph style is implied, not written out.
            if self.default_paragraph_style is None or style_id != self.default_paragraph_style.style_id:
                paragraph._p.style = style_id
            else:
                paragraph._p.get_or_add_pPr()

    def paragraph(self, text: str = "", style: str = "Normal"):
        paragraph = self.doc.add_paragraph(text)
        self._apply_style(paragraph, style)
        return paragraph

    def heading(self, text: str):
        # A real "Heading 1" paragraph: Word's navigation pane and TOC see it.
        return self.paragraph(text, "Heading 1")

    def _column_widths(self, widths: Sequence[float]) -> list[Length]:
        """Widths in cm for the built-in A4 template, scaled to the template's text width
        (a user's template may have other margins or paper)."""
        section = self.doc.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        scale = usable / Cm(sum(widths))
        return [Emu(int(Cm(width) * scale)) for width in widths]

    def table(self, rows: int, columns: int, widths: Sequence[float]):
        table = self.doc.add_table(rows=rows, cols=columns)
        if self._style("JD Table"):
            table.style = self.doc.styles["JD Table"]
        table.autofit = False
        widths = self._column_widths(widths)
        # Both the grid (LibreOffice and WPS lay out by it) and each cell (Word reads these).
        for column, width in zip(table.columns, widths):
            column.width = width
        for row in table.rows:
            row._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
            for cell, width in zip(row.cells, widths):
                cell.width = width
        return table

    def _header_row(self, table) -> None:
        """Mark the first row as the header: repeated on each page, styled by the table style.

        The style's header-row font (white bold on the accent fill) is also copied onto the
        runs: Word ranks a paragraph style's colour above a table style's, and LibreOffice
        ignores the table style's run properties, so both drew dark text on the dark fill.
        """
        table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
        style = table.style.element if table.style is not None else None
        font = style.find(f'{qn("w:tblStylePr")}[@{qn("w:type")}="firstRow"]/{qn("w:rPr")}') \
            if style is not None else None
        if font is None:
            return
        for cell in table.rows[0].cells:
            for run in (r for p in cell.paragraphs for r in p.runs):
                rpr = run._r.get_or_add_rPr()
                for prop in font:
                    rpr.append(copy.deepcopy(prop))

    def _no_header_styling(self, table) -> None:
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        if look is None:
            look = parse_xml(f'<w:tblLook {nsdecls("w")}/>')
            table._tbl.tblPr.append(look)
        look.set(qn("w:firstRow"), "0")
        look.set(qn("w:val"), "0000")

    def _cell_text(self, cell, text: str, style: Optional[str] = None) -> None:
        paragraph = cell.paragraphs[0]
        paragraph.text = text
        self._apply_style(paragraph, style)

    def grid(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
        table = self.table(len(rows) + 1, len(header), widths)
        for cell, text in zip(table.rows[0].cells, header):
            self._cell_text(cell, text)
        self._header_row(table)
        for row, values in zip(table.rows[1:], rows):
            for cell, text in zip(row.cells, values):
                self._cell_text(cell, text)

    def pairs(self, rows: Sequence[HeaderRow], widths=(3.0, 14.4)) -> None:
        table = self.table(len(rows), 2, widths)
        self._no_header_styling(table)
        for row, pair in zip(table.rows, rows):
            self._cell_text(row.cells[0], pair.label, self._style("JD Label"))
            self._cell_text(row.cells[1], pair.value)
        for row in table.rows[:-1]:  # a short label/value table stays on one page, as in the PDF
            for paragraph in (p for cell in row.cells for p in cell.paragraphs):
                paragraph.paragraph_format.keep_with_next = True

    def items(self, groups: Sequence[ItemGroup]) -> None:
        for group in groups:
            if group.note:
                self.paragraph(group.note, "JD Note")
            for item in group.items:
                indent = sum(NUMBER_WIDTH[d] for d in range(1, item.depth + 1))
                paragraph = self.paragraph("", "JD Item")
                paragraph.paragraph_format.left_indent = Cm(indent)
                paragraph.paragraph_format.first_line_indent = Cm(-NUMBER_WIDTH[item.depth])
                paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(indent))
                number = paragraph.add_run(f"{item.number}\t")
                number.bold = item.depth == 1
                paragraph.add_run(item.text)
                if group.from_title and item.depth == 1:
                    paragraph.add_run(self.labels["inherited_mark"].format(title=group.from_title)).italic = True

    def bullets(self, values: Sequence[str]) -> None:
        for value in values:
            paragraph = self.paragraph("", "JD Item")
            paragraph.paragraph_format.left_indent = Cm(0.75)
            paragraph.paragraph_format.first_line_indent = Cm(-0.5)
            paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(0.75))
            paragraph.add_run(f"•\t{value}")

    # ------------------------------------------------------------ the document

    def fill(self, jd: JobDescription) -> None:
        labels = self.labels
        prepare_styles(self.doc.styles.element, jd.language)
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        fill_headers(self.doc, {"organisation": jd.organisation, "title": jd.title, "document": labels["document"]},
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
        self._fonts_on_runs()

    def _header_table(self, jd: JobDescription) -> None:
        lines = jd.header_lines
        table = self.table(len(lines), 4, (2.6, 6.1, 2.6, 6.1))
        self._no_header_styling(table)
        for row, line in zip(table.rows, lines):
            cells = row.cells
            if len(line) == 1:
                cells[1].merge(cells[3])
            for i, field in enumerate(line):
                self._cell_text(cells[2 * i], field.label, self._style("JD Label"))
                self._cell_text(cells[2 * i + 1], field.value)

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
        last = [child for child in self.doc.element.body if child.tag != qn("w:sectPr")][-1]
        paragraphs = last.tr_lst[-1].xpath(".//w:p") if last.tag == qn("w:tbl") else [last]
        for p in paragraphs:
            p.get_or_add_pPr().get_or_add_keepNext()

    def _signatures(self) -> None:
        labels = self.labels
        self._keep_last_block_with_next()
        self.heading(labels["signatures"])
        table = self.table(3, 3, (5.8, 5.8, 5.8))
        self._no_header_styling(table)
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        if borders is not None:
            table._tbl.tblPr.remove(borders)
        table._tbl.tblPr.append(parse_xml(  # a signature block has lines to sign on, not a grid
            f'<w:tblBorders {nsdecls("w")}><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
            f'<w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders>'))
        for column, who in enumerate((labels["sign_incumbent"], labels["sign_manager"], labels["sign_hr"])):
            self._cell_text(table.cell(0, column), who, self._style("JD Label"))
            for row, what in ((1, labels["signature"]), (2, labels["date"])):
                cell = table.cell(row, column)
                self._cell_text(cell, what + labels["colon"])
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.space_before = Cm(0.8)
                paragraph._p.get_or_add_pPr().append(parse_xml(
                    f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="4" w:space="1" w:color="1F2933"/></w:pBdr>'))
                paragraph.paragraph_format.right_indent = Cm(0.5)
        for row in table.rows:  # keep the block on one page
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True

    def _fonts_on_runs(self) -> None:
        """Name each run's CJK face explicitly: the face of its paragraph's style."""
        styles_element = self.doc.styles.element
        cache: dict[str, str] = {}
        containers = [self.doc] + [part for section in self.doc.sections for part in defined_parts(section)]
        paragraphs = [p for container in containers for p in container.paragraphs]
        for table in (t for container in containers for t in container.tables):
            paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
        for paragraph in paragraphs:
            key = paragraph._p.style or ""
            if key not in cache:
                style = self.styles_by_id.get(key, self.default_paragraph_style)
                cache[key] = east_asia_of(style, styles_element)
            for run in paragraph.runs:
                set_run_east_asia(run, cache[key])

    def save(self, jd: JobDescription) -> bytes:
        return save_deterministic(self.doc, f"{jd.title} · {self.labels['document']}", jd.organisation,
                                  jd.department)


def save_deterministic(doc, title: str, author: str, subject: str, *,
                       replaced: Optional[dict] = None, stored: frozenset[str] = frozenset()) -> bytes:
    """The document's bytes with fixed core properties (the build's timestamp): same content,
    same bytes. Shared with handbook.docx, which hands over its document.xml ready-made
    (`replaced`: part → bytes) and stores its pictures uncompressed (`stored` content types)."""
    core = doc.core_properties
    stamp = build_datetime().replace(tzinfo=None)
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
