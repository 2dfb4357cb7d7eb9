"""staffing.xlsx: the staffing table with live totals.

Positions carry numbers; every total is a formula, so when HR changes a budget or a
filled count, vacancies, department subtotals and the grand total follow. A department's
subtotal adds its own position rows and its direct sub-departments' subtotal rows.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from .staffing_rows import StaffingRow, subtotal_sources, top_department_rows
from .cells import Formula, put
from .xlsx import BORDER, MUTED, TITLE_FONT, fit_column, print_setup, save_workbook, solid, style_header

TITLE_ROW, META_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
NAME, GRADE, BUDGET, FILLED, VACANT, INCUMBENTS = "A", "B", "C", "D", "E", "F"
DEPARTMENT_FILLS = [solid("#D5E3F0"), solid("#E8F0F8"), solid("#F3F7FB")]  # by depth, deeper is lighter
VACANCY_FILL = "FCE3C4"
OVERSTAFFED_FONT = "B42318"


def sum_formula(column: str, ranged: list[int], single: list[int] = ()) -> Formula:
    """=SUM over sheet rows: `ranged` rows with consecutive runs written as one range (a
    department's positions), then `single` rows one by one (sub-department subtotals), so
    a reader sees which cells are positions and which are subtotals."""
    parts = []
    for run in _runs(ranged):
        parts.append(f"{column}{run[0]}" if len(run) == 1 else f"{column}{run[0]}:{column}{run[-1]}")
    parts += [f"{column}{row}" for row in single]
    return Formula(f"=SUM({','.join(parts)})" if parts else "=0")


def _runs(rows: list[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][-1] + 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    return runs


def write_workbook(rows: list[StaffingRow], labels: dict[str, str], organisation: str, meta: str,
                   language: str, path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = labels["sheet"]
    put(ws, TITLE_ROW, 1, f"{organisation} {labels['title']}").font = TITLE_FONT
    ws.row_dimensions[TITLE_ROW].height = 24
    put(ws, META_ROW, 1, meta).font = Font(color=MUTED)
    headers = [labels["unit"], labels["grade"], labels["budget"], labels["filled"], labels["vacant"],
               labels["incumbents"]]
    for n, header in enumerate(headers, start=1):
        style_header(put(ws, HEADER_ROW, n, header))
    ws.row_dimensions[HEADER_ROW].height = 22

    sheet_row = {index: FIRST_ROW + index for index in range(len(rows))}
    sources = subtotal_sources(rows)
    for index, row in enumerate(rows):
        r = sheet_row[index]
        if row.is_department:
            own, children = ([sheet_row[n] for n in part] for part in sources[index])
            budget, filled = sum_formula(BUDGET, own, children), sum_formula(FILLED, own, children)
        else:
            budget, filled = row.budget, row.filled
        values = [row.name, row.grade or None, budget, filled, Formula(f"={BUDGET}{r}-{FILLED}{r}"),
                  labels["list_sep"].join(row.incumbents) or None]
        _write_row(ws, r, values, row.depth, bold=row.is_department,
                   fill=DEPARTMENT_FILLS[min(row.depth, 2)] if row.is_department else None)

    total = FIRST_ROW + len(rows)
    tops = [sheet_row[n] for n in top_department_rows(rows)]
    _write_row(ws, total, [labels["grand_total"], None, sum_formula(BUDGET, [], tops), sum_formula(FILLED, [], tops),
                           Formula(f"={BUDGET}{total}-{FILLED}{total}"), None], 0, bold=True, fill=solid("#1F5F99"))
    for cell in ws[total]:
        cell.font = Font(bold=True, color="FFFFFF")

    vacant_range = f"{VACANT}{FIRST_ROW}:{VACANT}{total - 1}"
    ws.conditional_formatting.add(vacant_range, CellIsRule(
        operator="greaterThan", formula=["0"], font=Font(bold=True, color="8A4B00"),
        fill=PatternFill("solid", start_color=VACANCY_FILL, end_color=VACANCY_FILL)))
    ws.conditional_formatting.add(vacant_range, CellIsRule(operator="lessThan", formula=["0"],
                                                           font=Font(bold=True, color=OVERSTAFFED_FONT)))
    put(ws, total + 2, 1, labels["note"]).font = Font(italic=True, color=MUTED)

    # Excel indents about three character widths per level.
    fit_column(ws, 1, ["   " * row.depth + row.name for row in rows] + [headers[0]], minimum=16, maximum=48)
    fit_column(ws, 2, [row.grade for row in rows] + [headers[1]], minimum=8, maximum=20)
    for n in (3, 4, 5):
        fit_column(ws, n, [headers[n - 1]], minimum=8, maximum=12)
    fit_column(ws, 6, [labels["list_sep"].join(row.incumbents) for row in rows] + [headers[5]], minimum=16,
               maximum=50)
    ws.freeze_panes = ws.cell(FIRST_ROW, 1)
    print_setup(ws, landscape=False, header_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    wb.calculation.fullCalcOnLoad = True  # formulas have no cached values: compute on open
    return save_workbook(wb, path, language)


def _write_row(ws: Worksheet, r: int, values: list, depth: int, *, bold: bool, fill) -> None:
    for n, value in enumerate(values, start=1):
        cell = put(ws, r, n, value)
        cell.border = BORDER
        if fill is not None:
            cell.fill = fill
        if bold:
            cell.font = Font(bold=True)
        if n == 1:  # Excel and LibreOffice ignore an indent without a left alignment
            cell.alignment = Alignment(horizontal="left", indent=depth, vertical="center")
        elif 3 <= n <= 5:
            cell.number_format = "0"
            cell.alignment = Alignment(horizontal="center", vertical="center")
        else:
            cell.alignment = Alignment(vertical="center", wrap_text=n == 6)
