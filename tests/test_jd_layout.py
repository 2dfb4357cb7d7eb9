"""Page layout of the job description PDF, read back page by page with pdftotext."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Cm, Emu

from conftest import REPO, small_org_data, write_org
from jobdesc.format.signoff_models import DEFAULT_ACKNOWLEDGEMENT
from jobdesc.jd.labels import ZH as ZH_LABELS
from test_jd_support import build_jd, small_org

# Everything the signature block and the running header/footer print on a page.
SIGNATURE_WORDS = [ZH_LABELS[key] for key in ("signatures", "sign_incumbent", "sign_manager", "sign_hr",
                                              "signature", "date", "sign_name")]
SIGNATURE_WORDS.append(DEFAULT_ACKNOWLEDGEMENT["zh-CN"])  # the small organisation names incumbents: sign-off
DUTY = "负责客户接待与需求分析，跟进意向客户并按时回访，维护客户关系，完成个人销售指标"


def _pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return text.split("\f")[:-1]


def _without(text: str, words: list[str]) -> str:
    for word in sorted(words, key=len, reverse=True):
        text = text.replace(word, "")
    return re.sub(r"[\s:：·/第共页\d]", "", text)


def test_signature_block_never_sits_alone_on_the_last_page(tmp_path):
    # Roles with 18..29 duties: their content ends at every height of the first page, so
    # without keeping the signature block with what precedes it, some land it alone on a new page.
    org, roles, processes = small_org_data()
    for count in range(18, 30):
        roles[f"seller-{count}"] = {"title": f"置业顾问{count}", "department": "sales", "reports_to": "manager",
                                    "duties": [f"{DUTY}（{i}）" for i in range(count)]}
    out = tmp_path / "out"
    build_jd(write_org(tmp_path / "org", org, roles, processes), out, jobs=2)
    header_words = [org["organization"], "岗位说明书", "置业顾问"]
    multi_page = 0
    for count in range(18, 30):
        pages = _pages(out / "jd" / f"seller-{count}.pdf")
        if len(pages) < 2:
            continue
        multi_page += 1
        assert ZH_LABELS["signatures"] in pages[-1]
        rest = _without(pages[-1], SIGNATURE_WORDS + header_words)
        assert rest, f"seller-{count}: the signature block is alone on page {len(pages)}"
    assert multi_page >= 5  # the sweep really crosses page ends


# ---------------------------------------------------------------- the Word version

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def word_manager(tmp_path_factory) -> Document:
    """The small organisation's manager (KPI, reports-free, RACI) as python-docx reads it back."""
    tmp = tmp_path_factory.mktemp("word")
    org, roles, processes = small_org_data()
    build_jd(write_org(tmp / "org", org, roles, processes), tmp / "out")
    return Document(str(tmp / "out" / "jd" / "manager.docx"))


def _text_width(document: Document) -> int:
    section = document.sections[-1]
    return section.page_width - section.left_margin - section.right_margin


def test_word_table_grid_carries_the_column_widths(word_manager):
    # LibreOffice and WPS lay a table out by its grid, not by the cells' widths.
    for table in word_manager.tables:
        grid = [int(col.get(f"{W}w")) for col in table._tbl.tblGrid.findall(f"{W}gridCol")]
        for tr in (tr for tr in table._tbl.tr_lst if len(tr.tc_lst) == len(grid)):  # rows without merges
            assert grid == [int(tc.tcPr.find(f"{W}tcW").get(f"{W}w")) for tc in tr.tc_lst]
        if table._tbl.tblPr.find(f"{W}tblCellSpacing") is not None:  # the reporting-line diagram's boxes:
            continue  # centred, as wide as their titles
        assert abs(sum(grid) - Emu(_text_width(word_manager)).twips) <= len(grid)


def test_word_tables_fit_a_user_template_with_wider_margins(tmp_path):
    template = Document(str(REPO / "templates" / "jd.docx"))
    template.sections[0].left_margin = template.sections[0].right_margin = Cm(3)
    (tmp_path / "templates").mkdir()
    template.save(str(tmp_path / "templates" / "jd.docx"))
    build_jd(small_org(tmp_path), tmp_path / "out", templates=tmp_path / "templates")
    document = Document(str(tmp_path / "out" / "jd" / "manager.docx"))
    for table in document.tables:
        grid = sum(int(col.get(f"{W}w")) for col in table._tbl.tblGrid.findall(f"{W}gridCol"))
        width = Emu(_text_width(document)).twips + 4  # a twip of rounding per column
        assert grid <= width
        for tr in table._tbl.tr_lst:  # Word lays out by the cells' widths
            assert sum(int(tc.tcPr.find(f"{W}tcW").get(f"{W}w")) for tc in tr.tc_lst) <= width


def test_word_header_rows_are_white_bold_on_the_runs_themselves(word_manager):
    header_rows = [t.rows[0] for t in word_manager.tables if t.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None]
    assert len(header_rows) >= 2  # KPI and RACI tables
    for row in header_rows:
        for run in (r for cell in row.cells for p in cell.paragraphs for r in p.runs):
            assert run.bold and str(run.font.color.rgb) == "FFFFFF", run.text


def test_word_running_header_puts_the_title_at_the_right_edge(word_manager):
    paragraph = word_manager.sections[0].header.paragraphs[0]
    assert "\t" in paragraph.text
    stops = [(s.position, s.alignment) for s in paragraph.style.paragraph_format.tab_stops]
    stops += [(s.position, s.alignment) for s in paragraph.paragraph_format.tab_stops]
    first = min(stops)  # the one tab goes to the first stop
    assert first[1] == WD_TAB_ALIGNMENT.RIGHT
    assert abs(first[0] - _text_width(word_manager)) < Cm(0.1)


def test_word_signature_block_keeps_the_preceding_lines_with_it(word_manager):
    body = [child for child in word_manager.element.body if child.tag != f"{W}sectPr"]
    heading = next(i for i, child in enumerate(body) if child.tag == f"{W}p"
                   and "".join(child.xpath(".//w:t/text()")) == ZH_LABELS["signatures"])
    before = body[heading - 1]
    paragraphs = before.tr_lst[-1].xpath(".//w:p") if before.tag == f"{W}tbl" else [before]
    assert paragraphs and all(p.pPr is not None and p.pPr.keepNext is not None for p in paragraphs)


def test_word_tags_latin_text_as_english_and_cjk_text_by_language(tmp_path):
    # w:val is the language of Latin text: tagged Chinese, LibreOffice and WPS break English
    # words at any letter ("External titl|e"); w:eastAsia picks the CJK glyph forms.
    for language, east_asia in (("en", "zh-CN"), ("zh-TW", "zh-TW")):
        build_jd(small_org(tmp_path / language, language=language), tmp_path / language / "out")
        styles = Document(str(tmp_path / language / "out" / "jd" / "manager.docx")).styles.element
        lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        assert (lang.get(f"{W}val"), lang.get(f"{W}eastAsia")) == ("en-US", east_asia)


def test_word_label_value_tables_are_kept_on_one_page(tmp_path):
    # Qualifications split after its first row, leaving it alone under the heading.
    qualifications = {"education": "本科", "experience": "三年", "skills": ["谈判", "管理"]}
    build_jd(small_org(tmp_path, manager={"qualifications": qualifications}), tmp_path / "out")
    document = Document(str(tmp_path / "out" / "jd" / "manager.docx"))
    body = [child for child in document.element.body if child.tag != f"{W}sectPr"]
    heading = next(i for i, child in enumerate(body) if child.tag == f"{W}p"
                   and "".join(child.xpath(".//w:t/text()")) == ZH_LABELS["qualifications"])
    table = body[heading + 1]
    assert len(table.tr_lst) >= 3
    for tr in table.tr_lst[:-1]:
        assert all(p.pPr is not None and p.pPr.keepNext is not None for p in tr.xpath(".//w:p"))
