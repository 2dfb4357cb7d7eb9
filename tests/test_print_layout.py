"""What a reader sees on the printed pages, read from the PDFs themselves (glyph boxes,
text sizes, pdftotext): text stays inside each page's text block, the org chart is on one
page when it can be read there, and a split chart's "continued" marks name handbook pages."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from conftest import EXAMPLE, REPO
from test_print_issue21 import cjk_font_sizes

sys.path.insert(0, str(REPO))
from bench.generate import generate_organisation  # noqa: E402
from bench.pdf_glyphs import overflowing_pages  # noqa: E402

SEED002 = REPO / "tests" / "orgs" / "seed002"
PRINTED = ("handbook.pdf", "raci.pdf", "authority.pdf", "staffing.pdf", "orgchart.pdf")


def build(org: Path, out: Path) -> Path:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1767225600")
    result = subprocess.run([sys.executable, "-m", "jobdesc", "build", str(org), "-o", str(out), "-j", "2"],
                            capture_output=True, text=True, env=env, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    return build(EXAMPLE, tmp_path_factory.mktemp("example") / "out")


@pytest.fixture(scope="module")
def traditional(tmp_path_factory) -> Path:
    return build(SEED002, tmp_path_factory.mktemp("seed002") / "out")


@pytest.fixture(scope="module")
def split_chart(tmp_path_factory) -> Path:
    """30 positions: too many for one A3 sheet at 6.5 pt, so the handbook splits the chart."""
    org = tmp_path_factory.mktemp("org30") / "org"
    generate_organisation(30, org)
    return build(org, tmp_path_factory.mktemp("org30") / "out")


def _printed(out: Path) -> list[Path]:
    files = [out / name for name in PRINTED if (out / name).exists()]
    return files + sorted((out / "jd").glob("*.pdf"))


@pytest.mark.parametrize("which", ["example", "traditional"])
def test_every_page_keeps_its_text_inside_the_text_block(which, request):
    out = request.getfixturevalue(which)
    problems = [f"{pdf.name} {why}" for pdf in _printed(out)
                for why in overflowing_pages(pdf, skip_first=pdf.name == "handbook.pdf")]  # the cover bleeds
    assert problems == []


def bookmarks(pdf: Path) -> list[tuple[str, int]]:
    """Top-level bookmarks: (title, 0-based page)."""
    with pikepdf.open(pdf) as doc:
        pages = {page.objgen: i for i, page in enumerate(doc.pages)}
        with doc.open_outline() as tree:
            return [(item.title, pages[item.destination[0].objgen]) for item in tree.root]


def chart_pages(pdf: Path) -> range:
    """The handbook's org chart part: from its bookmark to the next one (0-based)."""
    marks = bookmarks(pdf)
    at = next(i for i, (title, _page) in enumerate(marks) if title in ("组织架构图", "組織架構圖", "Organisation chart"))
    return range(marks[at][1], marks[at + 1][1])


def smallest_text_pt(pdf: Path, index: int) -> float:
    """The smallest text on a page as printed (font size times the text's scale on the page)."""
    return min(cjk_font_sizes(pdf, index))


def test_the_example_chart_is_one_readable_page_of_the_handbook(example):
    handbook = example / "handbook.pdf"
    pages = chart_pages(handbook)
    assert len(pages) == 1
    with pikepdf.open(handbook) as doc:
        box = doc.pages[pages[0]].mediabox
        size = (round(float(box[2]) / 72 * 25.4), round(float(box[3]) / 72 * 25.4))
    assert size in ((297, 210), (420, 297)), size  # A4 landscape or an A3 fold-out
    assert smallest_text_pt(handbook, pages[0]) >= 6.5


def page_text(pdf: Path, number: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout


def test_a_split_chart_names_handbook_pages(split_chart):
    handbook = split_chart / "handbook.pdf"
    pages = chart_pages(handbook)
    assert len(pages) > 1
    for index in pages:
        assert smallest_text_pt(handbook, index) >= 6.5
    onward = []
    for index in pages:
        number = index + 1  # the handbook's printed page number
        for target in map(int, re.findall(r"续见第\s*(\d+)\s*页", page_text(handbook, number))):
            onward.append(target)
            assert target - 1 in pages, f"page {number} sends the reader to page {target}, outside the chart"
            assert re.search(rf"接第\s*{number}\s*页", page_text(handbook, target)), (number, target)
    assert onward, "no continued marks"


def test_a_wrong_guess_of_the_charts_first_page_redraws_it():
    """The chart's marks are drawn before the contents' length is known; when the guess was
    wrong, the handbook takes the chart drawn for the page it really starts on."""
    from jobdesc.handbook.pdf_handbook import _chart_marks_for
    from jobdesc.handbook.sources import PdfSources
    from jobdesc.pdf.assemble import Section

    drawn = []
    given = PdfSources(jd_pages={}, orgchart_pdf=Path("chart.pdf"), staffing_pdf=None, raci_pdf=None,
                       departments=lambda: None, orgchart_first_page=4,
                       orgchart_for_page=lambda page: drawn.append(page) or Path(f"chart-p{page}.pdf"))
    sections = [Section("chart", Path("chart.pdf")), Section("staffing", Path("staffing.pdf"))]
    assert _chart_marks_for(given, sections, 4) == sections and drawn == []
    assert [s.source for s in _chart_marks_for(given, sections, 5)] == [Path("chart-p5.pdf"), Path("staffing.pdf")]
    assert drawn == [5]
