"""Issue 28: when no post states its headcount, no output prints "编制 0 · 在岗 0 · 空缺 0"
(which reads as zero people), and a missing figure is called "not stated" (编制未列明), not
未定编 ("no establishment was set"), in every language and output."""
from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import small_org_data, write_org
from jobdesc.cli import main

TABLE_ZEROS = re.compile(r"(?<![\d.])0\s+0\s+0(?![\d.])")  # budget, filled, vacant columns (staffing tables only)
ZERO_SUMS = re.compile(r"编制\s*0\s*人?\s*·\s*在岗\s*0|0\s*/\s*0\s*/\s*0|[Bb]udget\s*0|編制\s*0|員額\s*0")


def _build(root: Path, out: Path, language: str) -> Path:
    org, roles, processes = small_org_data(language)
    for role in roles.values():
        role.pop("headcount", None)
        role.pop("incumbents", None)
    write_org(root, org, roles, processes)
    result = CliRunner().invoke(main, ["build", str(root), "-o", str(out), "-j", "1",
                                       "--only", "staffing,orgchart,site,handbook"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def _texts(out: Path) -> dict[str, str]:
    """What a reader sees in each output, as text."""
    texts = {name: _pdf_text(out / name) for name in ("handbook.pdf", "staffing.pdf", "orgchart.pdf")}
    with zipfile.ZipFile(out / "staffing.xlsx") as package:  # text cells (sums stay live formulas)
        texts["staffing.xlsx"] = " ".join(re.findall(r"<t[^>]*>([^<]*)</t>", "".join(
            package.read(n).decode("utf-8") for n in package.namelist() if n.startswith("xl/") and n.endswith(".xml"))))
    with zipfile.ZipFile(out / "handbook.docx") as package:
        texts["handbook.docx"] = re.sub(r"<[^>]+>", " ", package.read("word/document.xml").decode("utf-8"))
    texts["site"] = " ".join(re.sub(r"<[^>]+>", " ", p.read_text("utf-8")) for p in (out / "site").rglob("*.html"))
    return texts


@pytest.mark.parametrize("language,note", [("zh-CN", "编制未列明岗位 3 个"), ("zh-TW", "員額未列明職務 3 個"),
                                           ("en", "headcount not stated for 3 posts")])
def test_no_stated_headcount_prints_no_zero_sums(tmp_path, language, note):
    out = _build(tmp_path / "roles", tmp_path / "out", language)
    texts = _texts(out)
    cover = texts["handbook.pdf"].split("\f")[0]
    assert note in " ".join(cover.split()), cover
    for name, text in texts.items():
        flat = " ".join(text.split())
        assert not ZERO_SUMS.search(flat), (name, ZERO_SUMS.search(flat).group(0))
        assert "未定编" not in text and "未定編" not in text, name
    assert note in " ".join(texts["staffing.pdf"].split())
    title = [line for line in texts["staffing.pdf"].splitlines() if line.strip()][1].strip()  # after the organisation
    handbook_staffing = [page for page in texts["handbook.pdf"].split("\f") if title in page]
    assert handbook_staffing
    for name, text in [("staffing.pdf", texts["staffing.pdf"]), ("handbook.pdf", "\n".join(handbook_staffing)),
                       ("handbook.docx", texts["handbook.docx"]), ("staffing.xlsx", texts["staffing.xlsx"]),
                       ("site/staffing.html", re.sub(r"<[^>]+>", " ", (out / "site" / "staffing.html").read_text("utf-8")))]:
        assert not TABLE_ZEROS.search(" ".join(text.split())), name
    assert note in " ".join(texts["orgchart.pdf"].split())


def test_singular_english_notes():
    from jobdesc.headcount_text import totals_notes
    from jobdesc.format.organisation import HeadcountTotals

    assert totals_notes(HeadcountTotals(budget=3, filled=2, not_stated=1, concurrent=1, concurrent_filled=1),
                        "en") == ["headcount not stated for 1 post", "1 post held concurrently", "1 person"]


def test_workbook_sums_stay_live_but_show_no_zero(tmp_path):
    """staffing.xlsx keeps its department and grand-total formulas (HR may type figures in), with a
    number format that shows 0 as nothing while no post states its headcount."""
    out = _build(tmp_path / "roles", tmp_path / "out", "zh-CN")
    with zipfile.ZipFile(out / "staffing.xlsx") as package:
        styles = package.read("xl/styles.xml").decode("utf-8")
        sheet = package.read("xl/worksheets/sheet1.xml").decode("utf-8")
    hide = re.search(r'<numFmt numFmtId="(\d+)" formatCode="0;-0;;@"/>', styles)
    assert hide, styles[:500]
    assert "<f>SUM(" in sheet
