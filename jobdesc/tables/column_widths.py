"""Column widths from the text a table holds, for tables that are laid out once and for all
(the Word files: a fixed-layout table keeps the widths it is given in Word, WPS and LibreOffice).

The rule is the PDF's: WeasyPrint lays out the PDF's tables automatically (CSS 2.1's auto
table layout), each column between its widest piece that cannot break (its minimum) and its
widest line (its maximum); and it breaks a header only between words (title_words.py, as
text.balanced_lines does for the spreadsheet and PDF matrices) and never inside a time
(上午8:45, 10:00前), a period (每日, 每周一) or a Latin word or number. Widths are measured in
half-width cells (text.display_width: a CJK character is two).
"""
from __future__ import annotations

import functools
import re
from typing import Sequence

from .text import display_width
from .title_words import title_words

# Pieces a line never breaks inside, besides a header's words.
_TIME = r"(?:上午|下午|中午|晚上|早上|凌晨|次日|當日|当日)?\d{1,2}[:：]\d{2}(?:前|后|後|起)?"
_PERIOD = r"每(?:个|個)?(?:工作日|星期|季度|半年|日|天|周|週|月|季|年|旬)[一二三四五六日天末]?"
_LATIN = r"[A-Za-z0-9%¥$€£][A-Za-z0-9.,:%/+\-–&'’¥$€£]*"
_UNBREAKABLE = re.compile(f"{_TIME}|{_PERIOD}|{_LATIN}")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def cell_pieces(text: str) -> list[str]:
    """The pieces of a cell's text a line may break between (times, periods and Latin words
    whole, any other CJK character alone)."""
    pieces: list[str] = []
    for token in text.split():
        at = 0
        for match in _UNBREAKABLE.finditer(token):
            pieces += list(token[at:match.start()])
            pieces.append(match.group())
            at = match.end()
        pieces += list(token[at:])
    return pieces


@functools.lru_cache(maxsize=256)  # the same few headers in every job description
def header_pieces(text: str) -> tuple[str, ...]:
    """A header breaks only between words: the words of its CJK runs, Latin words whole."""
    pieces: list[str] = []
    for token in text.split():
        at = 0
        for match in _CJK_RUN.finditer(token):
            if token[at:match.start()]:
                pieces.append(token[at:match.start()])
            pieces += title_words(match.group())
            at = match.end()
        if token[at:]:
            pieces.append(token[at:])
    return tuple(pieces)


def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]], total: float,
                  padding: float = 0.0) -> list[float]:
    """Widths (in the unit of `total` and `padding`, a half-width cell's width being 1) that
    add up to `total`: as CSS's auto layout shares a table's width between its columns."""
    columns = list(zip(header, *rows)) if rows else [(h,) for h in header]
    least, most = [], []
    for heading, *cells in columns:
        lines = [line for text in (heading, *cells) for line in str(text).split("\n")]
        pieces = [*header_pieces(heading), *(p for text in cells for p in cell_pieces(str(text)))]
        narrowest = max((display_width(p) for p in pieces), default=0) + padding
        least.append(narrowest)
        most.append(max(narrowest, max((display_width(line) for line in lines), default=0) + padding))
    if sum(most) <= total:  # everything on one line: the room left shared as the widths are
        return [width * total / sum(most) for width in most] if sum(most) else [total / len(most)] * len(most)
    if sum(least) >= total:  # too narrow for even the pieces: each cut down alike
        return [width * total / sum(least) for width in least]
    spare, wanted = total - sum(least), sum(m - n for m, n in zip(most, least))
    return [n + spare * (m - n) / wanted for m, n in zip(most, least)]
