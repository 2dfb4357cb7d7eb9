"""The small reporting-line diagram of a job description, as inline SVG.

Manager above, the position itself in the middle (accented), its direct reports below
(at most MAX_REPORTS boxes, then one "and N more" box). External managers are drawn
dashed and grey, as in the org chart. Text widths are estimated (CJK characters one em,
others ~0.6 em) so the SVG needs no font metrics; titles too long for their box are
shortened with an ellipsis (the full title is in the header table above).
"""
from __future__ import annotations

import unicodedata
from typing import Optional
from xml.sax.saxutils import escape

from .context import JobDescription, Position

WIDTH = 600
BOX_HEIGHT = 34
ROW_GAP = 26
FONT_SIZE = 13
PADDING = 10
MAX_BOX = 200
MIN_BOX = 96
REPORT_GAP = 8
MAX_REPORTS = 5
PRINT_SCALE = 0.82  # printed size of a drawing unit: FONT_SIZE prints at 8 pt


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """Estimated advance width: wide (CJK, full-width) characters 1 em, others 0.6 em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.6 for c in text)


def fit(text: str, width: float) -> str:
    """`text`, or its longest prefix plus … that fits in `width`."""
    if text_width(text) <= width:
        return text
    cut = text
    while cut and text_width(cut + "…") > width:
        cut = cut[:-1]
    return cut + "…"


def _box(x: float, y: float, width: float, label: str, kind: str) -> str:
    styles = {
        "self": 'fill="#1f5f99" stroke="#1f5f99"',
        "role": 'fill="#ffffff" stroke="#7b8794"',
        "external": 'fill="#f4f5f7" stroke="#9aa5b1" stroke-dasharray="4 3"',
        "more": 'fill="#f4f5f7" stroke="#c9d2dc"',
    }
    ink = {"self": "#ffffff", "external": "#6b7785", "more": "#6b7785"}.get(kind, "#1f2933")
    weight = ' font-weight="bold"' if kind == "self" else ""
    shown = fit(label, width - 2 * PADDING)
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{BOX_HEIGHT}" rx="4" {styles[kind]}/>'
            f'<text x="{x + width / 2:.1f}" y="{y + BOX_HEIGHT / 2 + FONT_SIZE * 0.36:.1f}" fill="{ink}"'
            f' text-anchor="middle"{weight}>{escape(shown)}</text>')


def _box_width(label: str, limit: float = MAX_BOX) -> float:
    return max(MIN_BOX, min(limit, text_width(label) + 2 * PADDING))


def _line(x1: float, y1: float, x2: float, y2: float) -> str:
    return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#7b8794" stroke-width="1"/>'


def _report_boxes(reports: tuple[Position, ...], more_label: str) -> list[tuple[str, str]]:
    shown = [(p.title, "external" if p.external else "role") for p in reports[:MAX_REPORTS]]
    if len(reports) > MAX_REPORTS:
        shown[-1] = (more_label.format(count=len(reports) - MAX_REPORTS + 1), "more")
    return shown


def reporting_line_svg(jd: JobDescription, more_label: str, font_family: str) -> str:
    """The SVG markup (a complete <svg> element) for `jd`'s reporting line."""
    parts: list[str] = []
    spans: list[tuple[float, float]] = []  # every box's left and right: the drawing is cropped to them
    y = 0.0
    centre = WIDTH / 2
    manager: Optional[Position] = jd.manager
    if manager is not None:
        width = _box_width(manager.title)
        parts.append(_box(centre - width / 2, y, width, manager.title, "external" if manager.external else "role"))
        spans.append((centre - width / 2, centre + width / 2))
        parts.append(_line(centre, y + BOX_HEIGHT, centre, y + BOX_HEIGHT + ROW_GAP))
        y += BOX_HEIGHT + ROW_GAP
    width = _box_width(jd.title, MAX_BOX + 60)
    parts.append(_box(centre - width / 2, y, width, jd.title, "self"))
    spans.append((centre - width / 2, centre + width / 2))
    reports = _report_boxes(jd.direct_reports, more_label)
    if reports:
        bus = y + BOX_HEIGHT + ROW_GAP / 2
        parts.append(_line(centre, y + BOX_HEIGHT, centre, bus))
        y += BOX_HEIGHT + ROW_GAP
        limit = (WIDTH - REPORT_GAP * (len(reports) - 1)) / len(reports)
        widths = [_box_width(label, min(MAX_BOX, limit)) for label, _kind in reports]
        x = centre - (sum(widths) + REPORT_GAP * (len(widths) - 1)) / 2
        middles = []
        for (label, kind), box_width in zip(reports, widths):
            parts.append(_box(x, y, box_width, label, kind))
            spans.append((x, x + box_width))
            middles.append(x + box_width / 2)
            parts.append(_line(x + box_width / 2, bus, x + box_width / 2, y))
            x += box_width + REPORT_GAP
        if len(middles) > 1:
            parts.append(_line(middles[0], bus, middles[-1], bus))
    height = y + BOX_HEIGHT + 1
    # Cropped to what is drawn and sized for print, so a narrow diagram can stand beside the
    # summary (jd.css) and a wide one takes the width it needs.
    left, right = min(a for a, _ in spans) - 1, max(b for _, b in spans) + 1
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="reporting-line"'
            f' viewBox="{left:.1f} -1 {right - left:.1f} {height + 1:.0f}"'
            f' width="{(right - left) * PRINT_SCALE:.1f}" height="{(height + 1) * PRINT_SCALE:.1f}"'
            f' font-family="{escape(font_family, {chr(34): "&quot;"})}"'
            f' font-size="{FONT_SIZE}">' + "".join(parts) + "</svg>")
