"""Where a PDF's text really is: every glyph's box per page (pypdfium2), and the check that
it stays inside the page's text block. Used by tests/test_print_layout.py and
bench/bench_print_layout.py."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2

MM = 72 / 25.4
# The left/right page margins the templates declare: chart sheets 10 mm, tables 12 mm,
# job descriptions 18 mm, the handbook's own pages 20 mm. Every page has equal left and right
# margins, so a page's text block is known from the margin its left edge shows.
MARGINS = (10 * MM, 12 * MM, 18 * MM, 20 * MM)
FOOTER_BAND = 40.0  # pt from the bottom: page numbers, stamped in the margin on purpose
SLACK = 0.5


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based
    width: float
    height: float
    glyphs: tuple[tuple[float, float, float, float, str], ...]  # left, bottom, right, top, character


def page_glyphs(pdf: Path) -> list[PageText]:
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_size()
            text = page.get_textpage()
            glyphs = []
            for i in range(text.count_chars()):
                char = text.get_text_range(i, 1)
                if char and not char.isspace():
                    glyphs.append((*text.get_charbox(i), char))
            pages.append(PageText(index + 1, width, height, tuple(glyphs)))
        return pages
    finally:
        document.close()


def outside_text_block(page: PageText) -> str | None:
    """Why the page's text leaves its text block (None: it does not). The block's margin is
    the largest declared one its leftmost glyph respects; text right of it, or left of the
    smallest margin, is outside."""
    body = [g for g in page.glyphs if g[1] >= FOOTER_BAND]
    if not body:
        return None
    left = min(g[0] for g in body)
    right = page.width - max(g[2] for g in body)
    margin = max((m for m in MARGINS if m <= left + SLACK), default=0.0)
    if left < MARGINS[0] - SLACK:
        return f"page {page.number}: text {left:.1f} pt from the left edge"
    if right < margin - SLACK:
        widest = max(body, key=lambda g: g[2])
        return (f"page {page.number}: text ({widest[4]!r}) reaches {page.width - right:.1f} of {page.width:.0f} pt, "
                f"{right:.1f} pt from the right edge (margin {margin:.1f})")
    return None


def overflowing_pages(pdf: Path, skip_first: bool = False) -> list[str]:
    return [why for page in page_glyphs(pdf)[1 if skip_first else 0:] if (why := outside_text_block(page))]
