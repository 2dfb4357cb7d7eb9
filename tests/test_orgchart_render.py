"""The org chart files: SVG/PDF text, fonts, language, PNG pixels, determinism, paging marks."""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from conftest import REPO, pdf_fonts, pdf_text, small_org_data, write_org

sys.path.insert(0, str(REPO))
from bench.generate import build_data  # noqa: E402
from jobdesc.i18n import person_label  # noqa: E402

SVG_NS = "{http://www.w3.org/2000/svg}"
FILES = ("orgchart.svg", "orgchart.pdf", "orgchart.png")


def _build(run_cli, source: Path, out: Path, *extra: str) -> Path:
    result = run_cli("build", source, "-o", out, "--only", "orgchart", *extra)
    assert result.exit_code == 0, result.output
    return out


def _svg_text(path: Path) -> str:
    root = ET.parse(path).getroot()  # also proves the SVG is well-formed XML
    return "\n".join("".join(t.itertext()) for t in root.iter(f"{SVG_NS}text"))


@pytest.fixture(scope="module")
def example_out(tmp_path_factory):
    from click.testing import CliRunner
    from jobdesc.cli import main

    out = tmp_path_factory.mktemp("example") / "out"
    result = CliRunner().invoke(main, ["build", str(REPO / "roles"), "-o", str(out), "--only", "orgchart"])
    assert result.exit_code == 0, result.output
    return out


def test_every_title_and_incumbent_printed(example_org, example_out):
    svg = _svg_text(example_out / "orgchart.svg")
    pdf = pdf_text(example_out / "orgchart.pdf").replace(" ", "")
    for role in example_org.roles.values():
        for name in [role.title, *(person_label(p, "zh-CN") for p in role.incumbents or [])]:
            assert name in svg, name
            assert name in pdf, name
    for text in ("锦华置业有限公司营销中心", "组织架构图", "运营长", "生效日期2026-01-01", "版本1.0", "对外：财富专员"):
        assert text in pdf, text


def test_pdf_single_a3_landscape_page_with_embedded_cjk_font(example_out):
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(example_out / "orgchart.pdf"))
    assert len(pdf) == 1
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (1191, 842)  # A3 landscape in pt
    fonts = pdf_fonts(example_out / "orgchart.pdf")
    assert "NotoSansCJK" in fonts.replace("-", "") and " yes yes " in fonts


def test_png_is_the_first_page_and_not_blank(example_out):
    image = Image.open(example_out / "orgchart.png").convert("L")
    assert 2600 < image.width < 3000 and 1800 < image.height < 2100  # A3 at 170 dpi
    histogram = image.histogram()
    ink = sum(histogram[:200]) / (image.width * image.height)
    assert 0.02 < ink < 0.5, ink  # drawn on, but not a solid block
    left, top, right, bottom = image.point(lambda v: 255 if v < 200 else 0).getbbox()
    assert right - left > image.width * 0.6  # the chart spreads over the sheet


def test_build_is_byte_identical(run_cli, example_out, tmp_path):
    again = _build(run_cli, REPO / "roles", tmp_path / "again")
    for name in FILES:
        assert (again / name).read_bytes() == (example_out / name).read_bytes(), name


def test_traditional_chinese_uses_tc_face_and_lang(run_cli, tmp_path):
    org, roles, _ = small_org_data("zh-TW")
    roles["seller"]["title"] = "銷售顧問 <A&B>"  # must be escaped, not break the SVG
    out = _build(run_cli, write_org(tmp_path / "tw", org, roles), tmp_path / "out")
    svg = (out / "orgchart.svg").read_text("utf-8")
    assert 'xml:lang="zh-Hant-TW"' in svg and "Noto Sans CJK TC" in svg
    assert "銷售顧問 <A&B>" in _svg_text(out / "orgchart.svg")
    assert "員額" in svg and "编制" not in svg and "編制" not in svg  # Taiwan's word (regional_terms.py)
    assert "CJK-TC" in pdf_fonts(out / "orgchart.pdf")
    assert "銷售顧問<A&B>" in pdf_text(out / "orgchart.pdf").replace(" ", "")


def test_english_labels(run_cli, tmp_path):
    org, roles, _ = small_org_data("en")
    roles["manager"]["title"] = "Sales Manager"
    out = _build(run_cli, write_org(tmp_path / "en", org, roles), tmp_path / "out")
    text = pdf_text(out / "orgchart.pdf")
    assert "Organisation chart" in text and "Budget" in text and "Sales Manager" in text


def test_large_org_prints_as_overview_and_subtree_pages(run_cli, tmp_path):
    org, roles, _ = build_data(150, seed=1)
    out = _build(run_cli, write_org(tmp_path / "big", org, roles), tmp_path / "out", "--paper", "A4")
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(out / "orgchart.pdf"))
    assert len(pdf) > 1
    assert [round(x) for x in pdf[0].get_size()] == [842, 595]  # A4 landscape
    text = pdf_text(out / "orgchart.pdf").replace(" ", "")
    assert "总览" in text and "续见第2页" in text and "接第1页" in text
    for role in roles.values():
        assert role["title"] in text
        for person in role["incumbents"]:
            name = person if isinstance(person, str) else person["name"]  # namesakes carry an id
            assert name in text, name
