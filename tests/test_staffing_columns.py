"""Issue 30 point 8: the staffing table prints no column nobody stated. One rule
(tables/staffing_rows.StaffingColumns) decides, and staffing.pdf, staffing.xlsx and the site's
staffing page follow it in every language: 在岗 and 空缺 only when a post states how many hold it,
任职人员 only when somebody is named (else 说明 over the departments' notes, or no column)."""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest
from click.testing import CliRunner

from conftest import pdf_text, small_org_data, write_org
from jobdesc.cli import main
from jobdesc.tables.staffing_rows import StaffingColumns, stated_columns


@dataclass
class Post:
    grade: str = ""
    filled: Optional[int] = None
    incumbents: tuple = ()


def test_the_rule():
    assert stated_columns([Post("经理", 1, ("张三",))]) == StaffingColumns()
    assert stated_columns([Post(), Post()], ["编制未列明岗位 2 个"]) == StaffingColumns(False, False, "notes")
    assert stated_columns([Post(incumbents=("张三",))], ["编制未列明岗位 1 个"]) == StaffingColumns(False, False,
                                                                                              "incumbents")
    assert stated_columns([Post(filled=0)], ["", ""]) == StaffingColumns(False, True, "")  # 0 is a stated figure
    assert stated_columns([]) == StaffingColumns(False, False, "")
    assert StaffingColumns().labels() == ("unit", "grade", "budget", "filled", "vacant", "incumbents")
    assert StaffingColumns(False, False, "notes").labels() == ("unit", "budget", "notes")
    assert StaffingColumns(False, True, "").labels() == ("unit", "budget", "filled", "vacant")
    assert StaffingColumns(filled=False).note == "note_without_filled" and StaffingColumns().note == "note"


CASES = [  # language, fields every role leaves out, the columns the table then has
    ("en", ("incumbents", "grade"), ["Department / Position", "Budget", "Filled", "Vacant"]),
    ("zh-TW", ("headcount", "grade"), ["部門 / 職務", "員額", "任職人員"]),
    ("zh-TW", ("headcount", "incumbents", "grade"), ["部門 / 職務", "員額", "說明"]),
    ("zh-CN", ("headcount",), ["部门 / 岗位", "级别", "编制", "任职人员"]),
]


def _build(tmp_path: Path, language: str, left_out: tuple[str, ...]) -> Path:
    org, roles, processes = small_org_data(language)
    for role in roles.values():
        for field in left_out:
            role.pop(field, None)
    write_org(tmp_path / "org", org, roles, processes)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(tmp_path / "org"), "-o", str(out), "-j", "1",
                                       "--only", "staffing,site"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def _sheet_rows(path: Path) -> list[list[str]]:
    """staffing.xlsx's rows as their cells' texts (numbers and formulas as "#")."""
    with zipfile.ZipFile(path) as package:
        shared = [re.sub(r"<[^>]+>", "", item) for item in
                  re.findall(r"<si>(.*?)</si>", package.read("xl/sharedStrings.xml").decode("utf-8"), re.S)]
        sheet = package.read("xl/worksheets/sheet1.xml").decode("utf-8")
    return [[shared[int(re.search(r"<v>(\d+)</v>", body).group(1))] if 't="s"' in attributes else "#" if body else ""
             for attributes, body in re.findall(r"<c ([^>]*?)(?:/>|>(.*?)</c>)", row, re.S)]
            for row in re.findall(r"<row [^>]*>(.*?)</row>", sheet, re.S)]


@pytest.mark.parametrize("language,left_out,columns", CASES)
def test_every_renderer_prints_only_the_stated_columns(tmp_path, language, left_out, columns):
    out = _build(tmp_path, language, left_out)
    text = pdf_text(out / "staffing.pdf")
    header = next(line for line in text.splitlines() if line.strip().startswith(columns[0].split()[0]))
    assert header.split() == " ".join(columns).split(), header
    rows = _sheet_rows(out / "staffing.xlsx")
    assert rows[2] == columns, rows
    assert all(len(row) <= len(columns) for row in rows[3:]), rows
    site = (out / "site" / "staffing.html").read_text("utf-8")
    head = re.search(r"<thead>(.*?)</thead>", site, re.S).group(1)
    assert [re.sub(r"<[^>]+>", "", th) for th in re.findall(r"<th[^>]*>(.*?)</th>", head)] == columns
    body_cells = [len(re.findall(r"<t[hd][ >]", row)) for row in re.findall(r"<tr[ >].*?</tr>", site, re.S)]
    assert set(body_cells) == {len(columns)}, body_cells  # every row, the totals' too, as wide as the heading
