"""The handbook's heading and contents styles, derived from the job description template.

Word's navigation pane and the contents field follow heading levels, and the handbook
uses them as handbook.pdf's bookmarks do:

* Heading 1: the parts (org chart, staffing table, departments, RACI, index);
* Heading 2: every department, however deeply nested (its path is printed under its
  name), so that positions always sit at level 3 and the contents field `\\o "1-3"` lists
  parts, departments and positions, like handbook.pdf's contents; RACI processes too;
* Heading 3: positions (a job description's Title paragraph, re-styled);
* Heading 4: the sections of a job description (its Heading 1) and of a department page.

So that a job description looks the same inside the handbook as on its own, each heading
level takes the formatting of the template style it stands in for (Heading 3 ← Title,
Heading 4 ← Heading 1); parts and departments look like a Title too, parts a size larger.
A user who restyles Title or Heading 1 in their jd.docx restyles the handbook with it.
"""
from __future__ import annotations

import copy
from typing import Callable, Optional

from docx.oxml.ns import qn
from lxml import etree

from ..jd.docx_fonts import east_asia_of
from .docx_xml import el

# heading level → (template style whose look it takes, size factor)
LEVEL_LOOK = {1: ("Title", 1.2), 2: ("Title", 1.0), 3: ("Title", 1.0), 4: ("Heading1", 1.0), 5: ("Heading2", 1.0)}
# A job description's own styles → their place in the handbook's outline.
JD_DEMOTION = {"Title": "Heading3", "Heading1": "Heading4", "Heading2": "Heading5"}
TOC_LEVELS = 3
TOC_INDENT = 420  # twips per contents level

PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
             "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]


def _local(element) -> str:
    return etree.QName(element).localname


def ordered_ppr(ppr) -> None:
    """Sort pPr children into schema order (a template may carry them out of order)."""
    rank = {name: i for i, name in enumerate(PPR_ORDER)}
    children = sorted(ppr, key=lambda c: rank.get(_local(c), len(rank)))
    for child in children:
        ppr.append(child)  # re-appending moves each child, leaving them sorted


def find_style(styles, style_id: str):
    for style in styles.iterfind(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            return style
    return None


def _paragraph_style(styles, style_id: str, name: str):
    style = find_style(styles, style_id)
    if style is None:
        style = el("w:style", {"w:type": "paragraph", "w:styleId": style_id}, [
            el("w:name", {"w:val": name}), el("w:basedOn", {"w:val": "Normal"}), el("w:next", {"w:val": "Normal"}),
            el("w:uiPriority", {"w:val": 39 if name.startswith("toc") else 9}), el("w:qFormat")])
        styles.append(style)
    return style


def _replace(style, tag: str, new) -> None:
    old = style.find(qn(tag))
    if old is not None:
        style.remove(old)
    if new is not None:
        style.append(new)


def _scaled(rpr, factor: float):
    if factor != 1:
        for tag in ("w:sz", "w:szCs"):
            size = rpr.find(qn(tag))
            if size is not None:
                size.set(qn("w:val"), str(round(int(size.get(qn("w:val"))) * factor)))
    return rpr


def prepare_handbook_styles(styles, text_width: int) -> None:
    """Give Heading 1–5 their handbook looks and add the contents styles (toc 1–3)."""
    looks = {}
    for source in {s for s, _ in LEVEL_LOOK.values()}:
        style = find_style(styles, source)
        if style is not None:
            looks[source] = (style.find(qn("w:pPr")), style.find(qn("w:rPr")))
    for level, (source, factor) in LEVEL_LOOK.items():
        if source not in looks:
            continue  # a template without that style keeps Word's heading look
        ppr, rpr = (copy.deepcopy(part) if part is not None else el(tag)
                    for part, tag in zip(looks[source], ("w:pPr", "w:rPr")))
        style = _paragraph_style(styles, f"Heading{level}", f"heading {level}")
        for hidden in style.findall(qn("w:semiHidden")):
            style.remove(hidden)
        for tag in ("w:keepNext", "w:keepLines", "w:outlineLvl", "w:pageBreakBefore"):
            for old in ppr.findall(qn(tag)):
                ppr.remove(old)
        ppr.extend([el("w:keepNext"), el("w:keepLines"), el("w:outlineLvl", {"w:val": level - 1})])
        ordered_ppr(ppr)
        _replace(style, "w:pPr", ppr)
        _replace(style, "w:rPr", _scaled(rpr, factor))
    for level in range(1, TOC_LEVELS + 1):
        style = _paragraph_style(styles, f"TOC{level}", f"toc {level}")
        _replace(style, "w:pPr", el("w:pPr", children=[
            el("w:tabs", children=[el("w:tab", {"w:val": "right", "w:leader": "dot", "w:pos": text_width})]),
            el("w:spacing", {"w:before": 120 if level == 1 else 0, "w:after": 40}),
            el("w:ind", {"w:left": (level - 1) * TOC_INDENT})]))
        _replace(style, "w:rPr", el("w:rPr", children=[el("w:b")]) if level == 1 else None)


def header_row_look(styles, table_style: str = "JDTable") -> dict:
    """The bold and colour the table style gives its header row (firstRow), as Cell fields."""
    style = find_style(styles, table_style)
    rpr = None if style is None else style.find(
        f'{qn("w:tblStylePr")}[@{qn("w:type")}="firstRow"]/{qn("w:rPr")}')
    if rpr is None:
        return {}
    bold, color = rpr.find(qn("w:b")), rpr.find(qn("w:color"))
    look = {"bold": bold is not None and bold.get(qn("w:val"), "1") not in ("0", "false")}
    if color is not None and color.get(qn("w:val")) not in (None, "auto"):
        look["color"] = color.get(qn("w:val"))
    return look


def face_lookup(document) -> Callable[[Optional[str]], str]:
    """style id → the East Asian face its paragraphs use (the JD writer's rule)."""
    by_id = {style.style_id: style for style in document.styles}
    styles_element = document.styles.element
    cache: dict[Optional[str], str] = {}

    def face(style_id: Optional[str]) -> str:
        if style_id not in cache:
            cache[style_id] = east_asia_of(by_id.get(style_id or "Normal", by_id.get("Normal")), styles_element)
        return cache[style_id]

    return face
