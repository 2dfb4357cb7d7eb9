"""Printed labels of the handbook's own pages."""
from __future__ import annotations

from ..i18n import labels_for

ZH = {
    "default_title": "岗位说明书汇编", "version": "版本", "effective": "生效日期", "approved_by": "批准人",
    "positions": "岗位数", "headcount": "编制 / 在岗 / 空缺", "contents": "目录", "cover": "封面",
    "orgchart": "组织架构图", "staffing": "定岗定编表", "departments": "部门职责与岗位说明书",
    "raci": "权责矩阵", "authority": "审批权限表", "levels": "职级体系表", "stats": "组织结构分析", "signoff": "附录：签收情况",
    "index": "岗位索引", "department_duties": "部门职责",
    "positions_in_department": "本部门岗位", "position": "岗位", "grade": "级别", "reports_to": "直接上级",
    "budget": "编制", "filled": "在岗", "vacant": "空缺", "sub_departments": "下属部门",
    "approval_note": "本汇编由岗位数据自动生成，经批准后生效；各岗位说明书另附签字页。",
    "other": "其他", "strokes": "{count}画",  # a Traditional index's group: 八畫
    "not_stated": "未列明", "serving": "{title}（兼顾本部门，属{department}）", "serves": "兼顾{departments}",
    "meetings": "会议制度", "meeting": "会议", "cadence": "周期", "when": "时间", "chair": "主持",
    "attendees": "参加人员", "minutes": "记录", "agenda": "议程",
    "meetings_note": "参加人员为部门的，该部门（含下属部门）全体岗位参加；各岗位说明书列出本岗位主持、参加或记录的会议。",
}
EN = {
    "default_title": "Job Description Handbook", "version": "Version", "effective": "Effective",
    "approved_by": "Approved by", "positions": "Positions", "headcount": "Budget / Filled / Vacant",
    "contents": "Contents", "cover": "Cover", "orgchart": "Organisation chart", "staffing": "Staffing table",
    "departments": "Departments and job descriptions", "raci": "Responsibility matrices (RACI)",
    "authority": "Approval limits", "levels": "Job Levels", "stats": "Structure Analysis", "signoff": "Appendix: sign-off",
    "index": "Index of positions", "department_duties": "Department duties",
    "positions_in_department": "Positions in this department", "position": "Position", "grade": "Grade",
    "reports_to": "Reports to", "budget": "Budget", "filled": "Filled", "vacant": "Vacant",
    "sub_departments": "Sub-departments",
    "approval_note": "Generated from the organisation's position data; effective once approved. "
                     "Each job description carries its own signature block.",
    "other": "Other", "strokes": "{count} strokes",
    "not_stated": "not stated", "serving": "{title} (also serves this department; in {department})",
    "serves": "also serves {departments}",
    "meetings": "Meetings", "meeting": "Meeting", "cadence": "Cadence", "when": "When", "chair": "Chair",
    "attendees": "Attendees", "minutes": "Minutes", "agenda": "Agenda",
    "meetings_note": "A department among the attendees means every position in it (and in its sub-departments); "
                     "each job description lists the meetings its position chairs, attends or minutes.",
}


def handbook_labels(language: str) -> dict[str, str]:
    return labels_for(language, ZH, EN)
