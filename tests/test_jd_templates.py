"""User templates (override, extend, mistakes), untrusted content, languages, determinism."""
from __future__ import annotations

import base64
import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm

from conftest import pdf_fonts, pdf_text
from jobdesc.errors import UserError
from test_jd_support import build_jd, docx_part, docx_text, small_org, squeeze

REPO = Path(__file__).resolve().parent.parent
# A 1x1 red PNG: proves images that are allowed do get drawn.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")


def _images(pdf: Path) -> int:
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    return sum(1 for line in listing.splitlines()[2:] if line.split()[2] == "image")  # not soft masks


def test_user_template_extends_the_builtin_one(tmp_path):
    org_dir = small_org(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "jd.html").write_text(
        '{% extends "builtin/jd.html" %}\n'
        '{% block signatures %}<p>本岗位说明书由{{ jd.organisation }}人力资源部解释</p>{% endblock %}\n', "utf-8")
    build_jd(org_dir, tmp_path / "out")
    text = squeeze(pdf_text(tmp_path / "out" / "jd" / "manager.pdf"))
    assert "本岗位说明书由测试置业营销中心人力资源部解释" in text
    assert "岗位任职人" not in text  # the block was replaced
    assert "制定销售计划" in text and "考核指标" in text  # the rest of the built-in template is kept


@pytest.mark.parametrize("source, line", [
    ('{% extends "builtin/jd.html" %}\n{% block summary %}\n{{ jd.titel }}\n{% endblock %}\n', 3),
    ('<html>\n<body>\n{% endfor %}\n</body>\n', 3),
])
def test_template_mistake_names_template_and_line(tmp_path, run_cli, source, line):
    org_dir = small_org(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "jd.html").write_text(source, "utf-8")
    out = tmp_path / "out"
    result = run_cli("build", org_dir, "-o", out, "--only", "jd")
    assert result.exit_code == 1, result.output
    assert f"jd.html:{line}:" in result.output
    assert not (out / "jd").exists()


def test_untrusted_yaml_stays_text_and_fetches_nothing(tmp_path):
    org_dir = small_org(tmp_path, manager={"summary": '<img src="file:///etc/passwd"> <b>粗体</b> & </table>'})
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "jd.html").write_text(
        '{% extends "builtin/jd.html" %}\n{% block head %}'
        '<link rel="stylesheet" href="http://example.invalid/evil.css">{% endblock %}\n'
        '{% block signatures %}<img src="file:///etc/passwd"><img src="http://example.invalid/x.png">'
        '<img src="../../../../etc/passwd"><img src="data:image/png;base64,' + base64.b64encode(PNG).decode()
        + '">{% endblock %}\n', "utf-8")
    build_jd(org_dir, tmp_path / "out")
    pdf = tmp_path / "out" / "jd" / "manager.pdf"
    text = pdf_text(pdf)
    assert '<img src="file:///etc/passwd"> <b>粗体</b> & </table>' in text  # escaped, printed as typed
    assert "root:x:0:0" not in text
    assert _images(pdf) == 1  # only the data: URL image; the file, http and ../ ones got nothing
    docx = docx_text(tmp_path / "out" / "jd" / "manager.docx")
    assert '<img src="file:///etc/passwd"> <b>粗体</b> & </table>' in docx.replace("&lt;", "<").replace(
        "&gt;", ">").replace("&amp;", "&")


def _custom_word_template(path: Path) -> None:
    """A user's restyled template: another CJK face, a logo in the header, wider margins."""
    doc = Document(str(REPO / "templates" / "jd.docx"))
    normal = doc.styles["Normal"]
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "SimSun")
    doc.sections[0].left_margin = Cm(3)
    header = doc.sections[0].header.paragraphs[0]
    header.insert_paragraph_before().add_run().add_picture(io.BytesIO(PNG), width=Cm(2))
    doc.save(str(path))


def test_user_word_template_wins_and_keeps_its_look(tmp_path):
    org_dir = small_org(tmp_path, language="zh-TW")
    (tmp_path / "templates").mkdir()
    _custom_word_template(tmp_path / "templates" / "jd.docx")
    build_jd(org_dir, tmp_path / "out")
    path = tmp_path / "out" / "jd" / "manager.docx"
    document = docx_part(path)
    assert 'w:eastAsia="PMingLiU"' in document  # SimSun, localised for Traditional Chinese
    assert 'w:left="1701"' in document  # the user's 3 cm margin
    with zipfile.ZipFile(path) as package:
        assert any(name.startswith("word/media/") for name in package.namelist())  # the logo
    assert "<w:drawing>" in docx_part(path, "word/header1.xml")
    assert "銷售經理" in docx_part(path, "word/header1.xml") or "销售经理" in docx_part(path, "word/header1.xml")


def test_broken_word_template_is_a_user_error(tmp_path):
    org_dir = small_org(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "jd.docx").write_bytes(b"not a zip")
    with pytest.raises(UserError, match="jd.docx:1:1: error: not a usable Word"):
        build_jd(org_dir, tmp_path / "out")


def test_traditional_chinese_labels_and_tc_font(tmp_path):
    org_dir = small_org(tmp_path, language="zh-TW")
    build_jd(org_dir, tmp_path / "out")
    pdf = tmp_path / "out" / "jd" / "manager.pdf"
    text = squeeze(pdf_text(pdf))
    assert "工作項目" in text and "考核指標" in text and "第1頁/共" in text
    assert "CJK-TC" in pdf_fonts(pdf) and "CJK-SC" not in pdf_fonts(pdf)
    docx = docx_part(tmp_path / "out" / "jd" / "manager.docx")
    assert 'w:eastAsia="Microsoft JhengHei"' in docx and "工作項目" in docx
    assert 'w:eastAsia="zh-TW"' in docx_part(tmp_path / "out" / "jd" / "manager.docx", "word/styles.xml")


def test_english_labels(tmp_path):
    org_dir = small_org(tmp_path, language="en")
    build_jd(org_dir, tmp_path / "out")
    text = pdf_text(tmp_path / "out" / "jd" / "manager.pdf")
    assert "Job Description" in text and "Duties" in text and "Key performance indicators" in text
    assert re.search(r"Page 1 of \d", text)
    assert "Accountable" in text  # RACI meaning in English when the organisation kept the defaults
    docx = docx_text(tmp_path / "out" / "jd" / "manager.docx")
    assert "Job holder" in docx and "Line manager" in docx
    assert "NUMPAGES" in docx_part(tmp_path / "out" / "jd" / "manager.docx", "word/footer1.xml")


def _build_bytes(org_dir: Path, out: Path, jobs: int) -> dict[str, bytes]:
    build_jd(org_dir, out, jobs=jobs)
    return {p.name: p.read_bytes() for p in sorted((out / "jd").iterdir())}


def test_same_input_same_bytes_whatever_the_workers(tmp_path, monkeypatch):
    # Eight roles so that two workers really run (a worker takes at least four roles).
    org_dir = small_org(tmp_path)
    for i in range(5):
        (org_dir / f"extra-{i}.yaml").write_text(
            f"title: 置业顾问{i}\ndepartment: sales\nreports_to: manager\nduties: [接待客户{i}]\n", "utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    first = _build_bytes(org_dir, tmp_path / "a", jobs=1)
    second = _build_bytes(org_dir, tmp_path / "b", jobs=2)
    assert len(first) == 16 and first == second
    core = docx_part(tmp_path / "a" / "jd" / "manager.docx", "docProps/core.xml")
    assert "2026-01-01T00:00:00Z" in core
    with zipfile.ZipFile(tmp_path / "a" / "jd" / "manager.docx") as package:
        assert {info.date_time for info in package.infolist()} == {(2026, 1, 1, 0, 0, 0)}
    info = subprocess.run(["pdfinfo", str(tmp_path / "a" / "jd" / "manager.pdf")], capture_output=True, text=True).stdout
    assert "Jan  1 00:00:00 2026" in info
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    third = _build_bytes(org_dir, tmp_path / "c", jobs=1)
    assert third["manager.docx"] != first["manager.docx"] and third["manager.pdf"] != first["manager.pdf"]
