"""The website's org chart: the same layout and boxes as orgchart.svg (jobdesc/orgchart),
drawn so a browser can work with it.

* each box is a link to its job description (externals have none) and carries its
  manager's id, so site.js can fold a subtree and trace a position to the top;
* each connector is its own path naming the two boxes it joins, so a folded subtree's
  lines disappear with its boxes and a traced path can be highlighted;
* a round button below each manager folds and unfolds its reports (keyboard: Tab, Enter);
* `<title>`/`<desc>` and an aria-label on every box are the text for screen readers; the
  page also lists the tree as nested lists (see outline()).
All text goes through the chart's own XML escaping or `quoteattr`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional
from xml.sax.saxutils import escape, quoteattr

from ..i18n import HTML_LANG
from ..orgchart import ScreenLayout
from ..orgchart.svg import MARGIN, box_svg, font_family, frame_for, legend_svg, svg_number as n
from ..orgchart.tree import ChartNode

TOGGLE_R = 7.0


@dataclass(frozen=True)
class OutlineNode:
    """One position in the text version of the chart (nested lists)."""

    id: str
    title: str
    external: bool
    people: str
    children: tuple["OutlineNode", ...]


def _parents(forest: tuple[ChartNode, ...]) -> dict[str, Optional[str]]:
    parents: dict[str, Optional[str]] = {}
    stack = [(root, None) for root in reversed(forest)]
    while stack:
        node, parent = stack.pop()
        parents[node.id] = parent
        stack.extend((child, node.id) for child in reversed((*node.assistants, *node.children)))
    return parents


def _descendants(forest: tuple[ChartNode, ...]) -> dict[str, int]:
    return {node.id: node.size() - 1 for root in forest for node in root.walk()}


def chart_svg(screen: ScreenLayout, labels: Mapping[str, str], organisation: str,
              departments: Mapping[str, str]) -> str:
    """The interactive chart as an inline <svg> (links relative to the site folder)."""
    layout, style = screen.layout, screen.style
    frame = frame_for(layout, style)
    parents = _parents(screen.forest)
    below = _descendants(screen.forest)
    lang = HTML_LANG[style.language]
    positions = sum(not box.node.external for box in layout.boxes.values())
    top = frame.chart_y - MARGIN  # the page's title block is the web page's heading instead
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" id="chart" class="chart" '
           f'viewBox="0 {n(top)} {n(frame.width)} {n(frame.height - top)}" width="{n(frame.width)}" '
           f'height="{n(frame.height - top)}" font-family="{escape(font_family(style.language))}" '
           f'role="group" aria-labelledby="chart-title chart-desc" lang="{lang}" '
           f'data-ox="{n(frame.chart_x)}" data-oy="{n(frame.chart_y)}">',
           f'<title id="chart-title">{escape(organisation)} · {escape(labels["chart"])}</title>',
           f'<desc id="chart-desc">{escape(labels["chart_desc"].format(organisation=organisation, count=positions))}'
           "</desc>",
           f'<rect y="{n(top)}" width="100%" height="100%" fill="#ffffff"/>',
           f'<g transform="translate({n(frame.chart_x)} {n(frame.chart_y)})">', '<g class="lines">']
    for c in layout.connectors:
        d = "M" + "L".join(f"{n(x)} {n(y)}" for x, y in c.points)
        kind = "dotted" if c.kind == "dotted" else ("external" if layout.boxes[c.source].node.external else "solid")
        out.append(f'<path class="line {kind}" data-from={quoteattr(c.source)} data-to={quoteattr(c.target)} '
                   f'd="{d}"/>')
    out.append('</g><g class="boxes">')
    for box in layout.boxes.values():
        node = box.node
        parent = parents.get(node.id)
        attrs = f'class="box" data-id={quoteattr(node.id)} data-title={quoteattr(node.title)}'
        if parent is not None:
            attrs += f" data-parent={quoteattr(parent)}"
        label = node.title + (" · " + departments[node.department] if node.department in departments else "")
        if node.external:
            label += " · " + labels["external"]
            out.append(f'<g {attrs} role="img" aria-label={quoteattr(label)}>{box_svg(box)}</g>')
        else:
            out.append(f'<a {attrs} href={quoteattr("jd/" + node.id + ".html")} aria-label={quoteattr(label)}>'
                       f"{box_svg(box)}</a>")
    out.append('</g><g class="toggles">')
    for box in layout.boxes.values():
        count = below.get(box.node.id, 0)
        if not count:
            continue
        x, y = box.right - TOGGLE_R - 3, box.bottom
        unfold = labels["unfold_one"] if count == 1 and "unfold_one" in labels else labels["unfold"]  # "(1 position)"
        out.append(
            f'<g class="toggle" data-id={quoteattr(box.node.id)} data-count="{count}" role="button" tabindex="0" '
            f'aria-expanded="true" aria-label={quoteattr(labels["fold"].format(title=box.node.title))} '
            f'data-fold={quoteattr(labels["fold"].format(title=box.node.title))} '
            f'data-unfold={quoteattr(unfold.format(title=box.node.title, count=count))}>'
            f'<circle cx="{n(x)}" cy="{n(y)}" r="{n(TOGGLE_R)}"/>'
            f'<path class="sign" d="M{n(x - 3.5)} {n(y)}H{n(x + 3.5)}"/>'
            f'<path class="sign plus" d="M{n(x)} {n(y - 3.5)}V{n(y + 3.5)}"/></g>')
    out.append("</g></g>")
    legend = legend_svg(frame, style)
    out.append(f'<g class="legend">{legend}</g></svg>')
    return "".join(out)


def outline(screen: ScreenLayout, people: Mapping[str, str]) -> tuple[OutlineNode, ...]:
    """The chart's trees as nested lists, for screen readers and for printing."""
    def convert(root: ChartNode) -> OutlineNode:
        # Iterative (a reporting line may be 40 deep, and the site never risks the recursion limit).
        made: dict[str, OutlineNode] = {}
        order = list(root.walk())
        for node in reversed(order):
            kids = tuple(made.pop(child.id) for child in (*node.assistants, *node.children))
            made[node.id] = OutlineNode(node.id, node.title, node.external, people.get(node.id, ""), kids)
        return made[root.id]

    return tuple(convert(root) for root in screen.forest)
