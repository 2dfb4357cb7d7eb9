"""Index order of a Traditional edition: by stroke count (筆畫), as Taiwan and Hong Kong sort.

Titles are ordered by the strokes of their first character, then of the second, and so on,
and grouped under the first character's count (「三畫」, 「十二畫」). The counts are
Unihan's kTotalStrokes (its zh-Hant value), kept in strokes.txt beside this file; the
table is made by tools/make_stroke_table.py and names the Unicode version it comes from.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("strokes.txt")
NOT_HAN = 999  # a character with no stroke count (Latin, digits) sorts after every Han one


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, int], str]:
    strokes: dict[str, int] = {}
    header = ""
    for line in TABLE.read_text("utf-8").splitlines():
        if line.startswith("#"):
            header += line
            continue
        count, chars = line.split("\t")
        strokes.update(dict.fromkeys(chars, int(count)))
    return strokes, header


def table_version() -> str:
    """The table's source line (Unicode version): part of every cache key of a stroke order."""
    return _table()[1]


def stroke_count(char: str) -> int:
    return _table()[0].get(char, NOT_HAN)


def stroke_sort_key(title: str) -> str:
    """A text that sorts titles by strokes: three digits per Han character; any other
    character sorts after them, by itself (so 'HR經理' sorts among the letters)."""
    return "".join(f"{count:03d}" if (count := stroke_count(char)) != NOT_HAN else f"{NOT_HAN}{char}"
                   for char in title)


_DIGITS = "零一二三四五六七八九"


def chinese_number(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (stroke counts stay under 100)."""
    tens, ones = divmod(number, 10)
    if tens == 0:
        return _DIGITS[ones]
    return (_DIGITS[tens] if tens > 1 else "") + "十" + (_DIGITS[ones] if ones else "")


def stroke_group(sort_key: str) -> int | None:
    """The first character's stroke count, from a `stroke_sort_key` (None: it is not Han)."""
    count = int(sort_key[:3]) if sort_key[:3].isdigit() else NOT_HAN
    return None if count == NOT_HAN else count
