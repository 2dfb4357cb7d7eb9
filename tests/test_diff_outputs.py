"""`jobdesc diff -o OUT`: the redline PDF and the Word files with tracked changes."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import pdf_text
from tests.test_diff_cli import changed_pair

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


@pytest.fixture
def written(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    old, new = changed_pair(tmp_path)
    out = tmp_path / "out"
    result = run_cli("diff", old, new, "-o", out)
    assert result.exit_code == 0, result.output
    return out


def document_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode("utf-8")


def test_files_written(written):
    assert sorted(p.relative_to(written).as_posix() for p in written.rglob("*") if p.is_file()) == [
        "changes.pdf", "jd-changes/seller.docx", "jd-changes/trainee.docx",
        "orgchart-changes.pdf", "orgchart-changes.svg"]


def test_redline_pdf(written):
    text = pdf_text(written / "changes.pdf")
    assert "组织变更对照表" in text and "测试置业营销中心" in text
    assert "新增岗位 1 个" in text
    assert "高级置业顾问 (seller)" in text and "见习顾问 (trainee)" in text
    assert "接待来访客户并做好登记" in text  # old words and inserted words on one line


def test_redline_marks_deletions_and_insertions(tmp_path):
    from jobdesc.diff import diff_versions
    from jobdesc.diff.redline import HtmlReport

    old, new = changed_pair(tmp_path)
    context = HtmlReport(diff_versions(str(old), str(new))).context()
    seller = next(p for p in context["positions"] if "(seller)" in p["title"])
    lines = {row["label"]: [str(line["html"]) for line in row["lines"]] for row in seller["rows"]}
    assert lines["岗位名称"] == ["<ins>高级</ins>置业顾问"]
    assert lines["编制 / 在岗 / 空缺"] == ["<del>3</del><ins>5</ins> / 2 / <del>1</del><ins>3</ins>"]


def test_word_tracked_changes(written):
    xml = document_xml(written / "jd-changes" / "seller.docx")
    changes = re.findall(r'<w:(ins|del) w:id="(\d+)" w:author="jobdesc diff" w:date="2026-01-01T00:00:00Z"', xml)
    assert len(changes) >= 5 and len({i for _, i in changes}) == len(changes)  # ids unique
    assert '<w:delText xml:space="preserve">3</w:delText>' in xml  # 编制 3 → 5 人
    assert re.search(r'<w:ins [^>]*><w:r>(?:<w:rPr>.*?</w:rPr>)?<w:t xml:space="preserve">高级</w:t>', xml)
    assert re.search(r'<w:ins [^>]*><w:r>(?:<w:rPr>.*?</w:rPr>)?<w:t xml:space="preserve">并做好登记</w:t>', xml)
    # An unchanged field prints as plain text.
    assert '<w:t xml:space="preserve">经理助理</w:t>' not in xml  # not this position's
    assert ">张三、李四<" in xml and "<w:del" not in xml.split(">张三、李四<")[0][-200:]
    # A position added whole: its lines are inserted with their paragraph marks.
    added = document_xml(written / "jd-changes" / "trainee.docx")
    assert re.search(r'<w:pPr>(?:<w:pStyle [^>]*/>)?<w:rPr><w:ins ', added)
    assert "<w:del " not in added


def test_outputs_are_byte_identical(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    old, new = changed_pair(tmp_path)
    first, second = tmp_path / "a", tmp_path / "b"
    run_cli("diff", old, new, "-o", first)
    run_cli("diff", old, new, "-o", second)
    for path in first.rglob("*.*"):
        assert path.read_bytes() == (second / path.relative_to(first)).read_bytes(), path


def test_stale_word_files_removed(tmp_path, run_cli):
    old, new = changed_pair(tmp_path)
    out = tmp_path / "out"
    run_cli("diff", old, new, "-o", out)
    assert (out / "jd-changes" / "trainee.docx").is_file()
    run_cli("diff", old, old, "-o", out)
    assert list((out / "jd-changes").glob("*.docx")) == []
    assert (out / "changes.pdf").is_file()


def test_invalid_version_writes_nothing(tmp_path, run_cli):
    old, new = changed_pair(tmp_path)
    (new / "seller.yaml").write_text("title: x\n", "utf-8")
    result = run_cli("diff", old, new, "-o", tmp_path / "out")
    assert result.exit_code == 1 and not (tmp_path / "out").exists()


def test_output_folder_that_is_a_file(tmp_path, run_cli):
    old, new = changed_pair(tmp_path)
    (tmp_path / "out").write_text("x", "utf-8")
    result = run_cli("diff", old, new, "-o", tmp_path / "out")
    assert result.exit_code == 2 and "is a file" in result.output  # click refuses it, as for build -o
    assert (tmp_path / "out").read_text("utf-8") == "x"


# scripts/install.sh "[test]" installs LibreOffice, so in CI a missing soffice fails this test.
@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"), reason="LibreOffice is not installed")
def test_libreoffice_shows_the_tracked_changes(written, tmp_path):
    """LibreOffice opens the file and prints the changes (both the deleted and the inserted
    words are on the page, as a redline shows them)."""
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "lo"), str(written / "jd-changes" / "seller.docx")],
                   check=True, capture_output=True, timeout=240)
    text = pdf_text(tmp_path / "lo" / "seller.pdf")
    assert "高级置业顾问" in text
    assert re.search(r"35\s*人\s*/\s*在岗\s*2\s*人\s*/\s*空缺\s*13", text)  # 3 struck, 5 inserted; 1 struck, 3 inserted
    assert "接待来访客户并做好登记" in text


def test_chart_of_the_changes(tmp_path, run_cli):
    """Added, moved, renamed and removed boxes are marked; a removed position is a faded ghost
    under its former manager; the totals in the corner are the newer version's."""
    import copy

    from tests.conftest import small_org_data, write_org

    org, roles, processes = small_org_data()
    old = write_org(tmp_path / "old", org, roles, processes)
    org, roles, processes = copy.deepcopy((org, roles, processes))
    del roles["assistant"]
    roles["seller"]["title"] = "高级置业顾问"
    roles["trainee"] = {"title": "见习顾问", "department": "sales", "reports_to": "seller", "duties": ["学习"],
                        "headcount": {"budget": 2, "filled": 0}}
    new = write_org(tmp_path / "new", org, roles, processes)
    out = tmp_path / "out"
    assert run_cli("diff", old, new, "-o", out).exit_code == 0
    svg = (out / "orgchart-changes.svg").read_text("utf-8")
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')
    assert '<g id="box-assistant" opacity="0.45">' in svg  # the ghost
    assert "经理助理" in svg
    for badge in ("新增", "撤销", "岗位名称"):
        assert f'fill="#ffffff" text-anchor="middle">{badge}</text>' in svg
    assert svg.count('stroke-width="2.4"') == 3  # three boxes marked; the manager is not
    text = pdf_text(out / "orgchart-changes.pdf")
    assert "高级置业顾问" in text and "经理助理" in text and "见习顾问" in text
    assert "编制 6" in text and "编制 7" not in text  # 1 + 3 + 2: the ghost's budget of 1 left out
