"""Issue 16, read back from the outputs: headcount not stated, concurrent posts (兼任), a post
that serves other departments, reports to several recipients or a department with the new
periods, and staffing.xlsx totals stored with their formulas."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from conftest import pdf_text, small_org_data, write_org
from jobdesc.cli import main
from test_jd_support import docx_text, pdf_plain_text

SHEET = "xl/worksheets/sheet1.xml"


def posts_org(root: Path, language: str = "zh-CN") -> Path:
    """The small organisation with every new field: a second department the seller also
    serves, the manager holding a post concurrently, a clerk whose headcount nobody stated,
    and reports to several recipients (one a department) every ten days."""
    org, roles, processes = small_org_data(language)
    org["departments"].append({"id": "service", "name": "客服部", "parent": None})
    roles["manager"]["headcount"] = {"budget": 1, "filled": 1}
    roles["manager"]["incumbents"] = ["王强"]
    roles["assistant"]["headcount"] = {"budget": 1, "filled": 1}
    roles["assistant"]["incumbents"] = [{"name": "王强", "concurrent": True}]
    roles["seller"]["serves"] = ["service"]
    roles["seller"]["reports"] = [
        {"name": "销售旬报", "to": ["manager", "service"], "period": "ten-day", "due": "每旬末次日"},
        {"name": "半年总结", "to": "coo", "period": "half-yearly"}]
    roles["seller"]["kpis"] = [{"name": "双周回访", "target": 10, "unit": "个", "period": "biweekly"}]
    roles["clerk"] = {"title": "客服专员", "department": "service", "reports_to": "manager",
                      "incumbents": ["赵敏"], "duties": ["受理客户投诉"]}
    return write_org(root, org, roles, processes)


def invoke(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("posts")
    out = root / "out"
    result = invoke("build", posts_org(root / "org"), "-o", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def built_en(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("posts-en")
    out = root / "out"
    result = invoke("build", posts_org(root / "org", "en"), "-o", out, "--only", "jd,orgchart,staffing")
    assert result.exit_code == 0, result.output
    return out


# ------------------------------------------------------------------ check


def test_check_warns_at_the_role_without_headcount(tmp_path):
    directory = posts_org(tmp_path / "org")
    result = invoke("check", directory)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if ": warning: " in line]
    assert len(warnings) == 1 and re.match(r".*clerk\.yaml:1:\d+: warning: headcount is not stated", warnings[0])
    assert invoke("check", directory, "--strict").exit_code == 1


def test_same_name_told_apart_by_id_is_no_concurrent_post(tmp_path):
    org, roles, processes = small_org_data()
    roles["manager"].update(headcount={"budget": 1, "filled": 1}, incumbents=[{"name": "王伟", "id": "E1024"}])
    roles["seller"]["incumbents"] = [{"name": "王伟", "id": "E2048"}, "李四"]
    result = invoke("check", write_org(tmp_path / "org", org, roles, processes))
    assert result.exit_code == 0 and ": error:" not in result.output, result.output
    roles["seller"]["incumbents"] = [{"name": "王伟", "id": "E1024"}, "李四"]  # the same person, not marked
    result = invoke("check", write_org(tmp_path / "org2", org, roles, processes))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(r"seller\.yaml:\d+:\d+: error: 王伟 \(E1024\) is also an incumbent of 'manager' "
                     r"\(.*manager\.yaml:\d+:\d+\)", result.output), result.output


def test_build_refuses_a_person_with_no_main_post(tmp_path):
    org, roles, processes = small_org_data()
    roles["seller"]["incumbents"] = [{"name": "张三", "concurrent": True}, "李四"]
    out = tmp_path / "out"
    result = invoke("build", write_org(tmp_path / "org", org, roles, processes), "-o", out)
    assert result.exit_code == 1 and "holds no main post" in result.output and "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())


# ------------------------------------------------------------------ job descriptions


def test_job_descriptions_leave_out_figures_nobody_stated(built):
    for path in (built / "jd" / "clerk.pdf",):
        text = pdf_plain_text(path)
        assert "未列明" in text and "编制1人" not in text and "空缺" not in text
    docx = docx_text(built / "jd" / "clerk.docx")
    assert "未列明" in docx and "在岗" not in docx
    assert "编制3人/在岗2人/空缺1人" in pdf_plain_text(built / "jd" / "seller.pdf")  # a stated figure still prints


def test_job_descriptions_mark_the_concurrent_holder(built):
    assert "王强（兼）" in pdf_plain_text(built / "jd" / "assistant.pdf")
    assert "王强（兼）" in docx_text(built / "jd" / "assistant.docx")
    manager = pdf_plain_text(built / "jd" / "manager.pdf")
    assert "王强" in manager and "王强（兼）" not in manager  # the main post is not marked


def test_reports_to_several_recipients_and_new_periods(built, built_en):
    text = pdf_plain_text(built / "jd" / "seller.pdf")
    assert "销售旬报" in text and "销售经理、客服部" in text and "每旬·每旬末次日" in text
    assert "每半年" in text and "每两周" in text
    assert "销售经理、客服部" in docx_text(built / "jd" / "seller.docx")
    assert "兼顾部门" in text and "客服部" in text
    english = pdf_text(built_en / "jd" / "seller.pdf")
    assert "Every ten days" in english and "Half-yearly" in english and "Every two weeks" in english


def test_english_marks_and_not_stated(built_en):
    assert "王强 (concurrent)" in pdf_text(built_en / "jd" / "assistant.pdf")
    assert "not stated" in pdf_text(built_en / "jd" / "clerk.pdf")
    assert "王强 (concurrent)" in (built_en / "orgchart.svg").read_text("utf-8")


# ------------------------------------------------------------------ org chart


def test_org_chart_marks_concurrent_and_serving_posts_once(built):
    svg = (built / "orgchart.svg").read_text("utf-8")
    assert "王强（兼）" in svg
    assert svg.count("兼顾：客服部") == 1 and svg.count(">置业顾问<") == 1  # drawn once, with its note
    clerk = svg[svg.index(">客服专员<"):]
    assert "未列明" in clerk[:2000]
    chart = pdf_text(built / "orgchart.pdf")
    assert "编制未列明岗位 1 个" in chart and "兼任 1 岗" in chart


# ------------------------------------------------------------------ staffing table


def _rows(out: Path):
    ws = openpyxl.load_workbook(out / "staffing.xlsx").active
    return ws, {row[0].value: row for row in ws.iter_rows(min_row=4) if row[0].value}


def test_staffing_shows_not_stated_and_counts_people_once(built):
    ws, rows = _rows(built)
    clerk = rows["客服专员"]
    assert (clerk[2].value, clerk[3].value, clerk[4].value) == ("未列明", None, None)
    serving = rows["置业顾问（兼顾，属销售部）"]
    assert (serving[2].value, serving[3].value, serving[4].value) == (None, None, None)
    assert serving[5].value == "张三、李四"
    assistant = rows["经理助理"]
    assert assistant[5].value == "王强（兼）"
    # Totals: manager 1/1 + assistant 1/1 + seller 3/2 (the serving row and the clerk count nowhere).
    assert rows["客服部"][2].value == "=0" and "编制未列明岗位 1 个" in rows["客服部"][5].value  # its one post: no figure
    total = rows["合计"]
    assert total[5].value == "编制未列明岗位 1 个 · 兼任 1 岗 · 实有 3 人"
    text = pdf_text(built / "staffing.pdf")
    assert "编制5人·在岗4人·空缺1人·编制未列明岗位1个·兼任1岗·实有3人" in pdf_plain_text(built / "staffing.pdf")
    total_line = next(line for line in text.splitlines() if line.split()[:1] == ["合计"])
    assert total_line.split()[1:4] == ["5", "4", "1"]
    assert re.search(r"客服专员\s+未列明", text) and "置业顾问（兼顾，属销售部）" in text


def test_staffing_totals_store_their_values(built):
    """Every formula carries the value it computes to, as previews show it without calculating."""
    xml = zipfile.ZipFile(built / "staffing.xlsx").read(SHEET).decode("utf-8")
    cells = re.findall(r'<c r="([A-Z]+)(\d+)"[^>]*>(<f>[^<]*</f>)(?:<v>([^<]*)</v>)?</c>', xml)
    assert len(cells) >= 9  # 2 departments × 3 + positions' vacancies + the grand total's 3
    ws, rows = _rows(built)
    expected = {("C", "销售部"): 5, ("D", "销售部"): 4, ("E", "销售部"): 1, ("C", "客服部"): 0,
                ("C", "合计"): 5, ("D", "合计"): 4, ("E", "合计"): 1, ("E", "置业顾问"): 1}
    values = {(column, int(row)): value for column, row, _f, value in cells}
    assert all(value != "" for value in values.values()), "a formula without a stored value"
    for (column, name), wanted in expected.items():
        assert float(values[column, rows[name][0].row]) == wanted, (column, name)


def test_staffing_in_the_handbook(built):
    text = pdf_text(built / "handbook.pdf")
    assert "王强（兼）" in text and "未列明" in text
    assert "置业顾问（兼顾本部门，属销售部）" in text  # on the 客服部 page
    index = text[text.rindex("岗位索引"):]
    assert "王强（兼）" in index and "兼顾客服部" in index
    docx = zipfile.ZipFile(built / "handbook.docx").read("word/document.xml").decode("utf-8")
    assert "王强（兼）" in docx and "置业顾问（兼顾本部门，属销售部）" in docx and "编制未列明岗位 1 个" in docx


def test_builds_are_deterministic(tmp_path):
    directory = posts_org(tmp_path / "org")
    outs = []
    for name in ("a", "b"):
        result = invoke("build", directory, "-o", tmp_path / name, "--only", "staffing,orgchart")
        assert result.exit_code == 0, result.output
        outs.append(tmp_path / name)
    for name in ("staffing.xlsx", "staffing.pdf", "orgchart.svg"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_a_budget_without_filled_prints_the_budget_and_stays_out_of_totals(tmp_path):
    """What an imported 「客服专员（4人）」 gives: the budget somebody typed, no filled count."""
    org, roles, processes = small_org_data()
    roles["seller"]["headcount"] = {"budget": 4}
    roles["seller"]["incumbents"] = ["张三"]  # not counted against a filled figure nobody gave
    directory = write_org(tmp_path / "org", org, roles, processes)
    check = invoke("check", directory)
    assert check.exit_code == 0 and re.search(r"seller\.yaml:\d+:\d+: warning: headcount\.filled is not stated",
                                              check.output), check.output
    out = tmp_path / "out"
    assert invoke("build", directory, "-o", out, "--only", "jd,staffing").exit_code == 0
    assert "编制4人/在岗人数未定" in pdf_plain_text(out / "jd" / "seller.pdf")
    ws, rows = _rows(out)
    assert (rows["置业顾问"][2].value, rows["置业顾问"][3].value, rows["置业顾问"][4].value) == (4, "未列明", None)
    assert rows["销售部"][2].value == "=SUM(C5:C6)"  # manager and assistant; the seller's budget is in no sum
    assert rows["合计"][5].value == "编制未列明岗位 1 个"
