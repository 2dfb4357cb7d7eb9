"""Issue 16 "done when": every feature works on an organisation made from another seed, not only
the example in roles/. tests/orgs/seed002/ is written by hand from the Traditional-Chinese seed
/work/shared/seeds/002 (銷售部組織架構, zh-TW); this builds it with the real command line and reads
the outputs back: the concurrent post 「銷售組長（銷售三部）…全兼」 held by 客服主管 王梓璇, the
銷售組長 of 銷售一、二部 that serves both departments and has no stated headcount, a report to
several recipients every ten days, a plain RACI (the seed gives no amounts), a meeting and a
chapter."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import REPO, cli_built, jobdesc, pdf_text
from test_jd_support import docx_text, pdf_plain_text

ORG = REPO / "tests" / "orgs" / "seed002"
NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return cli_built(tmp_path_factory, ORG, "seed002")


@pytest.fixture(scope="module")
def handbook(built) -> str:
    return pdf_text(built / "handbook.pdf")


def _staffing(handbook: str) -> str:
    """The handbook's staffing table (人力配置表): from its column header to its 合計 row."""
    begin = handbook.index("部門 / 職務")  # Taiwan's word (regional_terms.py)
    return handbook[begin:handbook.index("\n 合計", begin)]


# ------------------------------------------------------------------ check


def test_check_warns_at_the_post_without_a_figure_and_strict_fails():
    plain = jobdesc("check", ORG)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    output = plain.stdout + plain.stderr
    warnings = [line for line in output.splitlines() if ": warning: " in line]
    assert len(warnings) == 1, output
    assert re.match(r".*seed002/sales-1/team-leader\.yaml:\d+:\d+: warning: headcount is not stated", warnings[0])
    assert ": error: " not in output
    assert jobdesc("check", ORG, "--strict").returncode == 1


# ------------------------------------------------------------------ handbook.pdf


def test_handbook_marks_the_concurrent_holder(handbook):
    staffing = _staffing(handbook)
    row = next(line for line in staffing.splitlines() if "銷售組長（銷售三部）" in line)
    assert row.rstrip().endswith("王梓璇（兼）"), row
    main = next(line for line in staffing.splitlines() if line.split()[:1] == ["客服主管"])
    assert main.rstrip().endswith("王梓璇") and "兼" not in main, main  # her main post is not marked


def test_handbook_lists_the_serving_post_under_both_departments(handbook):
    staffing = _staffing(handbook)
    sales_1 = staffing[staffing.index("銷售一部"):staffing.index("銷售二部")]
    sales_2 = staffing[staffing.index("銷售二部"):staffing.index("客服部（銷售三部）")]
    assert re.search(r"\n\s+銷售組長\s+經理\s+未列明", sales_1), sales_1  # its own department, no figure
    assert "銷售組長（兼顧，屬銷售一部）" in sales_2 and "未列明" not in sales_2, sales_2
    assert "銷售組長（兼顧本部門，屬銷售一部）" in handbook  # on the 銷售二部 page


def test_handbook_says_not_stated_for_the_post_without_a_figure(handbook):
    assert re.search(r"兼顧部門\s+銷售二部\s+人力配置\s+未列明", handbook)  # the job description's table
    assert "員額未列明職務 1 個" in handbook


def test_handbook_meetings_table_and_chapter_in_contents(handbook):
    pages = handbook.split("\f")
    meetings = next(page for page in pages if re.search(r"\n會議制度\n", page) and "參加人員" in page)
    assert re.search(r"周例會（客戶\s+每週\s+每週一次\s+銷售經理", meetings), meetings
    contents = next(page for page in pages if re.search(r"\n目錄\n", page))
    assert re.search(r"\n工作匯報制度\s*\.{5,}\s*\d+", contents), contents
    assert re.search(r"\n1\. 每日上午10:00前提交工作日報給本職位匯報人", handbook)  # the chapter's numbered list
    assert re.search(r"\n客服主管\s+客服經理\n", handbook)  # a row of its table


# ------------------------------------------------------------------ staffing.xlsx


def _sheet_rows(path: Path) -> dict[str, dict[str, str]]:
    """Rows of the staffing sheet keyed by their column-A text: {column letter: shown text}."""
    with zipfile.ZipFile(path) as book:
        shared = [("".join(t.text or "" for t in si.iter(f"{{{NS['x']}}}t")))
                  for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("x:si", NS)]
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
    rows = {}
    for row in sheet.iter(f"{{{NS['x']}}}row"):
        cells = {}
        for cell in row.findall("x:c", NS):
            value = cell.findtext("x:v", default="", namespaces=NS)
            cells[re.sub(r"\d", "", cell.get("r"))] = shared[int(value)] if cell.get("t") == "s" else value
        if cells.get("A"):
            rows.setdefault(cells["A"], cells)
    return rows


def test_staffing_counts_the_concurrent_person_once(built):
    rows = _sheet_rows(built / "staffing.xlsx")
    # Posts filled: 1+1+1+1+0 (sales) + 1+1+1+1 (service) = 8; 王梓璇 holds two of them: 7 people.
    total = rows["合計"]
    assert (float(total["C"]), float(total["D"]), float(total["E"])) == (21, 8, 13)
    assert total["F"] == "員額未列明職務 1 個 · 兼任 1 職務 · 實有 7 人"
    assert rows["銷售組長（銷售三部）"]["F"] == "王梓璇（兼）"
    assert rows["客服主管"]["F"] == "王梓璇"
    assert rows["銷售組長"]["C"] == "未列明" and rows["銷售組長"].get("D", "") == ""  # no filled figure
    assert "銷售組長（兼顧，屬銷售一部）" in rows


# ------------------------------------------------------------------ job descriptions, site


def test_job_description_of_the_concurrent_post(built):
    assert "王梓璇（兼）" in pdf_plain_text(built / "jd" / "team-leader-3.pdf")
    assert "王梓璇（兼）" in docx_text(built / "jd" / "team-leader-3.docx")
    main = pdf_plain_text(built / "jd" / "customer-service-supervisor.pdf")
    assert "王梓璇" in main and "王梓璇（兼）" not in main


def test_report_to_several_recipients_every_ten_days(built):
    text = pdf_plain_text(built / "jd" / "wealth-specialist.pdf")
    assert "客戶開發記錄旬報" in text and "銷售主管、銷售組長" in text and "每旬·每旬末" in text


def test_site_index_exists(built):
    index = built / "site" / "index.html"
    assert index.is_file() and "銷售部組織架構與崗位說明" in index.read_text("utf-8")
