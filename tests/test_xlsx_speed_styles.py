"""The fast styling of raci.xlsx (prepared styles stamped on cells, merges formatted once per
kind of cell) gives every cell the format that styling it attribute by attribute gave."""
from __future__ import annotations

import re
import sys
import zipfile

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from conftest import REPO, write_org
from jobdesc.i18n import labels_for
from jobdesc.format.loader import load_organisation
from jobdesc.outputs.raci import LABELS_EN, LABELS_ZH
from jobdesc.tables.raci_matrix import LETTER_COLOURS, analyse, build_matrix
from jobdesc.tables.raci_xlsx import write_workbook
from jobdesc.tables.xlsx import (ACCENT, ACCENT_SOFT, BORDER, RULE, header_style, merge_cells, prepare_style,
                                 stamp)

sys.path.insert(0, str(REPO))
from bench.generate import build_data  # noqa: E402

FORMATS = ("font", "fill", "border", "alignment", "number_format", "protection")


def _formats(cell) -> tuple:
    return type(cell).__name__, tuple(repr(getattr(cell, name)) for name in FORMATS)


@pytest.mark.parametrize("rows, columns", [(1, 1), (1, 2), (1, 6), (3, 1), (2, 3), (4, 5)])
@pytest.mark.parametrize("styled", [True, False])
def test_merge_cells_gives_what_openpyxl_gives(rows, columns, styled):
    sheets = []
    for merge in ("openpyxl", "ours"):
        ws = Workbook().active
        for top in (2, 10):  # twice per sheet: the second merge reuses the first one's formats
            for r in range(top, top + rows):
                for c in range(2, 2 + columns):
                    cell = ws.cell(r, c, f"{r},{c}")
                    if styled:
                        cell.border, cell.font = BORDER, Font(b=True)
                        cell.fill = PatternFill("solid", fgColor=ACCENT_SOFT)
            if merge == "openpyxl":
                ws.merge_cells(start_row=top, start_column=2, end_row=top + rows - 1, end_column=1 + columns)
            else:
                merge_cells(ws, top, 2, top + rows - 1, 1 + columns)
        sheets.append(ws)
    expected, ours = sheets
    assert sorted(map(str, ours.merged_cells.ranges)) == sorted(map(str, expected.merged_cells.ranges))
    for r in range(1, 10 + rows + 1):
        for c in range(1, columns + 3):
            assert _formats(ours.cell(r, c)) == _formats(expected.cell(r, c)), (r, c)
            assert ours.cell(r, c).value == expected.cell(r, c).value, (r, c)


def test_a_stamped_cell_changes_alone():
    ws = Workbook().active
    style = prepare_style(ws, header_style(ws), fill=PatternFill("solid", fgColor="00FF00"))
    first, second = ws.cell(1, 1), ws.cell(1, 2)
    stamp(first, style)
    stamp(second, style)
    first.font = Font(italic=True)
    assert second.font.b and not second.font.i
    assert second.fill.fgColor.rgb.endswith("00FF00") and second.border.top.style == "thin"


def _rgb(colour) -> str:
    return colour.rgb[-6:].upper()


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_every_raci_cell_has_its_format(tmp_path, language):
    org_data, roles, processes = build_data(40, language=language)  # rotated headers, several departments
    org, _ = load_organisation(write_org(tmp_path / "org", org_data, roles, processes))
    labels = labels_for(org.language, LABELS_ZH, LABELS_EN)
    matrix = build_matrix(org, labels["external"])
    path = write_workbook(matrix, analyse(org, matrix), labels, "Heading", org.language, tmp_path / "raci.xlsx")

    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    lead, first_row = 2, 4
    for r, row in enumerate(matrix.rows, start=first_row):
        for n, letter in enumerate(row.letters, start=lead + 1):
            cell = ws.cell(r, n)
            assert [_rgb(getattr(cell.border, side).color) for side in ("left", "right", "top", "bottom")] \
                == [RULE] * 4
            assert (cell.alignment.horizontal, cell.alignment.vertical, cell.alignment.wrap_text) \
                == ("center", "center", True)
            if letter:
                fill, text = (c.lstrip("#").upper() for c in LETTER_COLOURS[letter])
                assert (cell.value, _rgb(cell.fill.fgColor), _rgb(cell.font.color), cell.font.b) \
                    == (letter, fill, text, True)
            else:
                assert cell.value is None and cell.fill.fill_type is None and not cell.font.b
        assert ws.cell(r, 1).alignment.wrap_text and ws.cell(r, 1).border.left.style == "thin"
    rotation = 90 if language == "en" else 255
    for n, column in enumerate(matrix.columns, start=lead + 1):
        cell = ws.cell(3, n)
        assert cell.alignment.textRotation == rotation and cell.border.top.style == "thin"
        expected = ("EEF1F4", "6B7785") if column.external else (ACCENT, "FFFFFF")
        assert (_rgb(cell.fill.fgColor), _rgb(cell.font.color)) == expected and not cell.font.i
    merged = [m for m in ws.merged_cells.ranges if m.min_row == 2 and m.min_col > lead]
    assert len(merged) > 2
    for m in merged:
        external = ws.cell(2, m.min_col).value == labels["external"]
        assert _rgb(ws.cell(2, m.min_col).fill.fgColor) == ("EEF1F4" if external else ACCENT_SOFT)
    analysis = wb[labels["analysis"]]
    for r, count in enumerate(analyse(org, matrix).counts, start=first_row):
        assert analysis.cell(r, 3).alignment.horizontal == "center" and analysis.cell(r, 1).alignment.horizontal is None
        colour = analysis.cell(r, 1).font.color
        muted = colour is not None and isinstance(colour.rgb, str) and colour.rgb.upper().endswith("6B7785")
        assert muted == count.column.external and not analysis.cell(r, 1).font.i

    # openpyxl re-derives covered cells' borders when it reads a file, so read those from the XML:
    # each covered cell of the department row keeps the top and bottom line of its merged range.
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("xl/styles.xml").decode()
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    borders = re.findall(r"<border>.*?</border>", re.search(r"<borders.*?</borders>", styles).group())
    xf_borders = [int(n) for n in re.findall(r'<xf [^>]*borderId="(\d+)"',
                                            re.search(r"<cellXfs.*?</cellXfs>", styles).group())]
    cell_style = dict(re.findall(r'<c r="([A-Z]+2)" s="(\d+)"', sheet))
    for m in merged:
        for col in range(m.min_col + 1, m.max_col + 1):
            ref = f"{get_column_letter(col)}2"
            border = borders[xf_borders[int(cell_style[ref])]]
            assert '<top style="thin">' in border and '<bottom style="thin">' in border, (ref, border)
            assert ('<right style="thin">' in border) == (col == m.max_col), (ref, border)
