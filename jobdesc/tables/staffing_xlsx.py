"""staffing.xlsx: the staffing table with live totals whose values are stored too.

Positions carry numbers; every total is a formula, so when HR changes a budget or a
filled count, vacancies, department subtotals and the grand total follow. A department's
subtotal adds its own position rows and its direct sub-departments' subtotal rows. A post
whose headcount is not stated holds the text "not stated", which SUM passes over; a post
listed under a department it also serves has no figures there and is in no formula.

Written with XlsxWriter, not openpyxl: openpyxl cannot store a formula's value, so every
total was blank wherever the file is only previewed (phones, WeChat, DingTalk do not
calculate). XlsxWriter writes the formula and the value we computed for it.
"""
from __future__ import annotations

import io
from pathlib import Path

import xlsxwriter

from ..determinism import build_datetime
from .cells import Formula, write
from .look import ACCENT, BODY_SIZE, MUTED, RULE, SHEET_FACE, TITLE_SIZE, column_width, write_restamped
from .staffing_rows import (FIGURE_COLUMNS, StaffingColumns, StaffingRow, by_column, subtotal_sources,
                            top_department_rows)

TITLE_ROW, META_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4  # 1-based, as a reader sees them
DEPARTMENT_FILLS = ["#D5E3F0", "#E8F0F8", "#F3F7FB"]  # by depth, deeper is lighter
TEAM_FILL = "#F7F4EC"  # a team's subtotal row: told apart from a sub-department's
VACANCY_FILL = "#FCE3C4"
OVERSTAFFED_FONT = "#B42318"
MAX_INDENT = 15  # Excel's limit
HIDE_ZERO = "0;-0;;@"  # Excel number format: a 0 shows as nothing (positive; negative; zero; text)


def sum_formula(column: str, ranged: list[int], single: list[int] = (), value: int = 0) -> Formula:
    """=SUM over sheet rows: `ranged` rows with consecutive runs written as one range (a
    department's positions), then `single` rows one by one (sub-department subtotals), so
    a reader sees which cells are positions and which are subtotals."""
    parts = []
    for run in _runs(ranged):
        parts.append(f"{column}{run[0]}" if len(run) == 1 else f"{column}{run[0]}:{column}{run[-1]}")
    parts += [f"{column}{row}" for row in single]
    return Formula(f"=SUM({','.join(parts)})" if parts else "=0", value)


def _runs(rows: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][-1] + 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    return runs


class _Formats(dict):
    """XlsxWriter formats by key, each made once; every one names the language's face and a size
    (a format without them is drawn in each viewer's own default, a serif face in LibreOffice)."""

    def __init__(self, book: xlsxwriter.Workbook, language: str):
        super().__init__()
        self.book, self.base = book, {"font_name": SHEET_FACE[language], "font_size": BODY_SIZE}

    def get_format(self, **properties):
        key = tuple(sorted(properties.items()))
        if key not in self:
            self[key] = self.book.add_format({**self.base, **properties})
        return self[key]


def _cell_look(key: str, depth: int, *, department: bool, fill) -> dict:
    look = {"border": 1, "border_color": f"#{RULE}", "valign": "vcenter"}
    if fill:
        look["bg_color"] = fill
    if department:
        look["bold"] = True
    if key == "unit":  # Excel and LibreOffice ignore an indent without a left alignment
        look.update(align="left", indent=min(depth, MAX_INDENT))
    elif key in FIGURE_COLUMNS:
        look.update(num_format="0", align="center")
    elif key in ("incumbents", "notes"):
        look["text_wrap"] = True
    return look


def write_workbook(rows: list[StaffingRow], columns: StaffingColumns, labels: dict[str, str], organisation: str,
                   meta: str, note: str, language: str, path: Path) -> Path:
    """Only the columns somebody stated (`columns`): the letters of the formulas follow them."""
    shown = columns.labels()
    letters = {key: chr(ord("A") + n) for n, key in enumerate(shown)}
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    stamp = build_datetime().replace(tzinfo=None)
    book.set_properties({"created": stamp, "author": "jobdesc"})
    formats = _Formats(book, language)
    ws = book.add_worksheet(labels["sheet"])

    write(ws, TITLE_ROW - 1, 0, f"{organisation} {labels['title']}",
          formats.get_format(bold=True, font_size=TITLE_SIZE, font_color=f"#{ACCENT}"))
    ws.set_row(TITLE_ROW - 1, 24)
    write(ws, META_ROW - 1, 0, meta, formats.get_format(font_color=f"#{MUTED}"))
    headers = [labels[key] for key in shown]
    header = formats.get_format(bold=True, font_color="#FFFFFF", bg_color=f"#{ACCENT}", border=1,
                                border_color=f"#{RULE}", align="center", valign="vcenter", text_wrap=True)
    for n, text in enumerate(headers):
        write(ws, HEADER_ROW - 1, n, text, header)
    ws.set_row(HEADER_ROW - 1, 22)

    sources = subtotal_sources(rows)
    for index, row in enumerate(rows):
        r = FIRST_ROW + index
        budget, filled, vacant = _figures(row, r, sources.get(index), labels, letters)
        people = row.note if row.is_subtotal else labels["list_sep"].join(row.incumbents)
        fill = DEPARTMENT_FILLS[min(row.depth, 2)] if row.is_department else TEAM_FILL if row.is_team else None
        values = by_column(row.name, row.grade or None, budget, filled, vacant, people or None)
        for n, key in enumerate(shown):
            value = values[key]
            look = _cell_look(key, row.depth, department=row.is_subtotal, fill=fill)
            if row.serving or (row.not_stated and isinstance(value, str) and key in ("budget", "filled")):
                look.update(font_color=f"#{MUTED}")
            if row.nothing_stated and key in FIGURE_COLUMNS:  # a live sum, shown blank while it is 0 (nothing stated)
                look.update(num_format=HIDE_ZERO)
            write(ws, r - 1, n, value, formats.get_format(**look))

    total = FIRST_ROW + len(rows)
    tops = [FIRST_ROW + n for n in top_department_rows(rows)]
    budget_sum = sum(rows[n].budget for n in top_department_rows(rows))
    filled_sum = sum(rows[n].filled for n in top_department_rows(rows))
    grand = by_column(labels["grand_total"], None, sum_formula(letters["budget"], [], tops, budget_sum),
                      columns.filled and sum_formula(letters["filled"], [], tops, filled_sum),
                      columns.filled and Formula(f"={letters['budget']}{total}-{letters['filled']}{total}",
                                                 budget_sum - filled_sum), note or None)
    for n, key in enumerate(shown):
        look = _cell_look(key, 0, department=True, fill=f"#{ACCENT}")
        if key in FIGURE_COLUMNS and rows and all(row.nothing_stated for row in rows if row.is_department):
            look.update(num_format=HIDE_ZERO)
        write(ws, total - 1, n, grand[key], formats.get_format(**look, font_color="#FFFFFF"))

    if columns.filled:
        vacant_range = f"{letters['vacant']}{FIRST_ROW}:{letters['vacant']}{total - 1}"
        ws.conditional_format(vacant_range, {"type": "cell", "criteria": ">", "value": 0, "format": book.add_format(
            {"bold": True, "font_color": "#8A4B00", "bg_color": VACANCY_FILL})})
        ws.conditional_format(vacant_range, {"type": "cell", "criteria": "<", "value": 0, "format": book.add_format(
            {"bold": True, "font_color": OVERSTAFFED_FONT})})
    write(ws, total + 1, 0, labels[columns.note], formats.get_format(font_color=f"#{MUTED}"))

    # Excel indents about three character widths per level.
    widths = by_column(column_width(["   " * row.depth + row.name for row in rows] + [labels["unit"]], minimum=16,
                                    maximum=48),
                       column_width([row.grade for row in rows] + [labels["grade"]], minimum=8, maximum=20),
                       *(column_width([labels[key]], minimum=8, maximum=12) for key in FIGURE_COLUMNS),
                       column_width([labels["list_sep"].join(row.incumbents) or row.note for row in rows]
                                    + [labels[columns.last or "incumbents"]], minimum=16, maximum=50))
    for n, key in enumerate(shown):
        ws.set_column(n, n, widths[key])
    ws.freeze_panes(FIRST_ROW - 1, 0)
    _print_setup(ws)
    book.close()
    return write_restamped(buffer.getvalue(), path)


def _figures(row: StaffingRow, r: int, sources, labels: dict[str, str], letters: dict[str, str]) -> list:
    """Budget, filled and vacant cells of one sheet row (r, 1-based); without a 在岗 column, only the budget."""
    budget, filled = letters["budget"], letters.get("filled")
    if row.is_subtotal:  # a department's or a team's sum
        own, children = ([FIRST_ROW + n for n in part] for part in sources)
        if filled is None:
            return [sum_formula(budget, own, children, row.budget), None, None]
        return [sum_formula(budget, own, children, row.budget), sum_formula(filled, own, children, row.filled),
                Formula(f"={budget}{r}-{filled}{r}", row.vacant)]
    if row.budget is None:  # not stated, or listed where it also serves: no figure, in no formula
        return [labels["not_stated"] if row.not_stated else None, None, None]
    if row.filled is None:  # the budget somebody typed, in no formula: its vacancies are unknown
        return [row.budget, labels["not_stated"], None]
    return [row.budget, row.filled, Formula(f"={budget}{r}-{filled}{r}", row.vacant)]


def _print_setup(ws) -> None:
    """A4 portrait, all columns on the page width, the header row repeated on every page."""
    ws.set_paper(9)
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_ROW - 1)
    ws.center_horizontally()
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
