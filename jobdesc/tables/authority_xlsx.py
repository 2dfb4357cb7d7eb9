"""authority.xlsx: the authority matrix as an auditor reads it, and the tiers as numbers.

Sheet 1 is the printed matrix (process groups, positions in reporting order, a range in
each approver's cell, the upper limit). Sheet 2 has one row per tier with `above` and
`up_to` as real numbers in their own columns and an autofilter, so finance can sort and
filter ("every tier above 100 万元") without parsing "5–20 万元". Those columns are left out
when no tier states an amount (approval chains: 会签, 权限内, 超出权限), as no column nobody
stated is printed (FORMAT.md section 10); authority.csv keeps its columns, a fixed format.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..format.approval_tiers import ApprovalTier, end_text, range_text
from .cells import put
from .authority_matrix import AuthorityMatrix
from .xlsx import (BORDER, CENTER, GROUP_FILL, MUTED, TITLE_FONT, fit_column, merge_cells, print_setup,
                   save_workbook, solid, style_header)

TITLE_ROW, META_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4
APPROVER_FILL = solid("#F5C6C0")  # the A colour of the RACI matrix: the same meaning
APPROVER_FONT = Font(bold=True, color="8A1C12")
EXTERNAL_FONT = Font(color="FFFFFF")
CAPPED_FONT = Font(bold=True, color="B42318")
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def write_workbook(matrix: AuthorityMatrix, tiers: list[ApprovalTier], titles: dict[str, str],
                   labels: dict[str, str], heading: str, meta: str, language: str, path: Path) -> Path:
    wb = Workbook()
    _matrix_sheet(wb.active, matrix, labels, heading, meta)
    _tiers_sheet(wb.create_sheet(labels["tiers_sheet"]), tiers, titles, labels, heading)
    return save_workbook(wb, path, language)


def _title(ws: Worksheet, heading: str, meta: str) -> None:
    put(ws, TITLE_ROW, 1, heading).font = TITLE_FONT
    ws.row_dimensions[TITLE_ROW].height = 24
    put(ws, META_ROW, 1, meta).font = Font(color=MUTED)


def _matrix_sheet(ws: Worksheet, matrix: AuthorityMatrix, labels: dict[str, str], heading: str, meta: str) -> None:
    ws.title = labels["matrix_sheet"]
    _title(ws, heading, meta)
    headers = [labels["activity"],
               *(c.title + ("\n" + labels["department"].format(department=d) if d else "")
                 for c, d in zip(matrix.columns, matrix.departments)),
               labels["limit_header"]]
    for n, text in enumerate(headers, start=1):
        cell = put(ws, HEADER_ROW, n, text)
        style_header(cell)
        if 1 < n < len(headers) and matrix.columns[n - 2].external:
            cell.font = EXTERNAL_FONT
    ws.row_dimensions[HEADER_ROW].height = 32
    width = len(headers)
    r = FIRST_ROW
    for process, rows in matrix.processes():
        cell = put(ws, r, 1, process)
        cell.font, cell.fill, cell.border, cell.alignment = Font(bold=True), GROUP_FILL, BORDER, LEFT
        for n in range(2, width + 1):
            ws.cell(r, n).fill, ws.cell(r, n).border = GROUP_FILL, BORDER
        merge_cells(ws, r, 1, r, width)
        r += 1
        for row in rows:
            first = put(ws, r, 1, row.activity)
            first.border, first.alignment = BORDER, Alignment(horizontal="left", vertical="center", indent=1,
                                                              wrap_text=True)
            for n, value in enumerate(row.cells, start=2):
                cell = put(ws, r, n, value.text or None)
                cell.border, cell.alignment = BORDER, CENTER
                if value.tier is not None:
                    cell.fill, cell.font = APPROVER_FILL, APPROVER_FONT
            last = put(ws, r, width, row.limit)
            last.border, last.alignment = BORDER, CENTER
            if row.capped:
                last.font = CAPPED_FONT
            r += 1
    put(ws, r + 1, 1, labels["legend"]).font = Font(color=MUTED)
    put(ws, r + 2, 1, labels["note"]).font = Font(color=MUTED)
    fit_column(ws, 1, [row.activity for row in matrix.rows] + [p for p, _ in matrix.processes()], minimum=16,
               maximum=40)
    for n, column in enumerate(matrix.columns, start=2):
        fit_column(ws, n, headers[n - 1].split("\n") + [row.cells[n - 2].text for row in matrix.rows], minimum=10,
                   maximum=20)
    fit_column(ws, width, [row.limit for row in matrix.rows], minimum=12, maximum=36)
    ws.freeze_panes = f"B{FIRST_ROW}"
    print_setup(ws, landscape=True, header_rows=f"{HEADER_ROW}:{HEADER_ROW}")


AMOUNT_COLUMNS = ("above", "up_to", "unit")  # left out when no tier states one: an approval chain without amounts


def _tiers_sheet(ws: Worksheet, tiers: list[ApprovalTier], titles: dict[str, str], labels: dict[str, str],
                 heading: str) -> None:
    _title(ws, f"{heading} — {labels['tiers_sheet']}", labels["note"])
    keys = ("process_id", "process", "activity", "tier", "above", "up_to", "unit", "range", "approver", "approver_id",
            "escalates_to")
    rows = []
    for tier in tiers:
        # Amounts as numbers; Excel keeps 15 significant digits, as many as any real limit has.
        above = float(tier.above) if tier.above is not None else None
        up_to = float(tier.up_to) if tier.up_to is not None else None
        escalation = (titles[tier.escalates_to] if tier.escalates_to
                      else end_text(tier, labels))
        rows.append(dict(zip(keys, (tier.process_id, tier.process, tier.activity, tier.number, above, up_to, tier.unit,
                                    range_text(tier, labels), titles[tier.approver], tier.approver, escalation))))
    # No heading over a column nobody stated (FORMAT.md section 10).
    shown = [key for key in keys if key not in AMOUNT_COLUMNS or any(row[key] not in (None, "") for row in rows)]
    headers = [labels[key] for key in shown]
    for n, text in enumerate(headers, start=1):
        style_header(put(ws, HEADER_ROW, n, text))
    ws.row_dimensions[HEADER_ROW].height = 22
    for r, row in enumerate(rows, start=FIRST_ROW):
        for n, key in enumerate(shown, start=1):
            cell = put(ws, r, n, row[key])
            cell.border = BORDER
            cell.alignment = CENTER if key in ("tier", *AMOUNT_COLUMNS) else LEFT
    last = FIRST_ROW + len(tiers) - 1
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(shown))}{last}"
    texts = {"process_id": [t.process_id for t in tiers], "process": [t.process for t in tiers],
             "activity": [t.activity for t in tiers], "range": [range_text(t, labels) for t in tiers],
             "approver": [titles[t.approver] for t in tiers], "approver_id": [t.approver for t in tiers],
             "escalates_to": list(titles.values()) + [labels["over_limit"]]}
    for n, (key, header) in enumerate(zip(shown, headers), start=1):
        fit_column(ws, n, [header] + texts.get(key, []), minimum=8, maximum=36)
    ws.freeze_panes = ws.cell(FIRST_ROW, 1)
    print_setup(ws, landscape=True, header_rows=f"{HEADER_ROW}:{HEADER_ROW}")
