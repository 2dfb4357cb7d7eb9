"""The change model of `jobdesc diff` on pairs of small organisations written here."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

from jobdesc.diff.model import compare
from jobdesc.diff.raci import approval_text
from jobdesc.diff.text import word_diff
from jobdesc.format.loader import load_organisation
from tests.conftest import small_org_data, write_org


def two_departments():
    org, roles, processes = small_org_data()
    org["departments"].append({"id": "service", "name": "客服部", "parent": "sales"})
    roles["clerk"] = {"title": "客服专员", "department": "service", "reports_to": "manager",
                      "duties": ["受理客户投诉"], "headcount": {"budget": 2, "filled": 2}}
    return org, roles, processes


def pair(tmp_path: Path, change, base=small_org_data):
    """Compare a base organisation with a copy `change(org, roles, processes)` edited in place."""
    org, roles, processes = base()
    old = write_org(tmp_path / "old", org, roles, processes)
    org2, roles2, processes2 = copy.deepcopy((org, roles, processes))
    change(org2, roles2, processes2)
    new = write_org(tmp_path / "new", org2, roles2, processes2)
    return compare(load_organisation(old)[0], load_organisation(new)[0])


def only_position(changes, role_id):
    found = [p for p in changes.positions if p.id == role_id]
    assert len(found) == 1, changes.positions
    return found[0]


def field(position, name):
    found = [f for f in position.fields if f.field == name]
    assert len(found) == 1, position.fields
    return found[0]


def ops(segments):
    return [(s.op, s.text) for s in segments]


def test_identical_versions_are_empty(tmp_path):
    changes = pair(tmp_path, lambda org, roles, processes: None)
    assert changes.empty
    assert changes.positions == () and changes.processes == () and changes.departments == ()


def test_added_and_removed_positions(tmp_path):
    def change(org, roles, processes):
        del roles["assistant"]
        roles["trainee"] = {"title": "见习顾问", "department": "sales", "reports_to": "manager",
                            "headcount": {"budget": 2, "filled": 0}, "duties": ["学习销讲"]}

    changes = pair(tmp_path, change)
    assert changes.counts()["added"] == 1 and changes.counts()["removed"] == 1
    added, removed = only_position(changes, "trainee"), only_position(changes, "assistant")
    assert added.kind == "added" and removed.kind == "removed"
    assert field(added, "duties").items[0].new == "学习销讲"
    assert field(removed, "duties").items[0].old == "整理会议记录"
    # Budget 1 (assistant) out, 2 in; filled 1 out, 0 in.
    total = changes.headcount[-1]
    assert (total.old.budget, total.new.budget, total.old.filled, total.new.filled) == (5, 6, 4, 3)
    assert (total.old.vacant, total.new.vacant) == (1, 3)


def test_renamed_title_is_word_level(tmp_path):
    changes = pair(tmp_path, lambda o, roles, p: roles["seller"].update(title="高级置业顾问"))
    seller = only_position(changes, "seller")
    assert seller.kind == "changed" and changes.counts()["renamed"] == 1
    assert ops(seller.renamed.segments) == [("insert", "高级"), ("equal", "置业顾问")]
    assert changes.counts()["added"] == changes.counts()["removed"] == 0


def test_move_to_another_department_and_manager(tmp_path):
    def change(org, roles, processes):
        roles["clerk"].update(department="sales", reports_to="seller")

    changes = pair(tmp_path, change, base=two_departments)
    clerk = only_position(changes, "clerk")
    assert clerk.moved.old_department == "客服部" and clerk.moved.new_department == "销售部"
    assert clerk.moved.old_manager == "销售经理 (manager)" and clerk.moved.new_manager == "置业顾问 (seller)"
    assert clerk.fields == ()
    assert changes.counts() == {"added": 0, "removed": 0, "renamed": 0, "moved": 1, "changed": 0,
                                "departments": 0, "activities": 0, "documents": 0}
    # The budget of 2 leaves 客服部 for 销售部; the total stays.
    rows = {row.id: row for row in changes.headcount}
    assert rows["service"].old.budget == 2 and rows["service"].new.budget == 0
    assert rows["sales"].new.budget - rows["sales"].old.budget == 2
    assert rows[None].old == rows[None].new


def test_renamed_file_with_same_content_is_one_rename(tmp_path):
    def change(org, roles, processes):
        roles["sales-manager"] = roles.pop("manager")
        for role in roles.values():
            if role.get("reports_to") == "manager":
                role["reports_to"] = "sales-manager"
        processes["contract"]["activities"][0]["A"] = "sales-manager"

    changes = pair(tmp_path, change)
    renamed = only_position(changes, "sales-manager")
    assert renamed.old_id == "manager" and renamed.kind == "changed"
    assert changes.counts()["added"] == changes.counts()["removed"] == 0
    assert changes.counts()["moved"] == 0  # its reports follow the new id: not moves
    assert [p.id for p in changes.positions] == ["sales-manager"]


def test_renamed_file_with_other_changes_is_remove_plus_add(tmp_path):
    def change(org, roles, processes):
        roles["helper"] = dict(roles.pop("assistant"), title="秘书")

    changes = pair(tmp_path, change)
    assert {(p.id, p.kind) for p in changes.positions} == {("helper", "added"), ("assistant", "removed")}


def test_assistant_and_dotted_line(tmp_path):
    def change(org, roles, processes):
        roles["assistant"]["assistant"] = False
        roles["seller"]["dotted_to"] = ["coo"]

    changes = pair(tmp_path, change)
    assistant = field(only_position(changes, "assistant"), "assistant").items[0]
    assert (assistant.op, assistant.old, assistant.new) == ("removed", "yes", None)
    dotted = field(only_position(changes, "seller"), "dotted_to").items
    assert [(i.op, i.new) for i in dotted] == [("added", "运营长 (coo)")]


def test_duties_kpis_qualifications_reports_word_by_word(tmp_path):
    def change(org, roles, processes):
        seller = roles["seller"]
        seller["duties"] = ["接待来访客户并做好登记", "跟进意向客户"]
        seller["kpis"][0]["target"] = 25
        seller["qualifications"] = {"education": "本科及以上", "skills": ["熟练使用Excel"]}
        seller["reports"] = [{"name": "工作日报", "to": "manager", "due": "每日上午10:00前"}]
        roles["manager"]["duties"][1]["items"][1] = "季度考核"

    changes = pair(tmp_path, change)
    seller = only_position(changes, "seller")
    duties = field(seller, "duties").items
    assert [(d.op, d.old, d.new) for d in duties] == [
        ("changed", "接待来访客户", "接待来访客户并做好登记"), ("added", None, "跟进意向客户")]
    assert ops(duties[0].segments) == [("equal", "接待来访客户"), ("insert", "并做好登记")]
    kpi = field(seller, "kpis").items[0]
    assert kpi.op == "changed" and ("delete", "20") in ops(kpi.segments) and ("insert", "25") in ops(kpi.segments)
    assert field(seller, "education").items[0].new == "本科及以上"
    assert field(seller, "skills").items[0].new == "熟练使用Excel"
    report = field(seller, "reports").items[0]
    assert report.new == "工作日报 → 销售经理 (manager) (每日上午10:00前)"
    # A sub-item keeps its depth, and only the changed characters are marked.
    sub = field(only_position(changes, "manager"), "duties").items[0]
    assert sub.depth == 1 and sub.under == "团队管理" and ops(sub.segments) == [("insert", "季度"), ("equal", "考核")]


def test_headcount_and_incumbents(tmp_path):
    def change(org, roles, processes):
        roles["seller"]["headcount"] = {"budget": 4, "filled": 3}
        roles["seller"]["incumbents"] = ["张三", "李四", "王五"]

    changes = pair(tmp_path, change)
    seller = only_position(changes, "seller")
    assert field(seller, "headcount").items[0].old == "3 / 2 / 1"
    assert field(seller, "headcount").items[0].new == "4 / 3 / 1"
    assert [(i.op, i.new) for i in field(seller, "incumbents").items] == [("added", "王五")]
    (sales, total) = changes.headcount
    assert sales.name == "销售部" and (sales.old.budget, sales.new.budget) == (5, 6)
    assert total.id is None and (total.old.filled, total.new.filled) == (4, 5)


def test_raci_letters(tmp_path):
    def change(org, roles, processes):
        activities = processes["contract"]["activities"]
        activities[0].update(R=["seller", "assistant"], I=[])
        activities.append({"name": "合同归档", "R": ["assistant"], "A": "manager"})

    changes = pair(tmp_path, change)
    (process,) = changes.processes
    assert process.id == "contract" and process.kind == "changed"
    first, added = process.activities
    assert [(x.position, x.old, x.new) for x in first.letters] == [("assistant", "", "R"), ("coo", "I", "")]
    assert added.kind == "added" and [(x.position, x.new) for x in added.letters] == [
        ("assistant", "R"), ("manager", "A")]
    assert changes.counts()["activities"] == 2


def test_process_added_and_four_eyes(tmp_path):
    def change(org, roles, processes):
        processes["contract"]["activities"][0]["four_eyes"] = False
        processes["leave"] = {"name": "请假审批", "activities": [{"name": "请假", "R": "seller", "A": "manager"}]}

    changes = pair(tmp_path, change)
    kinds = {p.id: p.kind for p in changes.processes}
    assert kinds == {"contract": "changed", "leave": "added"}
    contract = next(p for p in changes.processes if p.id == "contract")
    assert contract.activities[0].fields[0].field == "four_eyes"
    assert contract.activities[0].letters == ()


def test_departments_renamed_added(tmp_path):
    def change(org, roles, processes):
        org["departments"][0]["name"] = "销售一部"
        org["departments"].append({"id": "new-dept", "name": "渠道部", "parent": "sales"})

    changes = pair(tmp_path, change)
    kinds = {d.id: d.kind for d in changes.departments}
    assert kinds == {"sales": "changed", "new-dept": "added"}
    renamed = changes.departments[0].fields[0]
    assert renamed.field == "name" and ops(renamed.items[0].segments) == [
        ("equal", "销售"), ("insert", "一"), ("equal", "部")]


def test_a_single_approver_becoming_tiers_is_an_approval_change(tmp_path):
    def change(org, roles, processes):
        activity = processes["contract"]["activities"][0]
        activity.update(unit="万元", A=[{"up_to": 5, "role": "manager"}, {"role": "coo"}], I=[])

    contract = next(p for p in pair(tmp_path, change).processes if p.id == "contract")
    approval = next(f for f in contract.activities[0].fields if f.field == "approval")
    assert [(x.op, x.old, x.new) for x in approval.items] == [
        ("added", None, "≤ 5 万元: 销售经理 (manager); > 5 万元: 运营长 (coo)")]
    assert [(x.position, x.old, x.new) for x in contract.activities[0].letters] == [("coo", "I", "A")]


def test_approval_limits_are_one_comparable_line(tmp_path):
    org_data, roles, processes = small_org_data()
    processes["contract"]["activities"].append({"name": "大额合同", "R": ["seller"], "unit": "万元",
                                                 "A": [{"up_to": 5, "role": "manager"}, {"role": "coo"}]})
    org = load_organisation(write_org(tmp_path / "o", org_data, roles, processes))[0]
    process = org.processes["contract"]
    assert approval_text(process.activities[1], process, org) == "≤ 5 万元: 销售经理 (manager); > 5 万元: 运营长 (coo)"
    assert approval_text(process.activities[0], process, org) is None  # one approver: the letter says it


@pytest.mark.parametrize("old, new, expected", [
    ("每日有效电话不少于20个", "每日有效电话不少于25个",
     [("equal", "每日有效电话不少于"), ("delete", "20"), ("insert", "25"), ("equal", "个")]),
    ("制定月度销售计划", "制定季度销售方案",
     [("equal", "制定"), ("delete", "月度"), ("insert", "季度"), ("equal", "销售"), ("delete", "计划"), ("insert", "方案")]),
    ("熟练使用Excel", "熟练使用Excel和PPT", [("equal", "熟练使用Excel"), ("insert", "和PPT")]),
    ("完全不同的内容", "另一句话", [("delete", "完全不同的内容"), ("insert", "另一句话")]),
])
def test_word_diff_groups_chinese_sensibly(old, new, expected):
    segments = word_diff(old, new)
    assert ops(segments) == expected
    assert "".join(s.text for s in segments if s.op != "insert") == old
    assert "".join(s.text for s in segments if s.op != "delete") == new


def test_meetings_and_chapters_compared_as_files(tmp_path):
    from jobdesc.diff.documents import document_changes

    old, new = tmp_path / "old", tmp_path / "new"
    for root in (old, new):
        (root / "meetings").mkdir(parents=True)
        (root / "chapters").mkdir()
    (old / "meetings" / "weekly.yaml").write_text(
        "name: 销售周例会\nperiod: weekly\nchair: manager\nattendees: [seller, assistant]\n", "utf-8")
    (new / "meetings" / "weekly.yaml").write_text(
        "name: 销售周例会\nperiod: weekly\nchair: manager\nattendees: [seller]\nagenda: [上周销售情况分析]\n", "utf-8")
    (old / "chapters" / "01-例会制度.md").write_text("# 例会制度\n\n每周一上午召开例会。\n", "utf-8")
    (new / "chapters" / "01-例会制度.md").write_text("# 例会制度\n\n每周一上午九点召开例会。\n", "utf-8")
    (new / "chapters" / "02-职业道德.md").write_text("# 职业道德规范\n\n诚实守信。\n", "utf-8")
    changes = {(d.folder, d.id): d for d in document_changes(old, new)}
    assert set(changes) == {("meetings", "weekly"), ("chapters", "01-例会制度"), ("chapters", "02-职业道德")}
    meeting = changes[("meetings", "weekly")]
    assert meeting.kind == "changed" and meeting.title == "销售周例会"
    assert [(i.op, i.old, i.new) for i in meeting.fields[0].items] == [
        ("changed", "attendees: seller、assistant", "attendees: seller"), ("added", None, "agenda: 上周销售情况分析")]
    chapter = changes[("chapters", "01-例会制度")].fields[0].items[0]
    assert ops(chapter.segments) == [("equal", "每周一上午"), ("insert", "九点"), ("equal", "召开例会。")]
    added = changes[("chapters", "02-职业道德")]
    assert added.kind == "added" and added.title == "职业道德规范"
    assert document_changes(old, old) == ()


def test_chapters_reach_the_report(tmp_path, run_cli):
    org, roles, processes = small_org_data()
    old = write_org(tmp_path / "old", org, roles, processes)
    new = write_org(tmp_path / "new", org, roles, processes)
    (new / "chapters").mkdir()
    (new / "chapters" / "01-例会制度.md").write_text("# 例会制度\n\n每周一上午召开例会。\n", "utf-8")
    out = run_cli("diff", old, new).output
    assert "制度与会议变更 1 项" in out and "手册章节\n+ 例会制度 (01-例会制度)" in out
