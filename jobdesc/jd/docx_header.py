"""Fill the placeholders of the Word template's header and footer.

Users design the header and footer in Word (a logo, a rule, their own words) and place
placeholders where jobdesc should write: {organisation}, {title}, {document} and {page}
(which becomes 第 X 页 / 共 Y 页 or "Page X of Y" with live PAGE / NUMPAGES fields).
Word often splits typed text over several runs, so a paragraph with a placeholder has its
text runs merged (keeping the first run's formatting); pictures and other runs stay.
"""
from __future__ import annotations

import copy
import re
from typing import Callable, Iterable

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from .docx_fonts import set_run_east_asia

PLACEHOLDER = re.compile(r"\{(organisation|title|document|page)\}")
# Every job description of a build has the same header but for its title: the header is
# filled once with this private-use character standing for the title (see `prepare`), and
# each document writes its title where the character stands (`put_title`).
TITLE_STANDIN = "\ue000"


def _field(instruction: str, rpr) -> object:
    field = parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" {instruction} \\* MERGEFORMAT ">'
                      f'<w:r><w:t>1</w:t></w:r></w:fldSimple>')
    if rpr is not None:
        field[0].insert(0, copy.deepcopy(rpr))
    return field


TEXT_PARTS = {qn("w:t"): None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}


def _is_text_run(run) -> bool:
    """A run of text, tabs and breaks only (a run holding a picture or a field is left alone)."""
    parts = [child for child in run if child.tag != qn("w:rPr")]
    return bool(parts) and all(child.tag in TEXT_PARTS for child in parts)


def _run_text(run) -> str:
    return "".join(child.text or "" if TEXT_PARTS[child.tag] is None else TEXT_PARTS[child.tag]
                   for child in run if child.tag in TEXT_PARTS)


def _text_run(text: str, rpr, paragraph_element) -> object:
    run = paragraph_element.makeelement(qn("w:r"), {})
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    for i, piece in enumerate(re.split(r"(\t|\n)", text)):
        if i % 2:
            run.append(run.makeelement(qn("w:tab" if piece == "\t" else "w:br"), {}))
        elif piece:
            t = run.makeelement(qn("w:t"), {qn("xml:space"): "preserve"})
            t.text = piece
            run.append(t)
    return run


def _fill_paragraph(paragraph, values: dict[str, str], page_parts: tuple[str, str, str]) -> None:
    p = paragraph._p
    text_runs = [r for r in p.findall(qn("w:r")) if _is_text_run(r)]
    text = "".join(_run_text(r) for r in text_runs)
    if not text_runs or not PLACEHOLDER.search(text):
        return
    rpr = text_runs[0].find(qn("w:rPr"))
    anchor = text_runs[0].getprevious()
    new: list = []
    for i, piece in enumerate(PLACEHOLDER.split(text)):
        if i % 2 == 0:
            if piece:
                new.append(_text_run(piece, rpr, p))
        elif piece == "page":
            before, middle, after = page_parts
            new += [_text_run(before, rpr, p), _field("PAGE", rpr), _text_run(middle, rpr, p),
                    _field("NUMPAGES", rpr), _text_run(after, rpr, p)]
        else:
            new.append(_text_run(values[piece], rpr, p))
    for run in text_runs:
        p.remove(run)
    position = (list(p).index(anchor) + 1) if anchor is not None else (1 if p.find(qn("w:pPr")) is not None else 0)
    for offset, element in enumerate(new):
        p.insert(position + offset, element)


def defined_parts(section) -> Iterable:
    """Every header and footer the section defines (never creating new ones)."""
    for part in (section.header, section.first_page_header, section.even_page_header,
                 section.footer, section.first_page_footer, section.even_page_footer):
        if not part.is_linked_to_previous:
            yield part


def fill_headers(document, values: dict[str, str], page_parts: tuple[str, str, str]) -> None:
    for paragraph in stories(document):
        _fill_paragraph(paragraph, values, page_parts)

def stories(document) -> list:
    """Every header and footer part the document's sections define, with their paragraphs
    (those in tables included)."""
    parts = [part for section in document.sections for part in defined_parts(section)]
    paragraphs = [p for part in parts for p in part.paragraphs]
    for table in (t for part in parts for t in part.tables):
        paragraphs += [p for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return paragraphs


def name_faces(document, face: Callable[[str], str]) -> None:
    """Name each header and footer run's CJK face explicitly: `face` of its paragraph's style."""
    for paragraph in stories(document):
        style_face = face(paragraph._p.style)
        for run in paragraph.runs:
            set_run_east_asia(run, style_face)


def title_can_stand_in(title: str, *others: str) -> bool:
    """Can a header filled with TITLE_STANDIN take `title` by replacing the character? Not
    when the title is empty or breaks into runs (a tab or a line), nor when the character
    is already in the title or in the other values filled in."""
    return bool(title) and not any(char in title for char in "\t\n" + TITLE_STANDIN) and \
        not any(TITLE_STANDIN in other for other in others)


def put_title(document, title: str) -> None:
    """Write `title` where TITLE_STANDIN stands in the document's headers and footers."""
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            for text in rel.target_part.element.iter(qn("w:t")):
                if text.text and TITLE_STANDIN in text.text:
                    text.text = text.text.replace(TITLE_STANDIN, title)
