"""Issue 26: every cell the Word job description prints means what it says when it comes back.

Each edit is made in the sales manager's Word file (tests/word_edits.py) and the role file must
change by exactly the lines given, or the import must refuse with the reason that is true.
"""
from __future__ import annotations

import pytest

from jobdesc.importer.roundtrip_cells import headcount, period_labels, split_due
from jobdesc.jd.labels import jd_labels
from test_import_tracked import ROLE, built, changed_lines, imported, roles, run_import  # noqa: F401 (fixtures)
from word_edits import W, WordXml, r


def cell_paragraph(doc: WordXml, text: str):
    """The paragraph of the table cell whose whole text is `text` (exactly one)."""
    found = [p for p in doc.root.iter(f"{{{W}}}p")
             if WordXml.text(p) == text and p.getparent().tag == f"{{{W}}}tc"]
    assert len(found) == 1, (text, len(found))
    return found[0]


def retype(doc: WordXml, old: str, new: str) -> None:
    p = cell_paragraph(doc, old)
    texts = list(p.iter(f"{{{W}}}t"))
    texts[0].text = new
    for t in texts[1:]:
        t.text = ""


def test_a_report_period_cell_changes_the_period(built, roles, tmp_path):
    """每旬 → 每月 left `period: ten-day` and put the period into `due` (printed “每旬 · 每月 · …”)."""
    doc = WordXml(built[1])
    retype(doc, "每旬 · 每旬末次日上午10:00前", "每月 · 每旬末次日上午10:00前")
    lines, output = imported(tmp_path, roles, doc.bytes())
    assert lines == ["-    period: ten-day", "+    period: monthly"]


def test_a_kpi_target_typed_as_text_drops_the_unit(built, roles, tmp_path):
    """90% → 九成以上 used to keep the unit and print “九成以上%”."""
    doc = WordXml(built[1])
    retype(doc, "90%", "九成以上")
    lines, _ = imported(tmp_path, roles, doc.bytes())
    assert lines == ["-    target: 90", '-    unit: "%"', "+    target: 九成以上"]


def test_a_kpi_target_text_that_ends_with_the_unit_keeps_it(built, roles, tmp_path):
    doc = WordXml(built[1])
    retype(doc, "8000万元", "不低于8000万元")
    lines, _ = imported(tmp_path, roles, doc.bytes())
    assert lines == ["-    target: 8000", "+    target: 不低于8000"]


def test_a_weight_change_is_a_weight_change(built, roles, tmp_path):
    doc = WordXml(built[1])
    retype(doc, "40%", "35%")
    weights = [p for p in doc.root.iter(f"{{{W}}}p") if WordXml.text(p) == "15%"]
    for t in weights[0].iter(f"{{{W}}}t"):
        t.text = "20%" if t.text else t.text
    lines, output = imported(tmp_path, roles, doc.bytes())
    assert lines == ["-    weight: 40", "+    weight: 35", "-    weight: 15", "+    weight: 20"]
    assert "removed" not in output and "weight “40%” → “35%”" in output


def test_a_headcount_edit_changes_the_roles_own_headcount(built, roles, tmp_path):
    doc = WordXml(built[1])
    retype(doc, "编制 1 人 / 在岗 1 人 / 空缺 0 人", "编制 2 人 / 在岗 1 人 / 空缺 1 人")
    lines, output = imported(tmp_path, roles, doc.bytes())
    assert lines == ["-  budget: 1", "+  budget: 2"]
    assert "drawn from other fields" not in output


def test_a_headcount_whose_figures_do_not_add_up_is_refused(built, roles, tmp_path):
    doc = WordXml(built[1])
    retype(doc, "编制 1 人 / 在岗 1 人 / 空缺 0 人", "编制 3 人 / 在岗 1 人 / 空缺 1 人")
    before = (roles / ROLE).read_bytes()
    result = run_import(tmp_path, roles, doc.bytes())
    assert result.exit_code == 0 and "the vacancies are budget − filled (2)" in result.output
    assert (roles / ROLE).read_bytes() == before


def test_an_edited_meeting_row_names_the_meeting_file(built, roles, tmp_path):
    doc = WordXml(built[1])
    name = "销售周例会"
    p = cell_paragraph(doc, name)
    next(t for t in p.iter(f"{{{W}}}t") if t.text).text = "销售周例会（扩大）"
    before = {path: path.read_bytes() for path in roles.rglob("*.yaml")}
    result = run_import(tmp_path, roles, doc.bytes())
    assert result.exit_code == 0, result.output
    assert "the meeting 销售周例会 is kept in meetings/sales-weekly.yaml: edit it there" in result.output
    assert "a section jobdesc does not write" not in result.output
    assert {path: path.read_bytes() for path in roles.rglob("*.yaml")} == before


@pytest.mark.parametrize("language, label, period", [
    ("zh-CN", "每旬", "ten-day"), ("zh-TW", "每旬", "ten-day"), ("zh-HK", "每季度", "quarterly"),
    ("en", "Every ten days", "ten-day"), ("en", "Half-yearly", "half-yearly")])
def test_periods_read_back_through_the_labels_that_print_them(language, label, period):
    periods = period_labels(language)
    assert periods[label] == period
    assert split_due(f"{label} · by the 5th", periods) == (period, "by the 5th")
    assert split_due("by the 5th", periods) == (None, "by the 5th")


@pytest.mark.parametrize("language", ["zh-CN", "zh-TW", "en"])
def test_headcount_cells_read_back_through_the_printed_forms(language):
    labels = jd_labels(language)
    assert headcount(labels["headcount_value"].format(budget=12, filled=10, vacant=2), labels) == (12, 10, 2)
    assert headcount(labels["headcount_budget_only"].format(budget=4), labels) == (4, None, None)
    assert headcount(labels["headcount_not_stated"], labels) == (None, None, None)
    assert headcount("about a dozen", labels) is None


@pytest.mark.parametrize("cell, unit, want", [
    ("95%", "%", (95, "%")), ("95.0%", "%", (95.0, "%")), ("0.5 days", "%", (0.5, "days")),
    ("1,000万元", "万元", ("1,000", "万元")), ("九成以上", "%", ("九成以上", None)), ("九成以上%", "%", ("九成以上", "%")),
    ("90 %", "%", ("90 %", None)), ("1e3%", "%", ("1e3", "%")), ("", "%", (None, None))])
def test_a_kpi_target_cell_reads_as_what_prints_it_back(cell, unit, want):
    """Only a reading that jd/context.py prints back as the same cell: 1,000万元 was target 1
    with unit “,000万元”, printed “1 ,000万元” (and the check after writing caught it: exit 2)."""
    from jobdesc.importer.roundtrip_fields import kpi_target
    from jobdesc.jd.context import _amount

    assert kpi_target(cell, unit) == want
    if want[0] is not None:
        assert _amount(str(want[0]), want[1]) == cell


def test_spellings_of_the_same_value_change_nothing_or_come_back(built, roles, tmp_path):
    """A weight typed 40.0%, a summary split into two paragraphs, a duty whose text was deleted
    but not its number: none of them an internal error."""
    import copy

    doc = WordXml(built[1])
    retype(doc, "40%", "40.0%")
    summary = doc.paragraph("协助营销总监开展销售工作")
    second = copy.deepcopy(summary)
    summary.addnext(second)
    texts = list(second.iter(f"{{{W}}}t"))
    texts[0].text = "第二段"
    for t in texts[1:]:
        t.text = ""
    doc.set_content(doc.paragraph("收集行业及竞品信息"), "")
    lines, _ = imported(tmp_path, roles, doc.bytes())
    assert lines == ["-summary: 协助营销总监开展销售工作，主持售楼处的整体运作，对销售和回款任务的完成负责。",
                     '+summary: "协助营销总监开展销售工作，主持售楼处的整体运作，对销售和回款任务的完成负责。\\n第二段"',
                     "-  - 收集行业及竞品信息，分析市场竞争态势，提出改进方案和措施"]


def test_raci_and_approval_rows_name_the_process_file(built, roles, tmp_path):
    doc = WordXml(built[1])
    raci_rows = [p for p in doc.root.iter(f"{{{W}}}p") if WordXml.text(p).startswith(("R ", "A ", "C ", "I "))]
    assert raci_rows
    texts = list(raci_rows[0].iter(f"{{{W}}}t"))
    texts[0].text = "C 咨询" if texts[0].text != "C 咨询" else "I 知会"
    for t in texts[1:]:
        t.text = ""
    before = {path: path.read_bytes() for path in roles.rglob("*.yaml")}
    result = run_import(tmp_path, roles, doc.bytes())
    assert result.exit_code == 0, result.output
    assert "is kept in processes/" in result.output and ".yaml: edit it there" in result.output
    assert {path: path.read_bytes() for path in roles.rglob("*.yaml")} == before


def test_an_edited_inherited_duty_is_refused_naming_where_it_comes_from(roles, tmp_path):
    """Items after “以下职责承接自…” come from the role this one extends: an edit there was an
    internal error (the check after writing found the YAML did not print it)."""
    from jobdesc.importer.word_jd import read_word_job_description
    from jobdesc.jd.workers import JobDescriptionMaker
    from jobdesc.format.loader import load_organisation
    from jobdesc.templating import TemplateSet

    org, _ = load_organisation(roles)
    data = JobDescriptionMaker(org, TemplateSet.for_organisation(roles).folders).docx("sales-supervisor-1")
    duties = read_word_job_description(data, "zh-CN").sections["duties"]
    inherited = duties.items[duties.notes[0][0] + 1][1]
    doc = WordXml(data)
    doc.set_content(doc.paragraph(inherited), r(inherited + "（改）"))
    before = {path: path.read_bytes() for path in roles.rglob("*.yaml")}
    result = run_import(tmp_path, roles, doc.bytes())
    assert result.exit_code == 0, result.output
    assert "are inherited (extends): edit them in the role they come from" in result.output
    assert {path: path.read_bytes() for path in roles.rglob("*.yaml")} == before


def test_a_column_heading_or_an_emptied_label_row_is_no_internal_error(built, roles, tmp_path):
    """A KPI column heading retyped was an exit 2 (the check found the YAML did not print it):
    it is refused. An education cell emptied would remove `education`, and then the role's level's
    requirement would print in its place (an exit 2 when the example gained levels): refused too."""
    doc = WordXml(built[1])
    retype(doc, "考核周期", "周期")
    retype(doc, "大专及以上学历，市场营销相关专业优先", "")
    lines, output = imported(tmp_path, roles, doc.bytes())
    assert lines == []
    assert "the column headings are jobdesc's labels" in output
    assert "emptied, but the role has a level whose requirement would print in its place" in output


def test_a_retyped_heading_keeps_its_section_and_a_bare_weight_is_a_percentage(built, roles, tmp_path):
    """The KPI heading emptied merged its table into the section before (exit 2); retyped, its
    KPIs would have been deleted. Now the section is refused and kept; a weight typed 40 is 40%."""
    doc = WordXml(built[1])
    heading = [p for p in doc.root.iter(f"{{{W}}}p") if WordXml.text(p) == "考核指标"][0]
    for t in heading.iter(f"{{{W}}}t"):
        t.text = ""
    lines, output = imported(tmp_path, roles, doc.bytes())
    assert lines == [] and "its heading was retyped or removed in Word" in output
    doc = WordXml(built[1])
    retype(doc, "40%", "40")
    lines, output = imported(tmp_path, roles, doc.bytes())
    assert lines == []
