"""Issue 13, item 2: text a spreadsheet would take as a formula is stored as text.

A title, department, incumbent, process or activity written as `=HYPERLINK(...)` became a
live formula in staffing.xlsx and raci.xlsx, `=2+5 <b>` made the workbook invalid, and
raci.csv wrote `=cmd|' /C calc'!A0` as is. The tests read the workbook's XML and the CSV.
"""
from __future__ import annotations

import ast
import csv
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import small_org_data, write_org

HOSTILE = {
    "title": '=HYPERLINK("http://evil.example/?x","点我")',
    "department": "=1+1",
    "incumbent": "@SUM(1+1)*cmd|' /C calc'!A0",
    "process": "+2+5 <b>",
    "activity": "=cmd|' /C calc'!A0",
    "other": "-2+3",
    "grade": "\t=1+2",
}
OUR_FORMULA = re.compile(r"(SUM\([A-Z]+\d+(?::[A-Z]+\d+)?(?:,[A-Z]+\d+(?::[A-Z]+\d+)?)*\)|[A-Z]+\d+-[A-Z]+\d+|0)")
# raci.xlsx's analysis: COUNTIF of one letter over one column of the summary sheet, twice for R and A.
_COUNT = r"COUNTIF\('(?:[^']|'')+'!\$[A-Z]+\$\d+:\$[A-Z]+\$\d+,\"(?:R|A|C|I|A/R)\"\)"
OUR_FORMULA = re.compile(OUR_FORMULA.pattern[:-1] + f"|{_COUNT}(?:\\+{_COUNT})?)")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from click.testing import CliRunner

    from jobdesc.cli import main

    tmp = tmp_path_factory.mktemp("formulas")
    org, roles, processes = small_org_data()
    org["departments"][0]["name"] = HOSTILE["department"]
    roles["manager"]["title"] = HOSTILE["title"]
    roles["manager"]["grade"] = HOSTILE["grade"]
    roles["seller"]["incumbents"] = [HOSTILE["incumbent"], HOSTILE["other"]]
    processes["contract"]["name"] = HOSTILE["process"]
    processes["contract"]["activities"][0]["name"] = HOSTILE["activity"]
    processes["contract"]["activities"].append({"name": "=2+5 <b>", "R": ["seller"], "A": "manager"})
    root = write_org(tmp / "roles", org, roles, processes)
    out = tmp / "out"
    result = CliRunner().invoke(main, ["build", str(root), "-o", str(out), "--only", "staffing,raci"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def _sheets(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        return {n: package.read(n).decode("utf-8") for n in package.namelist() if n.startswith("xl/")}


@pytest.mark.parametrize("name", ["staffing.xlsx", "raci.xlsx"])
def test_no_user_text_becomes_a_formula(built, name):
    parts = _sheets(built / name)
    formulas = [f for text in parts.values() for f in re.findall(r"<f>(.*?)</f>", text, re.S)]
    for formula in formulas:
        assert OUR_FORMULA.fullmatch(formula), formula  # only the totals jobdesc writes itself
    texts = "".join(t for text in parts.values() for t in re.findall(r"<t[^>]*>(.*?)</t>", text, re.S))
    assert "HYPERLINK" in texts  # stored, as text (inline or shared strings)
    workbook = openpyxl.load_workbook(built / name)  # still a valid workbook
    values = {c.value for ws in workbook for row in ws.iter_rows() for c in row}
    texts = {v for v in values if isinstance(v, str)}
    assert any(v.startswith("=HYPERLINK") for v in texts)


def test_raci_workbook_keeps_the_text_that_broke_it(built):
    workbook = openpyxl.load_workbook(built / "raci.xlsx")
    values = {c.value for ws in workbook for row in ws.iter_rows() for c in row}
    assert "=2+5 <b>" in values and HOSTILE["activity"] in values


def test_staffing_totals_are_still_formulas(built):
    sheet = _sheets(built / "staffing.xlsx")["xl/worksheets/sheet1.xml"]
    assert "<f>SUM(" in sheet and re.search(r"<f>C\d+-D\d+</f>", sheet)


def test_csv_cells_that_start_like_a_formula_are_quoted(built):
    with (built / "raci.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["process", "activity", "manager", "assistant", "seller", "coo"][:len(rows[0])]
    assert rows[0][:2] == ["process", "activity"]
    activities = [r[1] for r in rows[1:]]
    assert "'" + HOSTILE["activity"] in activities and "'=2+5 <b>" in activities
    letters = {cell for r in rows[1:] for cell in r[2:]}
    assert letters <= {"", "R", "A", "C", "I", "A/R"}
    for row in rows[1:]:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", cell


def test_cell_text_helper_follows_owasp():
    from jobdesc.tables.cells import csv_text

    for risky in ["=1", "+1", "-1", "@a", "\t=1", "\r=1"]:
        assert csv_text(risky) == "'" + risky
    for plain in ["销售", "A/R", "", "1-2", "a=b"]:
        assert csv_text(plain) == plain


def test_every_workbook_cell_is_written_through_the_one_helper():
    """A new writer that calls ws.cell(row, col, value) or sets .value would bypass the guard."""
    tables = Path(__file__).resolve().parent.parent / "jobdesc" / "tables"
    offenders = []
    for path in sorted(tables.glob("*.py")):
        if path.name == "cells.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "cell" and \
                    (len(node.args) > 2 or any(k.arg == "value" for k in node.keywords)):
                offenders.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Attribute) and node.attr == "value" and isinstance(node.ctx, ast.Store):
                offenders.append(f"{path.name}:{node.lineno}")
            # XlsxWriter: ws.write(...) guesses a formula from a leading "=" just as openpyxl does.
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) in XLSXWRITER_WRITES:
                offenders.append(f"{path.name}:{node.lineno}")
    assert not offenders


XLSXWRITER_WRITES = {"write", "write_string", "write_formula", "write_array_formula", "write_dynamic_array_formula",
                     "write_number", "write_blank", "write_row", "write_column", "write_rich_string", "write_url",
                     "write_datetime", "write_boolean", "merge_range"}


def test_the_gate_catches_an_xlsxwriter_write(tmp_path):
    """The AST test above must see a direct XlsxWriter write; `cells.write` itself must store
    text as text and a Formula as a formula with its value."""
    import xlsxwriter

    from jobdesc.tables.cells import Formula, write

    tree = ast.parse("ws.write_string(0, 0, name)\nws.write(1, 1, title)")
    assert [n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call)] == ["write_string", "write"]
    path = tmp_path / "gate.xlsx"
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet()
    write(ws, 0, 0, '=HYPERLINK("http://x","y")')
    write(ws, 1, 0, Formula("=1+2", 3))
    book.close()
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert sheet.count("<f>") == 1 and "<f>1+2</f><v>3</v>" in sheet
