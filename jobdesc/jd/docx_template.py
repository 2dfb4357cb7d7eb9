"""A Word job description template, read and parsed once per process.

Why: a build writes a Word file per role, and opening the template (reading the zip,
parsing every part) cost more than filling it. `TemplateParts` keeps the parsed parts and
gives each document copies; `TemplateLook` prepares the styles for one language once
(theme fonts removed, CJK faces localised) and serializes them once, and answers what the
body needs from them: the CJK face of each paragraph style and the header-row font.
"""
from __future__ import annotations

import copy
import io
from collections import OrderedDict
from pathlib import Path
from typing import Callable, Hashable, Optional, Sequence

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.oxml import serialize_part_xml
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.package import Package
from docx.parts.styles import StylesPart
from docx.section import Section
from docx.shared import Cm, Emu
from docx.styles.styles import Styles

from ..errors import UserError
from .docx_fonts import east_asia_of, prepare_styles

TEMPLATES_KEPT = 2  # parsed templates a process keeps (a build uses one)
PREPARED_KEPT = 4  # prepared copies a template keeps (a build uses one per language)
SECT_PR = qn("w:sectPr")


def twips(length: int) -> str:
    """A length as python-docx writes it into a twips attribute (ST_TwipsMeasure)."""
    return str(Emu(length).twips)


def open_template(template: bytes, path: Path):
    """The template as a python-docx Document; a file Word cannot read is the user's error."""
    try:
        return Document(io.BytesIO(template))
    except Exception as exc:  # python-docx raises zip, XML and KeyError failures alike
        raise UserError.at(path, 1, 1, "bad-template", f"not a usable Word .docx template: {exc}") from None


class TemplateLook:
    """The template's styles prepared for one language (theme fonts removed, CJK faces
    localised: `prepare_styles`) and serialized, once; and what the body needs from them:
    the CJK face of each paragraph style and the table style's header-row font."""

    def __init__(self, template_styles, language: str, table_style_id: Optional[str]):
        self.styles = copy.deepcopy(template_styles)
        prepare_styles(self.styles, language)
        self.styles_blob = serialize_part_xml(self.styles)
        styles = Styles(self.styles)
        self._by_id = {style.style_id: style for style in styles}
        self._default = styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self._faces: dict[str, str] = {}
        # The style a table with `table_style_id` reports (the default table style when it
        # has none): its first-row run properties are copied onto the header row's runs.
        table_style = styles.get_by_id(table_style_id, WD_STYLE_TYPE.TABLE)
        self.header_font = None if table_style is None else table_style.element.find(
            f'{qn("w:tblStylePr")}[@{qn("w:type")}="firstRow"]/{qn("w:rPr")}')

    def face(self, style_id: Optional[str]) -> str:
        """The CJK face of a paragraph with this style id (None or "": the default style)."""
        key = style_id or ""
        if key not in self._faces:
            self._faces[key] = east_asia_of(self._by_id.get(key, self._default), self.styles)
        return self._faces[key]


class TemplateParts:
    """A Word template read and parsed once; `document()` makes each document of copies of
    its parts (copying costs a fraction of reading the zip and parsing it again)."""

    def __init__(self, template: bytes, path: Path):
        self._path = path
        document = open_template(template, path)
        styles = document.styles  # (python-docx adds a default styles part to a template without one)
        self._package = document.part.package
        self._sect_pr = document.element.body.find(SECT_PR)
        self._main_part = document.part
        # Style lookups once, not per paragraph: python-docx scans every style on each one.
        self.style_ids = {style.name: style.style_id for style in styles}
        default = styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.default_paragraph_style_id = default.style_id if default is not None else None
        # As `table.style = styles["JD Table"]` resolves it: None for the default table style.
        self.table_style_id = (styles.get_style_id(styles["JD Table"], WD_STYLE_TYPE.TABLE)
                               if "JD Table" in self.style_ids else None)
        self._styles = styles.element
        self._looks: dict[str, TemplateLook] = {}
        self._column_twips: dict[tuple[float, ...], list[str]] = {}
        self._prepared: OrderedDict[Hashable, Package] = OrderedDict()
        self._holds: dict[str, bool] = {}

    def holds(self, text: str) -> bool:
        """Does any part of the template hold `text` (as characters, not as XML)?"""
        if text not in self._holds:
            self._holds[text] = any(text in node for part in self._package.iter_parts()
                                    if isinstance(part, XmlPart) for node in part.element.itertext())
        return self._holds[text]

    def look(self, language: str) -> TemplateLook:
        if language not in self._looks:
            self._looks[language] = TemplateLook(self._styles, language, self.table_style_id)
        return self._looks[language]

    def document(self, shared_styles=None):
        """A new python-docx Document of the template, as `Document(template)` would load
        it: each XML part a copy of the template's, except the styles part's element, which
        is `shared_styles` itself when given; the same parts and relationships, in order."""
        return copy_document(self._package, shared_styles)

    def prepared_document(self, key: Hashable, shared_styles, prepare: Callable[[object], None]):
        """A copy of the template as `prepare(document)` leaves it, `prepare` being run once
        per `key` (which must name everything it depends on, the language of
        `shared_styles` included): the header, footer and page settings every job
        description of a build shares are made once, not per file."""
        package = self._prepared.get(key)
        if package is None:
            document = self.document(shared_styles)
            prepare(document)
            package = self._prepared[key] = document.part.package
            while len(self._prepared) > PREPARED_KEPT:
                self._prepared.popitem(last=False)
        return copy_document(package, shared_styles)

    def columntwips(self, widths: Sequence[float]) -> list[str]:
        """Widths in cm for the built-in A4 template, scaled to the template's text width
        (a user's template may have other margins or paper), as twips attribute values."""
        key = tuple(widths)
        if key not in self._column_twips:
            if self._sect_pr is None:
                raise UserError.at(self._path, 1, 1, "bad-template",
                                   "not a usable Word .docx template: it has no page settings (w:sectPr)")
            section = Section(self._sect_pr, self._main_part)
            usable = section.page_width - section.left_margin - section.right_margin
            scale = usable / Cm(sum(widths))
            self._column_twips[key] = [twips(Emu(int(Cm(width) * scale))) for width in widths]
        return self._column_twips[key]


def copy_document(source: Package, shared_styles=None):
    """A new python-docx Document made of copies of `source`'s parts (the styles part's
    element is `shared_styles` itself when given), with the same relationships, in order."""
    package = Package()
    copies = {part: _copy_part(part, package, shared_styles) for part in source.iter_parts()}
    for origin, target in [(source, package), *copies.items()]:
        for rel in origin.rels.values():
            target.load_rel(rel.reltype, rel.target_ref if rel.is_external else copies[rel.target_part],
                            rel.rId, rel.is_external)
    for part in copies.values():
        part.after_unmarshal()
    package.after_unmarshal()
    return package.main_document_part.document


def _copy_part(part, package, shared_styles):
    if not isinstance(part, XmlPart):  # pictures and other bytes: python-docx never changes them
        return type(part).load(part.partname, part.content_type, part.blob, package)
    if shared_styles is not None and isinstance(part, StylesPart):
        element = shared_styles
    else:
        element = copy.deepcopy(part.element)
    return type(part)(part.partname, part.content_type, element, package)


_TEMPLATES: OrderedDict[bytes, TemplateParts] = OrderedDict()


def template_parts(template: bytes, path: Path) -> TemplateParts:
    """The parsed template, once per process (the last few kept, by their bytes)."""
    parts = _TEMPLATES.get(template)
    if parts is None:
        parts = _TEMPLATES[template] = TemplateParts(template, path)
        while len(_TEMPLATES) > TEMPLATES_KEPT:
            _TEMPLATES.popitem(last=False)
    return parts
