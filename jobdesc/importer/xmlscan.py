"""A streaming check of one XML part of a .docx/.xlsx before python-docx or openpyxl parse it.

Expat reads the part as it is inflated, in whatever encoding the part declares (its byte-order
mark or XML declaration, UTF-16 included), so a DOCTYPE or an entity declaration is found
wherever it stands, not only in the part's first kilobytes. The same pass counts elements,
attributes, nesting depth, paragraphs, spreadsheet rows and text, and stops at the first limit
passed: a part of five million empty paragraphs is refused after the first few thousand,
before lxml builds a tree of them. A part expat cannot read is refused too, so the parsers
behind it only ever see XML that was read in full here.
"""
from __future__ import annotations

from dataclasses import dataclass
from xml.parsers import expat

_WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_SHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PARAGRAPH = f"{_WORD} p"  # the names as expat gives them (namespace_separator=" ")
_ROW = f"{_SHEET} row"


@dataclass(frozen=True)
class XmlLimits:
    elements: int = 500_000  # elements and attributes of all parts together
    depth: int = 128  # Word nests tables in tables; 128 levels is far beyond any real document
    paragraphs: int = 30_000  # w:p (a 300-page book has ~12,000)
    rows: int = 50_000  # spreadsheet rows (a staffing table of 1,000 positions has ~1,100)
    characters: int = 3_000_000  # character data of all parts (10x the text an import accepts)


class XmlRefused(Exception):
    """Why a part is refused; package.py adds the file and part names."""

    def __init__(self, code: str, why: str):
        super().__init__(why)
        self.code = code


class XmlCounters:
    """Counters shared by all parts of one package (the limits are for the whole file)."""

    def __init__(self, limits: XmlLimits | None = None):
        self.limits = limits or XmlLimits()
        self.elements = 0
        self.paragraphs = 0
        self.rows = 0
        self.characters = 0


class XmlPartScanner:
    """Feed a part's bytes in pieces; raises XmlRefused at the first thing refused."""

    def __init__(self, counters: XmlCounters):
        self.counters = counters
        self.depth = 0
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        # No DTD, no entity: Office never writes one, and an entity is how a part reads files
        # (external) or multiplies itself (a "billion laughs").
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._entity
        parser.ExternalEntityRefHandler = self._entity
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self.parser = parser

    def feed(self, data: bytes, final: bool = False) -> None:
        try:
            self.parser.Parse(data, final)
        except expat.ExpatError as exc:
            raise XmlRefused("import-binary", f"is not well-formed XML ({exc})") from None
        except ValueError as exc:  # a declared encoding expat cannot read ("multi-byte encodings …")
            raise XmlRefused("import-binary", f"is in an encoding Office never writes ({exc})") from None

    def _doctype(self, *_args) -> None:
        raise XmlRefused("import-entity", "declares a DOCTYPE, which Office never writes "
                                          "(an entity could read files of this computer)")

    def _entity(self, *_args) -> None:
        raise XmlRefused("import-entity", "declares or uses an entity, which Office never writes "
                                          "(an entity could read files of this computer)")

    def _start(self, name: str, attributes: dict) -> None:
        # Called for every element of every part (a roster of 20,000 people has 500,000): the
        # names compared are made once, at import.
        counters, limits = self.counters, self.counters.limits
        self.depth += 1
        counters.elements += 1 + len(attributes)
        if self.depth > limits.depth:
            raise XmlRefused("import-too-large", f"nests elements more than {limits.depth} deep")
        if counters.elements > limits.elements:
            raise XmlRefused("import-too-large", f"holds more than {limits.elements:,} XML elements")
        if name == _PARAGRAPH:
            counters.paragraphs += 1
            if counters.paragraphs > limits.paragraphs:
                raise XmlRefused("import-too-large", f"holds more than {limits.paragraphs:,} paragraphs: "
                                                     "split the document and import the parts")
        elif name == _ROW:
            counters.rows += 1
            if counters.rows > limits.rows:
                raise XmlRefused("import-too-large", f"holds more than {limits.rows:,} rows: "
                                                     "a staffing table has one row per position")

    def _end(self, _name: str) -> None:
        self.depth -= 1

    def _text(self, data: str) -> None:
        self.counters.characters += len(data)
        if self.counters.characters > self.counters.limits.characters:
            raise XmlRefused("import-too-large",
                             f"holds more than {self.counters.limits.characters:,} characters of text")


def looks_like_xml(start: bytes) -> bool:
    """Whether a part's first bytes are XML's (any encoding Office or a parser would accept).

    Parts that do not look like XML (pictures, fonts, printer settings) are never handed to a
    parser: package.py passes them on empty."""
    stripped = start.lstrip(b" \t\r\n")
    # "<" in UTF-8/-16/-32 and the byte-order marks; not a bare b"\x00\x00", which starts videos and icons.
    return stripped.startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00<", b"\x00\x00\xfe\xff",
                                b"\x00\x00\x00<"))
