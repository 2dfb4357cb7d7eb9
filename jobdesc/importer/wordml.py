"""The text of a Word document as Word shows it: one reader for every part of the importer.

python-docx's `paragraph.text` reads only the w:r children of a paragraph: text in a content
control, a tracked insertion, a hyperlink or a field's result is not there, and text in a
tracked deletion (w:delText aside) is. This reader walks the WordprocessingML itself and
gives each paragraph's text in one of two views:

  accepted  (the default) every tracked change accepted: w:ins and w:moveTo in; w:del,
            w:moveFrom and w:delText out; a deleted paragraph mark joins its paragraph to the
            next one, an inserted one splits them; a deleted table row is gone
  rejected  (`--reject-changes`) the document as it was before the tracked changes

Formatting-only changes (w:rPrChange, w:pPrChange) change no text and are ignored. Content
controls (w:sdt at block, row, cell and run level), custom XML, smart tags, hyperlinks,
bidi wrappers and simple fields (w:fldSimple) are read through; a complex field
(w:fldChar begin … separate … end) gives its result, never its instruction; of an
mc:AlternateContent the first choice is read; bookmarks, proofing marks, comment anchors
and drawings give no text; w:tab is "\\t", w:br and w:cr "\\n", a no-break hyphen "-", a soft
hyphen nothing. Tracked changes are counted by author and date, and each comment is kept
with the text it is anchored to, so the import can say what it accepted and what it was told.

A control character (other than tab and line break) in a paragraph is a user mistake, located
at the part's line: YAML and the outputs cannot hold it.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Union

from ..errors import UserError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


P, TBL, TR, TC, R, T, DEL_TEXT = (_w(n) for n in ("p", "tbl", "tr", "tc", "r", "t", "delText"))
SDT, SDT_CONTENT, CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")
INS, DEL, MOVE_FROM, MOVE_TO = _w("ins"), _w("del"), _w("moveFrom"), _w("moveTo")
REVISIONS = (INS, DEL, MOVE_FROM, MOVE_TO)
ALTERNATE, CHOICE = f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice"
# Inline wrappers whose children are runs (or more wrappers): read through.
_THROUGH = {_w(n) for n in ("hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo")}
_RUN_TEXT = {_w("tab"): "\t", _w("ptab"): "\t", _w("br"): "\n", _w("cr"): "\n", _w("noBreakHyphen"): "-",
             _w("softHyphen"): ""}
_ALLOWED_CONTROLS = {"\t", "\n"}


@dataclass
class Paragraph:
    text: str
    style: str  # the style's name (Heading 1, JD Item …), as python-docx names it
    line: int  # its line in word/document.xml


@dataclass
class Table:
    rows: list[list[str]]  # the cell texts of each row (a cell's paragraphs joined by "\n", stripped)


Block = Union[Paragraph, Table]


@dataclass(frozen=True)
class Revision:
    kind: str  # ins, del, moveFrom, moveTo
    author: str
    date: str  # as Word wrote it (2026-03-01T10:00:00Z), or ""


@dataclass
class WordText:
    blocks: list[Block]
    revisions: list[Revision] = field(default_factory=list)
    anchors: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # comment id → (paragraph, text)
    comments: list = field(default_factory=list)  # filled from the comments part (wordml_parts.py)


def read_word_text(document, source: Path, reject: bool = False) -> WordText:
    """The body of a python-docx Document, as Word shows it (see the module's docstring)."""
    reader = _Reader(_style_names(document), source, reject)
    blocks = reader.blocks(document.element.body)
    return WordText(blocks, reader.revisions, reader.anchors)


def block_elements(container, reject: bool = False) -> Iterator:
    """The w:p and w:tbl elements of a body or cell in order, through content controls,
    custom XML and tracked blocks (for readers that keep python-docx's own objects)."""
    return _Reader({"": "Normal"}, Path("."), reject)._flat_blocks(container)


def paragraph_text(paragraph, source: Path, reject: bool = False) -> str:
    """One w:p element's text as Word shows it (without joining it to a neighbour)."""
    return _Reader({"": "Normal"}, source, reject)._paragraph_text(paragraph)


def _style_names(document) -> dict[str, str]:
    from docx.enum.style import WD_STYLE_TYPE

    names = {style.style_id: style.name for style in document.styles if style.type == WD_STYLE_TYPE.PARAGRAPH}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    names[""] = default.name if default is not None else "Normal"
    return names


class _Reader:
    def __init__(self, styles: dict[str, str], source: Path, reject: bool):
        self.styles = styles
        self.source = source
        self.reject = reject
        self.revisions: list[Revision] = []
        self.fields: list[bool] = []  # open complex fields: True once past their separator
        self.open_comments: dict[str, list[str]] = {}  # comment id → anchored text so far
        self.anchors: dict[str, tuple[str, list[str]]] = {}  # comment id → (paragraph, text pieces)
        self.paragraph_pieces: list[str] = []

    # Which tracked content this view shows.
    def _shown(self, tag: str) -> bool:
        return tag in ((DEL, MOVE_FROM) if self.reject else (INS, MOVE_TO))

    def _note_revision(self, element) -> None:
        kind = element.tag.rsplit("}", 1)[-1]
        self.revisions.append(Revision(kind, element.get(_w("author"), ""), element.get(_w("date"), "")))

    # Blocks: paragraphs and tables, in a body, a cell or a content control.
    def _flat_blocks(self, container) -> Iterator:
        for child in container:
            tag = child.tag
            if tag in (P, TBL):
                yield child
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    yield from self._flat_blocks(content)
            elif tag == CUSTOM_XML:
                yield from self._flat_blocks(child)
            elif tag == ALTERNATE:
                yield from self._flat_blocks(_chosen(child))
            elif tag in REVISIONS:  # a tracked block (moveTo around paragraphs in some writers)
                self._note_revision(child)
                if self._shown(tag):
                    yield from self._flat_blocks(child)

    def blocks(self, container) -> list[Block]:
        blocks: list[Block] = []
        pending: Optional[tuple[str, int]] = None  # text of paragraphs whose mark this view removes
        for element in self._flat_blocks(container):
            if element.tag == TBL:
                if pending is not None:
                    blocks.append(Paragraph(pending[0], self.styles[""], pending[1]))
                    pending = None
                blocks.append(Table(self._rows(element)))
                continue
            text = self._paragraph_text(element)
            line = element.sourceline or 1
            if pending is not None:
                text, line = pending[0] + text, pending[1]
            if self._mark_removed(element):
                pending = (text, line)  # joined to the next paragraph, which keeps its own style
                continue
            pending = None
            blocks.append(Paragraph(text, self._style(element), line))
        if pending is not None:
            blocks.append(Paragraph(pending[0], self.styles[""], pending[1]))
        return blocks

    def _style(self, paragraph) -> str:
        style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
        style_id = style.get(_w("val"), "") if style is not None else ""
        return self.styles.get(style_id, self.styles[""])

    def _mark_removed(self, paragraph) -> bool:
        """Whether this view removes the paragraph's mark (w:pPr/w:rPr/w:del or w:ins)."""
        marks = paragraph.find(f"{_w('pPr')}/{_w('rPr')}")
        if marks is None:
            return False
        removed = False
        for mark in marks:
            if mark.tag in REVISIONS:
                self._note_revision(mark)
                removed = removed or not self._shown(mark.tag)
        return removed

    # Tables: rows and cells, through row- and cell-level content controls.
    def _rows(self, table) -> list[list[str]]:
        rows = []
        for row in _flat(table, TR):
            change = row.find(f"{_w('trPr')}/{_w('del')}") if not self.reject else row.find(
                f"{_w('trPr')}/{_w('ins')}")
            other = row.find(f"{_w('trPr')}/{_w('ins')}") if not self.reject else row.find(
                f"{_w('trPr')}/{_w('del')}")
            for mark in (change, other):
                if mark is not None:
                    self._note_revision(mark)
            if change is not None:
                continue  # a deleted row (an inserted one, rejected)
            rows.append(["\n".join(b.text for b in self.blocks(cell) if isinstance(b, Paragraph)).strip()
                         for cell in _flat(row, TC)])
        return rows

    # Runs: the text of one paragraph.
    def _paragraph_text(self, paragraph) -> str:
        pieces: list[str] = []
        self.paragraph_pieces = pieces
        start = len(self.anchors)
        for child in paragraph:
            if child.tag != _w("pPr"):
                self._inline(child, pieces)
        text = "".join(pieces)
        for comment_id in list(self.anchors)[start:]:
            self.anchors[comment_id] = (text, self.anchors[comment_id][1])
        return text

    def _inline(self, element, pieces: list[str]) -> None:
        tag = element.tag
        if tag == R:
            self._run(element, pieces)
        elif tag in _THROUGH:
            for child in element:
                self._inline(child, pieces)
        elif tag == SDT:
            content = element.find(SDT_CONTENT)
            for child in (content if content is not None else ()):
                self._inline(child, pieces)
        elif tag in REVISIONS:
            self._note_revision(element)
            if self._shown(tag):
                for child in element:
                    self._inline(child, pieces)
        elif tag == ALTERNATE:
            for child in _chosen(element):
                self._inline(child, pieces)
        elif tag == _w("commentRangeStart"):
            self.anchors[element.get(_w("id"), "")] = ("", [])
            self.open_comments[element.get(_w("id"), "")] = self.anchors[element.get(_w("id"), "")][1]
        elif tag == _w("commentRangeEnd"):
            self.open_comments.pop(element.get(_w("id"), ""), None)
        # bookmarks, proofing marks, permissions, math and drawings: no text

    def _run(self, run, pieces: list[str]) -> None:
        for child in run:
            tag = child.tag
            if tag == _w("fldChar"):
                kind = child.get(_w("fldCharType"))
                if kind == "begin":
                    self.fields.append(False)
                elif kind == "separate" and self.fields:
                    self.fields[-1] = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if not all(self.fields):
                continue  # a field's instruction
            if tag == T or (tag == DEL_TEXT and self.reject):
                text = child.text or ""
                self._check(text, child)
            elif tag in _RUN_TEXT:
                if tag == _w("br") and child.get(_w("type")) in ("page", "column"):
                    continue  # a page break is layout, not a line of the text
                text = _RUN_TEXT[tag]
            elif tag == ALTERNATE:
                self._run(_chosen(child), pieces)
                continue
            else:
                continue
            pieces.append(text)
            for anchored in self.open_comments.values():
                anchored.append(text)

    def _check(self, text: str, element) -> None:
        for index, char in enumerate(text):
            if char not in _ALLOWED_CONTROLS and unicodedata.category(char) == "Cc":
                raise UserError.at(
                    self.source, 1, 1, "import-control-character",
                    f"{self.source.name}: word/document.xml line {element.sourceline}: the text "
                    f"“{text[max(0, index - 20):index + 20]}” holds the control character U+{ord(char):04X}, "
                    "which no job description can print: delete it in Word and import again")


def _flat(container, tag: str) -> Iterator:
    """The `tag` children of `container`, through content controls and custom XML around them."""
    for child in container:
        if child.tag == tag:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _flat(content, tag)
        elif child.tag == CUSTOM_XML:
            yield from _flat(child, tag)


def _chosen(alternate):
    """The one branch of an mc:AlternateContent that is read: its first choice, else its fallback."""
    for child in alternate:
        return child
    return ()
