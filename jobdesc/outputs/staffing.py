"""OUT/staffing.pdf and OUT/staffing.xlsx: the staffing table (定岗定编表).

Departments in tree order, each followed by its positions (title, grade, budget 编制,
filled 在岗, vacant 空缺, incumbents); department rows carry totals including their
sub-departments, and a grand total closes the table. A column nobody stated is left out
(tables/staffing_rows.StaffingColumns).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..cache import cached_file
from ..build_graph import BuildContext, Output, Product, Started, Step
from ..i18n import labels_for
from ..format.organisation import HeadcountTotals
from ..tables.document import write_table_pdf
from ..tables.labels import COMMON_EN, COMMON_ZH, title_block
from ..headcount_text import with_notes
from ..tables.staffing_rows import StaffingRow, figure_texts, staffing_rows, table_columns, total_note

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
    "notes": "说明",  # the last column when nobody is named anywhere: it holds only the departments' notes
    "grand_total": "合计",
    "totals": "编制 {budget} 人 · 在岗 {filled} 人 · 空缺 {vacant} 人",
    "note": "部门行为本部门及其全部下级部门的合计；空缺 = 编制 − 在岗。编制未列明的岗位不计入合计；"
            "兼顾其他部门的岗位只计入本部门；兼任（兼）的人员只计一次。",
    "note_without_filled": "部门行为本部门及其全部下级部门的合计。编制未列明的岗位不计入合计；兼顾其他部门的岗位只计入本部门。",
    "not_stated": "未列明",
    "serving": "{title}（兼顾，属{department}）",
    "team": "{name}（小组小计）",
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
    "notes": "Notes",
    "grand_total": "Total",
    "totals": "Budget {budget} · Filled {filled} · Vacant {vacant}",
    "note": "Department rows include all their sub-departments; vacant = budget − filled. Posts whose "
            "headcount is not stated are in no total; a post that also serves other departments counts in its "
            "own only; a person holding a post concurrently is counted once.",
    "note_without_filled": "Department rows include all their sub-departments. Posts whose headcount is not stated "
                           "are in no total; a post that also serves other departments counts in its own only.",
    "not_stated": "not stated",
    "serving": "{title} (also serves; in {department})",
    "team": "{name} (team subtotal)",
}


@dataclass(frozen=True)
class StaffingTable:
    files: list[Path]
    pdf: Path
    rows: list[StaffingRow]
    total: HeadcountTotals  # the organisation's grand total
    labels: dict[str, str]
    totals: str  # the grand total as printed above the table, with its notes


STAFFING: Product[StaffingTable] = Product("staffing", "the staffing table's rows, totals and labels")


def start(ctx: BuildContext) -> Started[StaffingTable]:
    """Write the spreadsheet and hand the PDF to the worker pool; the build finishes the
    PDF when it needs it."""
    org = ctx.org
    labels = labels_for(org.language, LABELS_ZH, LABELS_EN)
    rows = staffing_rows(org, labels)
    total = org.grand_total()
    meta = title_block(org.org.handbook, labels)
    totals = with_notes(labels["totals"].format(budget=total.budget, filled=total.filled, vacant=total.vacant),
                        total, org.language)
    note = total_note(total, org.language)
    columns = table_columns(rows, note)
    subtitle = "  |  ".join([*meta, totals])
    # "unstated columns left out": the workbook's look changed within a version (issue 30).
    xlsx = cached_file("staffing-xlsx", [repr(rows), repr(sorted(labels.items())), org.org.organization, subtitle,
                                         note, org.language, "unstated-columns-left-out"], ctx.out / "staffing.xlsx",
                       lambda path: _write_workbook(rows, columns, labels, org.org.organization, subtitle, note,
                                                    org.language, path))
    pdf = write_table_pdf(ctx.templates, "staffing.html", ctx.out / "staffing.pdf", org.language, ctx.pool,
                          organisation=org.org.organization, labels=labels, rows=rows, total=total,
                          meta=meta, totals=totals, note=note, columns=columns,
                          figures=[figure_texts(row, labels) for row in rows])

    def finish() -> StaffingTable:
        written = pdf()
        return StaffingTable([written, xlsx], written, rows, total, labels, totals)

    return Started(finish)


OUTPUT = Output("staffing", (Step(STAFFING, start),), "staffing.pdf, staffing.xlsx")


def _write_workbook(*args) -> Path:
    """openpyxl takes 0.2 s to import: only when the workbook is not in the build cache."""
    from ..tables.staffing_xlsx import write_workbook

    return write_workbook(*args)
