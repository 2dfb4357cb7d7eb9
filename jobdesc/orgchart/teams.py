"""Teams (小组, `team:` on a role) drawn on the org chart: a dashed, labelled frame around a
team's boxes.

The layout places boxes by reporting line, not by team, so a team's members are not always
side by side. One frame goes around all of a team's boxes on the page when no other box falls
inside it; otherwise each member box gets its own labelled frame, so a frame never claims a
box that is not in the team.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from .geometry import Layout, Placed

PAD = 5.0  # between a frame and the boxes it holds
LABEL_SIZE = 7.0
FRAME_COLOUR = "#2f7d6d"  # teal: apart from the departments' blues and the vacancy orange


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def _overlaps(box: Placed, x0: float, y0: float, x1: float, y1: float) -> bool:
    return box.x < x1 and box.right > x0 and box.y < y1 and box.bottom > y0


def _frame(x0: float, y0: float, x1: float, y1: float, label: str) -> str:
    return (f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(x1 - x0)}" height="{_n(y1 - y0)}" rx="4" fill="none" '
            f'stroke="{FRAME_COLOUR}" stroke-width="1.1" stroke-dasharray="7 3"/>'
            f'<text x="{_n(x0 + 3)}" y="{_n(y1 + LABEL_SIZE + 1.5)}" font-size="{_n(LABEL_SIZE)}" '
            f'fill="{FRAME_COLOUR}">{escape(label)}</text>')


def team_frames_svg(layout: Layout) -> str:
    """The frames of every team with a box on this layout ("" when no box names a team)."""
    members: dict[str, list[Placed]] = {}
    for box in layout.boxes.values():
        if box.node.team:
            members.setdefault(box.node.team, []).append(box)
    out = []
    for label, boxes in members.items():  # in box order: deterministic
        x0, y0 = min(b.x for b in boxes) - PAD, min(b.y for b in boxes) - PAD
        x1, y1 = max(b.right for b in boxes) + PAD, max(b.bottom for b in boxes) + PAD
        others = [b for b in layout.boxes.values() if b.node.team != label and _overlaps(b, x0, y0, x1, y1)]
        if not others:
            out.append(_frame(x0, y0, x1, y1, label))
        else:
            out += [_frame(b.x - PAD, b.y - PAD, b.right + PAD, b.bottom + PAD, label) for b in boxes]
    return f'<g class="teams">{"".join(out)}</g>' if out else ""


def has_teams(layout: Layout) -> bool:
    return any(box.node.team for box in layout.boxes.values())


