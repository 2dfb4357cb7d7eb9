"""Helpers for the RACI and staffing tests (no tests here): organisations to build, a tiny
evaluator for the workbook formulas, and PDF page text."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from openpyxl.worksheet.worksheet import Worksheet

from conftest import write_org

_REF = re.compile(r"^\$?([A-Z]+)\$?(\d+)$")
_COUNTIF = re.compile(r"COUNTIF\('((?:[^']|'')+)'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+),\"([^\"]*)\"\)")


def pdf_page_text(path: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                          check=True, capture_output=True, text=True).stdout


def pdf_reading_text(path: Path) -> str:
    """Text in reading order (not -layout), so side-by-side blocks do not interleave."""
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def _cells(ws: Worksheet, ref: str) -> list[str]:
    """'C5' or 'C5:C9' (one column) → the cell refs it covers."""
    if ":" not in ref:
        return [ref]
    start, end = (_REF.match(part).groups() for part in ref.split(":"))
    assert start[0] == end[0], "ranges in these workbooks run down one column"
    return [f"{start[0]}{row}" for row in range(int(start[1]), int(end[1]) + 1)]


def evaluate(ws: Worksheet, ref: str) -> float:
    """The value Excel would show in one cell: numbers as is, =SUM(...) / =0 / =X-Y computed."""
    value = ws[ref].value
    if not (isinstance(value, str) and value.startswith("=")):
        return value or 0
    expr = value[1:]
    if expr == "0":
        return 0
    if expr.startswith("SUM(") and expr.endswith(")"):
        return sum(evaluate(ws, cell) for part in expr[4:-1].split(",") for cell in _cells(ws, part))
    minuend, subtrahend = expr.split("-")
    return evaluate(ws, minuend) - evaluate(ws, subtrahend)


def evaluate_countifs(workbook, formula: str) -> int:
    """A '=COUNTIF('sheet'!$C$4:$C$9,"R")+COUNTIF(...)' formula over the workbook's values."""
    assert formula.startswith("=")
    total = 0
    terms = formula[1:].split("+")
    for term in terms:
        match = _COUNTIF.fullmatch(term)
        assert match, term
        sheet, col, first, col2, last, wanted = match.groups()
        assert col == col2
        ws = workbook[sheet.replace("''", "'")]
        total += sum(ws[f"{col}{r}"].value == wanted for r in range(int(first), int(last) + 1))
    return total


def column_of(ws: Worksheet, row: int, value: str) -> int:
    """The column index whose cell in `row` holds `value`."""
    for cell in ws[row]:
        if cell.value == value:
            return cell.column
    raise AssertionError(f"{value!r} not in row {row}")


def wide_org(root: Path, positions: int, *, with_processes: bool = True, language: str = "zh-CN") -> Path:
    """`positions` roles over 6 departments (two levels), one process using all of them."""
    departments = [{"id": "hq", "name": "总部", "parent": None}]
    departments += [{"id": f"d{n}", "name": f"第{n}事业部", "parent": "hq"} for n in range(1, 6)]
    org = {"organization": "宽表测试集团", "departments": departments,
           "handbook": {"effective": "2026-03-01", "language": language},
           "external": [{"id": "chairman", "title": "董事长"}]}
    roles = {"ceo": {"title": "首席执行官", "department": "hq", "reports_to": "chairman", "duties": ["统筹"],
                     "headcount": {"budget": 1, "filled": 1}}}
    for n in range(1, positions):
        dept = f"d{1 + (n - 1) % 5}"
        roles[f"p{n:02d}"] = {"title": f"专员{n:02d}", "department": dept, "reports_to": "ceo",
                              "duties": ["执行"], "headcount": {"budget": 2 + n % 3, "filled": 1 + n % 2}}
    processes = None
    if with_processes:
        ids = list(roles)
        activities = [{"name": f"活动{k:02d}", "R": ids[k % len(ids)], "A": "ceo" if k % 2 else "chairman",
                       "C": [i for i in ids[k::7] if i not in (ids[k % len(ids)], "ceo")][:3]}
                      for k in range(1, len(ids))]
        processes = {"big": {"name": "全员流程", "activities": activities}}
    return write_org(root, org, roles, processes)
