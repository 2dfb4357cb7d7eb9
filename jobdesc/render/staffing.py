"""OUT/staffing.pdf and OUT/staffing.xlsx: the staffing table (定岗定编表).

Departments in tree order, each followed by its positions (title, grade, budget 编制,
filled 在岗, vacant 空缺, incumbents); department rows carry totals including their
sub-departments, and a grand total closes the table.
"""
from __future__ import annotations

from pathlib import Path

from ..build import BuildContext
from ..cache import cached_file
from ..i18n import labels_for
from ..tables.document import write_table_pdf
from ..tables.labels import COMMON_EN, COMMON_ZH, title_block
from ..tables.staffing_rows import staffing_rows

LABELS_ZH = {
    **COMMON_ZH,
    "title": "定岗定编表",
    "sheet": "定岗定编",
    "unit": "部门 / 岗位",
    "grade": "级别",
    "budget": "编制",
    "filled": "在岗",
    "vacant": "空缺",
    "incumbents": "任职人员",
    "grand_total": "合计",
    "totals": "编制 {budget} 人 · 在岗 {filled} 人 · 空缺 {vacant} 人",
    "note": "部门行为本部门及其全部下级部门的合计；空缺 = 编制 − 在岗。",
}
LABELS_EN = {
    **COMMON_EN,
    "title": "Staffing Table",
    "sheet": "Staffing",
    "unit": "Department / Position",
    "grade": "Grade",
    "budget": "Budget",
    "filled": "Filled",
    "vacant": "Vacant",
    "incumbents": "Incumbents",
    "grand_total": "Total",
    "totals": "Budget {budget} · Filled {filled} · Vacant {vacant}",
    "note": "Department rows include all their sub-departments; vacant = budget − filled.",
}


def start(ctx: BuildContext):
    """Write the spreadsheet and hand the PDF to the worker pool; the returned function
    finishes the PDF when the build needs it."""
    org = ctx.org
    labels = labels_for(org.language, LABELS_ZH, LABELS_EN)
    rows = staffing_rows(org)
    total = org.grand_total()
    meta = title_block(org.org.handbook, labels)
    totals = labels["totals"].format(budget=total.budget, filled=total.filled, vacant=total.vacant)
    subtitle = "  |  ".join([*meta, totals])
    xlsx = cached_file("staffing-xlsx", [repr(rows), repr(sorted(labels.items())), org.org.organization, subtitle,
                                         org.language], ctx.out / "staffing.xlsx",
                       lambda path: _write_workbook(rows, labels, org.org.organization, subtitle, org.language, path))
    pdf = write_table_pdf(ctx.templates, "staffing.html", ctx.out / "staffing.pdf", org.language, ctx.pool,
                          organisation=org.org.organization, labels=labels, rows=rows, total=total,
                          meta=meta, totals=totals)
    ctx.shared["staffing"] = {"rows": rows, "total": total}  # for the handbook
    return lambda: [pdf(), xlsx]


def render(ctx: BuildContext) -> list[Path]:
    return start(ctx)()


def _write_workbook(*args) -> Path:
    """openpyxl takes 0.2 s to import: only when the workbook is not in the build cache."""
    from ..tables.staffing_xlsx import write_workbook

    return write_workbook(*args)
