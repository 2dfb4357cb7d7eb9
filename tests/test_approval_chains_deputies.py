"""Issue 30 points 3, 4 and 6 in the outputs: a small organisation with a 会签 (`A: {sign: [...]}`),
`four_eyes: people`, a deputy (职务代理人) and an external department (`kind: department`) is
built with the real command line and read back: the signatures in order in authority.csv/.pdf and
each signatory's job description, the deputy in the JD's header (PDF and Word, in zh-CN, zh-TW
and English), the external department labelled as a department in the chart and the JD."""
from __future__ import annotations

import csv
import html
import json
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import pdf_text

ORG_YAML = """organization: 测试营销中心
departments:
  - {id: marketing, name: 营销中心, parent: null}
  - {id: sales, name: 销售部, parent: marketing}
handbook: {language: LANG}
external:
  - {id: leaders, title: 公司领导, kind: department}
  - {id: finance, title: 财务部, kind: department}
"""
ROLES = {
    "director.yaml": "title: 营销总监\ndepartment: marketing\nreports_to: leaders\nduties: [统筹营销中心全局工作]\n",
    "manager.yaml": "title: 销售经理\ndepartment: sales\nreports_to: director\ndeputy: supervisor\n"
                    "duties: [制定阶段性销售方案]\n",
    "supervisor.yaml": "title: 销售主管\ndepartment: sales\nreports_to: manager\nduties: [协助销售经理]\n",
    "cashier.yaml": "title: 出纳\ndepartment: sales\nreports_to: manager\nduties: [收款]\n",
}
PROCESS = """name: 销售合同审批
activities:
  - name: 合同会签
    R: [supervisor]
    A: {sign: [manager, finance]}
  - name: 收款复核
    R: [cashier]
    A: cashier
    four_eyes: people
"""


def _org(root: Path, language: str) -> Path:
    (root / "processes").mkdir(parents=True)
    (root / "org.yaml").write_text(ORG_YAML.replace("LANG", language), "utf-8")
    for name, text in ROLES.items():
        (root / name).write_text(text, "utf-8")
    (root / "processes" / "contract.yaml").write_text(PROCESS, "utf-8")
    return root


def _build(root: Path, *args: str) -> Path:
    out = root.parent / f"out-{root.name}"
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    result = subprocess.run([sys.executable, "-m", "jobdesc", "build", str(root), "-o", str(out), *args],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def _word(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return html.unescape(re.sub(r"<[^>]+>", "", package.read("word/document.xml").decode("utf-8")))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return _build(_org(tmp_path_factory.mktemp("chains") / "zh", "zh-CN"))


def test_signatures_in_order_everywhere(built):
    rows = list(csv.DictReader(io.StringIO((built / "authority.csv").read_text("utf-8-sig"))))
    assert [(r["activity"], r["approver"], r["kind"]) for r in rows] == [
        ("合同会签", "manager", "sign"), ("合同会签", "finance", "sign")]
    text = pdf_text(built / "authority.pdf")
    assert "会签 1/2" in text and "会签 2/2" in text and "会签按序号依次签署" in text
    assert "超出权限的申请" not in text  # no escalation in this organisation: no legend for it
    manager = pdf_text(built / "jd" / "manager.pdf")
    assert re.search(r"销售合同审批 · 合同会签\s+会签 1/2\s+财务部（外部部门）", manager), manager
    assert "会签 1/2" in _word(built / "jd" / "manager.docx")
    raci = list(csv.reader(io.StringIO((built / "raci.csv").read_text("utf-8-sig"))))
    letters = dict(zip(raci[0], next(row for row in raci if row[1] == "合同会签")))
    assert (letters["manager"], letters["finance"], letters["supervisor"]) == ("A", "A", "R")


def test_four_eyes_people_is_one_post_as_r_and_a(built):
    raci = list(csv.reader(io.StringIO((built / "raci.csv").read_text("utf-8-sig"))))
    letters = dict(zip(raci[0], next(row for row in raci if row[1] == "收款复核")))
    assert letters["cashier"] == "A/R"
    pages = "".join(p.read_text("utf-8") for p in (built / "site").rglob("*.html"))
    assert "双人复核（须两人）" in pages


def test_deputy_in_the_job_description_only_where_given(built):
    assert re.search(r"职务代理人\s+销售主管", pdf_text(built / "jd" / "manager.pdf"))
    assert "职务代理人" in _word(built / "jd" / "manager.docx") and "销售主管" in _word(built / "jd" / "manager.docx")
    for role in ("director", "supervisor", "cashier"):
        assert "职务代理人" not in pdf_text(built / "jd" / f"{role}.pdf"), role


def test_external_department_is_drawn_as_a_department(built):
    svg = (built / "orgchart.svg").read_text("utf-8")
    assert "外部部门" in svg and "外部岗位" not in svg  # 公司领导 is a department, not a post
    assert "公司领导（外部部门）" in pdf_text(built / "jd" / "director.pdf")
    assert "外部岗位与部门" in pdf_text(built / "raci.pdf")


@pytest.mark.parametrize("language, label, signature", [("zh-TW", "職務代理人", "會[簽籤]1/2"),  # OpenCC's word
                                                       ("en", "Deputy", "Co-sign1/2")])
def test_labels_in_other_languages(tmp_path, language, label, signature):
    out = _build(_org(tmp_path / language, language))
    assert label in pdf_text(out / "jd" / "manager.pdf")
    assert label in _word(out / "jd" / "manager.docx")
    for pdf in (out / "authority.pdf", out / "jd" / "manager.pdf"):  # a narrow cell wraps: compare without spaces
        assert re.search(signature, re.sub(r"\s+", "", pdf_text(pdf))), pdf
    if language == "en":
        assert "会签 1/2" not in pdf_text(out / "authority.pdf")  # no Chinese step label in the English edition


def test_diff_reports_a_changed_chain_and_four_eyes(tmp_path):
    old = _org(tmp_path / "old", "zh-CN")
    new = _org(tmp_path / "new", "zh-CN")
    (new / "processes" / "contract.yaml").write_text(
        PROCESS.replace("A: {sign: [manager, finance]}", "A: {sign: [finance, manager]}\n    escalate: director")
        .replace("four_eyes: people", "four_eyes: true\n    R: [supervisor]").replace(
            "    R: [cashier]\n    A: cashier\n    four_eyes: true\n    R: [supervisor]",
            "    R: [supervisor]\n    A: cashier\n    four_eyes: true"), "utf-8")
    result = subprocess.run([sys.executable, "-m", "jobdesc", "diff", str(old), str(new), "--format", "json"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    fields = {(a["name"], f["field"]): (f["items"][0]["old"], f["items"][0]["new"])
              for p in json.loads(result.stdout)["processes"] for a in p["activities"] for f in a.get("fields", [])}
    old_chain, new_chain = fields[("合同会签", "approval")]
    assert old_chain.startswith("Co-sign 1/2: 销售经理 (manager)"), old_chain
    assert new_chain == ("Co-sign 1/2: 财务部 (finance); Co-sign 2/2: 销售经理 (manager); "
                         "Over authority, step 1: 营销总监 (director)"), new_chain
    assert fields[("收款复核", "four_eyes")] == ("people", "yes")
