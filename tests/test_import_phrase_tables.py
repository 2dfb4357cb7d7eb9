"""Issue 29 (1, 2): the phrase tables that read reports owed, meetings and approval steps from a
duty, on sentences of the real seeds (001: line numbers given) and their Traditional forms."""
from __future__ import annotations

import pytest

from jobdesc.importer.approvals import approvals_in
from jobdesc.importer.duty_meetings import meetings_in_duty
from jobdesc.importer.owed_reports import read_report, reports_in
from jobdesc.importer.text import recognition_view


def _reports(text: str) -> list[tuple[str, str, bool]]:
    return [(r.name, r.to, r.whole) for r in reports_in(text, recognition_view(text))]


@pytest.mark.parametrize("text, expected", [
    ("负责对客户的缴款情况进行统计并上报主管。", [("客户的缴款情况进行统计", "主管", False)]),  # 153
    ("认真作好现场的各种信息的记录和统计工作，并提交销售主管。", [("现场的各种信息的记录和统计工作", "销售主管", False)]),  # 125
    ("3、定期组织汇报销售情况,编制销售报表,定期报送经理。", [("编制销售报表", "经理", False)]),  # 2479
    ("定期向销售主管提交个人工作总结。", [("个人工作总结", "销售主管", True)]),  # 833
    ("每日向总经理分别汇报前一日工作和当日工作安排;", [("前一日工作和当日工作安排", "总经理", True)]),  # 549
    ("熟知楼盘的销售策略,随时向上级反馈市场信息。", [("市场信息", "上级", False)]),  # 129
    ("每周一上午向項目經理提交投訴周報。", [("投訴周報", "項目經理", True)]),
    ("每日上午10:00前提交工作日報給營銷總監。", [("工作日報", "營銷總監", True)]),
])
def test_a_report_owed_is_read_from_its_clause(text, expected):
    assert _reports(text) == expected


@pytest.mark.parametrize("text", [
    "在市場部經理的指導下開展工作，向市場部經理匯報;",  # whom it answers to, no report
    "了解项目的价格、户型、朝向、面积、定位、交通以及周边环境和配套等，抓住卖点；",  # 朝向, 交通
    "统计销售业绩及制订提成方案，提交公司审核。",  # an approval step, not a report
    "负责销售人员每月的提成上报工作。",  # no recipient named
])
def test_no_report_where_none_is_owed(text):
    assert _reports(text) == []
    assert read_report(text, recognition_view(text)) is None


def _meetings(text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(m.name, m.period, m.role, m.chair_words) for m in meetings_in_duty(text, recognition_view(text))]


@pytest.mark.parametrize("text, expected", [
    ("7、组织召开日会、周会、月底总结会。", [("日会", "daily", "chair", None), ("周会", "weekly", "chair", None),
                                            ("月底总结会", "monthly", "chair", None)]),  # 341
    ("2、负责公司内部的沟通协调,参加例会。", [("例会", "regular", "attends", None)]),  # 37
    ("25.协助经理定期召开业务会议;", [("业务会议", "regular", None, "经理")]),  # 495
    ("负责每天晨会的召开,和售楼部日常工作的安排。", [("每天晨会", "daily", "chair", None)]),  # 99
    ("16.负责执行例会制度,并负责检查小组例会的执行情况;", [("小组例会", "regular", None, None)]),  # 1357
    ("3.每周对来电量、到访客户量进行总结,在每周公司销售例会上进行汇报;", [("每周公司销售例会", "weekly", "attends", None)]),
    ("13、组织召开区域经销商会议。", [("区域经销商会议", None, "chair", None)]),  # cadence not stated
    ("4、主持週會和每日例會。", [("週會", "weekly", "chair", None), ("每日例會", "daily", "chair", None)]),
])
def test_a_meeting_named_in_a_duty(text, expected):
    assert _meetings(text) == expected


@pytest.mark.parametrize("text", ["负责销售部会议记录，及时制作每日销售情况报表。", "8.制定每周展销会报表", "参加会议。",
                                  "严格执行办事处例会制度", "每月会计核算"])
def test_no_meeting_where_none_is_named(text):
    assert _meetings(text) == []


@pytest.mark.parametrize("text, expected", [
    ("4、代理法人与客户签订业务合同，并及时将合同上交售楼经理审核后复查；", [("合同", "售楼经理")]),  # 805
    ("定期提出销售计划调整方案，报总经理审批后组织实施。", [("提出销售计划调整方案", "总经理")]),  # 1807
    ("特價申請由銷售經理審批。", [("特價申請", "銷售經理")]),
    ("超出权限的价格折扣报营销总监批准。", [("超出权限的价格折扣", "营销总监")]),
])
def test_an_approval_step(text, expected):
    assert [(a.activity, a.approver) for a in approvals_in(text, recognition_view(text))] == expected


@pytest.mark.parametrize("text", ["负责审核每月的促销计划、每月报纸广告稿件的审核。", "负责对一般合同的审批"])
def test_no_approval_step_without_an_approver(text):
    assert approvals_in(text, recognition_view(text)) == []
