"""OUT/orgchart-changes.svg and .pdf: the org chart after the change, with what changed marked.

The chart is the house org chart (jobdesc.orgchart) of the newer version, with each removed
position put back as a ghost (faded, under its former manager, in its former department) so a
reader sees where it was. Added, moved, renamed and removed boxes get a coloured outline and a
badge; a legend under the chart says what the colours mean. The marks are drawn over the
chart's SVG, whose boxes are groups named `box-ID`, so the chart code is not touched.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields

from markupsafe import Markup

from ..i18n import HTML_LANG
from ..format.organisation import HeadcountTotals, Organisation
from ..orgchart import build_chart
from ..pdf import lay_out
from ..templating import TemplateSet, render_template
from .labels import diff_labels
from .model import Changes, renamed_files

# kind → (outline colour, label key); the order is the legend's.
MARKS = {"added": ("#1e8e3e", "kind_added"), "moved": ("#d97706", "moved_label"),
         "renamed": ("#1f5f99", "renamed_title"), "removed": ("#8a94a0", "kind_removed")}
LEGEND_H = 26.0


@dataclass(frozen=True)
class WithGhosts(Organisation):
    """The chart's organisation: its totals (printed in the chart's corner) leave the ghosts out."""

    ghosts: frozenset[str] = frozenset()

    def grand_total(self) -> HeadcountTotals:
        total = HeadcountTotals()
        for role in self.roles.values():
            if role.id not in self.ghosts:
                total += HeadcountTotals.of(role)
        return total


def with_ghosts(old: Organisation, new: Organisation, changes: Changes) -> Organisation:
    """The newer organisation plus every removed position, as it stood, under its former manager."""
    removed = [p.id for p in changes.positions if p.kind == "removed"]
    if not removed:
        return new
    id_map = renamed_files(old, new)
    departments = list(new.org.departments)
    known = {d.id for d in departments}
    roles = dict(new.roles)
    for rid in removed:
        role = old.roles[rid]
        if role.department not in known:  # the department went too: bring it back beside its parent
            gone = old.departments[role.department]
            departments.append(gone.model_copy(update={"parent": gone.parent if gone.parent in known else None}))
            known.add(gone.id)
    for rid in removed:
        role = old.roles[rid]
        manager = id_map.get(role.reports_to, role.reports_to)
        in_chart = manager in roles or manager in removed or manager in new.externals
        roles[rid] = role.model_copy(update={"reports_to": manager if in_chart else None, "dotted_to": []})
    org = new.org.model_copy(update={"departments": departments})
    # Every field the newer organisation has (a later one may have more), with the ghosts in.
    kept = {f.name: getattr(new, f.name) for f in fields(new) if f.init and f.name != "ghosts"}
    return WithGhosts(**{**kept, "org": org, "roles": roles, "sources": ()}, ghosts=frozenset(removed))


def change_kinds(changes: Changes) -> dict[str, str]:
    """Position id → the mark its box gets (a move outranks a rename)."""
    kinds = {}
    for p in changes.positions:
        if p.kind in ("added", "removed"):
            kinds[p.id] = p.kind
        elif p.moved is not None:
            kinds[p.id] = "moved"
        elif p.renamed is not None or p.old_id is not None:
            kinds[p.id] = "renamed"
    return kinds


# A box's whole group (it holds no other group), so a badge can be drawn after it, on top.
_BOX = re.compile(r'<g id="box-([^"]+)">(<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)".*?</g>)',
                  re.DOTALL)
_SIZE = re.compile(r'height="([\d.]+)pt" viewBox="0 0 ([\d.]+) ([\d.]+)"')


def _badge(x: float, y: float, w: float, colour: str, text: str) -> str:
    width = 8 + 9.5 * len(text)
    left = x + w - width - 3
    return (f'<rect x="{left:.1f}" y="{y - 7:.1f}" width="{width:.1f}" height="13" rx="3" fill="{colour}"/>'
            f'<text x="{left + width / 2:.1f}" y="{y + 2.8:.1f}" font-size="8.5" font-weight="bold" fill="#ffffff" '
            f'text-anchor="middle">{text}</text>')


def mark_svg(svg: str, kinds: dict[str, str], labels: dict[str, str]) -> str:
    """The chart SVG with changed boxes outlined and badged, and a legend of the marks below."""
    def marked(match: re.Match) -> str:
        kind = kinds.get(match.group(1))
        if kind is None:
            return match.group(0)
        x, y, w, h = (float(match.group(i)) for i in range(3, 7))
        colour = MARKS[kind][0]
        dash = ' stroke-dasharray="5 3"' if kind == "removed" else ""
        ghost = ' opacity="0.45"' if kind == "removed" else ""
        outline = (f'<rect x="{x - 2:.1f}" y="{y - 2:.1f}" width="{w + 4:.1f}" height="{h + 4:.1f}" rx="4" '
                   f'fill="none" stroke="{colour}" stroke-width="2.4"{dash}/>')
        # the badge after the box: drawn before it, the box's coloured band hid its lower half
        return (f'{outline}<g id="box-{match.group(1)}"{ghost}>{match.group(2)}'
                f'{_badge(x, y, w, colour, labels[MARKS[kind][1]])}')

    svg = _BOX.sub(marked, svg)
    size = _SIZE.search(svg)
    if size is None:  # pragma: no cover - the chart always writes its size so
        return svg
    height, width, view_height = (float(size.group(i)) for i in (1, 2, 3))
    new_view = view_height + LEGEND_H
    svg = svg.replace(size.group(0), f'height="{height * new_view / view_height:.2f}pt" '
                                     f'viewBox="0 0 {width:g} {new_view:g}"', 1)
    legend, x = [], 24.0
    for colour, key in MARKS.values():
        legend.append(f'<rect x="{x:.1f}" y="{view_height + 6:.1f}" width="18" height="11" rx="2" fill="none" '
                      f'stroke="{colour}" stroke-width="2.2"/><text x="{x + 24:.1f}" y="{view_height + 15:.1f}" '
                      f'font-size="9" fill="#1f2933">{labels[key]}</text>')
        x += 34 + 10 * len(labels[key])
    background = f'<rect y="{view_height:g}" width="100%" height="{LEGEND_H:g}" fill="#ffffff"/>'
    return svg.replace("</svg>", background + "".join(legend) + "</svg>")


def changes_chart(old: Organisation, new: Organisation, changes: Changes, templates: TemplateSet,
                  paper: str = "A3") -> tuple[str, bytes]:
    """(orgchart-changes.svg text, orgchart-changes.pdf bytes)."""
    merged = with_ghosts(old, new, changes)
    chart = build_chart(merged, paper)
    kinds, labels = change_kinds(changes), diff_labels(new.language)
    svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + mark_svg(chart.full_svg, kinds, labels) + "\n"
    pages = [{"svg": Markup(mark_svg(page.print_svg, kinds, labels)), "number": page.number} for page in chart.pages]
    html = render_template(templates.environment(), "orgchart.html", lang=HTML_LANG[new.language], paper=paper,
                           title=f"{new.org.organization} · {labels['changes_title']}", pages=pages)
    return svg, lay_out(html, templates.folders[0], templates.folders, template="orgchart.html").pdf
