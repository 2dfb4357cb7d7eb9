"""Issue 28: raci.xlsx's analysis counts are real formulas with stored values.

They were stored as text ("=COUNTIF('总表'!…" shown in 92 cells): the guard that keeps user
text from becoming a formula caught the tool's own formulas too. Read from the workbook's
XML (a <f> with a <v> beside it, no text cell starting with "="), and recalculated by
LibreOffice Calc, whose values must be the ones stored.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLE
from test_raci_support import evaluate_countifs

ANALYSIS = "分析"
FIRST_ROW = 4
_CELL = re.compile(r'<c r="([A-Z]+)(\d+)"[^>]*>(.*?)</c>', re.S)


@pytest.fixture(scope="module")
def workbook_path(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from jobdesc.cli import main

    out = tmp_path_factory.mktemp("raci-formulas")
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "-o", str(out), "--only", "raci"])
    assert result.exit_code == 0, result.output
    return out / "raci.xlsx"


def _sheet_xml(path: Path, title: str) -> str:
    """The XML of the sheet named `title` (found through workbook.xml and its relationships)."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    index = workbook.sheetnames.index(title) + 1
    with zipfile.ZipFile(path) as package:
        return package.read(f"xl/worksheets/sheet{index}.xml").decode("utf-8")


def _strings(path: Path) -> list[str]:
    """Every text cell's text: inline strings and the shared-string table."""
    texts = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                xml = package.read(name).decode("utf-8")
                texts += re.findall(r"<t[^>]*>(.*?)</t>", xml, re.S)
    return texts


def test_analysis_counts_are_formulas_with_their_values_stored(workbook_path):
    xml = _sheet_xml(workbook_path, ANALYSIS)
    workbook = openpyxl.load_workbook(workbook_path)
    formulas = {}
    for column, row, body in _CELL.findall(xml):
        formula = re.search(r"<f>(.*?)</f>", body, re.S)
        if formula:
            value = re.search(r"<v>(.*?)</v>", body)
            assert value and value.group(1), f"{column}{row} has no stored value"
            formulas[f"{column}{row}"] = int(value.group(1))
    counted = [row for row in workbook[ANALYSIS].iter_rows(min_row=FIRST_ROW, min_col=3, max_col=6)
               if isinstance(row[0].value, str) and row[0].value.startswith("=COUNTIF")]
    assert len(counted) * 4 == len(formulas) >= 4 * 20  # every count of every position
    for row in counted:
        for cell in row:
            assert formulas[cell.coordinate] == evaluate_countifs(workbook, cell.value), cell.coordinate
    assert any(formulas.values()), "the example's counts are not all zero"
    assert not [t for t in _strings(workbook_path) if t.startswith("=")]  # no formula kept as text


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_libreoffice_recalculates_the_values_stored(workbook_path, tmp_path):
    """Calc recalculates every formula on open (fullCalcOnLoad) and saves its own results."""
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "lo"),
                    str(workbook_path)], check=True, capture_output=True, timeout=300)
    ours = openpyxl.load_workbook(workbook_path, data_only=True)[ANALYSIS]
    calc = openpyxl.load_workbook(tmp_path / "lo" / workbook_path.name, data_only=True)[ANALYSIS]
    stored = [[c.value for c in row[1:]] for row in ours.iter_rows(min_row=FIRST_ROW, min_col=2, max_col=6)
              if isinstance(row[0].value, str)]  # a position's row: its title, then its four counts
    recalculated = [[c.value for c in row[1:]] for row in calc.iter_rows(min_row=FIRST_ROW, min_col=2, max_col=6)
                    if isinstance(row[0].value, str)]
    numbers = [row for row in stored if all(isinstance(v, int) for v in row)]
    assert len(numbers) >= 20, stored[:3]  # our stored values, read as numbers
    assert recalculated[:len(numbers)] == numbers
