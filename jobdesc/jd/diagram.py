"""The small reporting-line diagram of a job description, as inline SVG.

Manager above, the position itself in the middle (accented), its direct reports below
(at most MAX_REPORTS boxes, then one "and N more" box). External managers are drawn
dashed and grey, as in the org chart. Text widths are estimated (CJK characters one em,
others ~0.6 em) so the SVG needs no font metrics; titles too long for their box wrap
(between words; CJK between characters) onto up to MAX_LINES lines, and only a title
longer still is shortened with an ellipsis (the full title is in the header table above).
"""
from __future__ import annotations

import unicodedata
from typing import Optional
from xml.sax.saxutils import escape

from ..tables.title_words import title_words
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
MAX_LINES = 3
LINE_HEIGHT = FONT_SIZE * 1.25
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


# A line never starts with closing punctuation nor ends with an opening bracket ("销售组长 (销售一部"
# over a lone ")" in the English edition's reporting line): they stay with their neighbour.
_CLOSING = tuple(")）]】」』”’,，、。:：;；!！?？…")
_OPENING = tuple("(（[【「『“‘")


def _tokens(text: str) -> list[str]:
    """Units a line may break between: words with their following space; the words of a
    Chinese title (营销 / 总监 / 助理); other CJK characters; punctuation kept with the
    token it closes or opens."""
    kept: list[str] = []
    for token in _break_points(text):
        if kept and (token.startswith(_CLOSING) or kept[-1].rstrip().endswith(_OPENING)):
            kept[-1] += token
        else:
            kept.append(token)
    return kept


def _break_points(text: str) -> list[str]:
    if text and all(unicodedata.east_asian_width(c) in "WF" for c in text):
        return title_words(text)
    tokens: list[str] = []
    for char in text:
        wide = unicodedata.east_asian_width(char) in "WF"
        if tokens and not wide and not tokens[-1].endswith(" ") and \
                unicodedata.east_asian_width(tokens[-1][-1]) not in "WF":
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def label_lines(text: str, width: float) -> list[str]:
    """`text` wrapped to `width` on at most MAX_LINES lines (the last one shortened with …
    only if even those are not enough); a word longer than a line is cut."""
    lines, current = [], ""
    for token in _tokens(text):
        if current and text_width((current + token).rstrip()) > width:
            lines.append(current.rstrip())
            current = ""
        while text_width(token.rstrip()) > width:  # one word wider than the box
            cut = len(token)
            while cut > 1 and text_width(token[:cut]) > width:
                cut -= 1
            lines.append(token[:cut])
            token = token[cut:]
        current += token
    if current.strip():
        lines.append(current.rstrip())
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES - 1] + [fit(" ".join(lines[MAX_LINES - 1:]), width)]
    return lines or [""]


def _box_height(label: str, width: float) -> float:
    return BOX_HEIGHT + (len(label_lines(label, width - 2 * PADDING)) - 1) * LINE_HEIGHT


def _box(x: float, y: float, width: float, height: float, label: str, kind: str) -> str:
    styles = {
        "self": 'fill="#1f5f99" stroke="#1f5f99"',
        "role": 'fill="#ffffff" stroke="#7b8794"',
        "external": 'fill="#f4f5f7" stroke="#9aa5b1" stroke-dasharray="4 3"',
        "more": 'fill="#f4f5f7" stroke="#c9d2dc"',
    }
    ink = {"self": "#ffffff", "external": "#6b7785", "more": "#6b7785"}.get(kind, "#1f2933")
    weight = ' font-weight="bold"' if kind == "self" else ""
    lines = label_lines(label, width - 2 * PADDING)
    first = y + height / 2 - (len(lines) - 1) * LINE_HEIGHT / 2 + FONT_SIZE * 0.36
    texts = "".join(f'<text x="{x + width / 2:.1f}" y="{first + i * LINE_HEIGHT:.1f}" fill="{ink}"'
                    f' text-anchor="middle"{weight}>{escape(line)}</text>' for i, line in enumerate(lines))
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" rx="4" {styles[kind]}/>' + texts


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
        height = _box_height(manager.title, width)
        parts.append(_box(centre - width / 2, y, width, height, manager.title,
                          "external" if manager.external else "role"))
        spans.append((centre - width / 2, centre + width / 2))
        parts.append(_line(centre, y + height, centre, y + height + ROW_GAP))
        y += height + ROW_GAP
    width = _box_width(jd.title, MAX_BOX + 60)
    height = _box_height(jd.title, width)
    parts.append(_box(centre - width / 2, y, width, height, jd.title, "self"))
    spans.append((centre - width / 2, centre + width / 2))
    reports = _report_boxes(jd.direct_reports, more_label)
    if reports:
        bus = y + height + ROW_GAP / 2
        parts.append(_line(centre, y + height, centre, bus))
        y += height + ROW_GAP
        limit = (WIDTH - REPORT_GAP * (len(reports) - 1)) / len(reports)
        widths = [_box_width(label, min(MAX_BOX, limit)) for label, _kind in reports]
        height = max(_box_height(label, box_width) for (label, _kind), box_width in zip(reports, widths))
        x = centre - (sum(widths) + REPORT_GAP * (len(widths) - 1)) / 2
        middles = []
        for (label, kind), box_width in zip(reports, widths):
            parts.append(_box(x, y, box_width, height, label, kind))
            spans.append((x, x + box_width))
            middles.append(x + box_width / 2)
            parts.append(_line(x + box_width / 2, bus, x + box_width / 2, y))
            x += box_width + REPORT_GAP
        if len(middles) > 1:
            parts.append(_line(middles[0], bus, middles[-1], bus))
    height = y + height + 1
    # Cropped to what is drawn and sized for print, so a narrow diagram can stand beside the
    # summary (jd.css) and a wide one takes the width it needs.
    left, right = min(a for a, _ in spans) - 1, max(b for _, b in spans) + 1
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="reporting-line"'
            f' viewBox="{left:.1f} -1 {right - left:.1f} {height + 1:.0f}"'
            f' width="{(right - left) * PRINT_SCALE:.1f}" height="{(height + 1) * PRINT_SCALE:.1f}"'
            f' font-family="{escape(font_family, {chr(34): "&quot;"})}"'
            f' font-size="{FONT_SIZE}">' + "".join(parts) + "</svg>")
