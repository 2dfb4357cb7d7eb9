"""Job descriptions inside handbook.docx: the bodies of the already written OUT/jd/*.docx.

Writing every job description again with python-docx would double the most expensive
part of a Word build. The JD writer fills the same template (templates/jd.docx), so its
paragraphs and tables already speak the handbook's style vocabulary: they are moved over
as they are, and only their outline level changes (Title → Heading 3, Heading 1 →
Heading 4), so that Word's navigation pane shows department → position → section.

Speed (300 of them per build): the check for what cannot be moved reads the XML text first
and runs its XPath only when the text does not rule it out, and the moved body is
serialized where it is parsed (`serialized_in_place`) rather than moved element by element.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from docx.oxml.ns import nsmap, qn
from lxml import etree

from .docx_styles import JD_DEMOTION, ordered_ppr
from .docx_xml import el

# Anything that points into the JD's own package (r:id, r:embed: pictures, hyperlinks,
# charts), or whose id must be unique in a document, cannot be moved as it is.
_NOT_MOVABLE = etree.XPath(
    "./*[not(self::w:sectPr)]//@r:* | .//w:bookmarkStart | .//wp:docPr | .//w:fldSimple[contains(@w:instr, 'REF')]",
    namespaces={k: nsmap[k] for k in ("w", "r", "wp")})
_BODY = qn("w:body")
_SECTION = qn("w:sectPr")
_RELATIONSHIPS = nsmap["r"]
_BLOCKING_NAMES = (b"bookmarkStart", b"docPr", b"fldSimple")


@dataclass
class JobDescriptionBody:
    elements: list  # body paragraphs and tables, in order
    title: Optional[etree._Element]  # the paragraph that became the Heading 3
    body: Optional[etree._Element] = None  # the job description's w:body, the elements still in it
    own_namespaces: bool = True  # does anything below the JD's root declare a namespace?


def _document_xml(source: Path | bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as package:
        return package.read("word/document.xml")


def _body_text(xml: bytes, body) -> Optional[bytes]:
    """document.xml from the body's start tag on (None if it cannot be told where that is)."""
    if body is None or body.prefix is None:
        return None
    start = xml.find(b"<%s:body" % body.prefix.encode())
    return xml[start:] if start >= 0 else None


def _surely_movable(body_text: Optional[bytes], root, body) -> bool:
    """True when the text of the body shows that _NOT_MOVABLE finds nothing, which is far
    cheaper than running it; False only means "run it".

    Below the root nothing may declare a namespace, so an attribute in the relationships
    namespace is written with one of the root's prefixes for it, after white space; the
    final sectPr (which does refer to headers) is the body's last child, so its text starts
    at or before the last "<w:sectPr" in the file; the elements that cannot move are looked
    for by name anywhere in the body. Text that merely looks like these only costs the XPath."""
    if body_text is None or b"xmlns" in body_text or not len(body) or body[-1].tag != _SECTION:
        return False
    prefixes = [prefix for prefix, uri in root.nsmap.items() if uri == _RELATIONSHIPS]
    if None in prefixes:
        return False
    before_section = body_text[:body_text.rfind(b"<%s:sectPr" % body.prefix.encode())]
    if any(re.search(rb"\s%s:" % re.escape(prefix.encode()), before_section) for prefix in prefixes):
        return False
    return not any(name in body_text for name in _BLOCKING_NAMES)


def page_break_before(paragraph) -> None:
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        paragraph.insert(0, ppr)
    if ppr.find(qn("w:pageBreakBefore")) is None:
        ppr.append(el("w:pageBreakBefore"))
        ordered_ppr(ppr)


def jd_body(source: Path | bytes, role_id: str) -> JobDescriptionBody:
    """The body of one job description, restyled for the handbook's outline."""
    xml = _document_xml(source)
    root = etree.fromstring(xml)
    body = root.find(_BODY)
    body_text = _body_text(xml, body)
    if not _surely_movable(body_text, root, body):
        blocked = _NOT_MOVABLE(body)
        # The JD writer adds none of these today; if it ever does, the handbook must copy the
        # related parts (or renumber ids) before this assertion may go.
        assert not blocked, f"job description {role_id} holds package references or ids: {blocked[:3]}"
    title = None
    for style in body.iter(qn("w:pStyle")):
        value = style.get(qn("w:val"))
        if value in JD_DEMOTION:
            style.set(qn("w:val"), JD_DEMOTION[value])
            if value == "Title" and title is None:
                title = style.getparent().getparent()
    own_namespaces = body_text is None or b"xmlns" in body_text
    return JobDescriptionBody([child for child in body if child.tag != _SECTION], title, body, own_namespaces)


def serialized_in_place(jd: JobDescriptionBody, codec) -> Optional[bytes]:
    """`jd.elements` serialized where they are, in the job description's own document: the
    bytes that moving them into the handbook and serializing them there gives (see
    FragmentCodec), without moving them, when both documents' roots declare the same
    prefixes for the same namespaces, one prefix each, and nothing below the JD's root
    declares any (then every element names its namespaces the same way in both). None when
    that does not hold: the caller moves the elements."""
    body = jd.body
    if body is None or jd.own_namespaces or dict(body.nsmap) != codec.nsmap or \
            len(set(codec.nsmap.values())) != len(codec.nsmap):
        return None
    for section in body.findall(_SECTION):
        body.remove(section)
    for index, element in enumerate(jd.elements):  # a heading or an empty first paragraph the handbook added
        if element.getparent() is not body:
            body.insert(index, element)
    if len(body) != len(jd.elements):
        return None
    return codec.serialize(body)
