"""Text measurements for table layout."""
from __future__ import annotations

import unicodedata

from .title_words import word_lines


def display_width(text: str) -> int:
    """Width in half-width cells: CJK (East Asian Wide/Fullwidth) characters count 2.

    Spreadsheet column widths are in units of a Latin digit; a Chinese character is about
    two of those, so measuring len() would cut every Chinese title in half.
    """
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def chunked(items: list, size: int) -> list[list]:
    """Split into consecutive chunks of at most `size`, as evenly as possible (13+13, not 14+12)."""
    if not items:
        return []
    count = -(-len(items) // size)
    base, extra = divmod(len(items), count)
    chunks, start = [], 0
    for i in range(count):
        end = start + base + (1 if i < extra else 0)
        chunks.append(items[start:end])
        start = end
    return chunks


def balanced_lines(text: str, per_line: int) -> list[str]:
    """Break an all-CJK header into lines of at most `per_line` characters, between words.

    A narrow column would otherwise wrap 营销总监助理 as 营销总监助 / 理, and even cuts by
    character count (营销总 / 监助理) still split words: 营销 / 总监助理 reads right. Text with
    Latin letters or spaces is left to the layout engine, which breaks it at word boundaries.
    """
    if len(text) <= per_line or any(display_width(ch) != 2 for ch in text):
        return [text]
    return word_lines(text, per_line)
