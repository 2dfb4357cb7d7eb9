"""Headers and footers for handbook.docx's wider pages (landscape, and the org chart's A3).

The template's header and footer are designed for its portrait page: the right-hand text
sits at a tab stop at the portrait page's right margin (the Header style's, or the
paragraph's own). On a landscape page that stop is in the middle of the page, and the
running header sat there. A section of another width gets copies of the template's
header and footer parts whose tab stops (and any table widths) are scaled to its text
width; the copies keep the originals' relationships (a logo stays the same picture).
"""
from __future__ import annotations

import copy
from typing import Optional

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.parts.hdrftr import FooterPart, HeaderPart

from .docx_xml import el

PAPER_TWIPS = {"A4": (11906, 16838), "A3": (16838, 23811)}  # portrait width, height


def _style_tabs(styles, style_id: Optional[str]) -> list:
    """The tab stops a paragraph style gives (its own, else its basedOn chain's)."""
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        style = next((s for s in styles.iterchildren(qn("w:style")) if s.get(qn("w:styleId")) == style_id), None)
        if style is None:
            return []
        tabs = style.find(f"{qn('w:pPr')}/{qn('w:tabs')}")
        if tabs is not None:
            return list(tabs)
        based = style.find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    return []


def _scaled(value: str, factor: float) -> str:
    return str(round(int(value) * factor))


def widen(story, styles, factor: float) -> None:
    """Scale every tab stop and fixed table width of a header or footer by `factor`."""
    for p in story.iter(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = el("w:pPr")
            p.insert(0, ppr)
        style = ppr.find(qn("w:pStyle"))
        own = ppr.find(qn("w:tabs"))
        stops = []
        for tab in _style_tabs(styles, style.get(qn("w:val")) if style is not None else "Normal"):
            if tab.get(qn("w:val")) != "clear":  # the style's stop cleared, the same stop moved
                stops.append(el("w:tab", {"w:val": "clear", "w:pos": tab.get(qn("w:pos"))}))
                moved = copy.deepcopy(tab)
                moved.set(qn("w:pos"), _scaled(tab.get(qn("w:pos")), factor))
                stops.append(moved)
        if own is not None:
            for tab in own:
                moved = copy.deepcopy(tab)
                if tab.get(qn("w:val")) != "clear":
                    moved.set(qn("w:pos"), _scaled(tab.get(qn("w:pos")), factor))
                stops.append(moved)
            ppr.remove(own)
        if stops:
            tabs = el("w:tabs", children=stops)
            # w:tabs comes after these in pPr (the schema's order)
            before = [c for c in ppr if c.tag in (qn("w:pStyle"), qn("w:keepNext"), qn("w:keepLines"),
                                                 qn("w:pageBreakBefore"), qn("w:framePr"), qn("w:widowControl"),
                                                 qn("w:numPr"), qn("w:suppressLineNumbers"), qn("w:pBdr"),
                                                 qn("w:shd"))]
            if before:
                before[-1].addnext(tabs)
            else:
                ppr.insert(0, tabs)
    for tag in ("w:tblW", "w:gridCol", "w:tcW"):
        for width in story.iter(qn(tag)):
            if width.get(qn("w:type"), "dxa") == "dxa" and width.get(qn("w:w")):
                width.set(qn("w:w"), _scaled(width.get(qn("w:w")), factor))


class WidePages:
    """Copies of the last section's headers and footers for each wider text width, made
    once (in a fixed order, so their part names and relationship ids are the same in every
    build: cached fragments hold section properties that name them)."""

    def __init__(self, document, final_sect_pr, portrait_text_width: int):
        self.document = document
        self.final = final_sect_pr
        self.portrait = portrait_text_width
        self.copies: dict[int, dict[str, str]] = {}  # text width → {template rId: copy's rId}

    def prepare(self, text_width: int) -> None:
        if text_width == self.portrait or text_width in self.copies:
            return
        part, package = self.document.part, self.document.part.package
        styles = self.document.styles.element
        mapping: dict[str, str] = {}
        for reference in self.final:
            if reference.tag not in (qn("w:headerReference"), qn("w:footerReference")):
                continue
            rid = reference.get(qn("r:id"))
            source = part.related_parts[rid]
            header = reference.tag == qn("w:headerReference")
            kind = HeaderPart if header else FooterPart
            partname = package.next_partname("/word/header%d.xml" if header else "/word/footer%d.xml")
            element = copy.deepcopy(source.element)
            widen(element, styles, text_width / self.portrait)
            wide = kind(partname, source.content_type, element, package)
            for rel in source.rels.values():
                wide.rels.add_relationship(rel.reltype, rel.target_ref if rel.is_external else rel.target_part,
                                           rel.rId, rel.is_external)
            mapping[rid] = part.relate_to(wide, RT.HEADER if header else RT.FOOTER)
        self.copies[text_width] = mapping

    def use(self, sect_pr, text_width: int) -> None:
        """Point the section's header and footer references at the copies for its width."""
        mapping = self.copies.get(text_width, {})
        for reference in sect_pr:
            if reference.tag in (qn("w:headerReference"), qn("w:footerReference")):
                rid = reference.get(qn("r:id"))
                if rid in mapping:
                    reference.set(qn("r:id"), mapping[rid])
