"""The building blocks of a Word job description: paragraphs, tables, label/value grids and
numbered items, made as lxml elements straight into a copy of the user's template.

Each block makes exactly the elements python-docx's add_paragraph / add_table /
paragraph_format / cell.merge calls made, children and attributes in the same order, without
python-docx's generic child ordering and style lookups, which were most of the time of a
document. `WordJobDescription` (docx_writer.py) puts a job description together from them;
the handbook adds its own pages with them.
"""
from __future__ import annotations

import copy
import functools
import re
from pathlib import Path
from typing import Optional, Sequence

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

from ..tables.column_fit import fit_widths, grid_columns
from .context import HeaderRow, ItemGroup
from .docx_template import SECT_PR, TemplateLook, template_parts, twips

INHERITED_GREY = "6B7785"  # the muted text colour of every output

NUMBER_WIDTH = {1: 0.75, 2: 1.0, 3: 1.3, 4: 1.6}  # cm reserved for "1", "1.1", "1.1.1", "1.1.1.1"

qname = functools.cache(qn)  # "w:p" → "{…main}p", looked up thousands of times per document
# A new table's properties, as python-docx's CT_Tbl.new_tbl writes them.
TABLE_LOOK = (("w:firstColumn", "1"), ("w:firstRow", "1"), ("w:lastColumn", "0"), ("w:lastRow", "0"),
              ("w:noHBand", "0"), ("w:noVBand", "1"), ("w:val", "04A0"))
RUN_BREAKS = re.compile(r"([\t\r\n])")
TABLE_TEXT_SIZE = 9.5  # points: the cells' paragraph style, as the PDF's tables
CELL_PADDING = 260  # twips: the JD Table style's left + right cell margins (templates/jd.docx: 130 + 130)
TABLE_TEXT = "JD Table Text"  # the cells' paragraph style (9.5 pt, as the PDF's tables); Normal without it


def sub_element(parent, tag: str, *attributes: tuple[str, str]):
    """A new last child of `parent`; attributes in the given order (python-docx's order)."""
    return etree.SubElement(parent, qname(tag), {qname(name): value for name, value in attributes})


# ------------------------------------------------------------------ the document


class WordBody:
    """A document made from the template bytes, and the blocks that add content to it.

    A fresh copy of the template is made on first use; its styles part is shared with the
    other documents of the same template and language until someone takes `doc`.
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

    @property
    def body(self):
        """The document's w:body, its styles still shared (for a caller that changes only
        the body: the tracked-change job description)."""
        return self._document().element.body

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
        block = sub_element(self._document().element.body, tag)
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
        ppr = sub_element(paragraph, "w:pPr")
        if style_id:
            sub_element(ppr, "w:pStyle", ("w:val", style_id))
        for tag, *attributes in properties:
            sub_element(ppr, tag, *attributes)
        return ppr

    @staticmethod
    def _run(paragraph, text: str, face: str, properties: Optional[list] = None) -> None:
        """A run as `add_run(text)` writes it, with its w:rPr children (`properties`:
        elements or (tag, *attributes)) and its CJK face named as set_run_east_asia does."""
        run = sub_element(paragraph, "w:r")
        if properties is not None or face:
            rpr = sub_element(run, "w:rPr")
            for prop in properties or ():
                if isinstance(prop, tuple):
                    sub_element(rpr, *prop)
                else:
                    rpr.append(prop)
            if face:
                fonts = rpr.find(qname("w:rFonts"))
                if fonts is None:
                    fonts = rpr.makeelement(qname("w:rFonts"), {})
                    rpr.insert(0, fonts)
                fonts.set(qname("w:eastAsia"), face)
        if text:  # as python-docx's _RunContentAppender: w:t pieces, w:tab and w:br between them
            for i, piece in enumerate(RUN_BREAKS.split(text)):
                if i % 2:
                    sub_element(run, "w:tab" if piece == "\t" else "w:br")
                elif piece:
                    t = sub_element(run, "w:t")
                    t.text = piece
                    if len(piece.strip()) < len(piece):
                        t.set(qname("xml:space"), "preserve")

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

    def table(self, rows: int, columns: int, widths: Sequence[float | str]):
        """An empty table (an empty w:p in each cell) in the JD Table style, fixed layout,
        each column's width in the grid (LibreOffice and WPS lay out by it) and in each cell
        (Word reads these), no row split over two pages. `widths`: in cm for the built-in
        A4 template (scaled to the template's text width), or twips as `fitted` gives them."""
        twips = [w for w in widths if isinstance(w, str)] or self.template.columntwips(widths)
        assert len(twips) == len(widths) == columns, "a width for each column"
        table = self._block("w:tbl")
        tbl_pr = sub_element(table, "w:tblPr")
        if self.template.table_style_id is not None:
            sub_element(tbl_pr, "w:tblStyle", ("w:val", self.template.table_style_id))
        sub_element(tbl_pr, "w:tblW", ("w:type", "auto"), ("w:w", "0"))
        sub_element(tbl_pr, "w:tblLayout", ("w:type", "fixed"))
        sub_element(tbl_pr, "w:tblLook", *TABLE_LOOK)
        grid = sub_element(table, "w:tblGrid")
        for width in twips:
            sub_element(grid, "w:gridCol", ("w:w", width))
        for _ in range(rows):
            row = sub_element(table, "w:tr")
            sub_element(sub_element(row, "w:trPr"), "w:cantSplit")
            for width in twips:
                cell = sub_element(row, "w:tc")
                sub_element(sub_element(cell, "w:tcPr"), "w:tcW", ("w:type", "dxa"), ("w:w", width))
                sub_element(cell, "w:p")
        return table

    @staticmethod
    def _rows(table) -> list:
        return table.findall(qname("w:tr"))

    @staticmethod
    def _cell_paragraphs(row) -> list:
        """Each cell's paragraph (a new table's cells hold one, empty)."""
        return [cell.find(qname("w:p")) for cell in row.iterfind(qname("w:tc"))]

    def _cell_text(self, paragraph, text: str, style: Optional[str] = TABLE_TEXT, *properties: tuple,
                   font: Optional[list] = None):
        """Write a cell's empty paragraph as `paragraph.text = text` does (one run, even
        empty); returns its w:pPr."""
        style_id = self._style_id(style)
        ppr = self._properties(paragraph, style_id, *properties)
        self._run(paragraph, text, self._face(style_id), font)
        return ppr

    def _no_header_styling(self, table) -> None:
        look = table.find(f'{qname("w:tblPr")}/{qname("w:tblLook")}')
        look.set(qname("w:firstRow"), "0")
        look.set(qname("w:val"), "0000")

    def _header_font(self) -> Optional[list]:
        """Copies of the table style's header-row run properties (None: it has none).

        Copied onto the header runs: Word ranks a paragraph style's colour above a table
        style's, and LibreOffice ignores the table style's run properties, so both drew
        dark text on the dark fill."""
        font = self._look.header_font if self._look is not None else None
        return None if font is None else [copy.deepcopy(prop) for prop in font]

    def fitted(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
               size: float = TABLE_TEXT_SIZE) -> list[str]:
        """Twips from the text the columns hold (tables/column_fit.py: the rule of every Word
        table, handbook.docx's too), sharing the width `widths` (cm, as `table` takes them) make."""
        total = sum(int(width) for width in self.template.columntwips(widths))
        return [str(width) for width in fit_widths(grid_columns(header, rows), total, size, CELL_PADDING)]

    def grid(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
        """A table whose first row is the header: repeated on each page, styled by the table
        style; its columns as wide as their text asks (`widths`: the total to share)."""
        first, *others = self._rows(self.table(len(rows) + 1, len(header), self.fitted(header, rows, widths)))
        sub_element(first.find(qname("w:trPr")), "w:tblHeader")
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
            self._cell_text(value, pair.value, TABLE_TEXT, *keep)

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
                    # grey, as in the PDF: a CJK face has no italic, Word would only shear it
                    self._run(paragraph, mark, face, [("w:color", ("w:val", INHERITED_GREY))])

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
        sub_element(ppr.find(qname("w:tabs")), "w:tab", ("w:pos", twips(Cm(indent))), ("w:val", "left"))
        return paragraph, self._face(style_id)

    # ------------------------------------------------------------ the document
