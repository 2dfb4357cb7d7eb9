"""OUT/signoff.xlsx: who has signed which version (sign-off status), and the counts per department.

Rows are plain data (jobdesc/signoff/status.py makes them); this module only lays them out:
one sheet per person and post, one of counts per department with a total row.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

from openpyxl import Workbook

from .xlsx import BORDER, fit_column, print_setup, save_workbook, style_header


def write_signoff_workbook(people: Sequence[Sequence[str]], counts: Sequence[Sequence], labels: dict[str, str],
                           language: str, path: Path) -> Path:
    """`people`: rows of (department, title, role id, person, state, signed version, signed on,
    current version, changes); `counts`: rows of (department, current, stale, never)."""
    wb = Workbook()
    ws = wb.active
    ws.title = labels["sheet_people"]
    header = [labels[k] for k in ("department", "title", "role", "person", "state", "signed_version", "signed",
                                  "version", "changes")]
    _table(ws, header, people)
    print_setup(ws, landscape=True, header_rows="1:1")
    totals = wb.create_sheet(labels["sheet_departments"])
    rows = [list(row) for row in counts]
    rows.append([labels["total"], *(sum(row[i] for row in counts) for i in (1, 2, 3))])
    _table(totals, [labels["department"], labels["current"], labels["stale"], labels["never"]], rows)
    print_setup(totals, landscape=False, header_rows="1:1")
    return save_workbook(wb, path, language)


def _table(ws, header: list[str], rows: Sequence[Sequence]) -> None:
    ws.append(header)
    for cell in ws[1]:
        style_header(cell)
    for row in rows:
        ws.append(list(row))
    for line in ws.iter_rows(min_row=1, max_row=len(rows) + 1):
        for cell in line:
            cell.border = BORDER
    for column in range(1, len(header) + 1):
        fit_column(ws, column, [str(r[column - 1]) for r in [header, *rows]])
    ws.freeze_panes = "A2"
