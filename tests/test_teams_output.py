"""Issue 30 point 5: teams inside a department (小组; `teams:` on a department, `team:` on a role).
A small organisation is built with the real command line and read back: the staffing table
sub-totals each team (PDF text; in staffing.xlsx a SUM formula over the team's members with its
value stored, the department's sum counting the members once, not the team row), and the org
chart draws a labelled frame around the team's boxes."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import pdf_text

NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
ORG_YAML = """organization: 测试营销中心
departments:
  - id: sales
    name: 销售部
    parent: null
    teams:
      - {id: key-accounts, name: 大客户组}
      - {id: empty-team, name: 空组}
"""
ROLES = {
    "manager.yaml": "title: 销售经理\ndepartment: sales\nheadcount: {budget: 1, filled: 1}\nincumbents: [王一]\n"
                    "duties: [管理销售部]\n",
    "lead.yaml": "title: 大客户组长\ndepartment: sales\nreports_to: manager\nteam: key-accounts\n"
                 "headcount: {budget: 1, filled: 1}\nincumbents: [李二]\nduties: [带领大客户组]\n",
    "account.yaml": "title: 大客户专员\ndepartment: sales\nreports_to: lead\nteam: key-accounts\n"
                    "headcount: {budget: 3, filled: 2}\nincumbents: [张三, 赵四]\nduties: [维护大客户]\n",
    "clerk.yaml": "title: 销售内勤\ndepartment: sales\nreports_to: manager\nheadcount: {budget: 2, filled: 1}\n"
                  "incumbents: [钱五]\nduties: [合同归档]\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("teams") / "org"
    root.mkdir()
    (root / "org.yaml").write_text(ORG_YAML, "utf-8")
    for name, text in ROLES.items():
        (root / name).write_text(text, "utf-8")
    out = root.parent / "out"
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    result = subprocess.run([sys.executable, "-m", "jobdesc", "build", str(root), "-o", str(out)],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _cells(path: Path) -> dict[str, tuple[str, str]]:
    """Every cell of the staffing sheet: reference → (shown text or stored value, formula)."""
    with zipfile.ZipFile(path) as book:
        shared = ["".join(t.text or "" for t in si.iter(f"{{{NS['x']}}}t"))
                  for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("x:si", NS)]
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    cells = {}
    for cell in sheet.iter(f"{{{NS['x']}}}c"):
        value = cell.findtext("x:v", default="", namespaces=NS)
        shown = shared[int(value)] if cell.get("t") == "s" else value
        cells[cell.get("r")] = (shown, cell.findtext("x:f", default="", namespaces=NS))
    return cells


def test_staffing_pdf_subtotals_the_team(built):
    text = pdf_text(built / "staffing.pdf")
    assert re.search(r"大客户组（小组小计）\s+4\s+3\s+1", text), text
    assert re.search(r"\n\s*销售部\s+7\s+5\s+2", text), text  # members counted once
    assert "空组" not in text  # a team nobody is in has no row


def test_staffing_xlsx_team_row_is_a_formula_with_its_value(built):
    cells = _cells(built / "staffing.xlsx")
    row_of = {shown: ref[1:] for ref, (shown, _f) in cells.items() if ref.startswith("A")}
    team, lead, account = (row_of[name] for name in ("大客户组（小组小计）", "大客户专员", "大客户组长"))
    assert cells["B3"][0] == "编制"  # no post states a grade: no 级别 column (issue 30)
    budget, formula = cells[f"B{team}"]
    assert budget == "4" and formula == f"SUM(B{min(lead, account)}:B{max(lead, account)})", (budget, formula)
    dept_budget, dept_formula = cells[f"B{row_of['销售部']}"]
    assert dept_budget == "7" and f"B{team}" not in dept_formula, dept_formula


def test_chart_frames_the_team(built):
    svg = (built / "orgchart.svg").read_text("utf-8")
    group = re.search(r'<g class="teams">(.*?)</g>', svg)
    assert group and ">大客户组</text>" in group.group(1), svg[:400]
    assert "小组（虚线框）" in svg  # the legend
    assert "空组" not in svg
