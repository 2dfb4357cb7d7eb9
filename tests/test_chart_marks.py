"""The org chart's dotted lines and the change chart's badges, as drawn: dotted lines do not
run along the top of a row of boxes across its drop lines, and the 调动/新增 badges are fully
visible over the boxes (pixels of the printed change chart)."""
from __future__ import annotations

from pathlib import Path

import pypdfium2

from jobdesc.orgchart import build_chart
from jobdesc.orgchart.layout import Layout

from tests.test_diff_cli import changed_pair

HUG = 12.0  # pt: a dotted lane this close above a box reads as the box's own reporting line


def _cross(a, b, c, d) -> bool:
    if a[1] == b[1] and c[0] == d[0]:
        (a, b), (c, d) = (c, d), (a, b)
    if not (a[0] == b[0] and c[1] == d[1]):
        return False
    return min(c[0], d[0]) < a[0] < max(c[0], d[0]) and min(a[1], b[1]) < c[1] < max(a[1], b[1])


def dotted_report(layout: Layout) -> tuple[list[str], int]:
    """(dotted segments running just above a box they pass over, reporting lines crossed)."""
    solid = [seg for c in layout.connectors if c.kind == "solid" for seg in zip(c.points, c.points[1:])]
    hugging, crossings = [], 0
    for c in layout.connectors:
        if c.kind != "dotted":
            continue
        for a, b in zip(c.points, c.points[1:]):
            crossings += sum(_cross(a, b, *seg) for seg in solid)
            if a[1] == b[1]:
                hugging += [f"{c.source}->{c.target} over {box.node.id}" for box in layout.boxes.values()
                            if 0 < box.y - a[1] < HUG and min(a[0], b[0]) < box.right and max(a[0], b[0]) > box.x]
    return hugging, crossings


def test_example_dotted_lines_keep_off_the_rows_and_cross_few_lines(example_org):
    layout = build_chart(example_org, "A3").pages[0].layout
    hugging, crossings = dotted_report(layout)
    assert hugging == []  # ran along the tops of 客服主管, 按揭专员, 市场专员
    assert crossings <= 10  # was 11


def _badge_column(page, text: str, scale: float) -> list[tuple[int, int, int]]:
    """Pixels of a vertical line through a badge, just left of its word, from the word's top to its bottom."""
    textpage = page.get_textpage()
    found = textpage.search(text)
    at = found.get_next()
    assert at is not None, f"no {text} badge"
    left, bottom, _right, top = textpage.get_charbox(at[0])
    image = page.render(scale=scale).to_pil().convert("RGB")
    height = page.get_size()[1]
    x = int((left - 2) * scale)
    return [image.getpixel((x, int((height - y) * scale))) for y in (top - 1, (top + bottom) / 2, bottom + 1)]


def test_change_badges_are_drawn_over_the_boxes(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    old, new = changed_pair(tmp_path)
    out = tmp_path / "out"
    assert run_cli("diff", old, new, "-o", out).exit_code == 0
    document = pypdfium2.PdfDocument(str(out / "orgchart-changes.pdf"))
    try:
        column = _badge_column(document[0], "新增", 4.0)
    finally:
        document.close()
    green = (0x1E, 0x8E, 0x3E)
    assert all(max(abs(p - g) for p, g in zip(pixel, green)) < 40 for pixel in column), column
