"""OUT/authority.csv, OUT/authority.xlsx and OUT/authority.pdf: the approval limits (审批权限表).

Built only when some activity has approval tiers (FORMAT.md section 6); otherwise this
renderer writes nothing and returns [].
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..format.approval_tiers import AMOUNT, ESCALATE, SIGN, RANGE_LABELS_EN, RANGE_LABELS_ZH, ApprovalTier, amount_text, range_note
from ..cache import cached_file
from ..build_graph import BuildContext, Output, Product, Started, Step
from ..i18n import labels_for
from ..tables.cells import write_csv_file
from ..tables.authority_matrix import AuthorityMatrix, build_authority_matrix, list_is_shorter, tier_list
from ..tables.document import write_table_pdf
from ..tables.labels import COMMON_EN, COMMON_ZH, title_block
from ..tables.text import balanced_lines

POSITIONS_PER_PAGE = 9  # position columns of ranges such as "20–50 万元" that fit A4 landscape
HEADER_CHARS_PER_LINE = 5
CSV_COLUMNS = ("process", "activity", "above", "up_to", "unit", "approver")  # FORMAT.md section 6

LABELS_ZH = {
    **COMMON_ZH,
    **RANGE_LABELS_ZH,
    "title": "审批权限表",
    "matrix_sheet": "审批权限矩阵",
    "tiers_sheet": "审批权限明细",
    "process": "流程",
    "activity": "活动",
    "limit_header": "审批上限",
    "limit": "{limit}（超出上限不可审批）",
    "limit_escalates": "{limit}（超出后逐级报批）",
    "no_amounts": "金额未列明",
    "counts_chain": "{activities} 项审批活动 · {tiers} 个审批步骤 · {positions} 个岗位",
    "legend_steps": "单元格为该岗位可审批的金额区间或审批环节；R 负责（发起）、C 咨询、I 知会。岗位按汇报关系自上而下排列。",
    "legend_sign": "会签按序号依次签署。",
    "legend_escalate": "超出权限的申请按级次逐级报批。",
    "kind": "类别",
    "slice": "岗位列：第 {index} 部分，共 {count} 部分",
    "counts": "{activities} 项分级审批活动 · {tiers} 个审批层级 · {positions} 个岗位",
    "legend": "单元格为该岗位可审批的金额区间；R 负责（发起）、C 咨询、I 知会。岗位按汇报关系自上而下排列。",
    "process_id": "流程ID",
    "tier": "层级",
    "above": "起点（不含）",
    "up_to": "上限（含）",
    "unit": "单位",
    "approver": "审批岗位",
    "approver_id": "岗位ID",
    "range": "审批区间",
    "escalates_to": "超出后报批",
    "external": "外部岗位",
    "department": "（{department}）",
}
LABELS_EN = {
    **COMMON_EN,
    **RANGE_LABELS_EN,
    "title": "Approval Limits",
    "matrix_sheet": "Authority matrix",
    "tiers_sheet": "Approval tiers",
    "process": "Process",
    "activity": "Activity",
    "limit_header": "Upper limit",
    "limit": "{limit} (none above)",
    "limit_escalates": "{limit} (above it: escalated)",
    "no_amounts": "No amounts stated",
    "counts_chain": "Activities: {activities} · Approval steps: {tiers} · Positions: {positions}",
    "legend_steps": "A cell is the range or the approval step of the position; R responsible (raises), C consulted, "
                    "I informed. Positions in reporting order, top first.",
    "legend_sign": "Co-signatures are signed in their numbered order.",
    "legend_escalate": "A request over authority climbs the escalation steps in order.",
    "kind": "Kind",
    "slice": "Position columns: part {index} of {count}",
    "counts": "Tiered activities: {activities} · Tiers: {tiers} · Positions: {positions}",
    "legend": "A cell is the range the position may approve; R responsible (raises), C consulted, I informed. "
              "Positions in reporting order, top first.",
    "process_id": "Process id",
    "tier": "Tier",
    "above": "Above",
    "up_to": "Up to",
    "unit": "Unit",
    "approver": "Approver",
    "approver_id": "Position id",
    "range": "Range",
    "escalates_to": "Above it, goes to",
    "external": "External position",
    "department": "({department})",
}


@dataclass(frozen=True)
class AuthorityTables:
    files: list[Path]
    labels: dict[str, str]
    pdf: Optional[Path] = None  # None: no activity has approval tiers, nothing written
    matrix: Optional[AuthorityMatrix] = None
    tiers: tuple[ApprovalTier, ...] = ()
    titles: Optional[dict[str, str]] = None  # approver id → printed title


AUTHORITY: Product[AuthorityTables] = Product("authority", "the approval limits (审批权限表) and their labels")


def start(ctx: BuildContext) -> Started[AuthorityTables]:
    """Write the CSV and the workbook and hand the PDF to the worker pool."""
    org = ctx.org
    tiers = org.approval_tiers
    labels = labels_for(org.language, LABELS_ZH, LABELS_EN)
    if not tiers:
        return Started(lambda: AuthorityTables([], labels))
    matrix = build_authority_matrix(org, labels)
    heading = f"{org.org.organization} {labels['title']}"
    amounts_only = all(t.kind == AMOUNT for t in tiers)  # as before signatures and escalation existed
    meta = [*title_block(org.org.handbook, labels),
            labels["counts" if amounts_only else "counts_chain"].format(
                activities=len(matrix.rows), tiers=len(tiers), positions=len(matrix.columns))]
    kinds = {t.kind for t in tiers}
    extra = [labels[f"legend_{kind}"] for kind in (SIGN, ESCALATE) if kind in kinds]
    if not amounts_only:  # how to read the steps this organisation has, and only those
        labels = {**labels, "legend": " ".join([labels["legend_steps"], *extra])}
    titles = {t.approver: org.title_of(t.approver) for t in tiers} | {
        t.escalates_to: org.title_of(t.escalates_to) for t in tiers if t.escalates_to}
    slices = matrix.sliced(POSITIONS_PER_PAGE)
    # The matrix when its columns fit one page; else the tier list when it is shorter (the
    # matrix's column parts are read across pages, and a few activities leave them half empty).
    listed = tier_list(tiers, titles, labels) if len(slices) > 1 and list_is_shorter(slices, tiers) else None
    pdf = write_table_pdf(ctx.templates, "authority.html", ctx.out / "authority.pdf", org.language, ctx.pool,
                          organisation=org.org.organization, labels=labels, meta=meta, pages=slices, listed=listed,
                          note=range_note(tiers, labels),
                          header_lines={c.id: balanced_lines(c.title, HEADER_CHARS_PER_LINE) for c in matrix.columns},
                          departments=dict(zip((c.id for c in matrix.columns), matrix.departments)))
    written = [
        write_csv(tiers, ctx.out / "authority.csv"),
        cached_file("authority-xlsx", [repr(matrix), repr(tiers), repr(sorted(titles.items())),
                                       repr(sorted(labels.items())), heading, " | ".join(meta), org.language,
                                       "unstated-amount-columns-left-out"],  # the sheet's look changed (issue 30)
                    ctx.out / "authority.xlsx",
                    lambda path: _write_workbook(matrix, tiers, titles, {**labels, "note": range_note(tiers, labels)},
                                                 heading, " | ".join(meta), org.language, path)),
    ]

    def finish() -> AuthorityTables:
        laid_out = pdf()
        return AuthorityTables([*written, laid_out], labels, laid_out, matrix, tuple(tiers), titles)

    return Started(finish)


OUTPUT = Output("authority", (Step(AUTHORITY, start),),
                "authority.pdf, authority.xlsx, authority.csv (with approval tiers only)")


def write_csv(tiers: list[ApprovalTier], path: Path) -> Path:
    """FORMAT's authority.csv: one row per tier; amounts as plain digits ("0.5", "50000").
    UTF-8 with a byte-order mark, as raci.csv (tables/cells.py). When some approval has no
    amounts, a last column `kind` tells the rows apart (amount, sign, within, escalate): an
    empty `up_to` alone would read as "no limit"."""
    with_kind = any(tier.kind != AMOUNT for tier in tiers)
    rows = [[tier.process_id, tier.activity,
             amount_text(tier.above) if tier.above is not None else "",
             amount_text(tier.up_to) if tier.up_to is not None else "",
             tier.unit, tier.approver, *([tier.kind] if with_kind else [])] for tier in tiers]
    columns = (*CSV_COLUMNS, "kind") if with_kind else CSV_COLUMNS
    return write_csv_file(path, [columns, *rows])  # a unit or activity like '=1+1' stays text


def _write_workbook(*args) -> Path:
    """openpyxl takes 0.2 s to import: only when the workbook is not in the build cache."""
    from ..tables.authority_xlsx import write_workbook

    return write_workbook(*args)
