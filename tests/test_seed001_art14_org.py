"""Issue 30 points 3 and 6, verified on a real document: tests/orgs/seed001-art14/ is seed 001's
第14篇 (销售部门及岗位职责 with its 销售合同管理制度), written by hand with nothing the article does
not say. 三.1 "销售业务员应在权限范围内与客户订立销售合同，超出权限范围的，应报销售经理、营销总监、
总裁…签字" is `A: salesperson` with `escalate: [sales-manager, marketing-director, president]`: no
amount anywhere. This builds it with the real command line and reads every output that prints an
approval back: the chain, in order, and no approver, limit or figure the article does not give
(PDF text, Word XML, the workbooks, the site).
"""
from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, cli_built, jobdesc, pdf_text

ORG = REPO / "tests" / "orgs" / "seed001-art14"
CHAIN = ["销售经理", "营销总监", "总裁"]  # 三.1, in this order
# What would claim something the article does not say: a limit, an amount, a co-signature, a
# deputy, or an approver it never names (总经理 approves only the format contract, 二.1).
INVENTED = ["无上限", "超出上限不可审批", "万元", "会签", "职务代理人"]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return cli_built(tmp_path_factory, ORG, "seed001-art14")


def _zip_text(path: Path, prefix: str) -> str:
    """All text of the XML parts under `prefix` of a .docx/.xlsx, tags removed."""
    with zipfile.ZipFile(path) as package:
        xml = "".join(package.read(name).decode("utf-8") for name in sorted(package.namelist())
                      if name.startswith(prefix) and name.endswith(".xml"))
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


def _assert_nothing_invented(text: str, where: str) -> None:
    for word in INVENTED:
        assert word not in text, f"{where} prints {word!r}, which the article does not say"


def test_check_passes_with_only_the_not_stated_headcount_warnings():
    result = jobdesc("check", ORG)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = (result.stdout + result.stderr).splitlines()
    warnings = [line for line in lines if ": warning: " in line]
    assert len(warnings) == 3 and all("headcount is not stated" in w for w in warnings), lines


def test_authority_csv_is_the_chain_as_written(built):
    rows = list(csv.DictReader(io.StringIO((built / "authority.csv").read_text("utf-8-sig"))))
    assert [(r["activity"], r["approver"], r["kind"]) for r in rows] == [
        ("销售合同订立", "salesperson", "within"),
        ("销售合同订立", "sales-manager", "escalate"),
        ("销售合同订立", "marketing-director", "escalate"),
        ("销售合同订立", "president", "escalate"),
    ]
    assert all(r["above"] == r["up_to"] == r["unit"] == "" for r in rows)  # no amount is made up


def test_authority_pdf_prints_the_steps_in_order(built):
    text = pdf_text(built / "authority.pdf")
    row = next(line for line in text.splitlines() if line.strip().startswith("销售合同订立"))
    assert re.search(r"超出权限 第 1 级\s+超出权限 第 2 级\s+超出权限 第 3 级\s+R · 权限内\s+金额未列明", row), row
    header = next(line for line in text.splitlines() if "流程 / 活动" in line)
    assert [t for t in header.split() if t in CHAIN] == CHAIN, header
    assert "超出权限的申请按级次逐级报批" in text
    _assert_nothing_invented(text, "authority.pdf")


def test_authority_xlsx_lists_each_step_and_whom_it_goes_to(built):
    text = _zip_text(built / "authority.xlsx", "xl/")
    for words in ("权限内", "超出权限 第 1 级", "超出权限 第 3 级", "金额未列明", "未列明", *CHAIN):
        assert words in text, words
    _assert_nothing_invented(text, "authority.xlsx")


def test_raci_marks_only_the_named_approvers(built):
    rows = list(csv.reader(io.StringIO((built / "raci.csv").read_text("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    approvers = {(row[1], header[n]) for row in body for n, cell in enumerate(row) if n > 1 and "A" in cell}
    assert approvers == {
        ("销售格式合同拟定与审批", "general-manager"),
        ("格式合同条款权限范围内的修改", "department-manager"),
        ("销售合同订立", "salesperson"), ("销售合同订立", "sales-manager"),
        ("销售合同订立", "marketing-director"), ("销售合同订立", "president"),
    }
    text = pdf_text(built / "raci.pdf")
    assert "多级审批：各审批岗位的审批步骤与次序见审批权限表" in text
    assert "按金额由不同岗位审批" not in text  # the amounts note would not be true here


def test_the_salespersons_job_description_says_whom_it_escalates_to(built):
    text = pdf_text(built / "jd" / "salesperson.pdf")
    section = text[text.index("审批权限"):]
    assert re.search(r"销售合同管理 · 销售合同订立\s+权限内\s+销售经理（外部岗位）", section), section
    assert "审批环节" in section and "可审批金额区间" not in text  # no heading claims an amount
    _assert_nothing_invented(text, "jd/salesperson.pdf")
    word = _zip_text(built / "jd" / "salesperson.docx", "word/document")
    assert "权限内" in word and "销售经理（外部岗位）" in word
    _assert_nothing_invented(word, "jd/salesperson.docx")


def test_positions_without_an_approval_print_none(built):
    for role in ("department-manager", "sales-supervisor"):
        text = pdf_text(built / "jd" / f"{role}.pdf")
        assert "超出权限" not in text and "权限内" not in text, role
        _assert_nothing_invented(text, f"jd/{role}.pdf")


def test_handbook_and_site_print_the_same_chain(built):
    handbook = pdf_text(built / "handbook.pdf")
    for words in ("超出权限 第 1 级", "超出权限 第 3 级"):
        assert words in handbook
    _assert_nothing_invented(handbook, "handbook.pdf")
    word = _zip_text(built / "handbook.docx", "word/document")
    assert "超出权限 第 2 级" in word and "营销总监" in word
    _assert_nothing_invented(word, "handbook.docx")
    site = "".join(p.read_text("utf-8") for p in sorted((built / "site").rglob("*.html")))
    assert "超出权限 第 3 级" in site and "权限内" in site
    _assert_nothing_invented(site, "the site")


def test_the_authority_workbooks_tier_sheet_has_no_amount_column(built):
    """Issue 30 point 8: the tiers sheet heads no 起点 / 上限 / 单位 column the article gives no
    figure for (authority.csv keeps its columns, empty: a fixed format)."""
    from openpyxl import load_workbook

    sheet = load_workbook(built / "authority.xlsx").worksheets[1]
    header = [cell.value for cell in sheet[3]]
    assert header == ["流程ID", "流程", "活动", "层级", "审批区间", "审批岗位", "岗位ID", "超出后报批"], header
    body = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    assert [row[4:] for row in body] == [["权限内", "销售员", "salesperson", "销售经理"],
                                         ["超出权限 第 1 级", "销售经理", "sales-manager", "营销总监"],
                                         ["超出权限 第 2 级", "营销总监", "marketing-director", "总裁"],
                                         ["超出权限 第 3 级", "总裁", "president", "未列明"]], body
    assert sheet.auto_filter.ref == "A3:H7"


def test_the_staffing_table_has_no_filled_vacant_or_incumbents_column(built):
    """Nobody stated a figure or a name: 编制 and the departments' notes (说明) only."""
    text = pdf_text(built / "staffing.pdf")
    header = next(line for line in text.splitlines() if "部门 / 岗位" in line)
    assert header.split() == ["部门", "/", "岗位", "编制", "说明"], header
    words = _zip_text(built / "staffing.xlsx", "xl/")
    assert "说明" in words and not any(word in words for word in ("在岗", "空缺", "任职人员", "级别"))
