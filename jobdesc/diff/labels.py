"""Words of the diff report, in the newer version's handbook language (zh-CN, zh-TW, zh-HK, en).

Field names are the job description's own labels (jd/labels.py), so a reviewer reads the
same words as on the printed job description.
"""
from __future__ import annotations

from functools import lru_cache

from ..i18n import labels_for
from ..jd.labels import jd_labels

ZH = {
    "added": "新增岗位 {n} 个", "removed": "撤销岗位 {n} 个", "renamed": "更名 {n} 个", "moved": "调动 {n} 个",
    "changed": "内容变更 {n} 个", "departments": "部门变更 {n} 个", "activities": "流程活动变更 {n} 项", "documents": "制度与会议变更 {n} 项",
    "no_changes": "no changes（无变更）",
    "kind_added": "新增", "kind_removed": "撤销", "kind_changed": "变更",
    "positions": "岗位", "departments_heading": "部门", "processes": "流程职责（RACI）",
    "headcount_heading": "编制变化", "total": "合计", "budget": "编制", "filled": "在岗", "vacant": "空缺",
    "department_col": "部门", "not_stated_posts": "编制未列明岗位 {n}",
    "headline_headcount": "编制 {budget}，在岗 {filled}，空缺 {vacant}",
    "renamed_title": "岗位名称", "renamed_file": "岗位编号（文件名）", "moved_label": "调动",
    "manager": "直接上级", "assistant": "助理岗", "approval": "审批权限", "four_eyes": "双人复核",
    "name": "名称", "parent": "上级部门", "organization": "组织名称", "external_positions": "外部岗位",
    "headcount": "编制 / 在岗 / 空缺", "extends": "承接职责自", "letters": "RACI",
    "activity_added": "新增活动", "activity_removed": "删除活动", "yes": "是", "none": "无",
    "more_positions": "……另有 {n} 个岗位的变更未列出（超出作业摘要的长度），请用 `jobdesc diff` 查看全部。",
    "meetings": "会议制度", "chapters": "手册章节", "documents_heading": "会议与制度", "content": "内容",
    "level": "职级", "family": "职位序列",
    "changes_title": "组织变更对照表", "legend_deleted": "删除的文字", "legend_inserted": "新增的文字",
}

EN = {
    "added": "{n} added", "removed": "{n} removed", "renamed": "{n} renamed", "moved": "{n} moved",
    "changed": "{n} changed", "departments": "{n} departments changed", "activities": "{n} RACI activities changed", "documents": "{n} meetings or chapters changed",
    "no_changes": "no changes",
    "kind_added": "added", "kind_removed": "removed", "kind_changed": "changed",
    "positions": "Positions", "departments_heading": "Departments", "processes": "Processes (RACI)",
    "headcount_heading": "Headcount", "total": "Total", "budget": "Budget", "filled": "Filled", "vacant": "Vacant",
    "department_col": "Department", "not_stated_posts": "posts not stated {n}",
    "headline_headcount": "budget {budget}, filled {filled}, vacant {vacant}",
    "renamed_title": "Title", "renamed_file": "Id (file name)", "moved_label": "Moved",
    "manager": "Reports to", "assistant": "Assistant", "approval": "Approval limits", "four_eyes": "Four eyes",
    "name": "Name", "parent": "Parent department", "organization": "Organisation", "external_positions": "External positions",
    "headcount": "Budget / Filled / Vacant", "extends": "Extends", "letters": "RACI",
    "activity_added": "activity added", "activity_removed": "activity removed", "yes": "yes", "none": "none",
    "more_positions": "… and {n} more positions changed, left out to keep the job summary within its size limit; run `jobdesc diff` to see them all.",
    "meetings": "Meetings", "chapters": "Handbook chapters", "documents_heading": "Meetings and chapters", "content": "Content",
    "level": "Level", "family": "Job family",
    "changes_title": "Organisation changes", "legend_deleted": "deleted text", "legend_inserted": "inserted text",
}


@lru_cache(maxsize=None)
def diff_labels(language: str) -> dict[str, str]:
    labels = dict(jd_labels(language))
    labels.update(labels_for(language, ZH, EN))
    return labels


def field_label(labels: dict[str, str], name: str) -> str:
    return labels.get(name, name)
