"""handbook.docx cut into pieces that each start a page, so its layout can be cached piece by piece.

A word processor's pages of one piece do not depend on what came before it when the piece
starts a page of its own (a heading with "page break before", or a new section that starts
a new page): the piece's lines fall on its pages the same way wherever it stands. So the
page of every heading is the first page of its piece (the sum of the page counts of the
pieces before) plus the heading's page inside its piece, and a piece's page count and
offsets can be kept in the build cache under the hash of what decides them: the piece's
XML (bookmark numbers left out: they are renumbered when a position is added before it
and are never printed), the section it is laid out in, and the styles, numbering,
headers and footers of the package.

A rebuild that changed one job description then has LibreOffice lay out that one piece,
not the 700 pages of a 300-position handbook; a clean build lays the pieces out in a few
documents of bounded size one after the other, so LibreOffice never holds the whole
handbook at once. docx_pages.py runs LibreOffice and writes the numbers; a test compares
the pieces' numbers with a layout of the whole file.
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Optional

from ..jd.docx_package import _write_entries

MAIN_NAMESPACE = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# Read as bytes, not parsed: the body of a 700-page handbook is 8 MB of XML, and an lxml tree
# of it would cost the build's main process ~100 MB while LibreOffice runs.
_ELEMENT = re.compile(rb"<w:(\w+)")
_PARAGRAPH = re.compile(rb"<w:p[\s>/]")
_FIRST_RUN = re.compile(rb"<w:(r|hyperlink)[\s>]")
_BREAK_BEFORE = re.compile(rb'<w:pageBreakBefore(?! w:val="(?:0|false|off)")[^>]*/>')
_CONTINUOUS = b'<w:type w:val="continuous"/>'
_MARK = re.compile(rb'<w:bookmarkStart\b[^>]*?\bw:name="([^"]*)"')
START_MARK = "JobdescPiece"  # the bookmark put at the start of each piece laid out (letters and digits:
FIRST_MARK_ID = 900_000      # its PDF destination keeps its name), with ids no handbook bookmark reaches
DOCUMENT_BYTES = 1_500_000  # XML per document laid out (~150 pages): LibreOffice's memory stays bounded
# Parts whose content decides how a piece breaks into pages (pictures do not: their size is in the XML).
LAYOUT_PARTS = re.compile(r"word/(styles|numbering|fontTable|settings|header\d*|footer\d*)\.xml|"
                          r"word/_rels/document\.xml\.rels|word/theme/.*")
# Bookmark numbers, wherever they stand in the XML: names, ids, links and page-number fields.
_NUMBERED = re.compile(rb'((?:w:name|w:anchor)="_[A-Za-z]+)\d+"|( PAGEREF _[A-Za-z]+)\d+ |'
                       rb'(<w:bookmark(?:Start|End) w:id=")\d+"')
FIELD_PLACEHOLDER = "888"  # what a page-number field shows when laid out before its number is known
# A page-number field's instruction and its stored result ("—" as handbook.docx writes it).
_FIELD = re.compile(rb" PAGEREF (_[A-Za-z]+\d+) \\h ")
_FIELD_RESULT = re.compile(rb'( PAGEREF (_[A-Za-z]+\d+) \\h )(</w:instrText>(?:(?!fldCharType="end").)*?<w:t(?: [^>]*)?>)'
                           rb"\xe2\x80\x94(</w:t>)", re.S)
# What could make LibreOffice reach outside the file it lays out (a user's jd.docx template
# brings its headers, footers and their relationships): a relationship to an external target
# other than a hyperlink (a linked picture, an attached template, a linked OLE object), and
# fields that read a file or address (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE). The copies laid
# out point them nowhere; their size on the page is in the XML (a field shows its stored result).
_EXTERNAL_TARGET = re.compile(rb'<Relationship\b(?=[^>]*\bTargetMode="External")(?![^>]*/hyperlink")[^>]*>')
_READING_FIELD = re.compile(rb"(<w:instrText\b[^>]*>\s*|\bw:instr=\"\s*)(INCLUDEPICTURE|INCLUDETEXT|LINK|DDEAUTO|DDE)\b",
                            re.I)
PLACEHOLDER_PICTURE = bytes.fromhex(  # a white 1×1 PNG standing in for every picture
    "89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b55"
    "0000000a49444154789c63f80f0001010100b138f6140000000049454e44ae426082")


@dataclass(frozen=True)
class Piece:
    blocks: tuple[bytes, ...]  # its blocks (paragraphs, tables) as serialized XML
    section: bytes       # the properties of the section its last block is in
    key_material: bytes  # what its pages depend on, besides the package's layout parts
    marks: tuple[str, ...]  # the bookmarks it holds, in order
    fields: tuple[str, ...]  # the bookmarks its page-number fields point at, in order

    def material(self, numbers: Optional[dict[str, int]]) -> bytes:
        """Its key material with the numbers its fields show (None: placeholders)."""
        shown = [str(numbers[f]) if numbers and f in numbers else FIELD_PLACEHOLDER for f in self.fields]
        return self.key_material + b"\0" + ",".join(shown).encode()


@dataclass(frozen=True)
class PieceLayout:
    pages: int                    # pages the piece takes
    offsets: tuple[Optional[int], ...]  # page of each of its bookmarks, counted from its first page (0)


class PiecedDocument:
    """handbook.docx's body cut into pieces (see the module's docstring). Keeps bytes only:
    the parsed document is let go once it is cut."""

    def __init__(self, package: bytes):
        self.package = package
        with zipfile.ZipFile(io.BytesIO(package)) as source:
            entries = {e.filename: source.read(e.filename) for e in source.infolist() if LAYOUT_PARTS.fullmatch(e.filename)}
            document = source.read("word/document.xml")
        self.context = hashlib.sha256(b"".join(hashlib.sha256(name.encode() + b"\0" + data).digest()
                                               for name, data in sorted(entries.items()))).digest()
        opening = document.index(b">", document.index(b"<w:body")) + 1
        self.head, self.tail = document[:opening], b"</w:body></w:document>"
        if MAIN_NAMESPACE not in self.head:
            raise ValueError("document.xml does not write WordprocessingML with the w: prefix")
        blocks, final = _body_blocks(document, opening, document.rindex(b"</w:body>"))
        self.pieces = _cut(blocks, _governing_sections(blocks, final))

    def documents(self, wanted: list[int], numbers: Optional[dict[str, int]] = None) -> list[tuple[list[int], bytes]]:
        """The pieces numbered `wanted` (in order) as .docx files to lay out: each a run of pieces
        that follow one another in the handbook, cut where a file would pass DOCUMENT_BYTES.
        Each piece starts with a START_MARK bookmark numbered by its place in the file; its
        page-number fields show `numbers` (placeholders where None)."""
        runs: list[list[int]] = []
        size = 0
        for number in wanted:
            length = len(self.pieces[number].key_material)
            if not runs or runs[-1][-1] != number - 1 or size + length > DOCUMENT_BYTES:
                runs.append([])
                size = 0
            runs[-1].append(number)
            size += length
        return [(run, self._document(run, numbers)) for run in runs]

    def _document(self, run: list[int], numbers: Optional[dict[str, int]]) -> bytes:
        body = []
        for place, number in enumerate(run):
            blocks = list(self.pieces[number].blocks)
            blocks[0] = _with_start_mark(blocks[0], place)
            body += blocks
        own = _own_section(body[-1])
        if own:  # the section ends with the file: its properties go to the body's end
            body[-1] = body[-1].replace(own, b"", 1)
        xml = _frozen_fields(self.head + b"".join(body) + self.pieces[run[-1]].section + self.tail, numbers)
        entries = []
        with zipfile.ZipFile(io.BytesIO(self.package)) as source:
            for entry in source.infolist():
                name = entry.filename
                if name == "word/document.xml":
                    data = _reaching_nowhere(name, xml)
                elif name.startswith("word/media/"):
                    data = PLACEHOLDER_PICTURE  # its size on the page is in the XML: LibreOffice need not decode it
                else:
                    data = _reaching_nowhere(name, source.read(name))
                entries.append((name, data, True))  # stored: no time goes on deflate for a file read once
        return _write_entries(entries)


def _reaching_nowhere(name: str, data: bytes) -> bytes:
    """A part of a file to lay out, with nothing in it that reads another file or address."""
    if name.endswith(".rels"):
        return _EXTERNAL_TARGET.sub(lambda m: re.sub(rb'\bTarget="[^"]*"', b'Target="about:blank"', m.group()), data)
    if name.endswith(".xml"):
        return _READING_FIELD.sub(lambda m: m.group(1) + b"JOBDESCNOTHING", data)
    return data


def _body_blocks(document: bytes, start: int, end: int) -> tuple[list[bytes], bytes]:
    """The body's children between `start` and `end` as their bytes (a child ends at the
    closing tag that balances its opening one), and the body's own section properties."""
    blocks, final, at = [], b"", start
    while (found := _ELEMENT.search(document, at, end)) is not None:
        name = found.group(1)
        closing = document.index(b">", found.end())
        if document[closing - 1:closing] == b"/":
            stop = closing + 1
        else:
            depth, at, tags = 1, closing + 1, _nesting(name)
            while depth:
                tag = tags.search(document, at, end)
                at = document.index(b">", tag.end() - 1) + 1
                if tag.group().startswith(b"</"):
                    depth -= 1
                elif document[at - 2:at - 1] != b"/":
                    depth += 1
            stop = at
        if name == b"sectPr":
            final = document[found.start():stop]
        else:
            blocks.append(document[found.start():stop])
        at = stop
    return blocks, final


def _nesting(name: bytes):
    """Opening and closing tags of one element name (w:p does not match w:pPr)."""
    return re.compile(rb"<w:%s[\s>/]|</w:%s>" % (name, name))


def _own_properties(block: bytes) -> bytes:
    """A paragraph's own properties (its first child), or b""."""
    if not _PARAGRAPH.match(block):
        return b""
    opening = block.index(b">") + 1
    if block[opening - 2:opening - 1] == b"/" or not block.startswith(b"<w:pPr", opening):
        return b""  # an empty paragraph, or one without properties
    if block.startswith(b"<w:pPr/>", opening):
        return b"<w:pPr/>"
    return block[opening:block.index(b"</w:pPr>", opening) + len(b"</w:pPr>")]


def _own_section(block: bytes) -> bytes:
    """The section properties a paragraph ends its section with, or b""."""
    properties = _own_properties(block)
    start = properties.find(b"<w:sectPr")
    return properties[start:properties.index(b"</w:sectPr>") + len(b"</w:sectPr>")] if start >= 0 else b""


def _governing_sections(blocks: list[bytes], final: bytes) -> list[bytes]:
    """For each block, the section properties of the section it is in (written at the section's end)."""
    governing, current = [b""] * len(blocks), final
    for index in range(len(blocks) - 1, -1, -1):
        current = _own_section(blocks[index]) or current
        governing[index] = current
    return governing


def _starts_page(blocks: list[bytes], sections: list[bytes], index: int) -> bool:
    if index == 0:
        return True
    if _PARAGRAPH.match(blocks[index]) and _BREAK_BEFORE.search(_own_properties(blocks[index])):
        return True
    return bool(_own_section(blocks[index - 1])) and _CONTINUOUS not in sections[index]


def _cut(blocks: list[bytes], sections: list[bytes]) -> list[Piece]:
    starts = [i for i in range(len(blocks)) if _starts_page(blocks, sections, i)]
    pieces = []
    for first, end in zip(starts, [*starts[1:], len(blocks)]):
        xml = b"".join(blocks[first:end])
        material = _NUMBERED.sub(lambda m: (m.group(1) or m.group(2) or m.group(3)) + b"#", xml)
        marks = tuple(m.decode() for m in _MARK.findall(xml))
        fields = tuple(m.decode() for m in _FIELD.findall(xml))
        pieces.append(Piece(tuple(blocks[first:end]), sections[end - 1], material + b"\0" + sections[end - 1],
                            marks, fields))
    return pieces


def _with_start_mark(block: bytes, place: int) -> bytes:
    """The block with a START_MARK bookmark around the first run of its first paragraph (an
    empty bookmark at the start of a section's first paragraph is placed by LibreOffice on
    the page before)."""
    paragraph = _PARAGRAPH.search(block)
    at = block.index(b">", paragraph.start()) + 1
    number = FIRST_MARK_ID + place
    start = b'<w:bookmarkStart w:id="%d" w:name="%s%d"/>' % (number, START_MARK.encode(), place)
    end = b'<w:bookmarkEnd w:id="%d"/>' % number
    if block[at - 2:at - 1] == b"/":  # <w:p/>: give it content
        return block[:at - 2] + b">" + start + end + b"</w:p>" + block[at:]
    at += len(_own_properties(block[paragraph.start():]))
    paragraph_end = block.find(b"</w:p>", at)
    run = _FIRST_RUN.search(block, at, paragraph_end if paragraph_end >= 0 else len(block))
    if run is None:
        return block[:at] + start + end + block[at:]
    closing = b"</w:hyperlink>" if run.group(1) == b"hyperlink" else b"</w:r>"
    after = block.index(closing, run.end()) + len(closing)
    return block[:at] + start + block[at:after] + end + block[after:]


def _frozen_fields(xml: bytes, numbers: Optional[dict[str, int]]) -> bytes:
    """Page-number fields turned into a field LibreOffice does not know, showing the number
    (or FIELD_PLACEHOLDER): LibreOffice computes PAGEREF itself, and in a file of a few
    pieces the bookmark is elsewhere or missing ("Error: Reference source not found", a
    line longer than the number the handbook will print)."""
    def frozen(match) -> bytes:
        bookmark = match.group(2).decode()
        shown = str(numbers[bookmark]) if numbers and bookmark in numbers else FIELD_PLACEHOLDER
        return b" JOBDESCPAGE " + match.group(3) + shown.encode() + match.group(4)

    return _FIELD_RESULT.sub(frozen, xml)


def destination_name(bookmark: str) -> str:
    """The name LibreOffice gives a bookmark's PDF destination: every character other than
    A-Z, a-z, 0-9 and "-" as two hex digits ("_Hb12" → "5FHb12")."""
    return "".join(c if c.isascii() and (c.isalnum() or c == "-") else f"{ord(c) & 0xFF:02X}" for c in bookmark)


def read_layout(run: list[int], pieces: list[Piece], destinations: dict[str, int],
                page_count: int) -> dict[int, PieceLayout]:
    """Each piece's layout from the laid-out file of `run`: destination → 1-based page, as
    docx_office.py reads them. Raises KeyError when a piece's start was not placed."""
    starts = [destinations[f"{START_MARK}{place}"] for place in range(len(run))]
    found = {}
    for place, number in enumerate(run):
        start = starts[place]
        following = starts[place + 1] if place + 1 < len(run) else page_count + 1
        # None for a bookmark LibreOffice made no destination of (one no field points at, say)
        offsets = tuple(destinations[destination_name(mark)] - start if destination_name(mark) in destinations
                        else None for mark in pieces[number].marks)
        found[number] = PieceLayout(following - start, offsets)
    return found


def bookmark_pages(pieces: list[Piece], layouts: list[PieceLayout]) -> dict[str, int]:
    """Bookmark → the 1-based page of the whole handbook it is on."""
    pages, first = {}, 1
    for piece, layout in zip(pieces, layouts):
        for mark, offset in zip(piece.marks, layout.offsets):
            if offset is not None:
                pages[mark] = first + offset
        first += layout.pages
    return pages
