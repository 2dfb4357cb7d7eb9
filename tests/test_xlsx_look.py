"""How raci.xlsx and staffing.xlsx look in a spreadsheet program: what openpyxl reads back
from the cell formats (LibreOffice renderings of these checks were looked at by eye)."""
from __future__ import annotations

from pathlib import Path

import openpyxl

from conftest import small_org_data, write_org

FIRST_ROW = 4


def _build(run_cli, tmp_path: Path, parts: str, language: str = "zh-CN") -> Path:
    org, roles, processes = small_org_data(language)
    # A sub-department, so the staffing table has three levels of indent.
    org["departments"].append({"id": "team", "name": "销售一组", "parent": "sales"})
    roles["seller"]["department"] = "team"
    out = tmp_path / "out"
    result = run_cli("build", write_org(tmp_path / "org", org, roles, processes), "-o", out, "--only", parts)
    assert result.exit_code == 0, result.output
    return out


def test_staffing_hierarchy_is_indented_with_a_left_alignment(tmp_path, run_cli):
    ws = openpyxl.load_workbook(_build(run_cli, tmp_path, "staffing") / "staffing.xlsx").active
    names = [row[0] for row in ws.iter_rows(min_row=FIRST_ROW) if row[0].value and row[0].value != "合计"]
    indents = {cell.value: int(cell.alignment.indent) for cell in names[:-1]}  # the last is the note
    assert indents["销售部"] == 0 and indents["销售一组"] == 1 and indents["置业顾问"] == 2
    for cell in names[:-1]:
        assert cell.alignment.horizontal == "left", cell.value


def _written_cells(path: Path):
    for ws in openpyxl.load_workbook(path).worksheets:
        yield from (cell for row in ws.iter_rows() for cell in row if cell.value is not None)


def test_every_cell_names_the_languages_face_and_a_size(tmp_path, run_cli):
    # A font without face or size is drawn in whatever the viewer defaults to (a serif face
    # in LibreOffice); Traditional Chinese needs a Traditional face.
    for language, face in (("zh-CN", "Microsoft YaHei"), ("zh-TW", "Microsoft JhengHei")):
        out = _build(run_cli, tmp_path / language, "raci,staffing", language)
        for name in ("raci.xlsx", "staffing.xlsx"):
            cells = list(_written_cells(out / name))
            assert cells
            for cell in cells:
                assert (cell.font.name, bool(cell.font.sz)) == (face, True), (name, cell.coordinate, cell.value)
            sizes = {cell.font.sz for cell in cells}
            assert len(sizes) == 2 and 14 in sizes  # the title, and one size for everything else


def test_upright_raci_headers_are_tall_enough_for_every_character(tmp_path, run_cli):
    org, roles, processes = small_org_data()
    for n in range(8):  # enough positions for narrow columns with upright (stacked) titles
        roles[f"clerk-{n}"] = {"title": f"合同档案管理员{n}", "department": "sales", "reports_to": "manager",
                               "duties": ["归档"]}
    processes["contract"]["activities"][0]["C"] = [f"clerk-{n}" for n in range(8)]
    out = tmp_path / "out"
    result = run_cli("build", write_org(tmp_path / "org", org, roles, processes), "-o", out, "--only", "raci")
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out / "raci.xlsx").worksheets[0]
    header = 3
    titles = [c for c in ws[header] if c.alignment.textRotation == 255]
    assert titles
    longest = max(len(c.value) for c in titles)
    size = titles[0].font.sz
    # Noto Sans CJK, what LibreOffice draws Microsoft YaHei with, has lines 1.45 em tall.
    assert ws.row_dimensions[header].height >= longest * size * 1.45
