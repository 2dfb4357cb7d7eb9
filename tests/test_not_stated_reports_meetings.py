"""Issue 30 points 1, 2 and 7 on the models and the view data every output prints from (the
seed org in test_seed001_art4_org.py reads the built files): a report with no recipient, a
meeting with no chair or attendees, `minutes: true`, regular and irregular meetings, KPI ranges
as written, in Simplified, Traditional and English editions."""
from __future__ import annotations

from pathlib import Path

import pytest

from jobdesc.format.loader import load_organisation
from jobdesc.handbook.meetings_view import meeting_columns, meeting_lines
from jobdesc.jd.context import build_job_description
from jobdesc.site.pages import meeting_views

ORG = """organization: 测试
departments:
  - id: sales
    name: 销售部
    parent: null
    reports:
      - {name: 销售情况统计表, period: daily, from: seller}
handbook: {language: LANG}
"""
MANAGER = """title: 销售经理
department: sales
duties: [带领团队]
headcount: {budget: 1, filled: 1}
"""
SELLER = """title: 置业顾问
department: sales
reports_to: manager
duties: [接待客户]
headcount: {budget: 2, filled: 2}
kpis:
  - {name: 满意度, target: {min: 80, max: 90}, unit: "%"}
  - {name: 成交率, target: {min: 20}, unit: "%"}
  - {name: 投诉, target: {max: 5}, unit: 次}
  - {name: 有效电话, target: 不低于20个}
reports:
  - {name: 工作日报, period: daily}
  - {name: 来电总结, period: weekly, at: company-weekly}
"""
MEETINGS = {
    "company-weekly": "name: 公司销售例会\nperiod: weekly\n",
    "business": "name: 业务会议\nperiod: regular\nminutes: true\n",
    "project": "name: 专案会\nperiod: irregular\nchair: manager\n",
}


def _org(tmp_path: Path, language: str = "zh-CN"):
    root = tmp_path / "org"
    (root / "meetings").mkdir(parents=True)
    (root / "org.yaml").write_text(ORG.replace("LANG", language), "utf-8")
    (root / "manager.yaml").write_text(MANAGER, "utf-8")
    (root / "seller.yaml").write_text(SELLER, "utf-8")
    for name, text in MEETINGS.items():
        (root / "meetings" / f"{name}.yaml").write_text(text, "utf-8")
    organisation, warnings = load_organisation(root)
    assert not warnings
    return organisation


def test_kpi_ranges_and_text_targets_print_as_written(tmp_path):
    jd = build_job_description(_org(tmp_path), "seller")
    assert [k.target for k in jd.kpis] == ["80–90%", "≥ 20%", "≤ 5次", "不低于20个"]
    assert jd.kpi_columns == ("target",)  # no period, no weight typed: no such columns


def test_a_report_without_recipient_says_not_stated_and_names_its_meeting(tmp_path):
    org = _org(tmp_path)
    jd = build_job_description(org, "seller")
    daily, weekly, department = jd.reports
    assert (daily.to, daily.to_text, daily.external) == ((), "未列明", False)
    assert weekly.due == "每周 · 于公司销售例会汇报"
    assert department.name == "销售情况统计表（代销售部）" and department.to_text == "未列明"
    assert build_job_description(org, "manager").reports == ()


def test_a_meeting_that_names_nobody_makes_nobody_attend_or_chair(tmp_path):
    org = _org(tmp_path)
    assert [m.name for m in build_job_description(org, "seller").meetings] == []
    manager = build_job_description(org, "manager").meetings
    assert [(m.name, m.part) for m in manager] == [("专案会", "主持")]
    assert list(org.meetings) == ["company-weekly", "business", "project"]  # cadence order: 定期, 不定期 last


def test_the_meetings_table_says_not_stated_and_who_keeps_minutes(tmp_path):
    org = _org(tmp_path)
    assert meeting_columns(org) == ("chair", "minutes")
    lines = {line.name: line for line in meeting_lines(org)}
    assert (lines["公司销售例会"].chair, lines["公司销售例会"].attendees) == ("未列明", ("未列明",))
    assert (lines["业务会议"].cadence, lines["业务会议"].minutes) == ("定期", "专人记录（未列明岗位）")
    assert lines["专案会"].cadence == "不定期"
    views = {view.name: view for view in meeting_views(org)}
    assert views["公司销售例会"].chair is None and views["公司销售例会"].attendees == ()
    assert views["业务会议"].minutes is None and views["业务会议"].minutes_unnamed


@pytest.mark.parametrize("language, not_stated, regular, irregular, unnamed", [
    ("zh-TW", "未列明", "定期", "不定期", "專人記錄（未列明職務）"),
    ("en", "not stated", "Regularly (cadence not stated)", "Irregularly", "a designated person (post not stated)"),
])
def test_other_editions_have_their_own_words(tmp_path, language, not_stated, regular, irregular, unnamed):
    org = _org(tmp_path, language)
    lines = {line.id: line for line in meeting_lines(org)}
    assert (lines["company-weekly"].chair, lines["business"].cadence, lines["project"].cadence) == \
        (not_stated, regular, irregular)
    assert lines["business"].minutes == unnamed
    assert build_job_description(org, "seller").reports[0].to_text == not_stated
