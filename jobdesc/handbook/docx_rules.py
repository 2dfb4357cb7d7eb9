"""handbook.docx: the 会议制度 table, a department's reports (部门汇报) and the chapters (chapters/*.md), in the handbook's house style.

The meetings table is a cached fragment like the other tables. The chapters are written
directly (not as fragments): a picture or a web link adds a relationship to the document
part, which a fragment taken from the cache would not bring along. They are short, so
building them every time costs little.

A chapter's title is a Heading 1 (a part of the handbook, in the contents), its headings
Heading 2 and 3 (in the contents) and deeper ones Heading 4. Numbered lists print their
numbers with a hanging indent, as the job descriptions print duties; tables are tables.
"""
from __future__ import annotations

from typing import Optional

from ..format.chapter_models import (Anchor, Chapter, Code, CodeBlock, Emphasis, Heading, Image, LineBreak, Link,
                              ListBlock, LocalFile, Paragraph, Quote, Rule, Strikethrough, Strong, Table, Text,
                              WebAddress, plain_text)
from docx.oxml.ns import qn

from .docx_document import HandbookDocument
from .docx_fragments import _json
from .docx_tables import fitted
from .docx_xml import Cell, el, paragraph, run, split_widths, table
from ..format.organisation import Organisation
from ..jd.labels import jd_labels
from ..jd.report_rows import department_report_rows
from ..tables.column_fit import Column
from ..tables.look import ACCENT
from .meetings_view import MeetingLine, meeting_columns, meeting_lines

MUTED = "6B7785"
LIST_INDENT = 425  # twips per list level (0.75 cm)
HANGING = 397  # room for the number or bullet
EMU_PER_TWIP = 635
EMU_PER_PIXEL = 9525  # at 96 dpi
DEEPEST_HEADING = 4
TITLE_KEYS = ("meeting", "chair", "attendees", "minutes")  # the meetings table's columns of titles


def add_meetings(book: HandbookDocument) -> None:
    """The 会议制度 section: one row per meeting."""
    lines = meeting_lines(book.org)
    if not lines:
        return
    labels = book.labels
    columns = meeting_columns(book.org)  # as the PDF: a column no meeting states is left out
    material = _json([columns, *([line.name, line.cadence, line.when, line.chair, list(line.attendees), line.minutes,
                                  list(line.agenda)] for line in lines)])

    def cells(line: MeetingLine) -> dict[str, Cell]:
        agenda = "\n".join(f"{n}. {item}" for n, item in enumerate(line.agenda, 1)) or line.not_stated
        return {"when": Cell(line.when), "chair": Cell(line.chair),
                "attendees": Cell(book.jd_labels["list_separator"].join(line.attendees)),
                "minutes": Cell(line.minutes), "agenda": Cell(agenda)}

    def build() -> None:
        face = book.face(None)
        book.heading(labels["meetings"], 1, page_break=False)  # the part before ended its page
        keys = ("meeting", "cadence", *columns)
        header = [Cell(labels[k]) for k in keys]
        rows = [[Cell(line.name, bold=True), Cell(line.cadence), *(cells(line)[c] for c in columns)] for line in lines]
        # Titles (chair, attendees, minute-taker) break only between words; the rest between
        # characters, never inside a period or a time (每日, 上午8:45): tables/column_fit.py.
        fit = [Column(cell.text, [row[n].text for row in rows], words=key in TITLE_KEYS, bold=n == 0)
               for n, (key, cell) in enumerate(zip(keys, header))]
        widths = fitted(fit, book.page.text_width(), book.table_size)
        book.add(table(widths, [header, *rows], face, header_rows=1, header_look=book.header_look))
        if "attendees" in columns:  # the note explains department attendees
            book.text(labels["meetings_note"], size=9, color=MUTED, before=120)

    book.fragment("meetings", [material], build)
    book.end_section()


def department_report_cells(org: Organisation, department_id: str) -> list[list[str]]:
    """A department's reports (部门汇报) as printed: name, recipients (or 未列明), due, prepared by
    ("" when not stated: the column is left out when no report names one)."""
    return [[row.report.name, row.report.to_text, row.report.due, row.prepared_by.title if row.prepared_by else ""]
            for row in department_report_rows(org, department_id, jd_labels(org.language))]


def add_department_reports(book: HandbookDocument, rows: list[list[str]]) -> None:
    """As the PDF's department page: a 时限 or 编报岗位 column only when some report states one."""
    labels = book.jd_labels
    due, by = any(r[2] for r in rows), any(r[3] for r in rows)
    keep = [True, True, due, by]
    header = [labels[k] for k, kept in zip(("report_name", "report_to", "report_due", "report_from"), keep) if kept]
    body = [[Cell(text or labels["not_stated"]) for text, kept in zip(row, keep) if kept] for row in rows]
    book.heading(labels["department_reports"], 4, page_break=False)
    widths = split_widths(book.page.text_width(), tuple(w for w, kept in zip((30, 24, 26, 20), keep) if kept))
    book.add(table(widths, [[Cell(h) for h in header], *body], book.face(None), header_rows=1,
                   header_look=book.header_look))


def add_chapters(book: HandbookDocument) -> None:
    for chapter in book.org.chapters:
        _ChapterWriter(book, chapter).write()
        book.end_section()


class _ChapterWriter:
    def __init__(self, book: HandbookDocument, chapter: Chapter):
        self.book, self.chapter = book, chapter
        self.face = book.face(None)
        self.width = book.page.text_width()

    def write(self) -> None:
        self.book.heading(self.chapter.title, 1, page_break=False)
        for block in self.chapter.blocks:
            self._block(block, 0)

    # ------------------------------------------------------------ blocks

    def _block(self, block, depth: int, marker: Optional[str] = None) -> None:
        book = self.book
        if isinstance(block, Heading):
            book.heading(block.text, min(block.level + 1, DEEPEST_HEADING), page_break=False)
        elif isinstance(block, Paragraph):
            book.add(self._paragraph(self._runs(block.children), depth, marker))
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, block.start):
                item_marker = f"{number}." if block.ordered else "•"
                for index, child in enumerate(item):
                    self._block(child, depth + 1, item_marker if index == 0 else None)
        elif isinstance(block, Table):
            self._table(block, depth)
        elif isinstance(block, Quote):
            for child in block.children:
                self._block(child, depth + 1)
        elif isinstance(block, CodeBlock):
            book.add(self._paragraph([run(block.text, self.face, size=9)], depth, None))
        elif isinstance(block, Rule):
            book.add(paragraph([run("—" * 12, self.face, color=MUTED)], align="center"))

    def _paragraph(self, content: list, depth: int, marker: Optional[str]):
        """A paragraph at list depth `depth`; a list item's first paragraph starts with its
        marker (1. or •) hanging in the margin, the text aligned after it."""
        if not depth:
            return paragraph(content, after=80)
        left = depth * LIST_INDENT + HANGING
        if marker is None:
            return paragraph(content, after=80, indent=left)
        p = paragraph([run(f"{marker}\t", self.face), *content], after=80, indent=left,
                      tabs=[("left", left, None)])
        p.find(f"{qn('w:pPr')}/{qn('w:ind')}").set(qn("w:hanging"), str(HANGING))
        return p

    def _table(self, block: Table, depth: int) -> None:
        columns = max([len(block.header)] + [len(row) for row in block.rows])

        def cells(row, bold: bool) -> list[Cell]:
            texts = [plain_text(cell) for cell in row] + [""] * (columns - len(row))
            aligns = list(block.aligns) + [None] * columns
            return [Cell(text, bold=bold, align=aligns[i] if aligns[i] in ("center", "right") else None)
                    for i, text in enumerate(texts)]

        rows = ([cells(block.header, True)] if block.header else []) + [cells(row, False) for row in block.rows]
        width = self.width - depth * LIST_INDENT
        fit = [Column("", [row[n].text for row in rows], bold=bool(block.header)) for n in range(columns)]
        self.book.add(table(fitted(fit, width, self.book.table_size), rows, self.face,
                            header_rows=1 if block.header else 0, header_look=self.book.header_look))
        self.book.add(paragraph(after=0))  # Word merges adjacent tables; keep the next block apart

    # ------------------------------------------------------------ inline content

    def _runs(self, inlines, look: Optional[dict] = None) -> list:
        look = look or {}
        out: list = []
        for inline in inlines:
            if isinstance(inline, Text):
                out.append(self._run(inline.text, look))
            elif isinstance(inline, Code):
                out.append(self._run(inline.text, {**look, "code": True}))
            elif isinstance(inline, LineBreak):
                out.append(self._run("\n", look))
            elif isinstance(inline, Strong):
                out += self._runs(inline.children, {**look, "bold": True})
            elif isinstance(inline, Emphasis):
                out += self._runs(inline.children, {**look, "emphasis": True})
            elif isinstance(inline, Strikethrough):
                out += self._runs(inline.children, {**look, "strike": True})
            elif isinstance(inline, Link):
                out += self._link(inline, look)
            elif isinstance(inline, Image):
                out.append(self._image(inline))
        return out

    def _run(self, text: str, look: dict, color: Optional[str] = None):
        r = run(text, self.face, bold=look.get("bold", False), color=color, size=9 if look.get("code") else None)
        # run() writes rFonts, b, color, sz, szCs; the schema puts strike after b, u after szCs.
        # Emphasis: a dotted underline in the accent colour, as handbook.pdf prints it (a CJK
        # face has no italic: Word would only shear it).
        extra = ["w:strike"] if look.get("strike") else []
        underline = ({"w:val": "single"} if look.get("link") else
                     {"w:val": "dotted", "w:color": ACCENT} if look.get("emphasis") else None)
        if extra or underline:
            rpr = r.find(qn("w:rPr"))
            if rpr is None:
                rpr = el("w:rPr")
                r.insert(0, rpr)
            after = rpr.find(qn("w:b"))
            if after is None:
                after = rpr.find(qn("w:rFonts"))
            for tag in extra:
                if after is not None:
                    after.addnext(el(tag))
                else:
                    rpr.insert(0, el(tag))
            if underline:
                rpr.append(el("w:u", underline))
        return r

    def _link(self, link: Link, look: dict) -> list:
        target = link.target
        runs = self._runs(link.children, {**look, "link": isinstance(target, WebAddress)})
        if isinstance(target, WebAddress):
            from docx.opc.constants import RELATIONSHIP_TYPE as RT

            rid = self.book.doc.part.relate_to(target.url, RT.HYPERLINK, is_external=True)
            linked = el("w:hyperlink", {"r:id": rid, "w:history": 1}, runs)
            shown = plain_text(link.children)
            return [linked] + ([] if shown == target.url else [self._run(self.book.jd_labels["bracketed"].format(text=target.url), look, MUTED)])
        if isinstance(target, LocalFile):
            return runs + [self._run(self.book.jd_labels["bracketed"].format(text=target.path), look, MUTED)]
        assert isinstance(target, Anchor)
        return runs

    def _image(self, image: Image):
        picture = image.picture
        if picture is None:
            address = image.web.url if image.web is not None else ""
            return self._run(f"[{image.alt}] {address}".strip(), {}, MUTED)
        from .docx_chart import Pictures

        width, height = picture.width * EMU_PER_PIXEL, picture.height * EMU_PER_PIXEL
        room = self.width * EMU_PER_TWIP
        if width > room:
            width, height = room, int(height * room / width)
        inline = Pictures(self.book.doc.part).inline(picture.data, width, height)
        return el("w:r", children=[el("w:drawing", children=[inline])])
