"""Column widths from the text a table holds: one rule for every table a document prints.

The rule is CSS's automatic table layout (what WeasyPrint applies to the PDFs' tables that
do not fix their widths: narrowest and widest widths), with jobdesc's break opportunities
and a share of the spare room by amount of text:

* A column's *narrowest* width is its longest unbreakable token, so no word is ever cut:
  a header or a position title breaks only between its words (营销 / 总监助理, by
  tables/title_words.py, as the PDF's headers do); a period or a time never splits (每日,
  每周, 周一, 上午8:45, 2026-01-01, 15%); any other Chinese text breaks between characters,
  punctuation staying with the character before it (避头点).
* A column's *widest* width is its longest line of text.
* When the widest widths fit, each column gets its widest width and the rest is shared
  in proportion. When they do not, each column gets its narrowest width and the rest is
  shared in proportion to the amount of text each holds (a column of long agendas
  shortens the rows more than one of short names), none wider than its widest. When even
  the narrowest widths do not fit, they are scaled down (nothing better exists).

Text is measured by orgchart/text.py's safe over-estimate (CJK 1 em, Latin ~0.6 em), so a
token measured to fit does fit.

Every Word table jobdesc prints takes its widths from here: the job descriptions' tables
(jd/docx_body.py, the compact RACI) and handbook.docx's. Speed: the same texts come back
in every table of a build (headers, periods, position titles), so a line's tokens and a
text's width are worked out once per distinct text, size and weight.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Sequence

from ..orgchart.text import char_em
from .title_words import title_words

TWIPS_PER_PT = 20
BOLD = 1.05  # bold glyphs are about 5 % wider
# Never split: Latin words and numbers with what is written inside them (8:45, 2026-01-01,
# 15%, A/R), a time with its part of the day or its day and its 前/后 (次日10:00前), a period
# (每日, 每两周, 每周一), a weekday, a day of the month.
_UNBREAKABLE = re.compile(
    r"(?:(?:上午|下午|中午|晚上|早上|凌晨|傍晚|次日|当日|當日) ?)?[0-9０-９]{1,2}[:：][0-9０-９]{2}(?:前|后|後|起)"
    r"|(?:(?:上午|下午|中午|晚上|早上|凌晨|傍晚|次日|当日|當日) ?)?[0-9０-９]+(?:[:：.．/\-][0-9０-９]+)*[%％]?"
    r"|[A-Za-z][A-Za-z0-9'’.&+\-/]*"
    r"|每(?:(?:周|週|星期)[一二三四五六日天末]|[一二两半]?[日天周週月旬季年]度?|个?工作日|[个個]?月|隔[一两]?[日天周週月])"
    r"|(?:周|週|星期|礼拜|禮拜)[一二三四五六日天]"
    r"|第?[一二三四五六七八九十]+[个個]?(?:工作日|日|天|周|週)")
_NO_LINE_START = set("，。、；：？！）》」』】〕…—,.;:?!)]}%·％")
_NO_LINE_END = set("（《「『【〔([{")
_SPACE = re.compile(r"\s+")


def _glue_punctuation(tokens: list[str]) -> list[str]:
    """Closing punctuation joins the token before it, opening punctuation the one after it."""
    glued: list[str] = []
    pending = ""
    for token in tokens:
        if glued and token[0] in _NO_LINE_START and not pending:
            glued[-1] += token
        elif token[-1] in _NO_LINE_END and len(token) == 1:
            pending += token
        else:
            glued.append(pending + token)
            pending = ""
    if pending:
        glued.append(pending)
    return glued


def unbreakable_tokens(text: str, words: bool = False) -> list[str]:
    """The pieces of `text` no line break may fall inside. `words`: CJK runs break only
    between title words (headers, position titles); else between characters."""
    return list(_line_tokens(text, words))


@functools.lru_cache(maxsize=8192)
def _line_tokens(text: str, words: bool) -> tuple[str, ...]:
    tokens: list[str] = []
    position = 0
    for match in _UNBREAKABLE.finditer(text):  # a time keeps its part of the day across a space
        tokens += _between(text[position:match.start()], words)
        tokens.append(match.group(0))
        position = match.end()
    tokens += _between(text[position:], words)
    return tuple(_glue_punctuation([t for t in tokens if t]))


def _between(stretch: str, words: bool) -> list[str]:
    """The tokens of text between two unbreakable matches: spaces break, then CJK runs."""
    return [piece for chunk in _SPACE.split(stretch) for piece in _cjk_pieces(chunk, words)]


def _cjk_pieces(run: str, words: bool) -> list[str]:
    if not run:
        return []
    if not words:
        return list(run)
    pieces: list[str] = []
    for part in re.split(r"([^\w])", run):  # punctuation and brackets are their own pieces
        if part:
            pieces += title_words(part) if re.match(r"\w", part) else [part]
    return pieces


@functools.lru_cache(maxsize=16384)
def text_width_pt(text: str, size: float, bold: bool = False) -> float:
    """The over-estimated width of `text` on one line at `size` points."""
    return sum(char_em(ch) for ch in text) * size * (BOLD if bold else 1.0)


@dataclass(frozen=True)
class Column:
    """A column's texts: `header` breaks between words; `cells` between words when `words`."""

    header: str
    cells: Sequence[str]
    words: bool = False
    bold: bool = False  # the cells are bold (the header always is)


def narrowest_pt(column: Column, size: float) -> float:
    """The column's longest unbreakable token, in points (its header's words included)."""
    tokens = [(t, True) for line in column.header.split("\n") for t in _line_tokens(line, True)]
    tokens += [(t, column.bold) for cell in column.cells for line in cell.split("\n")
               for t in _line_tokens(line, column.words)]
    return max((text_width_pt(t, size, bold) for t, bold in tokens), default=0.0)


def widest_pt(column: Column, size: float) -> float:
    lines = [(line, True) for line in column.header.split("\n")]
    lines += [(line, column.bold) for cell in column.cells for line in cell.split("\n")]
    return max((text_width_pt(line, size, bold) for line, bold in lines), default=0.0)


def natural_twips(column: Column, size: float, padding: int) -> int:
    """The column's width with its longest line unbroken (its widest), in twips."""
    return math.ceil(max(widest_pt(column, size), narrowest_pt(column, size)) * TWIPS_PER_PT) + padding


def text_amount_pt(column: Column, size: float) -> float:
    """All the column's text on one line, in points: what a wider column saves in height."""
    return sum(text_width_pt(cell.replace("\n", ""), size, column.bold) for cell in column.cells)


def grid_columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[Column]:
    """A table given as its header and rows, as columns (cells break between characters)."""
    return [Column(str(heading), [str(row[n]) for row in rows]) for n, heading in enumerate(header)]


def fit_widths(columns: Sequence[Column], total: int, size: float, padding: int) -> list[int]:
    """Column widths in twips summing exactly to `total`, for text at `size` points in cells
    with `padding` twips of margin (left + right together)."""
    low = [math.ceil(narrowest_pt(c, size) * TWIPS_PER_PT) + padding for c in columns]  # whole twips, never less
    high = [max(math.ceil(widest_pt(c, size) * TWIPS_PER_PT) + padding, narrow) for c, narrow in zip(columns, low)]
    if sum(high) <= total:
        widths = [h * total / sum(high) for h in high]
    elif sum(low) <= total:
        widths = _shared(low, high, [text_amount_pt(c, size) + 1 for c in columns], total)
    else:
        widths = [n * total / sum(low) for n in low]
    whole = [int(w) for w in widths]
    whole[whole.index(max(whole))] += total - sum(whole)  # rounding goes to the widest column
    return whole


def _shared(low: list[float], high: list[float], amounts: list[float], total: int) -> list[float]:
    """Each column at least `low`, at most `high`; the room between shared in proportion to
    the columns' amount of text (the column with the most text shortens the rows most)."""
    widths = list(low)
    spare = total - sum(widths)
    while spare > 0.5:
        growing = [n for n in range(len(widths)) if widths[n] < high[n] - 0.5]
        if not growing:
            break
        weight = sum(amounts[n] for n in growing)
        for n in growing:
            widths[n] = min(high[n], widths[n] + spare * amounts[n] / weight)
        spare = total - sum(widths)
    return widths
