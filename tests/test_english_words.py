"""Issue 28, English edition: plurals ("1 posts held concurrently", "(1 positions)"), a lone ")"
on a line of the job description's reporting-line box, and Vacant/Open, Budget/budget used
inconsistently across the outputs."""
from __future__ import annotations

import re
import subprocess

import pytest
from click.testing import CliRunner

from conftest import small_org_data, write_org
from jobdesc.cli import main
from jobdesc.jd.diagram import label_lines


@pytest.mark.parametrize("title,width", [("销售组长 (销售一部)", 84), ("Sales lead (Team one)", 60),
                                         ("销售组长（销售一部）", 60), ("客服专员（销售三部）", 40)])
def test_no_line_of_a_box_starts_with_closing_punctuation(title, width):
    lines = label_lines(title, width)
    assert len(lines) > 1, lines  # the title does wrap at this width
    for line in lines:
        assert not re.match(r"[)）,，、。]", line), lines
        assert not re.search(r"[(（]$", line), lines


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("english")
    org, roles, processes = small_org_data("en")
    roles["manager"]["incumbents"] = [{"name": "张三", "concurrent": True}]  # one post held concurrently
    roles["seller"]["incumbents"] = ["张三", "李四"]
    roles["trainee"] = {"title": "见习顾问", "department": "sales", "reports_to": "seller",  # the seller's one report
                        "headcount": {"budget": 1, "filled": 0}, "duties": ["跟岗学习"]}
    root = write_org(tmp / "roles", org, roles, processes)
    out = tmp / "out"
    result = CliRunner().invoke(main, ["build", str(root), "-o", str(out), "-j", "1",
                                       "--only", "jd,orgchart,staffing,site,handbook"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def _text(path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                                   text=True).stdout.split())


def test_english_plurals_and_one_word_for_each_figure(english):
    texts = {name: _text(english / name) for name in ("handbook.pdf", "staffing.pdf", "orgchart.pdf",
                                                        "jd/manager.pdf")}
    texts["site"] = " ".join(p.read_text("utf-8") for p in (english / "site").rglob("*.html"))
    everything = " ".join(texts.values())
    assert "1 post held concurrently" in texts["staffing.pdf"]
    assert not re.search(r"\b1 (posts|positions|people)\b", everything)
    assert "(1 position)" in texts["site"]  # the chart button that unfolds the seller's one report
    for name, text in texts.items():
        assert not re.search(r"\bOpen\b|\bopen \d|open posts", text), name  # "Vacant", as everywhere
        assert not re.search(r"\bbudget \d", text), name  # "Budget 3 / Filled 2 / Vacant 1"
    assert "Budget 1 / Filled 1 / Vacant 0" in texts["jd/manager.pdf"]
    assert "Vacant" in texts["orgchart.pdf"]
