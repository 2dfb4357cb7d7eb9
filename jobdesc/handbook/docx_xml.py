"""Small builders of WordprocessingML elements for handbook.docx, straight in lxml.

python-docx's object layer re-reads the whole table for every cell it hands out, so a
300-row staffing table would take seconds; the handbook builds its elements directly.
Children are created in the order the OOXML schema requires (Word calls a file corrupt
when pPr, rPr, tcPr … children are out of order).
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

from docx.oxml.ns import nsmap as _namespaces, qn
from docx.oxml.parser import oxml_parser
from lxml import etree

CM = 567  # twips per centimetre (1 cm = 1440 / 2.54 twips)
FRAGMENT_ROOT = qn("w:document")  # the stand-in root fragments are serialized under


_make_element = oxml_parser.makeelement  # python-docx's parser: see el()
_CLARK: dict[str, str] = {}


def _clark(name: str) -> str:
    """qn("w:p") → "{http://…/main}p", remembered (el is called ~75,000 times per handbook)."""
    try:
        return _CLARK[name]
    except KeyError:
        return _CLARK.setdefault(name, qn(name))


def el(tag: str, attrs: Optional[dict] = None, children: Iterable = ()) -> etree._Element:
    # python-docx's parser, so that python-docx sees its own element classes (a style, a
    # paragraph) if it later reads what we built.
    element = _make_element(_clark(tag), {_clark(k): str(v) for k, v in attrs.items()} if attrs else None)
    if children:
        element.extend([c for c in children if c is not None])
    return element


def _val(tag: str, value) -> etree._Element:
    return el(tag, {"w:val": value})


# ------------------------------------------------------------------ runs and paragraphs

def run(text: str, face: Optional[str], *, bold: bool = False, size: Optional[float] = None,
        color: Optional[str] = None, fill: Optional[str] = None) -> etree._Element:
    """A run of text; tabs and line breaks in `text` become w:tab / w:br."""
    rpr = el("w:rPr", children=[
        el("w:rFonts", {"w:eastAsia": face}) if face else None,
        el("w:b") if bold else None,
        _val("w:color", color) if color else None,
        _val("w:sz", round(size * 2)) if size else None,
        _val("w:szCs", round(size * 2)) if size else None,
        el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill}) if fill else None,
    ])
    parts = []
    for i, piece in enumerate(re.split(r"(\t|\n)", text)):
        if i % 2:
            parts.append(el("w:tab" if piece == "\t" else "w:br"))
        elif piece:
            t = el("w:t", {"xml:space": "preserve"})
            t.text = piece
            parts.append(t)
    return el("w:r", children=[rpr if len(rpr) else None, *parts])


def paragraph(content: Sequence = (), *, style: Optional[str] = None, page_break: bool = False,
              keep_next: bool = False, tabs: Sequence[tuple[str, int, Optional[str]]] = (),
              before: Optional[int] = None, after: Optional[int] = None, indent: int = 0,
              align: Optional[str] = None, mark_size: Optional[float] = None) -> etree._Element:
    """A paragraph of runs (or fields, hyperlinks, bookmarks). `tabs` are (kind, position in
    twips, leader); spacing in twips; `mark_size` shrinks the paragraph mark (a section break)."""
    spacing = {k: v for k, v in (("w:before", before), ("w:after", after)) if v is not None}
    if mark_size:
        spacing.update({"w:before": 0, "w:after": 0, "w:line": 240, "w:lineRule": "auto"})
    ppr = el("w:pPr", children=[
        _val("w:pStyle", style) if style else None,
        el("w:keepNext") if keep_next else None,
        el("w:pageBreakBefore") if page_break else None,
        el("w:tabs", children=[el("w:tab", {"w:val": kind, "w:pos": pos, **({"w:leader": leader} if leader else {})})
                               for kind, pos, leader in tabs]) if tabs else None,
        el("w:spacing", spacing) if spacing else None,
        el("w:ind", {"w:left": indent}) if indent else None,
        _val("w:jc", align) if align else None,
        el("w:rPr", children=[_val("w:sz", round(mark_size * 2))]) if mark_size else None,
    ])
    return el("w:p", children=[ppr if len(ppr) else None, *content])


# ------------------------------------------------------------------ fields, bookmarks, links

def field_begin(instruction: str, face: Optional[str], dirty: bool = False) -> list[etree._Element]:
    """The runs that open a complex field up to its result: begin, instruction, separate."""
    instr = el("w:instrText", {"xml:space": "preserve"})
    instr.text = f" {instruction} "
    return [el("w:r", children=[el("w:fldChar", {"w:fldCharType": "begin", **({"w:dirty": "true"} if dirty else {})})]),
            el("w:r", children=[el("w:rPr", children=[el("w:rFonts", {"w:eastAsia": face})]) if face else None, instr]),
            el("w:r", children=[el("w:fldChar", {"w:fldCharType": "separate"})])]


def field_end() -> etree._Element:
    return el("w:r", children=[el("w:fldChar", {"w:fldCharType": "end"})])


def field(instruction: str, result: str, face: Optional[str], dirty: bool = False, **format) -> list[etree._Element]:
    """A whole complex field with a placeholder result (Word recomputes it when fields update;
    `dirty` marks it as out of date, so Word and WPS recompute it when the file is opened)."""
    return [*field_begin(instruction, face, dirty), run(result, face, **format), field_end()]


def bookmarked(bookmark_id: int, name: str, content: Sequence) -> list[etree._Element]:
    return [el("w:bookmarkStart", {"w:id": bookmark_id, "w:name": name}), *content,
            el("w:bookmarkEnd", {"w:id": bookmark_id})]


def internal_link(anchor: str, content: Sequence) -> etree._Element:
    return el("w:hyperlink", {"w:anchor": anchor, "w:history": 1}, content)


# ------------------------------------------------------------------ tables

@dataclass(frozen=True)
class Cell:
    text: str
    bold: bool = False
    fill: Optional[str] = None  # background, hex RGB
    color: Optional[str] = None  # text colour, hex RGB
    align: Optional[str] = None  # "center" / "right"
    indent: int = 0  # twips
    span: int = 1  # grid columns covered
    size: Optional[float] = None  # points


def _cell(cell: Cell, width: int, face: Optional[str]) -> etree._Element:
    tcpr = el("w:tcPr", children=[
        el("w:tcW", {"w:w": width, "w:type": "dxa"}),
        _val("w:gridSpan", cell.span) if cell.span > 1 else None,
        el("w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": cell.fill}) if cell.fill else None,
        _val("w:vAlign", "center"),
    ])
    content = [run(cell.text, face, bold=cell.bold, color=cell.color, size=cell.size)] if cell.text else []
    return el("w:tc", children=[tcpr, paragraph(content, indent=cell.indent, align=cell.align)])


def table(widths: Sequence[int], rows: Sequence[Sequence[Cell]], face: Optional[str], *,
          header_rows: int = 0, style: str = "JDTable", header_look: Optional[dict] = None) -> etree._Element:
    """A fixed-layout table; the first `header_rows` repeat on every page, and the first
    row takes the table style's header look (tblLook firstRow) when there is one.

    `header_look` (bold, color) is also written on the first row's runs: Word ranks the
    paragraph style's colour above the table style's, and LibreOffice ignores a table
    style's run properties, so either would draw dark text on the header's dark fill."""
    # w:val is the same choice as a bit mask, for Word 2007 (0x20 first row, 0x600 no banding).
    look = {"w:firstRow": int(header_rows > 0), "w:lastRow": 0, "w:firstColumn": 0, "w:lastColumn": 0,
            "w:noHBand": 1, "w:noVBand": 1, "w:val": "0620" if header_rows else "0600"}
    tbl = el("w:tbl", children=[
        el("w:tblPr", children=[_val("w:tblStyle", style), el("w:tblW", {"w:w": sum(widths), "w:type": "dxa"}),
                                el("w:tblLayout", {"w:type": "fixed"}), el("w:tblLook", look)]),
        el("w:tblGrid", children=[el("w:gridCol", {"w:w": w}) for w in widths]),
    ])
    for index, cells in enumerate(rows):
        trpr = el("w:trPr", children=[el("w:cantSplit"), el("w:tblHeader") if index < header_rows else None])
        tr = el("w:tr", children=[trpr])
        column = 0
        if index == 0 and header_rows and header_look:
            cells = [dataclasses.replace(c, **{k: v for k, v in header_look.items() if not getattr(c, k)})
                     for c in cells]
        for cell in cells:
            tr.append(_cell(cell, sum(widths[column:column + cell.span]), face))
            column += cell.span
        assert column == len(widths), f"row {index} covers {column} of {len(widths)} columns"
        tbl.append(tr)
    return tbl


def split_widths(total: int, shares: Sequence[float]) -> list[int]:
    """Column widths in twips proportional to `shares`, summing exactly to `total`."""
    scale = total / sum(shares)
    widths = [int(share * scale) for share in shares]
    widths[-1] += total - sum(widths)
    return widths


# ------------------------------------------------------------------ serialized fragments

FRAGMENT_TAG = qn("w:jobdescFragment")  # holds a fragment's place in the body until the document is saved
_PLAIN_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True)  # keeps every text node as written


class FragmentCodec:
    """Body blocks ↔ their bytes exactly as they appear inside the saved document.xml.

    `etree.tostring` of one element declares on it every namespace in scope, so blocks are
    serialized as children of a stand-in root that declares what the document's root
    declares, and the stand-in's own tags are cut off. Where an element refers to its
    namespaces depends only on the declarations in scope, so a block serialized this way is
    byte for byte what serializing the whole document writes for it.

    Bookmark numbers (w:id and the number in the name, "_Hb12") run through the whole
    document; `shift_bookmarks` renumbers a cached fragment when blocks before it gained
    or lost bookmarks.
    """

    def __init__(self, nsmap: dict):
        self.nsmap = dict(nsmap)
        probe = self.container()
        probe.append(el("w:jobdescFragment"))
        whole = etree.tostring(probe, encoding="UTF-8")
        self.placeholder = self.serialize(probe)  # how a placeholder looks in document.xml
        self._head, self._tail = whole.split(self.placeholder)
        prefix = next((p for p, uri in self.nsmap.items() if uri == _namespaces["w"] and p), None)
        self._bookmarks = None
        if prefix is not None:
            probe = self.container()
            probe.extend(bookmarked(1, "_Hb1", []))
            self._w = p = prefix.encode()
            if self.serialize(probe) == b'<%s:bookmarkStart %s:id="1" %s:name="_Hb1"/><%s:bookmarkEnd %s:id="1"/>' % (
                    p, p, p, p, p):
                self._bookmarks = re.compile(
                    rb'<%s:bookmark(?:Start %s:id="(\d+)" %s:name="(_[A-Za-z]+)(\d+)"|End %s:id="(\d+)")/>' % (
                        p, p, p, p))

    def container(self) -> etree._Element:
        return _make_element(FRAGMENT_ROOT, nsmap=self.nsmap)

    def serialize(self, container) -> bytes:
        """The bytes of the container's children, as they appear inside document.xml."""
        if not len(container):
            return b""
        data = etree.tostring(container, encoding="UTF-8")
        start, end = data.index(b">") + 1, data.rindex(b"</")
        return data[start:end]

    def parse(self, data: bytes) -> list[etree._Element]:
        """The blocks of serialized bytes (inside a container, to be moved into the document)."""
        return list(etree.fromstring(self._head + data + self._tail, _PLAIN_PARSER))

    @property
    def can_renumber(self) -> bool:
        return self._bookmarks is not None

    def shift_bookmarks(self, data: bytes, first: int, count: int, delta: int) -> Optional[bytes]:
        """Bookmarks first … first+count-1 renumbered by `delta`; None if the fragment does
        not hold exactly those bookmarks (then it must be built again)."""
        if not delta:
            return data
        seen = {"start": 0, "end": 0}

        def shifted(match) -> bytes:
            start_id, prefix, name_number, end_id = match.groups()
            number = int(start_id or end_id)
            if not first <= number < first + count or (start_id and name_number != start_id):
                raise ValueError(number)
            seen["start" if start_id else "end"] += 1
            new, w = str(number + delta).encode(), self._w
            if start_id:
                return b'<%s:bookmarkStart %s:id="%s" %s:name="%s%s"/>' % (w, w, new, w, prefix, new)
            return b'<%s:bookmarkEnd %s:id="%s"/>' % (w, w, new)

        try:
            result = self._bookmarks.sub(shifted, data)
        except ValueError:
            return None
        return result if seen["start"] == seen["end"] == count else None
