"""Job descriptions inside handbook.docx: the bodies of the already written OUT/jd/*.docx.

Writing every job description again with python-docx would double the most expensive
part of a Word build. The JD writer fills the same template (templates/jd.docx), so its
paragraphs and tables already speak the handbook's style vocabulary: they are moved over
as they are, and only their outline level changes (Title → Heading 3, Heading 1 →
Heading 4), so that Word's navigation pane shows department → position → section.
"""
from __future__ import annotations

import io
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


@dataclass
class JobDescriptionBody:
    elements: list  # body paragraphs and tables, in order
    title: Optional[etree._Element]  # the paragraph that became the Heading 3


def jd_source(shared: dict, out: Path, role_id: str) -> Path | bytes:
    """Where a role's written .docx is: handed over by the JD renderer, or in OUT/jd/."""
    given = shared.get("jd_docx", {}).get(role_id)
    return given if given is not None else out / "jd" / f"{role_id}.docx"


def _document_root(source: Path | bytes):
    with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as package:
        return etree.fromstring(package.read("word/document.xml"))


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
    body = _document_root(source).find(_BODY)
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
    return JobDescriptionBody([child for child in body if child.tag != _SECTION], title)
