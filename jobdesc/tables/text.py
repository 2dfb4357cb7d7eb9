"""Text measurements for table layout."""
from __future__ import annotations

import unicodedata


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
