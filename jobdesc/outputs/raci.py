"""OUT/raci.csv, OUT/raci.xlsx and OUT/raci.pdf: the responsibility matrix (权责矩阵).

Only built when the organisation has processes; without processes/ it writes nothing and
gives a RaciTables without matrix or files (FORMAT: "when processes/ exists").
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from ..cache import cached_file
from ..build_graph import BuildContext, Output, Product, Started, Step
from ..i18n import labels_for
from ..pdf.assemble import Bookmark, Section, join_pdfs, merge
from ..pdf.stamps import stamp_page_of_total
from ..tables.document import lay_out_table
from ..tables.labels import COMMON_EN, COMMON_ZH, title_block
from ..tables.cells import write_csv_file
from ..tables.raci_matrix import (LETTER_CLASS, LETTER_COLOURS, LETTERS, POSITIONS_PER_PAGE, TIER_MARK, Analysis,
                                  RaciMatrix, analyse, build_matrix, page_groups)
from ..tables.text import balanced_lines

SLICES_PER_PIECE = 4  # column slices per separately laid-out piece of raci.pdf (~20 pages at most)
BOTTOM_MARGIN_PT = 13 * 72 / 25.4  # raci.html's @page bottom margin: where "page / pages" goes
FOOTER_SIZE_PT = 7.5  # tables.css's footer size
HEADER_CHARS_PER_LINE = 5  # CJK characters that fit one line of a position column header

LABELS_ZH = {
    **COMMON_ZH,
    "title": "权责矩阵",
    "summary": "总表",
    "analysis": "分析",
    "analysis_title": "权责分析",
    "process": "流程",
    "activity": "活动",
    "department": "部门",
    "position": "岗位",
    "external": "外部岗位",
    "external_units": "外部岗位与部门",
    "continued": "（续）",
    "slice": "岗位列：第 {index} 部分，共 {count} 部分",
    "legend": "图例",
    "legend_note": "矩阵单元格可从下拉列表选择 R、A、C、I 或 A/R；改动后颜色与分析表随之更新。",
    "tiered_note": "分级审批：按金额由不同岗位审批，各岗位可审批的金额区间见审批权限表（authority.pdf）。",
    # In the handbook: its own page ({page}: a box the handbook prints the number in).
    "tiered_note_handbook": "分级审批：按金额由不同岗位审批，各岗位可审批的金额区间见第 {page} 页审批权限表。",
    # handbook.docx: its approval limits are a part of the same document (no page number yet).
    "tiered_note_word": "分级审批：按金额由不同岗位审批，各岗位可审批的金额区间见本手册“审批权限表”。",
    "invalid_title": "无效的权责字母",
    "invalid_message": "请填写 R、A、C、I 或 A/R，或留空。",
    "count_r": "负责(R)项数",
    "count_a": "审批(A)项数",
    "count_c": "咨询(C)项数",
    "count_i": "知会(I)项数",
    "idle_title": "未参与任何流程的岗位",
    "unowned_title": "无高层审批的流程",
    "unowned_item": "{process}（{a}：{holders}）",
    "none": "无",
    "senior_definition": "“高层”指有直接下属的岗位或外部岗位；流程中没有任何一项活动由高层审批（A）的，列为无高层审批。",
    "counts": "{processes} 个流程 · {activities} 项活动 · {positions} 个岗位",
}
LABELS_EN = {
    **COMMON_EN,
    "title": "RACI Matrix",
    "summary": "Summary",
    "analysis": "Analysis",
    "analysis_title": "RACI analysis",
    "process": "Process",
    "activity": "Activity",
    "department": "Department",
    "position": "Position",
    "external": "External positions",
    "external_units": "External positions and departments",
    "continued": " (cont.)",
    "slice": "Position columns: part {index} of {count}",
    "legend": "Legend",
    "legend_note": "Matrix cells offer R, A, C, I or A/R in a dropdown; colours and the analysis follow edits.",
    "tiered_note": "Tiered approval: who approves depends on the amount; each approver's range is in the "
                   "approval limits (authority.pdf).",
    "tiered_note_handbook": "Tiered approval: who approves depends on the amount; each approver's range is in the "
                            "approval limits on p. {page}.",
    "tiered_note_word": "Tiered approval: who approves depends on the amount; each approver's range is in the "
                        "approval limits of this handbook.",
    "invalid_title": "Invalid RACI letter",
    "invalid_message": "Enter R, A, C, I or A/R, or leave the cell empty.",
    "count_r": "R count",
    "count_a": "A count",
    "count_c": "C count",
    "count_i": "I count",
    "idle_title": "Positions in no process",
    "unowned_title": "Processes with no senior approver",
    "unowned_item": "{process} ({a}: {holders})",
    "none": "None",
    "senior_definition": "Senior means a position with direct reports, or an external position; a process none of "
                         "whose activities is approved (A) by a senior position is listed.",
    "counts": "Processes: {processes} · Activities: {activities} · Positions: {positions}",
}


@dataclass(frozen=True)
class RaciTables:
    """The matrix and its analysis; all None (and no files) without processes/."""

    files: list[Path]
    labels: dict[str, str]
    pdf: Optional[Path] = None
    matrix: Optional[RaciMatrix] = None
    analysis: Optional[Analysis] = None
    # The pages for handbook.pdf (only when the handbook is built): the matrix without its own
    # "page / pages" numbers, its legend pointing at the handbook's approval-limits page.
    handbook_pdf: Optional[bytes] = None


# The note beside the marked A when some approval has no amounts (会签, 超出权限逐级报批):
# "depends on the amount" would not be true of those.
CHAIN_NOTES_ZH = {
    "tiered_note": "多级审批：各审批岗位的审批步骤与次序见审批权限表（authority.pdf）。",
    "tiered_note_handbook": "多级审批：各审批岗位的审批步骤与次序见第 {page} 页审批权限表。",
    "tiered_note_word": "多级审批：各审批岗位的审批步骤与次序见本手册“审批权限表”。",
}
CHAIN_NOTES_EN = {
    "tiered_note": "Approval in steps: each approver's step and its order are in the approval limits (authority.pdf).",
    "tiered_note_handbook": "Approval in steps: each approver's step and its order are in the approval limits on "
                            "p. {page}.",
    "tiered_note_word": "Approval in steps: each approver's step and its order are in the approval limits of this "
                        "handbook.",
}


RACI: Product[RaciTables] = Product("raci", "the responsibility matrix, its analysis and labels")


def start(ctx: BuildContext) -> Started[RaciTables]:
    """Write the CSV and the workbook and hand the PDF to the worker pool; the build
    finishes the PDF when it needs it."""
    org = ctx.org
    labels = labels_for(org.language, LABELS_ZH, LABELS_EN)
    if any(a.chained and not a.tiered for p in org.processes.values() for a in p.activities):
        labels |= labels_for(org.language, CHAIN_NOTES_ZH, CHAIN_NOTES_EN)
    if not org.processes:
        return Started(lambda: RaciTables([], labels))
    # An `external` of kind: department is no position: its column group says so.
    named_departments = any(org.is_external_department(pid) for pid in org.raci_columns())
    matrix = build_matrix(org, labels["external_units" if named_departments else "external"])
    analysis = analyse(org, matrix)
    heading = f"{org.org.organization} {labels['title']}"
    finish_pdf = write_pdf(ctx, matrix, analysis, labels, ctx.out / "raci.pdf")
    written = [
        write_csv(org.raci_columns(), matrix, ctx.out / "raci.csv"),
        cached_file("raci-xlsx", [repr(matrix), repr(analysis), repr(sorted(labels.items())), heading, org.language],
                    ctx.out / "raci.xlsx",
                    lambda path: _write_workbook(matrix, analysis, labels, heading, org.language, path)),
    ]

    def finish() -> RaciTables:
        pdf, handbook_pdf = finish_pdf()
        return RaciTables([*written, pdf], labels, pdf, matrix, analysis, handbook_pdf)

    return Started(finish)


OUTPUT = Output("raci", (Step(RACI, start),), "raci.pdf, raci.xlsx, raci.csv (with processes/ only)")


def write_csv(column_ids: list[str], matrix: RaciMatrix, path: Path) -> Path:
    """FORMAT's raci.csv: process, activity, then one column per position id.

    UTF-8 with a byte-order mark and "\\n" line endings (tables/cells.py): scripts read it
    with the csv module ("utf-8-sig"), and HR double-clicks it in Excel on Chinese
    Windows, which reads a CSV without the mark as GBK.
    """
    position_of = {c.id: n for n, c in enumerate(matrix.columns)}
    rows = [[row.process_id, row.activity, *(row.letters[position_of[c]] for c in column_ids)]
            for row in matrix.rows]
    return write_csv_file(path, [["process", "activity", *column_ids], *rows])  # formula-like cells quoted


def write_pdf(ctx: BuildContext, matrix: RaciMatrix, analysis: Analysis, labels: dict[str, str],
              path: Path) -> Callable[[], tuple[Path, Optional[bytes]]]:
    """Start laying out raci.pdf, in pieces of SLICES_PER_PIECE column slices (each slice
    starts a new page anyway); the returned function joins them and writes the file.

    Why pieces: a 500-position matrix is ~160 pages of dense tables; as one document it
    takes one worker ~15 s and ~700 MB. In pieces both workers share it, each piece's
    memory is freed when it is done, and the page numbers ("12 / 157", counting the
    whole file) are printed after joining, since each piece would count its own pages.

    When the handbook is built, its pages too (the second value): the pieces unnumbered (the
    handbook prints its own numbers), and the first piece laid out a second time when the
    legend refers to the approval limits, to name their handbook page instead of authority.pdf.
    """
    org = ctx.org
    slices = [matrix.sliced(groups) for groups in page_groups(matrix.groups, POSITIONS_PER_PAGE)]
    legend = [{"letter": x, "label": matrix.letter_labels[x], "css": LETTER_CLASS[x]} for x in LETTERS]
    common = dict(
        organisation=org.org.organization, labels=labels,
        meta=[*title_block(org.org.handbook, labels),
              labels["counts"].format(processes=len(matrix.process_ids()), activities=len(matrix.rows),
                                      positions=len(matrix.columns))],
        analysis=analysis, unowned=analysis.unowned_lines(labels, matrix.letter_labels),
        legend=legend, letter_class=LETTER_CLASS, slice_count=len(slices), tier_mark=TIER_MARK,
        tiered=any(row.tiered for row in matrix.rows),
        colours={LETTER_CLASS[x]: LETTER_COLOURS[x] for x in LETTERS},
    )
    pieces = [slices[i:i + SLICES_PER_PIECE] for i in range(0, len(slices), SLICES_PER_PIECE)] or [[]]
    laid_out = [
        lay_out_table(ctx.templates, "raci.html", org.language, ctx.pool, **common,
                      pages=piece, first_slice=number * SLICES_PER_PIECE, page_ref=False,
                      head=number == 0, analysis_part=number == len(pieces) - 1,
                      header_lines={c.id: balanced_lines(c.title, HEADER_CHARS_PER_LINE)
                                    for page in piece for c in page.columns})
        for number, piece in enumerate(pieces)
    ]
    parts_wanted = ctx.options.parts
    for_handbook = parts_wanted is None or "handbook" in parts_wanted
    handbook_head = None
    if for_handbook and common["tiered"]:
        piece = pieces[0]
        handbook_head = lay_out_table(ctx.templates, "raci.html", org.language, ctx.pool, **common, pages=piece,
                                      first_slice=0, head=True, analysis_part=len(pieces) == 1, page_ref=True,
                                      header_lines={c.id: balanced_lines(c.title, HEADER_CHARS_PER_LINE)
                                                    for page in piece for c in page.columns})

    def finish() -> tuple[Path, Optional[bytes]]:
        parts = [later() for later in laid_out]
        analysis_at = sum(part.page_count for part in parts[:-1]) + parts[-1].anchors.get("raci-analysis", 0)
        title = f"{org.org.organization} {labels['title']}"
        material = [title, labels["title"], labels["analysis_title"], str(analysis_at), *(part.pdf for part in parts)]
        pdf = cached_file("raci-pdf", material, path, lambda path: join(parts, analysis_at, title))
        if not for_handbook:
            return pdf, None
        head = handbook_head() if handbook_head is not None else parts[0]
        return pdf, join_pdfs([head.pdf, *(part.pdf for part in parts[1:])], title)

    def join(parts, analysis_at: int, title: str) -> Path:
        outline = [Bookmark(labels["title"], 0, [Bookmark(labels["analysis_title"], analysis_at)])]
        return merge([Section(labels["title"], part.pdf) for part in parts], outline, path, title=title,
                     stamp=lambda pdf: stamp_page_of_total(pdf, BOTTOM_MARGIN_PT, FOOTER_SIZE_PT))

    return finish


def _write_workbook(*args) -> Path:
    """openpyxl takes 0.2 s to import: only when the workbook is not in the build cache."""
    from ..tables.raci_xlsx import write_workbook

    return write_workbook(*args)
