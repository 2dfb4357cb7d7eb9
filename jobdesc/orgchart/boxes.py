"""What one box says, line by line, and how tall that makes it.

The content is computed before the layout (heights drive the rows) and drawn as-is by
svg.py, so what was measured is exactly what is printed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional

from . import style as S
from .text import ellipsize, text_width, wrap, wrap_list
from .tree import ChartNode

INNER_W = S.BOX_W - 2 * S.PAD_X


@dataclass(frozen=True)
class Run:
    text: str
    fill: str = S.INK
    bold: bool = False


@dataclass(frozen=True)
class TextLine:
    runs: tuple[Run, ...]
    size: float = S.BODY_SIZE

    @property
    def height(self) -> float:
        return self.size * S.LINE_FACTOR

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class BoxMarks:
    """Page-dependent extras: continuation references and dotted lines not drawn here."""

    continues_on: Optional[int] = None      # this box's subtree goes on that page
    continued_from: Optional[int] = None    # this page continues that page's box
    dotted_notes: tuple[str, ...] = ()      # titles of dotted-line managers drawn elsewhere


@dataclass(frozen=True)
class BoxContent:
    state: str                  # "filled", "partial", "vacant" or "external"
    colour: str                 # department colour (grey for externals)
    tab: Optional[str]          # department name shown on the tab, where a department starts
    lines: tuple[TextLine, ...]  # from the top, centred
    footer: Optional[TextLine]  # headcount, pinned to the bottom
    marks: tuple[TextLine, ...]  # continuation bars below the footer
    height: float


def _plain(text: str, size: float = S.BODY_SIZE, fill: str = S.INK, bold: bool = False) -> TextLine:
    return TextLine((Run(text, fill, bold),), size)


def _footer(node: ChartNode, labels: Mapping[str, str]) -> TextLine:
    if node.budget is None:  # nobody stated the figures: say so, print none
        return TextLine((Run(f"{labels['budget']} ", S.MUTED), Run(labels["not_stated"], S.MUTED, True)))
    if node.filled is None:  # a budget alone: print it, and say the rest is not stated
        return TextLine((Run(f"{labels['budget']} ", S.MUTED), Run(str(node.budget), S.INK, True),
                         Run(f"  {labels['filled']} ", S.MUTED), Run(labels["not_stated"], S.MUTED, True)))
    vacancy_colour = S.VACANT if node.filled == 0 else S.PARTIAL
    return TextLine((
        Run(f"{labels['budget']} ", S.MUTED), Run(str(node.budget), S.INK, True),
        Run(f"  {labels['filled']} ", S.MUTED), Run(str(node.filled), S.INK, True),
        Run(f"  {labels['vacant']} ", S.MUTED),
        Run(str(node.vacant), vacancy_colour if node.vacant else S.INK, True),
    ))


def state_of(node: ChartNode) -> str:
    if node.external:
        return "external"
    if node.vacant is None:  # no figure: neither vacant nor partly filled
        return "filled"
    if node.vacant and node.filled == 0:
        return "vacant"
    return "partial" if node.vacant else "filled"


def box_content(node: ChartNode, labels: Mapping[str, str], colour: str, tab: Optional[str],
                marks: BoxMarks = BoxMarks()) -> BoxContent:
    state = state_of(node)
    lines = [_plain(t, S.TITLE_SIZE, S.EXTERNAL_INK if node.external else S.INK, True)
             for t in wrap(node.title, S.TITLE_SIZE, INNER_W, bold=True)]
    muted = [labels["external_department" if node.external_department else "external"]] if node.external else []
    if node.external_title:
        muted.append(labels["external_title"].format(title=node.external_title))
    if node.grade:
        muted.append(labels["grade"].format(grade=node.grade))
    for text in muted:
        lines += [_plain(t, fill=S.EXTERNAL_INK if node.external else S.MUTED) for t in wrap(text, S.BODY_SIZE, INNER_W)]
    if state == "vacant":
        lines.append(_plain(labels["vacant_position"], fill=S.VACANT, bold=True))
    elif node.incumbents:
        lines += [_plain(t) for t in wrap_list(list(node.incumbents), labels["name_separator"], S.BODY_SIZE, INNER_W)]
    if node.serves:
        serves = labels["serves_note"].format(departments=labels["name_separator"].join(node.serves))
        lines += [_plain(t, fill=S.MUTED) for t in wrap(serves, S.BODY_SIZE, INNER_W)]
    for title in marks.dotted_notes:
        lines += [_plain(t, fill=S.DOTTED) for t in wrap(labels["dotted_note"].format(title=title), S.BODY_SIZE, INNER_W)]
    footer = None if node.external else _footer(node, labels)
    bars = []
    if marks.continued_from is not None:
        bars.append(_plain(labels["continued_from"].format(page=marks.continued_from), fill=S.PAPER, bold=True))
    if marks.continues_on is not None:
        bars.append(_plain(labels["continues"].format(page=marks.continues_on), fill=S.PAPER, bold=True))
    tab_text = ellipsize(tab, S.BODY_SIZE, INNER_W) if tab else None
    height = (S.PAD_TOP + (S.TAB_H if tab_text else S.STRIPE_H) + sum(line.height for line in lines)
              + (S.FOOTER_H if footer else 0) + S.PAD_BOTTOM + S.MARK_H * len(bars))
    return BoxContent(state, S.EXTERNAL_LINE if node.external else colour, tab_text, tuple(lines), footer,
                      tuple(bars), round(height, 2))


def widest_line(content: BoxContent) -> float:
    """For tests: the estimated width of the widest printed line (must fit inside the box)."""
    lines = [*content.lines, *([content.footer] if content.footer else []), *content.marks]
    return max(text_width(line.text, line.size, bold=any(r.bold for r in line.runs)) for line in lines)
