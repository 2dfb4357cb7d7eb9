"""OUT/jd-changes/ROLE_ID.docx: a position's new job description with the changes as Word
tracked changes (w:ins / w:del), to accept or reject one by one in Word, WPS or LibreOffice.

Every change carries the author `jobdesc` and the date of SOURCE_DATE_EPOCH, so the same
versions give the same bytes. The document starts from the house Word template (jd.docx:
its styles, header and margins) and prints every field of the newer version in the job
description's order; unchanged text is plain, a deleted or inserted word is a tracked
deletion or insertion inside its sentence, and a line added or removed whole is tracked
with its paragraph mark, so accepting or rejecting it leaves no empty paragraph behind.
"""
from __future__ import annotations

from itertools import count
from pathlib import Path
from typing import Iterable, Optional

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from ..determinism import build_datetime, document_date
from ..i18n import CJK_FONT
from ..jd.docx_header import fill_headers
from ..jd.docx_writer import save_deterministic
from ..format.organisation import Organisation
from .fields import FIELDS, named, role_values
from .items import ItemChange, aligned, scalar_change
from .labels import diff_labels, field_label
from .model import PositionChange
from .text import Segment

AUTHOR = "jobdesc"
PREAMBLE = ("title", "department", "reports_to")


def _w(tag: str, **attributes: str) -> etree._Element:
    element = etree.Element(qn(f"w:{tag}"))
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


class TrackedDocument:
    def __init__(self, template: Path, language: str):
        self.doc = Document(str(template))
        self.body = self.doc.element.body
        self.end = self.body.find(qn("w:sectPr"))
        for child in list(self.body):
            if child is not self.end:
                self.body.remove(child)
        self.face = CJK_FONT.get(language, CJK_FONT["zh-CN"])
        self.date = build_datetime().strftime("%Y-%m-%dT%H:%M:%SZ")
        self.ids = count(1)
        self.style_ids = {s.name: s.style_id for s in self.doc.styles if s.type == 1}

    def _mark(self, kind: str) -> etree._Element:
        return _w(kind, id=str(next(self.ids)), author=AUTHOR, date=self.date)

    def _run(self, text: str, deleted: bool = False, bold: bool = False) -> etree._Element:
        run = _w("r")
        properties = run.makeelement(qn("w:rPr"), {})
        properties.append(_w("rFonts", eastAsia=self.face))
        if bold:
            properties.append(_w("b"))
        run.append(properties)
        text_element = _w("delText" if deleted else "t")
        text_element.text = text
        text_element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(text_element)
        return run

    def paragraph(self, segments: Iterable[Segment], *, style: Optional[str] = None, prefix: str = "",
                  whole: Optional[str] = None, bold: bool = False) -> None:
        """One paragraph; `whole` = 'ins' / 'del' tracks its paragraph mark too (a line added or
        removed whole)."""
        paragraph = _w("p")
        properties = _w("pPr")
        if style and style in self.style_ids:
            properties.append(_w("pStyle", val=self.style_ids[style]))
        if whole is not None:
            mark_properties = _w("rPr")
            mark_properties.append(self._mark(whole))
            properties.append(mark_properties)
        if len(properties):
            paragraph.append(properties)
        if prefix:
            paragraph.append(self._run(prefix, bold=bold))
        for segment in segments:
            if not segment.text:
                continue
            if segment.op == "equal":
                paragraph.append(self._run(segment.text, bold=bold))
                continue
            wrapper = self._mark("ins" if segment.op == "insert" else "del")
            wrapper.append(self._run(segment.text, deleted=segment.op == "delete", bold=bold))
            paragraph.append(wrapper)
        self.end.addprevious(paragraph)

    def item(self, item: ItemChange, *, style: Optional[str] = None, prefix: str = "") -> None:
        whole = {"added": "ins", "removed": "del"}.get(item.op)
        indent = "　" * item.depth  # a full-width space per level: sub-items read as such in any template
        self.paragraph(item.segments, style=style, prefix=indent + prefix, whole=whole)


def _values(role, organisation: Optional[Organisation]) -> dict:
    if role is None or organisation is None:
        return {}
    department = organisation.departments.get(role.department)
    return {"title": role.title, "department": department.name if department else role.department,
            "reports_to": named(organisation, role.reports_to), **role_values(role, organisation)}


def _items(before, after) -> list[ItemChange]:
    if isinstance(before, list) or isinstance(after, list):
        return aligned(before or [], after or [])
    if before == after:
        return [ItemChange("equal", after, after, (Segment("equal", after),))] if after else []
    change = scalar_change(before, after)
    return [change] if change is not None else []


def tracked_docx(change: PositionChange, old: Organisation, new: Organisation, template: Path) -> bytes:
    """The new job description of one position with its changes tracked."""
    labels = diff_labels(new.language)
    old_role = old.roles.get(change.old_id or change.id) if change.kind != "added" else None
    before, after = _values(old_role, old if old_role else None), _values(new.roles[change.id], new)
    document = TrackedDocument(template, new.language)
    fill_headers(document.doc, {"organisation": new.org.organization, "title": change.title,
                                "document": labels["document"]},
                 (labels["page_before"], labels["page_middle"], labels["page_after"]))
    title = _items(before.get("title"), after["title"])
    document.paragraph(title[0].segments, style="Title", whole="ins" if change.kind == "added" else None)
    for name in PREAMBLE[1:]:
        for item in _items(before.get(name), after.get(name)):
            document.item(item, prefix=f"{field_label(labels, name)}{labels['colon']}")
    for name in FIELDS:
        items = _items(before.get(name), after.get(name))
        if not items:
            continue
        document.paragraph([Segment("equal", field_label(labels, name))], style="Heading 2")
        for item in items:
            document.item(item, style="List Paragraph" if isinstance(after.get(name) or before.get(name), list) else None)
    return save_deterministic(document.doc, f"{change.title} · {labels['document']}", AUTHOR, change.department,
                              date=document_date(new))


def tracked_documents(changes, old: Organisation, new: Organisation, template: Path) -> dict[str, bytes]:
    """ROLE_ID → .docx bytes for every position of the newer version that changed or was added."""
    return {change.id: tracked_docx(change, old, new, template)
            for change in changes.positions if change.kind != "removed"}
