"""SVG text for a laid-out chart: title block, connectors, boxes and legend.

All text is XML-escaped. Fonts are named by family (the CJK face that matches the
handbook's language, from i18n.CJK_FONT) and the language is set with xml:lang/lang,
so Traditional Chinese prints with Traditional glyph shapes wherever the SVG is shown.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence
from xml.sax.saxutils import escape, quoteattr

from ..i18n import CJK_FONT, HTML_LANG
from . import style as S
from .boxes import BoxContent, Run, TextLine
from .chart import ChartStyle
from .layout import Layout, Placed
from .teams import FRAME_COLOUR, has_teams, team_frames_svg
from .text import text_width

MARGIN = 18.0
HEADER_H = 50.0
LEGEND_GAP = 18.0
LEGEND_ROW = 16.0
SWATCH = 10.0


def svg_number(value: float) -> str:
    """A coordinate as SVG text: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


_n = svg_number  # short: the drawing code below writes it on every coordinate


def font_family(language: str) -> str:
    cjk = CJK_FONT[language]
    faces = ["Noto Sans", cjk] if language == "en" else [cjk, "Noto Sans"]
    return ", ".join(f"'{f}'" for f in faces) + ", sans-serif"


@dataclass(frozen=True)
class Frame:
    """Where the title block, chart and legend go on one SVG page."""

    width: float
    height: float
    chart_x: float
    chart_y: float
    legend_y: float
    legend: tuple[tuple[float, float, str, str], ...]  # (x, y, kind, label) of each legend item


def _legend_items(style: ChartStyle, layout: Layout) -> list[tuple[str, str]]:
    shown = {b.node.department for b in layout.boxes.values()}
    items = [("dept:" + d, name) for d, name in style.department_names.items() if d in shown]
    kinds = {b.content.state for b in layout.boxes.values()}
    items.append(("solid", style.labels["solid_line"]))
    if any(c.kind == "dotted" for c in layout.connectors):
        items.append(("dotted", style.labels["dotted_line"]))
    if any(b.place == "assistant" for b in layout.boxes.values()):
        items.append(("assistant", style.labels["assistant"]))
    externals = [b.node for b in layout.boxes.values() if b.node.external]
    # Greyed boxes that are all external departments (kind: department) are not "外部岗位".
    external_key = "external_department" if externals and all(n.external_department for n in externals) \
        else "external"
    for state, key in (("partial", "legend_partial"), ("vacant", "legend_vacant"), ("external", external_key)):
        if state in kinds:
            items.append((state, style.labels[key]))
    if has_teams(layout):
        items.append(("team", style.labels["team"]))
    return items


def frame_for(layout: Layout, style: ChartStyle) -> Frame:
    """Page size for a layout: chart plus title block and a legend that flows in rows."""
    inner = max(layout.width, 560.0)
    x, row, placed = 0.0, 0, []
    for kind, label in _legend_items(style, layout):
        width = 2 * SWATCH + 6 + text_width(label, S.BODY_SIZE) + 14
        if x and x + width > inner:
            x, row = 0.0, row + 1
        placed.append((x, row * LEGEND_ROW, kind, label))
        x += width
    legend_h = (row + 1) * LEGEND_ROW
    chart_x = MARGIN + (inner - layout.width) / 2
    legend_y = MARGIN + HEADER_H + layout.height + LEGEND_GAP
    return Frame(inner + 2 * MARGIN, legend_y + legend_h + MARGIN, chart_x, MARGIN + HEADER_H, legend_y,
                 tuple(placed))


# ------------------------------------------------------------------ pieces


_BOLD = ' font-weight="bold"'


def _text(x: float, y: float, line: TextLine, anchor: str = "middle") -> str:
    runs = line.runs
    attrs = f'x="{_n(x)}" y="{_n(y)}" font-size="{_n(line.size)}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if len(runs) == 1:
        r = runs[0]
        return f'<text {attrs} fill="{r.fill}"{_BOLD if r.bold else ""}>{escape(r.text)}</text>'
    spans = "".join(f'<tspan fill="{r.fill}"{_BOLD if r.bold else ""}>{escape(r.text)}</tspan>' for r in runs)
    return f'<text {attrs} xml:space="preserve">{spans}</text>'


def _top_band(x: float, y: float, w: float, h: float, r: float) -> str:
    """A band across the top of a rounded box (rounded top corners, square bottom)."""
    return (f"M{_n(x)} {_n(y + h)}V{_n(y + r)}Q{_n(x)} {_n(y)} {_n(x + r)} {_n(y)}"
            f"H{_n(x + w - r)}Q{_n(x + w)} {_n(y)} {_n(x + w)} {_n(y + r)}V{_n(y + h)}Z")


_RADIUS = 3.0


def box_svg(b: Placed) -> str:
    """One box as an SVG group `box-ID` (also drawn by the website's chart, jobdesc/site/chart.py)."""
    c: BoxContent = b.content
    x, y, w, h = b.x, b.y, b.w, b.h
    fill = {"external": S.EXTERNAL_FILL, "vacant": S.VACANT_FILL}.get(c.state, S.tint(c.colour, 0.07))
    stroke = {"partial": S.PARTIAL, "vacant": S.VACANT}.get(c.state, c.colour)
    dash = ' stroke-dasharray="4 2.5"' if c.state in ("partial", "vacant") else ""
    width = "1.6" if c.state == "vacant" else "1.1"
    rect = f'x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" rx="{_n(_RADIUS)}"'
    out = [f'<g id={quoteattr("box-" + b.node.id)}>', f'<rect {rect} fill="{fill}"/>']
    band = S.TAB_H if c.tab else S.STRIPE_H
    out.append(f'<path d="{_top_band(x, y, w, band, _RADIUS)}" fill="{c.colour}"/>')
    if c.tab:
        out.append(_text(x + S.PAD_X, y + 9.3, TextLine((Run(c.tab, S.PAPER, True),)), "start"))
    top = y + band + S.PAD_TOP
    for line in c.lines:
        out.append(_text(x + w / 2, top + line.size * 1.02, line))
        top += line.height
    bottom = y + h - S.PAD_BOTTOM - S.MARK_H * len(c.marks)
    if c.footer:
        ft = bottom - S.FOOTER_H
        out.append(f'<path d="M{_n(x + 5)} {_n(ft)}H{_n(x + w - 5)}" stroke="{S.tint(c.colour, 0.35)}" '
                   f'stroke-width="0.6"/>')
        out.append(_text(x + w / 2, ft + S.FOOTER_H / 2 + 3.6, c.footer))
    for i, mark in enumerate(c.marks):
        my = y + h - S.MARK_H * (len(c.marks) - i)
        out.append(f'<rect x="{_n(x)}" y="{_n(my)}" width="{_n(w)}" height="{_n(S.MARK_H)}" fill="{S.ACCENT}"/>')
        out.append(_text(x + w / 2, my + S.MARK_H / 2 + 3.0, mark))
    out.append(f'<rect {rect} fill="none" stroke="{stroke}" stroke-width="{width}"{dash}/>')
    out.append("</g>")
    return "".join(out)


def _connectors(layout: Layout) -> str:
    external = {b.node.id for b in layout.boxes.values() if b.node.external}
    groups: dict[str, list[str]] = {"solid": [], "external": []}
    dotted = []
    for c in layout.connectors:
        d = "M" + "L".join(f"{_n(px)} {_n(py)}" for px, py in c.points)
        if c.kind == "dotted":
            dotted.append(f'<path d="{d}" fill="none" stroke="{S.DOTTED}" stroke-width="1.1" '
                          f'stroke-dasharray="4 2.5"/>')
        else:
            groups["external" if c.source in external else "solid"].append(d)
    out = []
    if groups["solid"]:
        out.append(f'<path d="{"".join(groups["solid"])}" fill="none" stroke="{S.LINE}" stroke-width="1"/>')
    if groups["external"]:
        out.append(f'<path d="{"".join(groups["external"])}" fill="none" stroke="{S.EXTERNAL_LINE}" '
                   f'stroke-width="1" stroke-dasharray="2 2"/>')
    return "".join(out + dotted)


def _legend_symbol(kind: str, x: float, y: float, style: ChartStyle) -> str:
    mid = y - 3.5
    if kind.startswith("dept:"):
        colour = style.colours[kind[5:]]
        return (f'<rect x="{_n(x)}" y="{_n(y - 9)}" width="{_n(2 * SWATCH)}" height="{_n(SWATCH)}" rx="2" '
                f'fill="{S.tint(colour, 0.15)}" stroke="{colour}"/>'
                f'<rect x="{_n(x)}" y="{_n(y - 9)}" width="{_n(2 * SWATCH)}" height="3" fill="{colour}"/>')
    if kind in ("solid", "dotted"):
        colour, dash = (S.LINE, "") if kind == "solid" else (S.DOTTED, ' stroke-dasharray="4 2.5"')
        return f'<path d="M{_n(x)} {_n(mid)}H{_n(x + 2 * SWATCH)}" stroke="{colour}" stroke-width="1.1"{dash}/>'
    if kind == "team":
        return (f'<rect x="{_n(x)}" y="{_n(y - 9)}" width="{_n(2 * SWATCH)}" height="{_n(SWATCH)}" rx="2" '
                f'fill="none" stroke="{FRAME_COLOUR}" stroke-width="0.9" stroke-dasharray="3 1.5"/>')
    if kind == "assistant":
        return (f'<path d="M{_n(x + 3)} {_n(y - 10)}V{_n(mid)}H{_n(x + 9)}" fill="none" stroke="{S.LINE}"/>'
                f'<rect x="{_n(x + 9)}" y="{_n(y - 8)}" width="{_n(11)}" height="{_n(9)}" rx="1.5" '
                f'fill="{S.tint(S.PALETTE[0], 0.07)}" stroke="{S.PALETTE[0]}"/>')
    fill, stroke, dash = {
        "partial": ("#ffffff", S.PARTIAL, ' stroke-dasharray="3 1.5"'),
        "vacant": (S.VACANT_FILL, S.VACANT, ' stroke-dasharray="3 1.5"'),
        "external": (S.EXTERNAL_FILL, S.EXTERNAL_LINE, ""),
    }[kind]
    return (f'<rect x="{_n(x)}" y="{_n(y - 9)}" width="{_n(2 * SWATCH)}" height="{_n(SWATCH)}" rx="2" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="1.2"{dash}/>')


def legend_svg(frame: Frame, style: ChartStyle) -> str:
    out = []
    base_x = MARGIN
    for x, y, kind, label in frame.legend:
        ly = frame.legend_y + y + 11
        out.append(_legend_symbol(kind, base_x + x, ly, style))
        out.append(_text(base_x + x + 2 * SWATCH + 5, ly, TextLine(((Run(label, S.INK)),)), "start"))
    return "".join(out)


def _header(frame: Frame, style: ChartStyle, organisation: str, subtitle: str, meta: Sequence[str]) -> str:
    right = frame.width - MARGIN
    out = [_text(MARGIN, MARGIN + 17, TextLine((Run(organisation, S.INK, True),), 16.0), "start"),
           _text(MARGIN, MARGIN + 34, TextLine((Run(subtitle, S.ACCENT, True),), 10.5), "start")]
    for i, line in enumerate(meta):
        out.append(_text(right, MARGIN + 12 + 13 * i, TextLine((Run(line, S.MUTED),), 9.0), "end"))
    rule_y = MARGIN + HEADER_H - 10
    out.append(f'<path d="M{_n(MARGIN)} {_n(rule_y)}H{_n(right)}" stroke="{S.ACCENT}" stroke-width="1.2"/>')
    return "".join(out)


def chart_svg(layout: Layout, style: ChartStyle, *, organisation: str, subtitle: str,
              meta: Sequence[str], frame: Optional[Frame] = None, display_scale: float = 1.0) -> str:
    """A standalone SVG document for one chart page or the whole chart; drawn in pt, shown at `display_scale`."""
    frame = frame or frame_for(layout, style)
    lang = HTML_LANG[style.language]
    boxes = "".join(box_svg(b) for b in layout.boxes.values())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(frame.width * display_scale)}pt" '
        f'height="{_n(frame.height * display_scale)}pt" '
        f'viewBox="0 0 {_n(frame.width)} {_n(frame.height)}" font-family="{font_family(style.language)}" '
        f'xml:lang="{lang}" lang="{lang}">'
        f'<rect width="100%" height="100%" fill="{S.PAPER}"/>'
        f'<g lang="{lang}">{_header(frame, style, organisation, subtitle, meta)}</g>'
        f'<g transform="translate({_n(frame.chart_x)} {_n(frame.chart_y)})" lang="{lang}">'
        f'{team_frames_svg(layout)}{_connectors(layout)}{boxes}</g>'
        f'<g lang="{lang}">{legend_svg(frame, style)}</g>'
        "</svg>"
    )
