"""levels.xlsx: the job-level table (职级体系表) and the levels' generic requirements (职级说明).

Written with XlsxWriter, as staffing.xlsx, with the same look (tables/look.py). The first
sheet has levels down and families across, the ladder's cell merged over its levels; the
second lists each level with its requirements. Pay bands are not in this workbook.
"""
from __future__ import annotations

import io
from pathlib import Path

import xlsxwriter

from ..determinism import build_datetime
from ..format.level_models import Ladder
from .cells import merge, write
from .look import ACCENT, ACCENT_SOFT, BODY_SIZE, MUTED, RULE, SHEET_FACE, TITLE_SIZE, column_width, write_restamped
from .levels_grid import LevelGrid, requirement_text

HEADER_ROW = 3  # 0-based row of the column headings


def _formats(book, language: str) -> dict:
    base = {"font_name": SHEET_FACE[language], "font_size": BODY_SIZE}
    cell = {**base, "border": 1, "border_color": f"#{RULE}", "valign": "top", "text_wrap": True}
    return {
        "title": book.add_format({**base, "bold": True, "font_size": TITLE_SIZE, "font_color": f"#{ACCENT}"}),
        "meta": book.add_format({**base, "font_color": f"#{MUTED}"}),
        "header": book.add_format({**cell, "bold": True, "font_color": "#FFFFFF", "bg_color": f"#{ACCENT}",
                                   "align": "center", "valign": "vcenter"}),
        "ladder": book.add_format({**cell, "bold": True, "bg_color": f"#{ACCENT_SOFT}", "align": "center",
                                   "valign": "vcenter"}),
        "level": book.add_format({**cell, "bold": True, "font_color": f"#{ACCENT}"}),
        "cell": book.add_format(cell),
        "muted": book.add_format({**cell, "font_color": f"#{MUTED}"}),
    }


def write_workbook(grid: LevelGrid, ladders: tuple[Ladder, ...], labels: dict[str, str], heading: str, meta: str,
                   language: str, path: Path) -> Path:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"created": build_datetime().replace(tzinfo=None), "author": "jobdesc"})
    look = _formats(book, language)
    _grid_sheet(book.add_worksheet(labels["sheet"]), grid, labels, heading, meta, look)
    _levels_sheet(book.add_worksheet(labels["levels_sheet"]), ladders, labels, heading, look)
    book.close()
    return write_restamped(buffer.getvalue(), path)


def _grid_sheet(ws, grid: LevelGrid, labels: dict[str, str], heading: str, meta: str, look: dict) -> None:
    write(ws, 0, 0, heading, look["title"])
    write(ws, 1, 0, meta or None, look["meta"])
    headers = [labels["ladder"], labels["level"], *(column.name for column in grid.columns)]
    for n, text in enumerate(headers):
        write(ws, HEADER_ROW, n, text, look["header"])
    for index, row in enumerate(grid.rows):
        r = HEADER_ROW + 1 + index
        if row.first_of_ladder:
            if row.ladder_size > 1:
                merge(ws, r, 0, r + row.ladder_size - 1, 0, row.ladder_name, look["ladder"])
            else:
                write(ws, r, 0, row.ladder_name, look["ladder"])
        level = f"{row.level_id} {row.level_name}".strip()
        write(ws, r, 1, level, look["level"])
        for n, posts in enumerate(row.cells):
            write(ws, r, 2 + n, "\n".join(posts) or None, look["cell"])
        ws.set_row(r, max(18, 15 * max((len(posts) for posts in row.cells), default=1)))
    after = HEADER_ROW + 2 + len(grid.rows)
    write(ws, after, 0, labels["note"], look["meta"])
    if grid.unleveled:
        write(ws, after + 1, 0, labels["unleveled"].format(posts=labels["list_sep"].join(grid.unleveled)), look["meta"])
    ws.set_column(0, 0, column_width([row.ladder_name for row in grid.rows] + [headers[0]], minimum=10, maximum=20))
    ws.set_column(1, 1, column_width([f"{row.level_id} {row.level_name}" for row in grid.rows], minimum=10, maximum=24))
    for n, column in enumerate(grid.columns):
        texts = [post for row in grid.rows for post in row.cells[n]] + [column.name]
        ws.set_column(2 + n, 2 + n, column_width(texts, minimum=12, maximum=30))
    ws.freeze_panes(HEADER_ROW + 1, 2)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_ROW)


def _levels_sheet(ws, ladders: tuple[Ladder, ...], labels: dict[str, str], heading: str, look: dict) -> None:
    write(ws, 0, 0, heading, look["title"])
    headers = [labels["ladder"], labels["level"], labels["level_name"], labels["requirements"]]
    for n, text in enumerate(headers):
        write(ws, HEADER_ROW - 1, n, text, look["header"])
    r = HEADER_ROW
    texts = []
    for ladder in ladders:
        for level in reversed(ladder.levels):
            text = requirement_text(level, labels)
            texts.append(text)
            for n, value in enumerate([ladder.name, level.id, level.name, text or None]):
                write(ws, r, n, value, look["level"] if n == 1 else look["cell"])
            r += 1
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 8)
    ws.set_column(2, 2, 16)
    ws.set_column(3, 3, column_width(texts + [headers[3]], minimum=30, maximum=80))
    ws.freeze_panes(HEADER_ROW, 0)
