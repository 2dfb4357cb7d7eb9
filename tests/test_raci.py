"""raci.csv, raci.xlsx and raci.pdf read back: cells, letters, colours, analysis, edge cases."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pytest

from conftest import EXAMPLE, pdf_text, small_org_data, write_org
from jobdesc.format.loader import load_organisation
from jobdesc.format.organisation import raci_letter
from test_raci_support import (column_of, evaluate_countifs, pdf_page_text, pdf_pages, pdf_reading_text,
                               wide_org)

VALID = {"", "R", "A", "C", "I", "A/R"}
HEADER_ROW, FIRST_ROW = 3, 4


def build(run_cli, directory: Path, out: Path) -> Path:
    result = run_cli("build", directory, "-o", out, "--only", "raci")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def example_build(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from jobdesc.cli import main

    out = tmp_path_factory.mktemp("raci-example")
    result = CliRunner().invoke(main, ["build", str(EXAMPLE), "-o", str(out), "--only", "raci"])
    assert result.exit_code == 0, result.output
    return out


def small_org(tmp_path: Path, *, labels: dict | None = None, language: str = "zh-CN") -> Path:
    """The conftest small org, plus: custom RACI labels, and a process approved by a staff role."""
    org, roles, processes = small_org_data(language)
    if labels:
        org["raci"] = {"labels": labels}
    processes["filing"] = {"name": "资料归档", "activities": [
        {"name": "客户资料整理", "R": "seller", "A": "seller", "C": ["manager"]}]}
    return write_org(tmp_path / "org", org, roles, processes)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:  # the byte-order mark Excel needs
        return list(csv.reader(handle))


# ---------------------------------------------------------------- raci.csv


def test_csv_has_every_role_and_the_letters_of_the_models(example_build, example_org):
    raw = (example_build / "raci.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1, \
        "UTF-8 behind one byte-order mark: Excel on Chinese Windows reads a CSV without it as GBK"
    assert raw[3:].decode("utf-8").startswith("process,activity,")
    assert b"\r" not in raw, "deterministic \\n line endings"
    rows = read_csv(example_build / "raci.csv")
    header = rows[0]
    assert header[:2] == ["process", "activity"]
    assert set(example_org.roles) <= set(header[2:]), "one column per role id, even roles in no process"
    assert len(header) == len(set(header))
    expected_rows = [(pid, a) for pid, p in example_org.processes.items() for a in p.activities]
    assert len(rows) - 1 == len(expected_rows)
    for row, (pid, activity) in zip(rows[1:], expected_rows):
        assert row[:2] == [pid, activity.name]
        for position_id, cell in zip(header[2:], row[2:]):
            assert cell in VALID
            assert cell == raci_letter(activity, position_id)
    assert any("A/R" in row for row in rows[1:]), "the example has an A/R cell (认购书签收)"


def test_csv_agrees_with_the_involvements_job_descriptions_list(example_build, example_org):
    rows = read_csv(example_build / "raci.csv")
    header = rows[0]
    for n, position_id in enumerate(header[2:], start=2):
        from_csv = [(row[0], row[1], row[n]) for row in rows[1:] if row[n]]
        from_jd = [(i.process_id, i.activity.name, i.letter) for i in example_org.involvements(position_id)]
        assert from_csv == from_jd, position_id


# ---------------------------------------------------------------- raci.xlsx


def letter_colour(cell) -> str:
    return cell.fill.fgColor.rgb[-6:].upper()


def test_xlsx_summary_cells_colours_and_headers(example_build, example_org):
    wb = openpyxl.load_workbook(example_build / "raci.xlsx")
    ws = wb.worksheets[0]
    columns = example_org.raci_columns()
    titles = [ws.cell(HEADER_ROW, 3 + n).value for n in range(len(columns))]
    assert titles == [example_org.title_of(c) for c in columns], "every position, as a titled column"
    colours: dict[str, set[str]] = {}
    row = FIRST_ROW
    for pid, process in example_org.processes.items():
        for activity in process.activities:
            marked = f"{activity.name} *" if activity.tiered else activity.name  # see authority.xlsx
            assert [ws.cell(row, 1).value, ws.cell(row, 2).value] == [process.name, marked]
            for n, position_id in enumerate(columns):
                cell = ws.cell(row, 3 + n)
                letter = raci_letter(activity, position_id)
                assert (cell.value or "") == letter
                if letter:
                    colours.setdefault(letter, set()).add(letter_colour(cell))
                else:
                    assert cell.fill.fill_type is None
            row += 1
    assert set(colours) == {"R", "A", "C", "I", "A/R"}
    assert all(len(found) == 1 for found in colours.values()), "one colour per letter"
    assert len({next(iter(found)) for found in colours.values()}) == 5, "letters have distinct colours"
    # Conditional formatting gives a letter typed later the same colour as the built cells.
    rules = {r.formula[0].strip('"'): r.dxf.fill.bgColor.rgb[-6:].upper()
             for cf in ws.conditional_formatting for r in cf.rules if r.type == "cellIs"}
    assert rules == {letter: next(iter(found)) for letter, found in colours.items()}
    assert ws.freeze_panes == "C4"


def test_xlsx_department_header_merged_over_its_positions(example_build, example_org):
    ws = openpyxl.load_workbook(example_build / "raci.xlsx").worksheets[0]
    merged = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
    col = 3
    for dept, _depth in example_org.departments_in_tree_order():
        members = example_org.roles_in_department(dept.id)
        if not members:
            continue
        assert ws.cell(2, col).value == dept.name
        if len(members) > 1:
            assert merged[(2, col)].max_col == col + len(members) - 1
        assert [ws.cell(HEADER_ROW, c).value for c in range(col, col + len(members))] == [r.title for r in members]
        col += len(members)
    assert ws.cell(2, col).value == "外部岗位"
    external = ws.cell(HEADER_ROW, col)
    assert external.font.color.rgb.endswith("6B7785") and external.fill.fgColor.rgb != ws.cell(HEADER_ROW, 2).fill.fgColor.rgb
    assert not external.font.i, "no slanted CJK: external positions are greyed on their own fill"


def test_xlsx_validation_legend_and_labels_from_org_yaml(tmp_path, run_cli):
    labels = {"R": "执行", "A": "审批", "C": "咨询", "I": "知会"}
    out = build(run_cli, small_org(tmp_path, labels=labels), tmp_path / "out")
    wb = openpyxl.load_workbook(out / "raci.xlsx")
    ws = wb.worksheets[0]
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1 and validations[0].formula1 == '"R,A,C,I,A/R"'
    assert str(validations[0].sqref) == "C4:F5"  # 3 roles + coo, 2 activities
    body = {c.value: letter_colour(c) for row in ws.iter_rows(min_row=FIRST_ROW, max_row=5, min_col=3)
            for c in row if c.value}
    assert set(body) == {"R", "A", "C", "I", "A/R"}
    for letter, text in [("R", "执行"), ("A", "审批"), ("C", "咨询"), ("I", "知会"), ("A/R", "审批/执行")]:
        legend = [c for c in ws["A"] if c.value == f"{letter}  {text}"]
        assert len(legend) == 1 and letter_colour(legend[0]) == body[letter], letter
    assert [s.title for s in wb.worksheets] == ["总表", "合同审批", "资料归档", "分析"]
    assert wb["资料归档"]["A4"].value == "客户资料整理"
    assert wb["资料归档"].cell(4, column_of(wb["资料归档"], 3, "置业顾问")).value == "A/R"
    assert "执行" in pdf_text(out / "raci.pdf")


def test_analysis_counts_are_formulas_that_match_the_models(example_build, example_org):
    wb = openpyxl.load_workbook(example_build / "raci.xlsx")
    ws = wb["分析"]
    counted = [row for row in ws.iter_rows(min_row=FIRST_ROW)
               if isinstance(row[2].value, str) and row[2].value.startswith("=COUNTIF")]
    assert len(counted) == len(example_org.raci_columns())
    for row, position_id in zip(counted, example_org.raci_columns()):
        assert row[1].value == example_org.title_of(position_id)
        letters = [i.letter for i in example_org.involvements(position_id)]
        expected = [sum(x in ("R", "A/R") for x in letters), sum(x in ("A", "A/R") for x in letters),
                    letters.count("C"), letters.count("I")]
        assert [evaluate_countifs(wb, c.value) for c in row[2:6]] == expected, position_id
    idle = [example_org.title_of(c) for c in example_org.raci_columns()
            if c in example_org.roles and not example_org.involvements(c)]
    assert idle, "the example has positions in no process"
    values = [c.value for c in ws["A"]]
    start = values.index("未参与任何流程的岗位")
    assert values[start + 1:start + 1 + len(idle)] == idle
    assert values[start + 1 + len(idle)] is None


# ---------------------------------------------------------------- raci.pdf


def test_pdf_shows_every_process_activity_position_and_the_analysis(example_build, example_org):
    text = pdf_text(example_build / "raci.pdf")
    flat = "".join(text.split())
    for process in example_org.processes.values():
        assert process.name in text
        for activity in process.activities:
            assert "".join(activity.name.split()) in flat
    for position_id in example_org.raci_columns():
        assert example_org.title_of(position_id) in flat, position_id
    for label in ("负责", "审批", "咨询", "知会", "权责分析", "未参与任何流程的岗位", "无高层审批的流程"):
        assert label in text
    assert "见习置业顾问" in text.split("未参与任何流程的岗位")[1]


def test_edge_cases_external_idle_and_unowned(tmp_path, run_cli):
    out = build(run_cli, small_org(tmp_path), tmp_path / "out")
    rows = read_csv(out / "raci.csv")
    assert rows[0] == ["process", "activity", "manager", "assistant", "seller", "coo"]
    assert rows[1] == ["contract", "合同订立", "A", "", "R", "I"]
    assert all(row[3] == "" for row in rows[1:]), "assistant is in no process: an empty column"
    # Findings block of the PDF (before the counts table): idle positions, then unowned processes.
    findings = pdf_reading_text(out / "raci.pdf").split("权责分析")[1].split("负责(R)项数")[0]
    assert findings.count("· ") == 2
    assert "· 经理助理" in findings, "assistant is in no process"
    assert "· 资料归档（审批：置业顾问）" in findings, "approved only by a role without reports"
    assert "合同审批" not in findings, "approved by a manager: senior"
    analysis = openpyxl.load_workbook(out / "raci.xlsx")["分析"]
    values = [c.value for c in analysis["A"]]
    assert values[values.index("未参与任何流程的岗位") + 1:][:2] == ["经理助理", None]
    assert values[values.index("无高层审批的流程") + 1:][:2] == ["资料归档（审批：置业顾问）", None]
    ws = openpyxl.load_workbook(out / "raci.xlsx").worksheets[0]
    coo = column_of(ws, HEADER_ROW, "运营长")
    assert ws.cell(2, coo).value == "外部岗位" and ws.cell(FIRST_ROW, coo).value == "I"


def test_no_processes_means_no_raci_files_and_no_error(tmp_path, run_cli):
    org, roles, _processes = small_org_data()
    directory = write_org(tmp_path / "org", org, roles)
    out = build(run_cli, directory, tmp_path / "out")
    assert not list(out.glob("raci.*"))

    from jobdesc.build import BuildContext, BuildOptions
    from jobdesc.outputs import raci
    from jobdesc.templating import TemplateSet

    organisation, _ = load_organisation(directory)
    ctx = BuildContext(organisation, tmp_path / "stage", BuildOptions(), TemplateSet.for_organisation(directory),
                       tmp_path / "out")
    assert raci.start(ctx).finish().files == []


def test_sixty_positions_split_columns_across_pages_with_headers_repeated(tmp_path, run_cli):
    directory = wide_org(tmp_path / "wide", 60)
    out = build(run_cli, directory, tmp_path / "out")
    organisation, _ = load_organisation(directory)
    pdf = out / "raci.pdf"
    assert pdf_pages(pdf) > 1
    page2 = pdf_page_text(pdf, 2)
    assert "流程 / 活动" in page2 and "事业部" in page2, "the header rows are repeated on page 2"
    pages = [pdf_page_text(pdf, n) for n in range(1, pdf_pages(pdf) + 1)]
    for role in organisation.roles.values():
        assert any(role.title in page for page in pages), role.id
    first_slice = pages[0]
    titles_on_first = [r.title for r in organisation.roles.values() if r.title in first_slice]
    assert 0 < len(titles_on_first) <= 14, "at most 14 position columns side by side"
    assert "活动01" in page2 or any("活动01" in p for p in pages[1:]), "activity column repeated on later slices"
    ws = openpyxl.load_workbook(out / "raci.xlsx").worksheets[0]
    assert ws.cell(HEADER_ROW, 3).alignment.textRotation == 255, "many columns: vertical CJK headers"


def test_matrix_laid_out_in_pieces_reads_as_one_document(tmp_path, run_cli):
    """Over SLICES_PER_PIECE column slices, raci.pdf is laid out in pieces and joined: the
    page numbers count the whole file, the title block comes once, the slice notes count
    every slice, and the analysis bookmark points at the analysis page."""
    import pikepdf

    from jobdesc.outputs.raci import SLICES_PER_PIECE

    directory = wide_org(tmp_path / "wide", 14 * SLICES_PER_PIECE + 20)  # two pieces
    out = build(run_cli, directory, tmp_path / "out")
    pdf = out / "raci.pdf"
    total = pdf_pages(pdf)
    pages = [pdf_page_text(pdf, n) for n in range(1, total + 1)]
    for number, text in enumerate(pages, start=1):
        footer = text.rstrip().splitlines()[-1]
        assert footer.split()[-3:] == [str(number), "/", str(total)], (number, footer)
        assert "宽表测试集团 · 权责矩阵" in footer, "the running footer is set in every piece"
    assert sum("图例" in text for text in pages) == 1, "title block and legend only at the start"
    notes = re.findall(r"岗位列：第 (\d+) 部分，共 (\d+) 部分", "".join(pages))
    assert len(notes) > SLICES_PER_PIECE, "more slices than one piece holds"
    assert notes == [(str(n), str(len(notes))) for n in range(1, len(notes) + 1)], "notes count across pieces"
    analysis_pages = [n for n, text in enumerate(pages) if "权责分析" in text]
    with pikepdf.open(pdf) as document, document.open_outline() as outline:
        (top,) = outline.root
        (child,) = top.children
        page_ids = [page.objgen for page in document.pages]
        assert (top.title, child.title) == ("权责矩阵", "权责分析")
        assert page_ids.index(child.destination[0].objgen) == analysis_pages[0]


def test_traditional_and_english_labels(tmp_path, run_cli):
    out_tw = build(run_cli, small_org(tmp_path / "tw", language="zh-TW"), tmp_path / "out-tw")
    text = pdf_text(out_tw / "raci.pdf")
    assert "權責矩陣" in text and "知會" in text
    out_en = build(run_cli, small_org(tmp_path / "en", language="en"), tmp_path / "out-en")
    text = pdf_text(out_en / "raci.pdf")
    assert "RACI Matrix" in text and "Responsible" in text and "Positions in no process" in text
    assert openpyxl.load_workbook(out_en / "raci.xlsx").sheetnames[0] == "Summary"


def test_build_is_deterministic(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    directory = small_org(tmp_path)
    first = build(run_cli, directory, tmp_path / "a")
    second = build(run_cli, directory, tmp_path / "b")
    for name in ("raci.csv", "raci.xlsx", "raci.pdf"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    wb = openpyxl.load_workbook(first / "raci.xlsx")
    assert wb.properties.modified.year == 2026
