"""raci.xlsx: a summary sheet, one sheet per process, and an analysis sheet.

Made for HR to keep working in: letters are coloured by conditional formatting (so a
letter typed later is coloured too; the same fills are also set on the cells for viewers
without conditional formatting), a dropdown limits cells to R/A/C/I/A/R, and the analysis
counts are COUNTIF formulas over the summary sheet, so they follow edits.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .raci_matrix import LETTER_COLOURS, LETTERS, TIER_MARK, Analysis, RaciMatrix
from .text import display_width
from .cells import Formula, put
from .xlsx import (BODY_SIZE, BORDER, CENTER, GROUP_FILL, MUTED, TITLE_FONT, PreparedStyles, fit_column, header_style,
                   merge_cells, prepare_style, print_setup, save_workbook, solid, stamp)

TITLE_ROW, GROUP_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
ROTATE_FROM = 9  # more position columns than this: narrow columns with vertical titles
POSITION_WIDTH_NARROW, POSITION_WIDTH_WIDE = 5.5, 12
EXTERNAL_FILL = solid("#EEF1F4")
CJK_LINE = 1.45  # line height / font size of Noto Sans CJK (LibreOffice's stand-in); YaHei's is 1.32
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def letter_fill(letter: str) -> PatternFill:
    colour = LETTER_COLOURS[letter][0].lstrip("#")
    # start and end colour both set: Excel reads bgColor for conditional-format fills.
    return PatternFill("solid", start_color=colour, end_color=colour)


def letter_font(letter: str) -> Font:
    return Font(bold=True, color=LETTER_COLOURS[letter][1].lstrip("#"))


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique worksheet name (31 characters, none of []:*?/\\)."""
    base = _SHEET_FORBIDDEN.sub("_", name).strip("'") or "Sheet"
    candidate, n = base[:31], 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def write_workbook(matrix: RaciMatrix, analysis: Analysis, labels: dict[str, str], heading: str,
                   language: str, path: Path) -> Path:
    wb = Workbook()
    taken: set[str] = set()
    summary = wb.active
    summary.title = sheet_title(labels["summary"], taken)
    _matrix_sheet(summary, matrix, labels, f"{heading} — {labels['summary']}",
                  [labels["process"], labels["activity"]], [[r.process_name, r.marked_activity] for r in matrix.rows],
                  language, filters=True)
    for pid in matrix.process_ids():
        rows = matrix.rows_of(pid)
        ws = wb.create_sheet(sheet_title(rows[0].process_name, taken))
        sub = RaciMatrix(matrix.groups, tuple(rows), matrix.letter_labels)
        _matrix_sheet(ws, sub, labels, f"{heading} — {rows[0].process_name}", [labels["activity"]],
                      [[r.marked_activity] for r in rows], language, filters=False)
    _analysis_sheet(wb.create_sheet(sheet_title(labels["analysis"], taken)), matrix, analysis, labels,
                    summary.title, lead=2)
    wb.calculation.fullCalcOnLoad = True  # no cached values: make Excel/LibreOffice compute on open
    return save_workbook(wb, path, language)


def _matrix_sheet(ws: Worksheet, matrix: RaciMatrix, labels: dict[str, str], title: str,
                  lead_headers: list[str], lead_values: list[list[str]], language: str, *, filters: bool) -> None:
    lead = len(lead_headers)
    columns = matrix.columns
    rotate = len(columns) >= ROTATE_FROM
    last_col = lead + len(columns)
    last_row = FIRST_ROW + len(matrix.rows) - 1

    put(ws, TITLE_ROW, 1, title).font = TITLE_FONT
    ws.row_dimensions[TITLE_ROW].height = 24

    # A matrix has a cell per activity and position, tens of thousands in a large organisation,
    # so each distinct format is prepared once, when first used, and stamped (see xlsx.py).
    header = header_style(ws)

    # Department header row: the lead cells say "department", then one merged cell per group.
    merge_cells(ws, GROUP_ROW, 1, GROUP_ROW, lead)
    stamp(put(ws, GROUP_ROW, 1, labels["department"]),
          prepare_style(ws, header, alignment=Alignment(horizontal="right", vertical="center")))
    group_header = PreparedStyles(lambda external: prepare_style(
        ws, header, fill=EXTERNAL_FILL if external else GROUP_FILL,
        font=Font(bold=True, color=MUTED if external else "1F2933")))
    col = lead + 1
    for group in matrix.groups:
        end = col + len(group.columns) - 1
        for c in range(col, end + 1):  # borders on every merged cell so the grid stays closed
            stamp(ws.cell(GROUP_ROW, c), group_header[group.external])
        put(ws, GROUP_ROW, col, group.name)
        if end > col:
            merge_cells(ws, GROUP_ROW, col, GROUP_ROW, end)
        col = end + 1

    # Position header row.
    for n, text in enumerate(lead_headers, start=1):
        stamp(put(ws, HEADER_ROW, n, text), header)
    vertical = 90 if language == "en" else 255  # 255: upright stacked characters, right for CJK
    rotated = {"alignment": Alignment(horizontal="center", vertical="bottom", text_rotation=vertical)} if rotate else {}
    position_header = PreparedStyles(lambda external: prepare_style(
        ws, header, **rotated, **({"fill": EXTERNAL_FILL, "font": Font(bold=True, color=MUTED)}
                                  if external else {})))
    for n, column in enumerate(columns, start=lead + 1):
        stamp(put(ws, HEADER_ROW, n, column.title), position_header[column.external])

    # Matrix body. The lead cells share one format, kept in a PreparedStyles all the same so
    # that it too is registered when first used.
    lead_body = PreparedStyles(lambda _: prepare_style(ws, border=BORDER,
                                                       alignment=Alignment(vertical="center", wrap_text=True)))
    letter_body = PreparedStyles(lambda letter: prepare_style(
        ws, border=BORDER, alignment=CENTER, **({"fill": letter_fill(letter), "font": letter_font(letter)}
                                                 if letter else {})))
    for r, (values, row) in enumerate(zip(lead_values, matrix.rows), start=FIRST_ROW):
        for n, value in enumerate(values, start=1):
            stamp(put(ws, r, n, value), lead_body[None])
        for n, letter in enumerate(row.letters, start=lead + 1):
            stamp(put(ws, r, n, letter or None), letter_body[letter])

    if columns and matrix.rows:
        body = f"{get_column_letter(lead + 1)}{FIRST_ROW}:{get_column_letter(last_col)}{last_row}"
        _letter_rules(ws, body, labels)
    _legend(ws, last_row + 2, matrix.letter_labels, labels, any(r.tiered for r in matrix.rows))

    # Sizes, freezing, printing.
    for n in range(1, lead + 1):
        fit_column(ws, n, [lead_headers[n - 1]] + [v[n - 1] for v in lead_values], minimum=10,
                   maximum=40 if n == lead else 24)
    width = POSITION_WIDTH_NARROW if rotate else POSITION_WIDTH_WIDE
    for n in range(lead + 1, last_col + 1):
        ws.column_dimensions[get_column_letter(n)].width = width
    ws.row_dimensions[HEADER_ROW].height = _header_height(columns, rotate, vertical)
    ws.row_dimensions[GROUP_ROW].height = _group_height(matrix, width)
    ws.freeze_panes = ws.cell(FIRST_ROW, lead + 1)
    if filters and matrix.rows:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(last_col)}{last_row}"
    print_setup(ws, landscape=True, header_rows=f"{GROUP_ROW}:{HEADER_ROW}", fit_width=last_col <= 30)
    ws.print_title_cols = f"A:{get_column_letter(lead)}"


def _letter_rules(ws: Worksheet, body: str, labels: dict[str, str]) -> None:
    """Colour by letter as HR edits, and offer only the five valid values."""
    first = body.split(":")[0]
    # A cleared cell loses the colour it was built with.
    ws.conditional_formatting.add(body, FormulaRule(formula=[f"LEN(TRIM({first}))=0"],
                                                    fill=PatternFill("solid", start_color="FFFFFF",
                                                                     end_color="FFFFFF")))
    for letter in LETTERS:
        ws.conditional_formatting.add(body, CellIsRule(operator="equal", formula=[f'"{letter}"'],
                                                       fill=letter_fill(letter), font=letter_font(letter)))
    validation = DataValidation(type="list", formula1='"' + ",".join(("R", "A", "C", "I", "A/R")) + '"',
                                allow_blank=True, showErrorMessage=True, errorTitle=labels["invalid_title"],
                                error=labels["invalid_message"])
    validation.add(body)
    ws.add_data_validation(validation)


def _legend(ws: Worksheet, row: int, letter_labels: dict[str, str], labels: dict[str, str], tiered: bool) -> None:
    put(ws, row, 1, labels["legend"]).font = Font(bold=True)
    for n, letter in enumerate(LETTERS, start=1):
        cell = put(ws, row + n, 1, f"{letter}  {letter_labels[letter]}")
        cell.fill = letter_fill(letter)
        cell.font = letter_font(letter)
        cell.border = BORDER
    put(ws, row + len(LETTERS) + 1, 1, labels["legend_note"]).font = Font(color=MUTED)
    if tiered:
        put(ws, row + len(LETTERS) + 2, 1, f"{TIER_MARK} {labels['tiered_note']}").font = Font(color=MUTED)


def _header_height(columns, rotate: bool, vertical: int) -> float:
    if not columns:
        return 20
    if rotate and vertical == 255:  # one line per character, as tall as the tallest CJK face's
        return min(220, 8 + CJK_LINE * BODY_SIZE * max(len(c.title) for c in columns))
    if rotate:
        return min(220, 10 + 6 * max(display_width(c.title) for c in columns))
    lines = max(math.ceil(display_width(c.title) / (POSITION_WIDTH_WIDE - 1)) for c in columns)
    return 6 + 15 * lines


def _group_height(matrix: RaciMatrix, width: float) -> float:
    lines = 1
    for group in matrix.groups:
        capacity = max(2.0, width * len(group.columns) - 1)
        lines = max(lines, math.ceil(display_width(group.name) / capacity))
    return 6 + 15 * lines


def _analysis_sheet(ws: Worksheet, matrix: RaciMatrix, analysis: Analysis, labels: dict[str, str],
                    summary_title: str, lead: int) -> None:
    """Per position: COUNTIF formulas over its column of the summary sheet; then the findings."""
    put(ws, TITLE_ROW, 1, labels["analysis_title"]).font = TITLE_FONT
    headers = [labels["department"], labels["position"], labels["count_r"], labels["count_a"],
               labels["count_c"], labels["count_i"]]
    header = header_style(ws)
    for n, text in enumerate(headers, start=1):
        stamp(put(ws, HEADER_ROW, n, text), header)
    # One row per position: each of its cells' few formats prepared once (see xlsx.py).
    body = PreparedStyles(lambda key: prepare_style(
        ws, border=BORDER, **({"alignment": Alignment(horizontal="center")} if key[0] else {}),
        **({"font": Font(color=MUTED)} if key[1] else {})))
    last = max(FIRST_ROW, FIRST_ROW + len(matrix.rows) - 1)
    sheet = "'" + summary_title.replace("'", "''") + "'"
    for r, count in enumerate(analysis.counts, start=FIRST_ROW):
        column = get_column_letter(lead + 1 + r - FIRST_ROW)  # this position's column in the summary
        span = f"{sheet}!${column}${FIRST_ROW}:${column}${last}"
        # The tool's own formulas (user text never becomes one: see cells.py), each with the
        # count it computes to, so a viewer that does not calculate shows the number.
        values = [count.group, count.column.title,
                  Formula(f'=COUNTIF({span},"R")+COUNTIF({span},"A/R")', count.r),
                  Formula(f'=COUNTIF({span},"A")+COUNTIF({span},"A/R")', count.a),
                  Formula(f'=COUNTIF({span},"C")', count.c), Formula(f'=COUNTIF({span},"I")', count.i)]
        for n, value in enumerate(values, start=1):
            stamp(put(ws, r, n, value), body[n > 2, count.column.external])
    row = FIRST_ROW + len(analysis.counts) + 1
    row = _finding(ws, row, labels["idle_title"], [c.title for c in analysis.idle], labels["none"])
    unowned = analysis.unowned_lines(labels, matrix.letter_labels)
    row = _finding(ws, row, labels["unowned_title"], unowned, labels["none"])
    put(ws, row, 1, labels["senior_definition"]).font = Font(color=MUTED)
    fit_column(ws, 1, [c.group for c in analysis.counts] + [labels["department"]], minimum=12, maximum=30)
    fit_column(ws, 2, [c.column.title for c in analysis.counts], minimum=14, maximum=30)
    for n in range(3, 7):
        fit_column(ws, n, [headers[n - 1]], minimum=8, maximum=16)
    ws.freeze_panes = ws.cell(FIRST_ROW, 1)
    print_setup(ws, landscape=False, header_rows=f"{HEADER_ROW}:{HEADER_ROW}")


def _finding(ws: Worksheet, row: int, title: str, items: list[str], none: str) -> int:
    put(ws, row, 1, title).font = Font(bold=True)
    for n, item in enumerate(items or [none], start=1):
        put(ws, row + n, 1, item)
    return row + len(items or [none]) + 2
