"""Units behind issue 21's print fixes: document dates, title words, diagram labels, font sharing."""
from __future__ import annotations

import io
from datetime import datetime, timezone
from types import SimpleNamespace

import pikepdf
import pytest

from jobdesc.determinism import build_epoch, dated_by, document_date, effective_epoch
from jobdesc.jd.diagram import label_lines
from jobdesc.pdf.fontshare import share_fonts
from jobdesc.tables.text import balanced_lines
from jobdesc.tables.title_words import title_words, word_lines


def org_dated(effective):
    return SimpleNamespace(org=SimpleNamespace(handbook=SimpleNamespace(effective=effective)))


@pytest.mark.parametrize("text", ["2026-01-01", "2026/1/1", "2026年1月1日", " 2026.01.01 "])
def test_effective_dates_in_the_usual_forms(text):
    assert effective_epoch(org_dated(text)) == int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp())


@pytest.mark.parametrize("text", [None, "明年一月", "2026-02-30", "2026-01"])
def test_effective_that_is_no_date_is_ignored(text, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert effective_epoch(org_dated(text)) is None
    assert document_date(org_dated(text)).year == 2000


def test_source_date_epoch_wins_and_the_date_applies_only_within(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    org = org_dated("2026-03-15")
    assert document_date(org) == datetime(2026, 3, 15, tzinfo=timezone.utc)
    with dated_by(org):
        assert build_epoch() == int(datetime(2026, 3, 15, tzinfo=timezone.utc).timestamp())
    assert build_epoch() == 946684800
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert document_date(org) == datetime.fromtimestamp(1700000000, tz=timezone.utc)


@pytest.mark.parametrize("title, per_line, lines", [
    ("营销总监助理", 5, ["营销总监", "助理"]),
    ("财务部经理", 3, ["财务部", "经理"]),
    ("合同档案管理员", 5, ["合同档案", "管理员"]),
    ("人力资源部经理", 5, ["人力资源部", "经理"]),
    ("财务部副经理", 5, ["财务部", "副经理"]),
    ("销售组长", 5, ["销售组长"]),
])
def test_titles_break_between_words(title, per_line, lines):
    assert balanced_lines(title, per_line) == lines
    assert "".join(title_words(title)) == title


def test_unknown_long_word_is_still_cut_to_fit():
    lines = word_lines("甲乙丙丁戊己庚辛", 3)
    assert "".join(lines) == "甲乙丙丁戊己庚辛" and max(map(len, lines)) <= 3


def test_diagram_wraps_english_titles_instead_of_cutting_them():
    lines = label_lines("Senior Customer Relationship Specialist", 180)
    assert len(lines) > 1 and " ".join(lines) == "Senior Customer Relationship Specialist"
    assert label_lines("营销总监助理", 60) == ["营销总监", "助理"]


def _weasy_pdf(text: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=f'<p style="font-family: Noto Sans CJK SC">{text}</p>').write_pdf()


def test_faces_are_shared_only_when_the_installed_font_reproduces_them():
    """Two PDFs' pages merged: one copy of the face with both PDFs' glyphs; a font program
    that the installed font does not reproduce (tampered here) is left alone."""
    out = pikepdf.new()
    for text in ("岗位说明书", "组织架构图"):
        out.pages.extend(pikepdf.open(io.BytesIO(_weasy_pdf(text))).pages)
    share_fonts(out)
    fonts = {page.Resources.Font[name].objgen for page in out.pages for name in page.Resources.Font.keys()}
    assert len(fonts) == 1
    mapping = list(out.pages[0].Resources.Font.values())[0].ToUnicode.read_bytes()
    for char in "岗位说明书组织架构图":
        assert char.encode("utf-16-be").hex().encode() in mapping

    tampered = pikepdf.new()
    for text in ("岗位", "组织"):
        tampered.pages.extend(pikepdf.open(io.BytesIO(_weasy_pdf(text))).pages)
    for page in tampered.pages:
        font = list(page.Resources.Font.values())[0]
        font.DescendantFonts[0].FontDescriptor.FontFile3.write(b"not the installed font")
    share_fonts(tampered)
    fonts = {page.Resources.Font[name].objgen for page in tampered.pages for name in page.Resources.Font.keys()}
    assert len(fonts) == 2
