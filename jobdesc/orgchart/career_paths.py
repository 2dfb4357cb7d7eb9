"""A family's career-path diagram (晋升通道) as SVG: its ladders side by side, the levels of each
from the lowest (at the bottom) up, the family's posts at each level, an arrow up each ladder
(promotion within it) and a curved arrow for each move `paths:` lists between two levels.

Laid out as a pure function with estimated text widths (orgchart/text.py), like the org chart:
no font engine is asked. Levels of the same rank sit on one row across ladders, so a move
from P3 to M1 reads across and down. Every text is escaped.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from ..tables.levels_grid import FamilyPaths
from .svg import font_family, svg_number as _n
from ..tables.look import ACCENT
from .text import text_width

COLUMN = 210.0  # a ladder's column
GAP = 90.0  # between ladders: room for the arrows of moves
SIZE = 12.0  # body text
TITLE_SIZE = 15.0
LINE = SIZE * 1.35
PAD = 8.0
ROW_GAP = 26.0  # between levels: the arrow up the ladder
HEAD = 48.0  # the title block
LADDER_HEAD = 26.0
MARGIN = 16.0
MUTED = "#6b7785"  # as tables/look.py
FILL = "#e8f0f8"
RULE = "#c9d2dc"


def _fit(text: str, width: float, size: float = SIZE) -> str:
    if text_width(text, size) <= width:
        return text
    cut = text
    while cut and text_width(cut + "…", size) > width:
        cut = cut[:-1]
    return cut + "…"


def _level_lines(posts: tuple[str, ...], labels: dict[str, str]) -> list[str]:
    return list(posts) if posts else [labels["no_posts"]]


def career_path_svg(paths: FamilyPaths, organisation: str, labels: dict[str, str], language: str) -> str:
    """The whole diagram of one family, one SVG document."""
    ladders = paths.ladders
    ranks = max(len(ladder.levels) for ladder in ladders)
    # A row's height: its tallest box (a level's name plus one line per post).
    heights = [max((1 + len(_level_lines(ladder.levels[r][1], labels))) * LINE + 2 * PAD
                   if r < len(ladder.levels) else 0 for ladder in ladders) for r in range(ranks)]
    width = 2 * MARGIN + len(ladders) * COLUMN + (len(ladders) - 1) * GAP
    height = HEAD + LADDER_HEAD + sum(heights) + ROW_GAP * (ranks - 1) + 2 * MARGIN + LINE
    tops: list[float] = []  # a row's top, highest rank at the top of the page
    y = MARGIN + HEAD + LADDER_HEAD
    for r in reversed(range(ranks)):
        tops.append(y)
        y += heights[r] + ROW_GAP
    tops.reverse()  # tops[rank]
    where: dict[str, tuple[float, float, float]] = {}  # level id → (x, top, height) of its box
    parts = [f'<text x="{_n(MARGIN)}" y="{_n(MARGIN + TITLE_SIZE)}" font-size="{_n(TITLE_SIZE)}" font-weight="bold" '
             f'fill="#{ACCENT}">{escape(labels["diagram_title"].format(family=paths.family_name))}</text>',
             f'<text x="{_n(MARGIN)}" y="{_n(MARGIN + TITLE_SIZE + LINE + 4)}" font-size="{_n(SIZE - 1)}" '
             f'fill="{MUTED}">{escape(organisation)}</text>']
    for n, ladder in enumerate(ladders):
        x = MARGIN + n * (COLUMN + GAP)
        parts.append(f'<text x="{_n(x + COLUMN / 2)}" y="{_n(MARGIN + HEAD + SIZE)}" font-size="{_n(SIZE + 1)}" '
                     f'font-weight="bold" text-anchor="middle">{escape(_fit(ladder.name, COLUMN))}</text>')
        for rank, (placed, posts) in enumerate(ladder.levels):
            box_height = heights[rank]
            top = tops[rank]
            where[placed.level.id] = (x, top, box_height)
            parts.append(_level_box(x, top, box_height, placed.label, _level_lines(posts, labels), bool(posts)))
            if rank + 1 < len(ladder.levels):  # promotion within the ladder: up to the next level
                above = tops[rank + 1] + heights[rank + 1]
                parts.append(_arrow(x + COLUMN / 2, top, x + COLUMN / 2, above, "#" + ACCENT))
    for number, (source, target, name) in enumerate(paths.moves):
        parts.append(_move(where[source], where[target], name, number))
    legend_y = height - MARGIN
    parts.append(f'<text x="{_n(MARGIN)}" y="{_n(legend_y)}" font-size="{_n(SIZE - 2)}" fill="{MUTED}">'
                 f'{escape(labels["diagram_legend"])}</text>')
    marker = (f'<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
              f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#{ACCENT}"/></marker>'
              f'<marker id="move" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
              f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#b54708"/></marker></defs>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}" height="{_n(height)}" '
            f'viewBox="0 0 {_n(width)} {_n(height)}" font-family="{font_family(language)}" role="img" '
            f'aria-label="{escape(labels["diagram_title"].format(family=paths.family_name), {chr(34): "&quot;"})}">'
            f'{marker}<rect width="100%" height="100%" fill="#ffffff"/>{"".join(parts)}</svg>\n')


def _level_box(x: float, top: float, height: float, label: str, lines: list[str], staffed: bool) -> str:
    fill = FILL if staffed else "#f6f7f9"
    out = [f'<rect x="{_n(x)}" y="{_n(top)}" width="{_n(COLUMN)}" height="{_n(height)}" rx="4" fill="{fill}" '
           f'stroke="{RULE}"/>',
           f'<text x="{_n(x + PAD)}" y="{_n(top + PAD + SIZE)}" font-size="{_n(SIZE)}" font-weight="bold" '
           f'fill="#{ACCENT}">{escape(_fit(label, COLUMN - 2 * PAD))}</text>']
    for n, line in enumerate(lines):
        fill_text = "#1f2933" if staffed else MUTED
        out.append(f'<text x="{_n(x + PAD + 6)}" y="{_n(top + PAD + SIZE + LINE * (n + 1))}" font-size="{_n(SIZE)}" '
                   f'fill="{fill_text}">{escape(_fit(line, COLUMN - 2 * PAD - 6))}</text>')
    return "".join(out)


def _arrow(x1: float, y1: float, x2: float, y2: float, colour: str) -> str:
    return (f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2 + 2)}" stroke="{colour}" '
            f'stroke-width="1.6" marker-end="url(#arrow)"/>')


def _move(source: tuple[float, float, float], target: tuple[float, float, float], name: str, number: int) -> str:
    """A curved arrow from one level's box to another's, its name at the middle."""
    sx, stop, sh = source
    tx, ttop, th = target
    sy, ty = stop + sh / 2 + number % 3 * 6, ttop + th / 2 - number % 3 * 6
    if sx < tx:
        x1, x2 = sx + COLUMN, tx
    elif sx > tx:
        x1, x2 = sx, tx + COLUMN
    else:  # within one ladder: around its right side
        x1 = x2 = sx + COLUMN
    bend = GAP * 0.6 if sx == tx else 0
    cx = (x1 + x2) / 2 + bend
    path = (f'<path d="M{_n(x1)},{_n(sy)} C{_n(cx)},{_n(sy)} {_n(cx)},{_n(ty)} {_n(x2)},{_n(ty)}" fill="none" '
            f'stroke="#b54708" stroke-width="1.4" stroke-dasharray="5 3" marker-end="url(#move)"/>')
    if not name:
        return path
    mid_y = (sy + ty) / 2
    label = _fit(name, GAP + 40, SIZE - 2)
    half = text_width(label, SIZE - 2) / 2 + 3
    return path + (f'<rect x="{_n(cx - half)}" y="{_n(mid_y - SIZE)}" width="{_n(2 * half)}" height="{_n(SIZE + 2)}" '
                   f'fill="#ffffff"/><text x="{_n(cx)}" y="{_n(mid_y - 1)}" font-size="{_n(SIZE - 2)}" '
                   f'text-anchor="middle" fill="#b54708">{escape(label)}</text>')
