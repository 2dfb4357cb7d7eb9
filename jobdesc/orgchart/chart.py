"""One chart page from trees: box contents (department tabs, page marks, notes) + layout.

Dotted lines whose manager is not on the page, or that cannot be drawn without
crossing a box, become a note in the box ("虚线汇报：…"), so no relation is ever lost.
Adding a note makes the box taller, so the page is laid out again until every dotted
line is either drawn or noted.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional, Sequence

from ..format.organisation import Organisation
from . import style as S
from .boxes import BoxContent, BoxMarks, box_content
from .layout import Layout, layout
from .tree import ChartNode


@dataclass(frozen=True)
class ChartStyle:
    """Everything about the organisation that boxes and frame print, resolved once."""

    language: str
    labels: Mapping[str, str]
    colours: Mapping[str, str]          # department id → colour
    department_names: Mapping[str, str]
    titles: Mapping[str, str]           # position id → printed title (roles and externals)

    @classmethod
    def of(cls, org: Organisation) -> "ChartStyle":
        ordered = [dept for dept, _depth in org.departments_in_tree_order()]
        colours = {d.id: S.PALETTE[i % len(S.PALETTE)] for i, d in enumerate(ordered)}
        titles = {**org.externals, **{rid: r.title for rid, r in org.roles.items()}}
        return cls(org.language, S.chart_labels(org.language), colours, {d.id: d.name for d in ordered}, titles)


def _contents(roots: Sequence[ChartNode], style: ChartStyle, marks: Mapping[str, BoxMarks]) -> dict[str, BoxContent]:
    contents: dict[str, BoxContent] = {}

    def visit(node: ChartNode, parent_department: Optional[str]) -> None:
        department = node.department
        starts = department is not None and department != parent_department
        contents[node.id] = box_content(
            node, style.labels, style.colours.get(department or "", S.EXTERNAL_LINE),
            style.department_names.get(department or "") if starts else None, marks.get(node.id, BoxMarks()))
        for child in (*node.assistants, *node.children):
            visit(child, department)

    for root in roots:
        visit(root, None)
    return contents


def lay_out_page(roots: Sequence[ChartNode], style: ChartStyle, continues: Mapping[str, int] = {},
                 continued_from: Mapping[str, int] = {}, fold: S.Fold = S.ROOMY) -> Layout:
    """Lay out trees as one page; `continues` maps a box to the page its subtree is on,
    `continued_from` a root box to the page it comes from."""
    nodes = [n for root in roots for n in root.walk()]
    visible = {n.id for n in nodes}
    edges = [(n.id, t) for n in nodes for t in n.dotted_to if t in visible and t != n.id]
    noted = {(n.id, t) for n in nodes for t in n.dotted_to if (n.id, t) not in edges}
    while True:
        marks = {}
        for node in nodes:
            notes = tuple(style.titles.get(t, t) for t in node.dotted_to if (node.id, t) in noted)
            back = continued_from.get(node.id)
            if notes or back is not None or node.id in continues:
                marks[node.id] = BoxMarks(continues.get(node.id), back, notes)
        result = layout(roots, _contents(roots, style, marks), [e for e in edges if e not in noted], fold)
        if not result.unrouted:
            return result
        noted.update(result.unrouted)
