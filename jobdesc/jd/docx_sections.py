"""The parts of a Word job description laid out as the PDF lays them out (templates/jd.html,
jd.css), so that a Word page holds what a PDF page holds:

* the first page carries the title block and no running header (the PDF's `@page :first`):
  the organisation and 岗位说明书 are printed once there, not in the header and the title;
* RACI in the compact form: one line per activity at 9 pt, the process named strongly on its
  first line and in grey on the others (a page break still says which process a line is of);
* the signature block: one row, each signer's name over one line to sign and date on, the
  whole block kept on one page with the line before it (a page of signatures alone signs
  nothing).
"""
from __future__ import annotations

import copy

from docx.shared import Cm

from .docx_body import TABLE_TEXT, qname, sub_element
from .docx_template import twips

ACCENT, FADED = "1F5F99", "A9B3BE"  # jd.css: --accent, and the process on a RACI row after its first
RACI_SIZE = "18"  # half-points: jd.css's .raci { font-size: 9pt }
RACI_POINTS = 9.0
NO_BORDERS = ("top", "left", "bottom", "right", "insideH", "insideV")


def first_page_without_header(document) -> None:
    """A first page with an empty header and the same footer (page X of Y), unless the
    template decides its first page itself (w:titlePg) or has no header to leave off."""
    section = document.sections[0]
    if section.different_first_page_header_footer or section.header.is_linked_to_previous:
        return
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False  # a header part of one empty paragraph
    if not section.footer.is_linked_to_previous:
        footer = section.first_page_footer
        footer.is_linked_to_previous = False
        element = footer._element
        for child in list(element):
            element.remove(child)
        for child in section.footer._element:
            element.append(copy.deepcopy(child))


def compact_raci(body, jd) -> None:
    labels = body.labels
    header = [labels["process"], labels["activity"], labels["role_in"]]
    rows = [(process, row) for process, group in jd.raci_by_process for row in group]
    texts = [(process, row.activity, f"{row.letter} {row.meaning}") for process, row in rows]
    table = body.table(len(rows) + 1, 3, body.fitted(header, texts, (5.0, 8.4, 4.0), RACI_POINTS))
    first, *others = body._rows(table)
    sub_element(first.find(qname("w:trPr")), "w:tblHeader")
    size = ("w:sz", ("w:val", RACI_SIZE))
    for paragraph, text in zip(body._cell_paragraphs(first), header):
        body._cell_text(paragraph, text, font=(body._header_font() or []) + [size])
    previous = None
    for table_row, (process, row) in zip(others, rows):
        process_cell, activity_cell, letter_cell = body._cell_paragraphs(table_row)
        strong = process != previous
        previous = process
        body._cell_text(process_cell, process, font=[("w:b",), ("w:color", ("w:val", ACCENT)), size] if strong
                        else [("w:color", ("w:val", FADED)), size])
        body._cell_text(activity_cell, row.activity, font=[size])
        body._cell_text(letter_cell, row.letter, font=[("w:b",), ("w:color", ("w:val", ACCENT)), size])
        body._run(letter_cell, f" {row.meaning}", body._face(body._style_id(TABLE_TEXT)), [size])


def signature_block(body, acknowledgement: str = "") -> None:
    """Heading, then one row: per signer a bold name and a ruled line "签字：  日期："; with
    sign-off, the acknowledgement above it and a line "姓名：" for the incumbent's name."""
    labels = body.labels
    body.heading(labels["signatures"])
    if acknowledgement:
        body.paragraph(acknowledgement, TABLE_TEXT)
    table = body.table(1, 3, (5.8, 5.8, 5.8))
    body._no_header_styling(table)
    borders = sub_element(table.find(qname("w:tblPr")), "w:tblBorders")
    for side in NO_BORDERS:  # lines to sign on, not a grid
        sub_element(borders, f"w:{side}", ("w:val", "nil"))
    half = int(body.template.columntwips((5.8, 5.8, 5.8))[0]) // 2
    keep = ("w:keepNext",)
    for cell, who in zip(table.iter(qname("w:tc")), (labels["sign_incumbent"], labels["sign_manager"],
                                                    labels["sign_hr"])):
        name = cell.find(qname("w:p"))
        body._cell_text(name, who, "JD Label", keep)
        if acknowledgement and who == labels["sign_incumbent"]:
            _name_line(body, cell, keep)
        line = sub_element(cell, "w:p")
        ppr = body._cell_text(line, f'{labels["signature"]}{labels["colon"]}\t{labels["date"]}{labels["colon"]}',
                              TABLE_TEXT, keep, ("w:pBdr",), ("w:tabs",),
                              ("w:spacing", ("w:before", twips(Cm(0.5)))), ("w:ind", ("w:right", twips(Cm(0.5)))))
        sub_element(ppr.find(qname("w:tabs")), "w:tab", ("w:val", "left"), ("w:pos", str(half)))
        sub_element(ppr.find(qname("w:pBdr")), "w:bottom", ("w:val", "single"), ("w:sz", "4"), ("w:space", "1"),
                    ("w:color", "1F2933"))


def _name_line(body, cell, keep: tuple) -> None:
    """"姓名：" and an empty run after it: a personal copy puts the name in that run
    (jobdesc/jd/docx_personal.py), with the run's own font. (No bookmark: the Word handbook
    takes the job description's body and numbers bookmarks its own way.)"""
    labels = body.labels
    line = sub_element(cell, "w:p")
    ppr = body._cell_text(line, name_label(labels), TABLE_TEXT, keep, ("w:pBdr",),
                          ("w:spacing", ("w:before", twips(Cm(0.1)))), ("w:ind", ("w:right", twips(Cm(0.5)))))
    # Word and LibreOffice draw one border round consecutive paragraphs whose borders are the
    # same (LibreOffice even when only w:space differs), and this line would lose its own: its
    # colour differs from the signature line's by one unit, which nobody can see.
    sub_element(ppr.find(qname("w:pBdr")), "w:bottom", ("w:val", "single"), ("w:sz", "4"), ("w:space", "1"),
                ("w:color", "1F2934"))
    body._run(line, "", body._face(body._style_id(TABLE_TEXT)))


def name_label(labels: dict[str, str]) -> str:
    return f'{labels["sign_name"]}{labels["colon"]}'
