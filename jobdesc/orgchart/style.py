"""Sizes (in pt, at 100 %), colours and printed labels of the org chart.

Every font is at least 8 pt, so a page may be scaled down to 7/8 before any text prints
below 7 pt; past that the chart is split into pages (see paging.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import labels_for

BOX_W = 124.0
PAD_X = 7.0
PAD_TOP = 5.0
PAD_BOTTOM = 4.0
STRIPE_H = 4.0        # the department colour band on top of every box
TAB_H = 13.0          # …widened into a tab with the name where a department starts
FOOTER_H = 14.0       # 编制 / 在岗 / 空缺
MARK_H = 13.0         # "continued on page N" bar
TITLE_SIZE = 10.0
BODY_SIZE = 8.0
LINE_FACTOR = 1.32    # line height / font size

H_GAP = 14.0          # between neighbouring subtrees
V_GAP = 36.0          # between a row of boxes and the next (the bus runs inside it)
ASSIST_DX = 16.0      # assistant box: how far beside the manager's trunk
ASSIST_GAP = 8.0
STACK_INSET = 12.0    # one-sided stack: spine this far in from the column's left
STACK_SIDE_GAP = 10.0  # two-sided stack: spine to box
STACK_GAP = 8.0       # between stacked boxes
LANE = 9.0            # dotted lines run this far inside a gutter, clear of the buses



@dataclass(frozen=True)
class Fold:
    """When childless children are stacked on a spine instead of being put in a row."""

    stack_min: int = 3       # this many childless children or more are stacked
    one_sided_max: int = 4   # up to this many hang in a single column; more go on two-sided spines
    spine_rows: int = 6      # rows per two-sided spine before another spine is started


ROOMY = Fold()  # the example-sized chart: pairs side by side, as people draw them


def compact_fold(paper: str) -> Fold:
    """Folding for charts too big for one sheet: stack even pairs, and no stack taller than the sheet allows."""
    rows = 6 if paper == "A3" else 3
    return Fold(stack_min=2, one_sided_max=rows, spine_rows=rows)


MIN_FONT = BODY_SIZE
MIN_PRINTED_PT = 7.0
MIN_SCALE = MIN_PRINTED_PT / MIN_FONT
MAX_SCALE = 1.6       # a small chart is enlarged at most this much on paper

INK = "#1f2933"
MUTED = "#5f6b7a"
LINE = "#55606e"
DOTTED = "#7b4fb0"
PARTIAL = "#dd7a00"   # has vacancies
VACANT = "#c0392b"    # fully vacant
VACANT_FILL = "#fdf1ef"
EXTERNAL_INK = "#7d8590"
EXTERNAL_FILL = "#eef0f2"
EXTERNAL_LINE = "#a9b0b8"
ACCENT = "#1f5f99"
PAPER = "#ffffff"

# Muted, print-friendly, distinguishable hues; departments take them in tree order.
# No orange or red: those mean "vacant" (PARTIAL, VACANT) and must not be mistaken for a department.
PALETTE = ("#2f6db5", "#2a9d8f", "#8e5ea2", "#5b8c2a", "#b5577a", "#8d6e63",
           "#0f7c9c", "#5c6bc0", "#7a7f2e", "#546e7a")


def tint(colour: str, amount: float) -> str:
    """`colour` mixed with white (amount 0 → white, 1 → the colour)."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * amount):02x}" for c in rgb)


LABELS_ZH = {
    "chart": "组织架构图",
    "budget": "编制",
    "filled": "在岗",
    "vacant": "空缺",
    "vacant_position": "岗位空缺",
    "external": "外部岗位",
    "external_department": "外部部门",
    "team": "小组（虚线框）",
    "external_title": "对外：{title}",
    "grade": "职级：{grade}",
    "dotted_note": "虚线汇报：{title}",
    "serves_note": "兼顾：{departments}",
    "not_stated": "未列明",
    "continues": "续见第 {page} 页 →",
    "continued_from": "← 接第 {page} 页",
    "version": "版本",
    "effective": "生效日期",
    "page": "第 {page} / {pages} 页",
    "overview": "总览",
    "subtree": "{title} 分支",
    "departments": "部门",
    "solid_line": "直线汇报",
    "dotted_line": "虚线汇报",
    "assistant": "助理岗（侧挂）",
    "legend_partial": "有空缺",
    "legend_vacant": "全部空缺",
    "totals": "合计 编制 {budget} · 在岗 {filled} · 空缺 {vacant}",
    "name_separator": "、",
}
LABELS_EN = {
    "chart": "Organisation chart",
    "budget": "Budget",
    "filled": "Filled",
    "vacant": "Vacant",  # as every other output says it
    "vacant_position": "Vacant position",
    "external": "External position",
    "external_department": "External department",
    "team": "Team (dashed frame)",
    "external_title": "Public title: {title}",
    "grade": "Grade: {grade}",
    "dotted_note": "Dotted line to: {title}",
    "serves_note": "Also serves: {departments}",
    "not_stated": "not stated",
    "continues": "Continued on p. {page} →",
    "continued_from": "← Continued from p. {page}",
    "version": "Version",
    "effective": "Effective",
    "page": "Page {page} of {pages}",
    "overview": "Overview",
    "subtree": "{title} branch",
    "departments": "Departments",
    "solid_line": "Reports to",
    "dotted_line": "Dotted line",
    "assistant": "Assistant (side branch)",
    "legend_partial": "Has vacancies",
    "legend_vacant": "Fully vacant",
    "totals": "Total: Budget {budget} · Filled {filled} · Vacant {vacant}",
    "name_separator": ", ",
}


def chart_labels(language: str) -> dict[str, str]:
    return labels_for(language, LABELS_ZH, LABELS_EN)
