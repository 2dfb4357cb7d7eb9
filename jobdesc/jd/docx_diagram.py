"""The reporting-line diagram of a Word job description, drawn with paragraphs and a table.

The PDF draws it as SVG (diagram.py). Word has no SVG that WPS and older Word show, and a
picture would need rasterising fonts; so the same three rows are drawn with what every
word processor lays out alike: the manager and the position itself are centred paragraphs
with a border and a fill (a box), a paragraph with only a left border at the centre is
the connecting line, and the direct reports are the cells of a one-row table with spacing
between cells (separate boxes). The same boxes as the SVG: external managers dashed and
grey, the position accented, at most MAX_REPORTS reports then "and N more". Plain XML:
the same input gives the same bytes.
"""
from __future__ import annotations

from typing import Optional

from .context import JobDescription, Position
from .diagram import _report_boxes, fit, text_width
from .docx_body import sub_element

FONT_PT = 10
PADDING_TWIPS = 240
MIN_BOX_TWIPS = 1700
MAX_BOX_TWIPS = 3600
GAP_TWIPS = 113  # between report boxes (2 mm)
LOOK = {  # kind → (border style, border colour, fill, text colour, bold)
    "self": ("single", "1F5F99", "1F5F99", "FFFFFF", True),
    "role": ("single", "7B8794", "FFFFFF", "1F2933", False),
    "external": ("dashed", "9AA5B1", "F4F5F7", "6B7785", False),
    "more": ("single", "C9D2DC", "F4F5F7", "6B7785", False),
}


def _box_width(label: str, limit: int = MAX_BOX_TWIPS) -> int:
    return max(MIN_BOX_TWIPS, min(limit, int(text_width(label, FONT_PT) * 20) + 2 * PADDING_TWIPS))


def _label(label: str, width: int) -> str:
    return fit(label, (width - 2 * PADDING_TWIPS) / 20 * 13 / FONT_PT)  # fit() measures at the SVG's 13 px


def _border(kind: str, sides=("top", "left", "bottom", "right")) -> tuple:
    style, colour, *_ = LOOK[kind]
    return tuple((f"w:{side}", ("w:val", style), ("w:sz", "6"), ("w:space", "4"), ("w:color", colour))
                 for side in sides)


class ReportingLine:
    """Adds the diagram to a WordBody (its blocks, runs and faces)."""

    def __init__(self, body, text_width_twips: int):
        self.body = body
        self.width = text_width_twips
        self.face = body._face(None)

    def _run(self, paragraph, text: str, kind: str) -> None:
        *_, colour, bold = LOOK[kind]
        properties = [("w:b",)] if bold else []
        properties += [("w:color", ("w:val", colour)), ("w:sz", ("w:val", str(FONT_PT * 2)))]
        self.body._run(paragraph, text, self.face, properties)

    def _box(self, label: str, kind: str, width: int) -> None:
        paragraph = self.body._block("w:p")
        side = max(0, (self.width - width) // 2)
        ppr = self.body._properties(paragraph, None, ("w:keepNext",), ("w:pBdr",))
        for tag, *attributes in _border(kind):
            sub_element(ppr[-1], tag, *attributes)
        sub_element(ppr, "w:shd", ("w:val", "clear"), ("w:color", "auto"), ("w:fill", LOOK[kind][2]))
        sub_element(ppr, "w:spacing", ("w:before", "60"), ("w:after", "0"))
        sub_element(ppr, "w:ind", ("w:left", str(side)), ("w:right", str(side)))
        sub_element(ppr, "w:jc", ("w:val", "center"))
        self._run(paragraph, _label(label, width), kind)

    def _connector(self) -> None:
        """A short vertical line at the centre: an empty paragraph's left border."""
        paragraph = self.body._block("w:p")
        ppr = self.body._properties(paragraph, None, ("w:keepNext",), ("w:pBdr",))
        sub_element(ppr[-1], "w:left", ("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "7B8794"))
        sub_element(ppr, "w:spacing", ("w:before", "60"), ("w:after", "0"), ("w:line", "200"), ("w:lineRule", "exact"))
        sub_element(ppr, "w:ind", ("w:left", str(self.width // 2)))
        sub_element(sub_element(ppr, "w:rPr"), "w:sz", ("w:val", "8"))

    def _reports(self, reports: list[tuple[str, str]]) -> None:
        limit = (self.width - GAP_TWIPS * (len(reports) + 1)) // len(reports)
        widths = [_box_width(label, min(MAX_BOX_TWIPS, limit)) for label, _kind in reports]
        table = self.body._block("w:tbl")
        tblpr = sub_element(table, "w:tblPr")
        sub_element(tblpr, "w:tblW", ("w:w", str(sum(widths) + GAP_TWIPS * (len(widths) + 1))), ("w:type", "dxa"))
        sub_element(tblpr, "w:jc", ("w:val", "center"))
        sub_element(tblpr, "w:tblCellSpacing", ("w:w", str(GAP_TWIPS // 2)), ("w:type", "dxa"))
        borders = sub_element(tblpr, "w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            sub_element(borders, f"w:{side}", ("w:val", "nil"))
        sub_element(tblpr, "w:tblLayout", ("w:type", "fixed"))
        grid = sub_element(table, "w:tblGrid")
        for width in widths:
            sub_element(grid, "w:gridCol", ("w:w", str(width)))  # = the cell's width: LibreOffice and WPS read the grid
        row = sub_element(table, "w:tr")
        sub_element(sub_element(row, "w:trPr"), "w:cantSplit")
        for (label, kind), width in zip(reports, widths):
            cell = sub_element(row, "w:tc")
            tcpr = sub_element(cell, "w:tcPr")
            sub_element(tcpr, "w:tcW", ("w:w", str(width)), ("w:type", "dxa"))
            tc_borders = sub_element(tcpr, "w:tcBorders")
            for tag, *attributes in _border(kind):
                sub_element(tc_borders, tag, *[a for a in attributes if a[0] != "w:space"])
            sub_element(tcpr, "w:shd", ("w:val", "clear"), ("w:color", "auto"), ("w:fill", LOOK[kind][2]))
            sub_element(tcpr, "w:vAlign", ("w:val", "center"))
            paragraph = sub_element(cell, "w:p")
            ppr = sub_element(paragraph, "w:pPr")
            sub_element(ppr, "w:spacing", ("w:before", "40"), ("w:after", "40"))
            sub_element(ppr, "w:jc", ("w:val", "center"))
            self._run(paragraph, _label(label, width), kind)

    def add(self, jd: JobDescription, more_label: str) -> None:
        manager: Optional[Position] = jd.manager
        if manager is not None:
            self._box(manager.title, "external" if manager.external else "role", _box_width(manager.title))
            self._connector()
        self._box(jd.title, "self", _box_width(jd.title, MAX_BOX_TWIPS + 1200))
        reports = _report_boxes(jd.direct_reports, more_label)
        if reports:
            self._connector()
            self._reports(reports)

