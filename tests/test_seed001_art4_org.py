"""Issue 30 "how it is verified": seed 001's 推荐第4篇 (销售部岗位职责: 5 posts, their meetings and
reports) written as tests/orgs/seed001-art4/ with nothing the article does not say, built with the
real command line and read back: no output invents an attendee, a chair, a recipient, an approver or
a figure. Reports without a named recipient print 未列明; 日会/周会/月底总结会 are chaired by the
销售部总经理 (「组织召开」) and nobody is said to attend them; 公司销售例会 names neither; the
案场主管's weekly summary is delivered at it (`at:`), and two of its reports go to 公司领导 (an external department); the 销售情况统计表 is a department report
prepared by the 副经理 (`from:`); 业务会议 is held 定期 (`period: regular`)."""
from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, cli_built, jobdesc, pdf_text
from test_jd_support import docx_text

ORG = REPO / "tests" / "orgs" / "seed001-art4"
ROLES = ("general-manager", "deputy-manager", "site-supervisor", "site-secretary", "salesperson")
MEETINGS = ("日会", "周会", "月底总结会", "公司销售例会", "业务会议")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return cli_built(tmp_path_factory, ORG, "seed001")


def _section(text: str, heading: str, next_headings: tuple[str, ...]) -> str:
    """The text from a section heading to the next one (or the end)."""
    if heading not in text:
        return ""
    rest = text[text.index(heading) + len(heading):]
    ends = [rest.index(h) for h in next_headings if h in rest]
    return rest[:min(ends)] if ends else rest


def test_check_passes_with_only_the_not_stated_headcount_warnings():
    result = jobdesc("check", ORG)
    assert result.returncode == 0, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert output.count(": warning: ") == 5 and "headcount is not stated" in output, output


def test_only_the_chair_of_the_meetings_it_convenes_is_named_in_any_job_description(built):
    for role in ROLES:
        pdf, word = pdf_text(built / "jd" / f"{role}.pdf"), docx_text(built / "jd" / f"{role}.docx")
        site = (built / "site" / "jd" / f"{role}.html").read_text("utf-8")
        for text in (pdf, word):
            meetings = _section(text, "会议名称", ("流程职责", "签字确认"))
            if role != "general-manager":
                assert not meetings, (role, meetings)
                continue
            assert all(name in meetings for name in ("日会", "周会", "月底总结会")), meetings
            assert meetings.count("主持") == 3 and "参加" not in meetings and "记录" not in meetings, meetings
            assert not any(name in meetings for name in ("公司销售例会", "业务会议")), meetings
        assert ('id="h-meetings"' in site) == (role == "general-manager"), role


def test_reports_without_a_named_recipient_print_not_stated_and_name_their_meeting(built):
    secretary = pdf_text(built / "jd" / "site-secretary.pdf")
    rows = {line.split()[0]: line for line in _section(secretary, "汇报内容", ("签字确认",)).splitlines()
            if line.strip() and not line.startswith(" 工作汇报")}
    assert "销售部副经理" in rows["客户信息日汇总"] and "销售部副经理" in rows["客户信息周汇总"]
    for name in ("销售工作日志", "行政工作总结", "各种月报"):
        assert "未列明" in rows[name] and "销售部" not in rows[name], rows[name]
    supervisor = docx_text(built / "jd" / "site-supervisor.docx")
    reports = _section(supervisor, "汇报内容", ("签字确认", "会议名称"))
    assert reports.count("于公司销售例会汇报") == 2 and "销售部总经理" not in reports, reports
    assert reports.count("未列明") == 1 and reports.count("公司领导") == 2, reports  # 公司领导 as the article says


def test_the_department_report_is_listed_for_the_role_that_prepares_it_and_on_the_department_page(built):
    deputy = pdf_text(built / "jd" / "deputy-manager.pdf")
    assert deputy.count("销售情况统计表（代销售部）") == 3
    handbook = pdf_text(built / "handbook.pdf")
    page = _section(handbook, "部门汇报", ("本部门岗位",))
    assert page.count("销售情况统计表") == 3 and page.count("销售部副经理") == 3
    assert "媒体宣传效果" in page and page.count("策划部") == 1  # an external department (kind: department)
    site = (built / "site" / "dept" / "sales.html").read_text("utf-8")
    assert 'id="h-dept-reports"' in site and site.count("未列明") >= 6


def test_meetings_table_says_not_stated_and_leaves_out_columns_nobody_states(built):
    handbook = pdf_text(built / "handbook.pdf")
    table = _section(handbook[handbook.index("会议制度", handbook.index("会议制度") + 1):], "会议制度", ("岗位索引",))
    header = next(line for line in table.splitlines() if "周期" in line)
    assert "主持" in header and not any(word in header for word in ("参加人员", "记录", "议程"))
    assert re.search(r"公司销售例会\s+每周\s+未列明\s+未列明", table), table
    assert re.search(r"业务会议\s+定期\s+未列明\s+未列明", table), table
    word = docx_text(built / "handbook.docx")
    assert "参加人员" not in word and "定期" in word


def test_no_headcount_figure_and_no_invented_approver(built):
    for role in ROLES:
        header = _section(pdf_text(built / "jd" / f"{role}.pdf"), "人员编制", ("汇报关系",))
        assert "未列明" in header and not re.search(r"\d", header), (role, header)
    raci = (built / "raci.csv").read_text("utf-8").splitlines()
    letters = [cell for row in raci[1:] for cell in row.split(",")[2:] if cell]
    assert sorted(letters) == ["A", "R"], raci  # the one approval the article states, nothing more
    with zipfile.ZipFile(built / "raci.xlsx") as book:
        sheets = [book.read(name).decode("utf-8") for name in book.namelist() if name.startswith("xl/worksheets/")]
    letters = [sorted(c for c in re.findall(r"<t[^>]*>([^<]*)</t>", sheet) if c in ("R", "A", "C", "I", "A/R"))
               for sheet in sheets]  # the summary and the process's own sheet: the same two letters
    assert ["A", "R"] in letters and all(found in ([], ["A", "R"]) for found in letters), letters


def test_the_top_post_superior_and_every_headcount_read_not_stated_in_pdf_word_and_site(built):
    """The article does not say whom the 销售部总经理 answers to, nor any headcount: the header of
    every output says 未列明 (not 无, and not the site's former "编制 None 人")."""
    for role in ROLES:
        site = (built / "site" / "jd" / f"{role}.html").read_text("utf-8")
        rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>(.*?)</td></tr>', site, re.S))
        assert rows["人员编制"] == "未列明", (role, rows)
        assert "None" not in site, role
        for text in (pdf_text(built / "jd" / f"{role}.pdf"), docx_text(built / "jd" / f"{role}.docx")):
            superior = re.search(r"直接上级\s*(\S+)", text).group(1)
            assert superior == ("未列明" if role == "general-manager" else superior) and superior != "无", (role, superior)
        if role == "general-manager":
            assert rows["直接上级"] == "未列明", rows
        else:
            assert rows["直接上级"].startswith("<a href="), (role, rows)


# The staffing table's columns when the article states no figure and names nobody (issue 30 point 8):
# 编制 (each post "未列明") and 说明 (the departments' notes), no 在岗, 空缺, 任职人员 or 级别 heading.
STATED_HEADINGS = ["部门 / 岗位", "编制", "说明"]
UNSTATED_HEADINGS = ("在岗", "空缺", "任职人员", "级别")


def _docx_tables(path: Path) -> list[list[list[str]]]:
    """Every table of a .docx as rows of cell texts."""
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    return [[[html.unescape("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", cell)))
              for cell in re.findall(r"<w:tc>.*?</w:tc>", row, re.S)]
             for row in re.findall(r"<w:tr[ >].*?</w:tr>", table, re.S)]
            for table in re.findall(r"<w:tbl>.*?</w:tbl>", xml, re.S)]


def _xlsx_rows(path: Path) -> list[list[str]]:
    """The first sheet's rows as the texts of their cells (formulas as =FORMULA)."""
    with zipfile.ZipFile(path) as package:
        shared = [html.unescape("".join(re.findall(r"<t[^>]*>([^<]*)</t>", item)))
                  for item in re.findall(r"<si>.*?</si>", package.read("xl/sharedStrings.xml").decode("utf-8"), re.S)]
        sheet = package.read("xl/worksheets/sheet1.xml").decode("utf-8")
    rows = []
    for row in re.findall(r"<row [^>]*>(.*?)</row>", sheet, re.S):
        cells = []
        for attributes, body in re.findall(r"<c ([^>]*?)(?:/>|>(.*?)</c>)", row, re.S):
            if 't="s"' in attributes:
                cells.append(shared[int(re.search(r"<v>(\d+)</v>", body).group(1))])
            elif "<f>" in body:
                cells.append("=" + re.search(r"<f>(.*?)</f>", body).group(1))
            else:
                cells.append("")
        rows.append(cells)
    return rows


def _html_headings(page: str, after: str = "") -> list[str]:
    """The column headings of the first table after `after` in a site page."""
    head = re.search(r"<thead>(.*?)</thead>", page[page.index(after):], re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]


def _headings_line(text: str, first: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.strip().startswith(first))
    return line.split()


def test_the_staffing_table_has_no_column_nobody_stated_in_any_renderer(built):
    """staffing.pdf, the handbook's PDF page (staffing.pdf itself) and Word table, staffing.xlsx
    and the site's staffing page print the same three columns; 说明 holds the notes."""
    handbook = next(page for page in pdf_text(built / "handbook.pdf").split("\f") if "部门 / 岗位" in page)
    for name, table in (("staffing.pdf", pdf_text(built / "staffing.pdf")), ("handbook.pdf", handbook)):
        assert " ".join(_headings_line(table, "部门 /")) == "部门 / 岗位 编制 说明", name
        assert re.search(r"销售部\s+编制未列明岗位 5 个", table) and re.search(r"合计\s+未列明\s+编制未列明岗位 5 个", table)
        assert not any(word in table[:table.index("合计")] for word in UNSTATED_HEADINGS), name
        assert "空缺 = 编制" not in table  # the note under it explains no column it does not have
    word = next(t for t in _docx_tables(built / "handbook.docx") if t[0][0] == "部门 / 岗位")
    assert word[0] == STATED_HEADINGS and word[1] == ["销售部", "", "编制未列明岗位 5 个"], word
    assert ["销售部总经理", "未列明", ""] in word and word[-1] == ["合计", "", "编制未列明岗位 5 个"], word
    sheet = _xlsx_rows(built / "staffing.xlsx")
    assert sheet[2] == STATED_HEADINGS and all(len(row) <= 3 for row in sheet[3:-1]), sheet
    assert sheet[-2] == ["合计", "=SUM(B4)", "编制未列明岗位 5 个"], sheet  # the budget sum stays live
    flat = " ".join(" ".join(row) for row in sheet)
    assert not any(word in flat for word in UNSTATED_HEADINGS), flat
    site = (built / "site" / "staffing.html").read_text("utf-8")
    assert _html_headings(site) == STATED_HEADINGS
    assert not any(word in re.sub(r"<[^>]+>", " ", site) for word in UNSTATED_HEADINGS)


def test_department_pages_print_no_filled_or_vacant_column_and_say_the_superior_is_not_stated(built):
    word = next(t for t in _docx_tables(built / "handbook.docx") if t[0][:2] == ["岗位", "直接上级"])
    assert word[0] == ["岗位", "直接上级", "编制"] and word[1] == ["销售部总经理", "未列明", "未列明"], word
    handbook = pdf_text(built / "handbook.pdf")
    page = _section(handbook, "本部门岗位", ("岗位说明书",))
    assert _headings_line(page, "岗位") == ["岗位", "直接上级", "编制"], page
    assert re.search(r"销售部总经理\s+未列明\s+未列明", page), page
    site = (built / "site" / "dept" / "sales.html").read_text("utf-8")
    assert _html_headings(site, 'id="h-positions"') == ["岗位", "编制"]
    cover = handbook.split("\f")[0]
    assert re.search(r"编制\s+编制未列明岗位 5 个", cover) and "在岗" not in cover, cover
    cover_rows = next(t for t in _docx_tables(built / "handbook.docx") if t[0][0] == "岗位数")
    assert cover_rows[1] == ["编制", "编制未列明岗位 5 个"], cover_rows


def test_a_department_report_without_a_cadence_says_so_in_pdf_word_and_site(built):
    """媒体宣传效果 goes to 策划部 with no cadence and no preparer: every output says 未列明 (the
    时限 column is there, for the reports that state one), not an empty cell."""
    page = _section(pdf_text(built / "handbook.pdf"), "部门汇报", ("本部门岗位",))
    assert re.search(r"媒体宣传效果\s+策划部\s+未列明\s+未列明", page), page
    word = next(t for t in _docx_tables(built / "handbook.docx") if t[0][0] == "汇报内容" and "编报岗位" in t[0])
    assert ["媒体宣传效果", "策划部", "未列明", "未列明"] in word, word
    site = (built / "site" / "dept" / "sales.html").read_text("utf-8")
    row = re.search(r"<tr><td>媒体宣传效果</td>(.*?)</tr>", site).group(1)
    assert [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td>(.*?)</td>", row)] == ["策划部", "未列明", "未列明"]
