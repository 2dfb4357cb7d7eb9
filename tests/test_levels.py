"""Job architecture (issue 34, FORMAT.md section 13): levels.pdf/.xlsx, career paths, the JD's
inherited requirements, confidential pay bands and `jobdesc stats`, read back from real output.

The pay-band organisation (tests/orgs/levels-paybands) is built once with --confidential; then
every file outside OUT/confidential/ (PDF text, the XML inside .docx/.xlsx, SVG, site HTML and
JSON), the build's and check's messages and the diff's PR summary are searched for each band
figure, written as typed, with thousands separators and with a space.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, pdf_text

PAYBANDS = REPO / "tests" / "orgs" / "levels-paybands"
PYTHON = [sys.executable, "-m", "jobdesc"]


def _band_figures() -> list[int]:
    text = (PAYBANDS / "org.yaml").read_text("utf-8")
    return [int(n) for block in re.findall(r"pay: \{([^}]*)\}", text) for n in re.findall(r"\d{4,}", block)]


def _forms(figure: int) -> list[str]:
    return [str(figure), f"{figure:,}", f"{figure:,}".replace(",", " "), f"{figure:,}".replace(",", "，")]


def _jobdesc(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "PYTHONPATH": str(REPO)}
    return subprocess.run([*PYTHON, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def confidential_build(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("levels") / "out"
    done = _jobdesc("build", str(PAYBANDS), "-o", str(out), "--confidential", "-j", "2")
    assert done.returncode == 0, done.stderr
    return out, done.stdout + done.stderr


def _readable_text(path: Path) -> str:
    """What a reader (or a tool) finds in one output file."""
    if path.suffix == ".pdf":
        return pdf_text(path)
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as package:
            return "\n".join(package.read(name).decode("utf-8", "replace") for name in package.namelist())
    if path.suffix == ".png":
        return ""
    return path.read_text("utf-8", "replace")


def test_figures_are_read_from_the_org(confidential_build):
    figures = _band_figures()
    assert len(figures) == 21 and 23170 in figures and 8510 in figures


def test_pay_bands_only_in_the_confidential_folder(confidential_build):
    out, messages = confidential_build
    figures = _band_figures()
    confidential = _readable_text(out / "confidential" / "pay-bands.pdf")
    workbook = _readable_text(out / "confidential" / "pay-bands.xlsx")
    for figure in figures:  # the confidential files print every band …
        assert f"{figure:,}" in confidential, figure
        assert str(figure) in workbook, figure
    others = [p for p in out.rglob("*") if p.is_file() and "confidential" not in p.relative_to(out).parts]
    assert any(p.suffix == ".pdf" for p in others) and any(p.parent.name == "site" for p in others)
    for path in others:  # … and nothing else does, in any form
        text = _readable_text(path)
        for figure in figures:
            for form in _forms(figure):
                assert form not in text, f"{form} in {path.relative_to(out)}"
    check = _jobdesc("check", str(PAYBANDS), "--format", "json")
    for text in (messages, check.stdout + check.stderr):
        for figure in figures:
            assert str(figure) not in text and f"{figure:,}" not in text


def test_no_confidential_folder_without_the_flag(tmp_path):
    out = tmp_path / "out"
    done = _jobdesc("build", str(PAYBANDS), "-o", str(out), "--only", "levels,paybands", "-j", "1")
    assert done.returncode == 0, done.stderr
    assert (out / "levels.pdf").exists() and not (out / "confidential").exists()


def test_diff_summary_never_prints_a_band(tmp_path):
    new = tmp_path / "new"
    shutil.copytree(PAYBANDS, new)
    org = new / "org.yaml"
    org.write_text(org.read_text("utf-8").replace("min: 23170", "min: 23990"), "utf-8")
    for fmt in ("markdown", "text", "json"):
        done = _jobdesc("diff", str(PAYBANDS), str(new), "--format", fmt)
        assert done.returncode in (0, 1), done.stderr
        for figure in [*_band_figures(), 23990]:
            assert str(figure) not in done.stdout + done.stderr and f"{figure:,}" not in done.stdout


def test_level_table_and_career_paths(confidential_build):
    out, _ = confidential_build
    text = pdf_text(out / "levels.pdf")
    assert "职级体系表" in text and "技术族" in text and "营销族" in text
    assert "后端工程师" in text and "资深后端工程师" in text and "客户经理" in text
    assert "技术转管理" in text  # the moves the org lists
    with zipfile.ZipFile(out / "levels.xlsx") as package:
        strings = package.read("xl/sharedStrings.xml").decode("utf-8")
        names = package.namelist()
    assert "职级体系" in package.filename or "xl/worksheets/sheet2.xml" in names
    assert "M1 经理" in strings and "技术族" in strings and "平台组经理" in strings
    svg = (out / "career-paths" / "engineering.svg").read_text("utf-8")
    assert svg.startswith("<svg") and "管理序列" in svg and "专业序列" in svg and "技术转管理" in svg
    assert "销售序列" not in svg  # only the ladders the family's posts are on
    assert not (out / "career-paths" / "missing.svg").exists()


def test_job_description_inherits_the_level_requirements(confidential_build):
    out, _ = confidential_build
    text = re.sub(r"\s+", " ", pdf_text(out / "jd" / "platform-lead.pdf"))
    assert "职级 M1 经理" in text and "技术族 · 后端开发" in text
    assert "5年以上相关经验（M1 职级通用要求）" in text  # the level's, marked
    assert "硕士及以上" in text and "本科及以上（M1" not in text  # the role's own education wins
    assert text.index("（M1 职级通用要求）") < text.index("硕士及以上")  # the level's first
    with zipfile.ZipFile(out / "jd" / "platform-lead.docx") as package:
        document = package.read("word/document.xml").decode("utf-8")
    assert "M1 职级通用要求" in document and "硕士及以上" in document


@pytest.mark.parametrize("language, words", [("en", ["Job Levels", "Career paths", "Ladder"]),
                                             ("zh-TW", ["職等體系表", "晉升通道", "管理序列"])])
def test_labels_in_each_language(tmp_path, language, words):
    out = tmp_path / "out"
    done = _jobdesc("build", str(PAYBANDS), "-o", str(out), "--only", "levels", "--language", language, "-j", "1")
    assert done.returncode == 0, done.stderr
    text = pdf_text(out / "levels.pdf")
    for word in words:
        assert word in text, word


def test_stats_json_spans_layers_and_vacancies():
    done = _jobdesc("stats", str(PAYBANDS), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    spans = {s["role"]: s["text"] for s in data["spans"]}
    # 技术总监: 平台组经理 (1) + 前端工程师 (3) directly; below them 后端 6 + 资深后端 2 as well.
    assert spans == {"cto": "4 (12)", "platform-lead": "8 (8)", "sales-director": "5 (5)"}
    assert data["layers"] == [2, 9, 8] and data["managers"] == 3
    departments = {d["id"]: d for d in data["departments"]}
    assert departments["company"]["budget"] == 19 and departments["company"]["vacant"] == 6
    assert departments["sales"]["rate"] == 0.5
    levels = {lv["id"]: lv for lv in data["levels"]}
    assert levels["P1"]["budget"] == 9 and levels["P2"]["budget"] == 0 and levels["P2"]["rate"] is None


def test_stats_text_and_markdown():
    text = _jobdesc("stats", str(PAYBANDS)).stdout
    assert "4 (12)  技术总监" in text and "33.3%" in text
    markdown = _jobdesc("stats", str(PAYBANDS), "--format", "markdown", "--language", "en").stdout
    assert "| 技术总监 | 研发中心 | 4 (12) |" in markdown and "Vacancy rate by level" in markdown


def test_stats_of_a_broken_directory_is_a_located_error(tmp_path):
    shutil.copytree(PAYBANDS, tmp_path / "org")
    role = tmp_path / "org" / "sales" / "account-manager.yaml"
    role.write_text(role.read_text("utf-8").replace("level: S1-S2", "level: S9"), "utf-8")
    done = _jobdesc("stats", str(tmp_path / "org"))
    assert done.returncode == 1 and "account-manager.yaml:" in done.stdout and "Traceback" not in done.stderr


def test_site_pages_in_chromium(confidential_build, tmp_path):
    """The 职级体系 and analysis pages in Debian's chromium: linked from the navigation, the
    career-path SVG drawn, no band figure on screen, a screenshot kept."""
    from test_site_browser import ARGS, CHROMIUM, _require_browser

    _require_browser()
    from playwright.sync_api import sync_playwright

    out, _ = confidential_build
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto((out / "site" / "index.html").as_uri())
        page.click("nav.main-nav >> text=职级体系")
        assert page.title().startswith("职级体系")
        assert page.locator("table.levels tbody tr").count() == 7
        box = page.locator(".career-path svg").first.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 200
        shown = page.inner_text("body")
        page.screenshot(path=str(tmp_path / "levels.png"), full_page=True)
        page.click("nav.main-nav >> text=组织结构分析")
        assert "4 (12)" in page.inner_text("table.spans")
        shown += page.inner_text("body")
        browser.close()
    for figure in _band_figures():
        assert str(figure) not in shown and f"{figure:,}" not in shown


def test_org_chart_shows_the_level(confidential_build):
    out, _ = confidential_build
    svg = (out / "orgchart.svg").read_text("utf-8")
    assert "职级：M1" in svg and "职级：P1–P2" in svg  # no grade typed: the level alone


def test_handbook_has_the_level_chapter_and_the_appendix(confidential_build):
    out, _ = confidential_build
    text = pdf_text(out / "handbook.pdf")
    contents = text[:text.index("岗位索引")]  # the contents list both, the levels before the appendix
    assert contents.index("职级体系表") < contents.index("组织结构分析") and "4 (12)" in text
    with zipfile.ZipFile(out / "handbook.docx") as package:
        document = package.read("word/document.xml").decode("utf-8")
    assert "职级体系表" in document and "技术转管理" in document and "4 (12)" in document


def test_diff_reports_a_level_change(tmp_path):
    new = tmp_path / "new"
    shutil.copytree(PAYBANDS, new)
    role = new / "rd" / "senior-backend.yaml"
    role.write_text(role.read_text("utf-8").replace("level: P3", "level: P2-P3"), "utf-8")
    done = _jobdesc("diff", str(PAYBANDS), str(new), "--format", "markdown")
    assert "**职级**: <ins>P2-</ins>P3" in done.stdout  # a word-level redline of the level


def test_a_build_without_the_flag_removes_the_confidential_files(tmp_path):
    out = tmp_path / "out"
    assert _jobdesc("build", str(PAYBANDS), "-o", str(out), "--only", "paybands", "--confidential").returncode == 0
    assert (out / "confidential" / "pay-bands.xlsx").exists()
    assert _jobdesc("build", str(PAYBANDS), "-o", str(out), "--only", "paybands").returncode == 0
    assert not (out / "confidential" / "pay-bands.xlsx").exists() and not (out / "confidential" / "pay-bands.pdf").exists()
