"""staffing.xlsx and staffing.pdf read back: rows, numbers, formulas evaluated, totals, pages."""
from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest
from PIL import Image

from conftest import copy_example, pdf_text, small_org_data, write_org
from jobdesc.headcount_text import totals_notes
from jobdesc.i18n import person_label
from jobdesc.format.loader import load_organisation
from test_raci_support import evaluate, pdf_page_text, pdf_pages, wide_org

FIRST_ROW = 4
VACANCY_RGB = (0xFC, 0xE3, 0xC4)  # the PDF's vacancy highlight (templates/staffing.html)


def build(run_cli, directory: Path, out: Path) -> Path:
    result = run_cli("build", directory, "-o", out, "--only", "staffing")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def example(tmp_path, run_cli):
    directory = copy_example(tmp_path)
    organisation, _ = load_organisation(directory)
    return organisation, build(run_cli, directory, tmp_path / "out")


def table_rows(ws) -> list[tuple]:
    """Data rows (department and position rows) up to the grand total row."""
    rows = []
    for row in ws.iter_rows(min_row=FIRST_ROW):
        if row[0].value in ("合计", "Total"):
            return rows
        rows.append(row)
    raise AssertionError("no grand total row")


def test_xlsx_rows_follow_the_department_tree_with_every_position(example):
    org, out = example
    ws = openpyxl.load_workbook(out / "staffing.xlsx").active
    assert [c.value for c in ws[3]] == ["部门 / 岗位", "级别", "编制", "在岗", "空缺", "任职人员"]
    expected = []
    names = lambda role: "、".join(person_label(p, "zh-CN") for p in role.incumbents or []) or None  # noqa: E731
    for dept, depth in org.departments_in_tree_order():
        note = " · ".join(totals_notes(org.headcount_totals(dept.id), "zh-CN")) or None
        expected.append((dept.name, depth, None, note))
        for role in org.roles_in_department(dept.id):
            expected.append((role.title, depth + 1, role.grade, names(role)))
        for role in org.roles_serving(dept.id):  # listed under each department it also serves
            expected.append((f"{role.title}（兼顾，属{org.department_of(role).name}）", depth + 1, role.grade,
                             names(role)))
    rows = table_rows(ws)
    assert [(r[0].value, int(r[0].alignment.indent), r[1].value, r[5].value) for r in rows] == expected
    # Position rows hold numbers (not text) equal to the role files.
    roles = [role for dept, _ in org.departments_in_tree_order() for role in org.roles_in_department(dept.id)]
    position_rows = [r for r in rows if not (isinstance(r[2].value, str) and r[2].value.startswith("=SUM"))
                     and "兼顾" not in r[0].value]
    assert len(position_rows) == len(roles) == len(org.roles)
    for row, role in zip(position_rows, roles):
        assert (row[2].value, row[3].value) == (role.headcount.budget, role.headcount.filled)
        assert type(row[2].value) is int and type(row[3].value) is int
        assert row[4].value == f"=C{row[0].row}-D{row[0].row}"
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3" and int(ws.page_setup.paperSize) == 9
    # One page wide, as many tall as needed (fitToWidth left out: OOXML's default is 1).
    assert ws.sheet_properties.pageSetUpPr.fitToPage and (ws.page_setup.fitToWidth or 1) == 1
    assert int(ws.page_setup.fitToHeight) == 0


def test_xlsx_totals_are_formulas_that_add_up_to_the_models(example):
    org, out = example
    ws = openpyxl.load_workbook(out / "staffing.xlsx").active
    rows = table_rows(ws)
    dept_rows = [r for r in rows if isinstance(r[2].value, str) and r[2].value.startswith("=SUM")]
    assert len(dept_rows) == len(org.departments)
    for row, (dept, _depth) in zip(dept_rows, org.departments_in_tree_order()):
        assert row[0].value == dept.name
        totals = org.headcount_totals(dept.id)
        r = row[0].row
        assert (evaluate(ws, f"C{r}"), evaluate(ws, f"D{r}"), evaluate(ws, f"E{r}")) == \
            (totals.budget, totals.filled, totals.vacant), dept.id
    total_row = rows[-1][0].row + 1
    grand = org.grand_total()
    assert (evaluate(ws, f"C{total_row}"), evaluate(ws, f"D{total_row}"), evaluate(ws, f"E{total_row}")) == \
        (grand.budget, grand.filled, grand.vacant)
    # The formula strings: 销售部 = its own position + 销售一部 + 销售二部 subtotal rows, nothing twice.
    by_name = {r[0].value: r[0].row for r in rows}
    sales = by_name["销售部"]
    assert ws[f"C{sales}"].value == f"=SUM(C{sales + 1},C{by_name['销售一部']},C{by_name['销售二部']})"
    first_sales_1 = by_name["销售一部"] + 1
    assert ws[f"C{by_name['销售一部']}"].value == f"=SUM(C{first_sales_1}:C{first_sales_1 + 3})"
    top = by_name["营销中心"]
    assert ws[f"C{total_row}"].value == f"=SUM(C{top})"


def test_editing_a_count_moves_the_totals(example):
    """What HR does in Excel: change a budget; the formulas must carry it to every total above."""
    org, out = example
    wb = openpyxl.load_workbook(out / "staffing.xlsx")
    ws = wb.active
    rows = table_rows(ws)
    target = next(r for r in rows if r[0].value == "置业顾问")
    target[2].value += 5
    total_row = rows[-1][0].row + 1
    by_name = {r[0].value: r[0].row for r in rows}
    assert evaluate(ws, f"C{total_row}") == org.grand_total().budget + 5
    assert evaluate(ws, f"C{by_name['销售部']}") == org.headcount_totals("sales").budget + 5
    assert evaluate(ws, f"C{by_name['策划部']}") == org.headcount_totals("planning").budget


def test_pdf_shows_title_block_every_row_and_totals(example):
    org, out = example
    text = pdf_text(out / "staffing.pdf")
    assert org.org.organization in text and "定岗定编表" in text and "2026-01-01" in text
    lines = text.splitlines()
    for dept, _ in org.departments_in_tree_order():
        totals = org.headcount_totals(dept.id)
        line = next(line for line in lines if line.split() and line.split()[0] == dept.name)
        assert line.split()[1:4] == [str(totals.budget), str(totals.filled), str(totals.vacant)], dept.id
    for role in org.roles.values():
        assert role.title in text
        for person in role.incumbents or []:
            assert person.name in text
    grand = org.grand_total()
    total_line = next(line for line in lines if line.split()[:1] == ["合计"])
    assert total_line.split()[1:4] == [str(grand.budget), str(grand.filled), str(grand.vacant)]


def vacancy_pixels(pdf: Path, tmp_path: Path) -> int:
    tmp_path.mkdir()
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    colours = image.getcolors(maxcolors=image.width * image.height)
    return sum(count for count, pixel in colours if all(abs(a - b) <= 6 for a, b in zip(pixel, VACANCY_RGB)))


def test_vacancies_are_highlighted(tmp_path, run_cli):
    org, roles, processes = small_org_data()
    out = build(run_cli, write_org(tmp_path / "vacant", org, roles, processes), tmp_path / "out-v")
    assert vacancy_pixels(out / "staffing.pdf", tmp_path / "v") > 20  # seller: budget 3, filled 2
    roles["seller"]["headcount"] = {"budget": 2, "filled": 2}
    out = build(run_cli, write_org(tmp_path / "full", org, roles, processes), tmp_path / "out-f")
    assert vacancy_pixels(out / "staffing.pdf", tmp_path / "f") == 0
    ws = openpyxl.load_workbook(tmp_path / "out-v" / "staffing.xlsx").active
    rule = next(r for cf in ws.conditional_formatting for r in cf.rules if r.operator == "greaterThan")
    assert rule.formula == ["0"] and rule.dxf.fill.bgColor.rgb[-6:] == "FCE3C4"


def test_sixty_positions_span_pages_with_the_header_repeated(tmp_path, run_cli):
    directory = wide_org(tmp_path / "wide", 60, with_processes=False)
    out = build(run_cli, directory, tmp_path / "out")
    pdf = out / "staffing.pdf"
    assert pdf_pages(pdf) > 1
    page2 = pdf_page_text(pdf, 2)
    assert "编制" in page2 and "空缺" in page2, "thead repeated on page 2"
    # No post states a grade and nobody is named: no 级别 and no 任职人员 column (issue 30).
    assert "级别" not in page2 and "任职人员" not in page2 and "说明" not in page2
    organisation, _ = load_organisation(directory)
    text = pdf_text(pdf)
    for role in organisation.roles.values():
        assert role.title in text
    ws = openpyxl.load_workbook(out / "staffing.xlsx").active
    total_row = len(table_rows(ws)) + FIRST_ROW
    assert [c.value for c in ws[3]] == ["部门 / 岗位", "编制", "在岗", "空缺"]  # budget in B: no 级别 column
    assert evaluate(ws, f"B{total_row}") == organisation.grand_total().budget


def test_english_and_traditional_labels(tmp_path, run_cli):
    for language, words in (("en", ["Staffing Table", "Budget", "Vacant", "Total"]),
                            ("zh-TW", ["人力配置表", "員額", "空缺"])):
        org, roles, processes = small_org_data(language)
        out = build(run_cli, write_org(tmp_path / language, org, roles, processes), tmp_path / f"out-{language}")
        text = pdf_text(out / "staffing.pdf")
        for word in words:
            assert word in text, (language, word)
        ws = openpyxl.load_workbook(out / "staffing.xlsx").active
        assert ws["C3"].value == words[1]


def test_build_is_deterministic(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    org, roles, processes = small_org_data()
    directory = write_org(tmp_path / "org", org, roles, processes)
    first = build(run_cli, directory, tmp_path / "a")
    second = build(run_cli, directory, tmp_path / "b")
    for name in ("staffing.pdf", "staffing.xlsx"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
