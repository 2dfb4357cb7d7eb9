"""Approval limits (审批权限): authority.csv/.xlsx/.pdf read back, and the RACI outputs' A."""
from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from conftest import pdf_text, small_org_data, write_org


def _tiered_org(tmp_path: Path, language: str = "zh-CN") -> Path:
    org, roles, processes = small_org_data(language)
    org["external"].append({"id": "ceo", "title": "总裁"})
    processes["contract"]["activities"].append({
        "name": "销售合同订立", "R": ["seller"], "unit": "万元", "four_eyes": True, "C": ["assistant"],
        "A": [{"up_to": 5, "role": "manager"}, {"up_to": 20, "role": "coo"}, {"role": "ceo"}]})
    processes["discount"] = {"name": "价格折扣审批", "unit": "%", "activities": [
        {"name": "客户折扣给予", "R": ["seller"], "I": ["assistant"],
         "A": [{"up_to": 0.5, "role": "manager"}, {"up_to": "2", "role": "coo"}]}]}
    return write_org(tmp_path / "org", org, roles, processes)


def _build(run_cli, directory: Path, out: Path, parts: str = "authority,raci") -> Path:
    result = run_cli("build", directory, "-o", out, "--only", parts)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def built(tmp_path, run_cli) -> Path:
    return _build(run_cli, _tiered_org(tmp_path), tmp_path / "out")


def test_authority_csv_is_exactly_format_md(built):
    rows = list(csv.reader((built / "authority.csv").open(encoding="utf-8-sig", newline="")))
    assert rows == [
        ["process", "activity", "above", "up_to", "unit", "approver"],
        ["contract", "销售合同订立", "", "5", "万元", "manager"],
        ["contract", "销售合同订立", "5", "20", "万元", "coo"],
        ["contract", "销售合同订立", "20", "", "万元", "ceo"],
        ["discount", "客户折扣给予", "", "0.5", "%", "manager"],
        ["discount", "客户折扣给予", "0.5", "2", "%", "coo"],
    ]
    raw = (built / "authority.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfprocess,activity,"), "UTF-8 with a byte-order mark, for Excel"


def test_raci_csv_gives_every_tier_approver_a(built):
    rows = {r["activity"]: r for r in csv.DictReader((built / "raci.csv").open(encoding="utf-8-sig"))}
    assert (rows["销售合同订立"]["manager"], rows["销售合同订立"]["coo"], rows["销售合同订立"]["ceo"]) == ("A", "A", "A")
    assert rows["销售合同订立"]["seller"] == "R" and rows["合同订立"]["manager"] == "A"


def test_authority_pdf_shows_ranges_units_and_the_cap(built):
    text = pdf_text(built / "authority.pdf")
    for expected in ("审批权限表", "合同审批", "价格折扣审批", "销售合同订立", "≤ 5 万元", "5–20 万元", "> 20 万元",
                     "≤ 0.5%", "0.5–2%", "2%（超出上限不可审批）", "无上限", "总裁", "运营长", "销售经理"):
        assert expected in text, expected
    # A position's column: R where it raises, C where consulted; reporting order puts externals first.
    header = next(line for line in text.splitlines() if "销售经理" in line)
    assert header.index("运营长") < header.index("销售经理") < header.index("置业顾问")


def test_raci_pdf_and_workbook_mark_a_tiered_a(built):
    text = pdf_text(built / "raci.pdf")
    assert "A*" in text.replace(" ", "") and "审批权限表" in text
    summary = openpyxl.load_workbook(built / "raci.xlsx").worksheets[0]
    cells = [c.value for row in summary.iter_rows() for c in row if isinstance(c.value, str)]
    assert "销售合同订立 *" in cells and "合同订立" in cells  # only the tiered activity is marked
    assert any(c.startswith("* 分级审批") for c in cells)


def test_authority_xlsx_has_the_matrix_and_numbers_to_sort(built):
    wb = openpyxl.load_workbook(built / "authority.xlsx")
    matrix, tiers = wb.worksheets
    values = [c.value for row in matrix.iter_rows() for c in row if c.value is not None]
    assert "5–20 万元" in values and "2%（超出上限不可审批）" in values and "R" in values
    header = [c.value for c in tiers[3]]
    assert header[:7] == ["流程ID", "流程", "活动", "层级", "起点（不含）", "上限（含）", "单位"]
    body = [[c.value for c in row] for row in tiers.iter_rows(min_row=4)]
    assert [(r[4], r[5], r[6]) for r in body] == [(None, 5, "万元"), (5, 20, "万元"), (20, None, "万元"),
                                                   (None, 0.5, "%"), (0.5, 2, "%")]
    assert all(isinstance(r[5], (int, float)) for r in body if r[5] is not None)
    assert tiers.auto_filter.ref == "A3:K8"
    assert body[2][10] == "无上限" and body[4][10] == "超出上限不可审批" and body[0][10] == "运营长"


def test_english_labels(tmp_path, run_cli):
    out = _build(run_cli, _tiered_org(tmp_path, "en"), tmp_path / "out", "authority")
    text = " ".join(pdf_text(out / "authority.pdf").split())
    assert "Approval Limits" in text and "2% (none above)" in text and "No upper limit" in text


def test_traditional_labels(tmp_path, run_cli):
    out = _build(run_cli, _tiered_org(tmp_path, "zh-TW"), tmp_path / "out", "authority")
    assert "審批權限表" in pdf_text(out / "authority.pdf")


def test_no_tiers_no_authority_files(small_org_dir, tmp_path, run_cli):
    out = _build(run_cli, small_org_dir, tmp_path / "out")
    assert (out / "raci.csv").exists() and not list(out.glob("authority.*"))


def test_same_input_same_bytes(tmp_path, run_cli):
    directory = _tiered_org(tmp_path)
    first = _build(run_cli, directory, tmp_path / "a", "authority")
    second = _build(run_cli, directory, tmp_path / "b", "authority")
    for name in ("authority.csv", "authority.xlsx", "authority.pdf"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_example_models_the_seed_limits(example_org):
    limits = {(t.activity, t.unit) for t in example_org.approval_tiers}
    units = {unit for _activity, unit in limits}
    assert {"万元", "%", "天", "元"} <= units
    assert any(t.capped for t in example_org.approval_tiers)  # discounts above 8% cannot be approved


def _docx_text(path: Path) -> str:
    import re
    import zipfile

    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def test_job_description_lists_approval_limits_pdf_and_word(tmp_path, run_cli):
    out = _build(run_cli, _tiered_org(tmp_path), tmp_path / "out", "jd")
    pdf = " ".join(pdf_text(out / "jd" / "manager.pdf").split())
    word = _docx_text(out / "jd" / "manager.docx")
    for text in (pdf, word):
        assert "审批权限" in text and "可审批金额区间" in text and "超出区间报批" in text
        assert "合同审批 · 销售合同订立" in text and "≤ 5 万元" in text and "≤ 0.5%" in text
        assert "运营长（外部岗位）" in text  # above 5 万元 the contract goes to the COO
        assert "审批（≤ 5 万元）" in text  # the RACI section says which range, not just "A 审批"
    seller = " ".join(pdf_text(out / "jd" / "seller.pdf").split())
    assert "可审批金额区间" not in seller  # no limits, no section


def test_job_description_limits_in_english(tmp_path, run_cli):
    out = _build(run_cli, _tiered_org(tmp_path, "en"), tmp_path / "out", "jd")
    pdf = " ".join(pdf_text(out / "jd" / "manager.pdf").split())
    assert "Approval limits" in pdf and "May approve" in pdf and "Above it, goes to" in pdf
    assert "Accountable (≤ 5 万元)" in pdf


SEED_001 = Path(__file__).parent / "authority_orgs" / "seed-001"


def test_an_organisation_from_seed_001(tmp_path, run_cli):
    """Seed 001's own limits: contracts by 元 (50000 款到发货, 200000 月结), discounts in %, trips in days."""
    out = _build(run_cli, SEED_001, tmp_path / "out", "authority,jd")
    rows = list(csv.DictReader((out / "authority.csv").open(encoding="utf-8-sig")))
    contract = [(r["above"], r["up_to"], r["approver"]) for r in rows if r["process"] == "sales-contract"]
    assert contract == [("", "50000", "sales-manager"), ("50000", "200000", "marketing-company-manager"),
                        ("200000", "", "president")]
    text = " ".join(pdf_text(out / "authority.pdf").split())
    for expected in ("≤ 50,000 元", "> 200,000 元", "10%（超出上限不可审批）", "5–15 天", "> 2,000 元",
                     "50,000–", "“5–15 天”指大于 5 天、不超过 15 天"):
        assert expected in text, expected
    manager = " ".join(pdf_text(out / "jd" / "sales-manager.pdf").split())
    assert "≤ 50,000 元 营销公司经理" in manager and "≤ 3% 营销公司经理" in manager
    vp = " ".join(pdf_text(out / "jd" / "marketing-vp.pdf").split())
    assert "5–10% 超出上限不可审批" in vp and "> 15 天 无上限" in vp


def test_page_slices_keep_every_filled_cell_once_and_no_empty_rows(example_org):
    from jobdesc.i18n import labels_for
    from jobdesc.outputs.authority import LABELS_EN, LABELS_ZH
    from jobdesc.tables.authority_matrix import build_authority_matrix

    matrix = build_authority_matrix(example_org, labels_for("zh-CN", LABELS_ZH, LABELS_EN))
    filled = {(r.activity, c.id, cell.text) for r in matrix.rows for c, cell in zip(matrix.columns, r.cells)
              if cell.text}
    seen = []
    for page in matrix.sliced(3):
        assert all(any(cell.text for cell in row.cells) for row in page.rows)
        seen += [(r.activity, c.id, cell.text) for r in page.rows for c, cell in zip(page.columns, r.cells)
                 if cell.text]
    assert sorted(seen) == sorted(filled) and len(seen) == len(set(seen))


def test_any_typed_amount_is_a_positive_decimal_or_a_value_error():
    from decimal import Decimal

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from jobdesc.format.process_models import MAX_AMOUNT_DIGITS, parse_amount

    @settings(max_examples=400, deadline=None)
    @given(st.one_of(st.text(max_size=30), st.floats(allow_nan=True, allow_infinity=True), st.integers(),
                     st.booleans(), st.none(), st.lists(st.integers(), max_size=2)))
    def check(value):
        try:
            amount = parse_amount(value)
        except ValueError:
            return
        assert isinstance(amount, Decimal) and amount.is_finite() and amount > 0
        assert amount < Decimal(10) ** MAX_AMOUNT_DIGITS

    check()


def test_handbook_has_an_authority_chapter_pdf_and_word(tmp_path, run_cli):
    import pikepdf

    out = _build(run_cli, _tiered_org(tmp_path), tmp_path / "out", "handbook")
    word = _docx_text(out / "handbook.docx")
    assert word.count("审批权限表") >= 2  # in the contents and as the chapter's heading
    assert "≤ 5 万元" in word and "超出上限不可审批" in word and "运营长" in word
    assert "A* 分级审批" in word  # the RACI chapter marks the tiered A
    pdf = " ".join(pdf_text(out / "handbook.pdf").split())
    assert pdf.count("审批权限表") >= 2 and "5–20 万元" in pdf  # the contents, the chapter
    with pikepdf.open(out / "handbook.pdf") as handbook, handbook.open_outline() as outline:
        assert "审批权限表" in [item.title for item in outline.root]
