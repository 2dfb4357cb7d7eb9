"""The delegation-of-authority matrix (审批权限表) as authority.pdf and authority.xlsx show it.

Rows are the tiered activities, grouped by process; columns are the positions named in
them, in reporting order (external positions, which sit above this handbook, first; then
the roles top-down), so the eye climbs the reporting line from right to left. A cell holds
the range the position may approve ("5–20 万元") and its R/C/I letter where it has one.
The rows come from `Organisation.approval_tiers`, the same tiers authority.csv lists.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..format.approval_tiers import ApprovalTier, activity_tiers, end_text, printed_amount, range_text, with_unit
from ..format.organisation import Organisation
from ..format.organisation import PositionRef as Column
from .text import chunked


@dataclass(frozen=True)
class Cell:
    letters: str  # "R", "C", "I" or "" (A is shown as the range)
    range: str  # "≤ 5 万元", "5–20 万元", "> 20 万元" or ""
    tier: Optional[ApprovalTier] = None

    @property
    def text(self) -> str:
        return " · ".join(part for part in (self.letters, self.range) if part)


@dataclass(frozen=True)
class AuthorityRow:
    process_id: str
    process: str
    activity: str
    unit: str
    cells: tuple[Cell, ...]  # one per column
    limit: str  # "无上限", or "50 万元（超出上限不可审批）"
    capped: bool


@dataclass(frozen=True)
class AuthorityMatrix:
    columns: tuple[Column, ...]
    rows: tuple[AuthorityRow, ...]
    # Per column: its department where another column has the same title (销售组长 of
    # 销售一部 and of 销售二部), else "", so a reader can tell the columns apart.
    departments: tuple[str, ...] = ()

    def processes(self) -> list[tuple[str, list[AuthorityRow]]]:
        """(process name, its rows) in process order."""
        groups: list[tuple[str, list[AuthorityRow]]] = []
        for row in self.rows:
            if not groups or groups[-1][1][0].process_id != row.process_id:
                groups.append((row.process, []))
            groups[-1][1].append(row)
        return groups

    def sliced(self, per_page: int) -> list["AuthorityMatrix"]:
        """Page-wide slices of at most `per_page` position columns. A slice keeps only the rows
        with something in its columns: in a large organisation most positions take part in a
        few activities, and empty rows repeated on every slice would be most of the pages."""
        slices = []
        for part in chunked(list(range(len(self.columns))), per_page):
            rows = tuple(AuthorityRow(r.process_id, r.process, r.activity, r.unit, tuple(r.cells[k] for k in part),
                                      r.limit, r.capped) for r in self.rows)
            kept = tuple(r for r in rows if any(cell.text for cell in r.cells))
            if kept:
                slices.append(AuthorityMatrix(tuple(self.columns[k] for k in part), kept,
                                              tuple(self.departments[k] for k in part)))
        return slices or [self]


def authority_columns(org: Organisation) -> list[str]:
    """Positions named in a tiered activity, level by level from the top: externals (org.yaml
    order), then roles by their distance from the top position, each level in reporting order."""
    named = {pid for process in org.processes.values() for activity in process.activities if activity.chained
             for pid in org.raci_positions_of(activity)}
    externals = [e.id for e in org.org.external if e.id in named and e.id not in org.roles]
    order = org.roles_in_reporting_order()
    level: dict[str, int] = {}
    for rid in order:  # managers come before their reports
        manager = org.roles[rid].reports_to
        level[rid] = level[manager] + 1 if manager in level else 0
    roles = sorted((rid for rid in order if rid in named), key=lambda rid: level[rid])  # stable: keeps tree order
    return externals + roles


def column_departments(org: Organisation, ids: list[str]) -> tuple[str, ...]:
    """Each column's department where its title is shared with another column, else ""."""
    titles = [org.title_of(pid) for pid in ids]
    return tuple(org.department_of(org.roles[pid]).name if titles.count(title) > 1 and pid in org.roles else ""
                 for pid, title in zip(ids, titles))


def build_authority_matrix(org: Organisation, labels: dict[str, str]) -> AuthorityMatrix:
    ids = authority_columns(org)
    rows = []
    for process_id, process in org.processes.items():
        for activity in process.activities:
            if not activity.chained:
                continue
            tiers = {t.approver: t for t in activity_tiers(process_id, process, activity)}
            cells = []
            for pid in ids:
                letters = "R" if pid in activity.R else "C" if pid in activity.C else "I" if pid in activity.I else ""
                tier = tiers.get(pid)
                cells.append(Cell(letters, range_text(tier, labels) if tier else "", tier))
            unit = (process.unit_of(activity) or "") if activity.tiered else ""
            limit, capped = _limit(activity, unit, labels)
            rows.append(AuthorityRow(process_id, process.name, activity.name, unit, tuple(cells), limit, capped))
    return AuthorityMatrix(tuple(org.position(pid) for pid in ids), tuple(rows), column_departments(org, ids))


def _limit(activity, unit: str, labels: dict[str, str]) -> tuple[str, bool]:
    """The upper-limit column and whether amounts above it cannot be approved: an activity
    without amounts has none stated; an escalation takes over where the tiers stop."""
    if not activity.tiered:
        return labels["no_amounts"], False
    top = activity.tiers[-1].up_to
    if top is None:
        return labels["no_limit"], False
    if activity.escalate:
        return labels["limit_escalates"].format(limit=with_unit(printed_amount(top), unit)), False
    return labels["limit"].format(limit=with_unit(printed_amount(top), unit)), True


@dataclass(frozen=True)
class TierLine:
    """One tier as the tier list prints it (authority.pdf when shorter, the Word handbook)."""

    activity: str  # on an activity's first tier only
    range: str
    approver: str
    above_it: str  # the position it goes to above the range, or why none
    capped: bool


def tier_list(tiers: list[ApprovalTier], titles: dict[str, str],
              labels: dict[str, str]) -> list[tuple[str, list[TierLine]]]:
    """The tiers by process, in order: (process name, its tiers)."""
    grouped: list[tuple[str, list[TierLine]]] = []
    for tier in tiers:
        above_it = (titles[tier.escalates_to] if tier.escalates_to
                    else end_text(tier, labels))
        line = TierLine(tier.activity if tier.number == 1 else "", range_text(tier, labels), titles[tier.approver],
                        above_it, tier.capped)
        if not grouped or grouped[-1][0] != tier.process:
            grouped.append((tier.process, []))
        grouped[-1][1].append(line)
    return grouped


# Rows an A4 landscape page holds (8 pt, one line each), for choosing the shorter print-out.
MATRIX_ROWS_PER_PAGE = 22  # under the two-line column headers
LIST_ROWS_PER_PAGE = 26


def list_is_shorter(slices: list[AuthorityMatrix], tiers: list[ApprovalTier]) -> bool:
    """Whether the tier list takes fewer pages than the matrix's column slices would."""
    matrix_pages = sum(-(-(len(s.rows) + len(s.processes())) // MATRIX_ROWS_PER_PAGE) for s in slices)
    processes = len({t.process_id for t in tiers})
    list_pages = -(-(len(tiers) + processes) // LIST_ROWS_PER_PAGE)
    return list_pages < matrix_pages
