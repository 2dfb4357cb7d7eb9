"""The staffing table (定岗定编表) as rows: each department, then its own positions, then the
posts of other departments that also serve it, then its sub-departments, parents before
children. Shared by staffing.xlsx, staffing.pdf and the handbook's table.

Only figures somebody typed are summed or printed: a post without headcount shows "not
stated" and its department's note says how many such posts it has. A post that `serves`
other departments is listed under each of them without figures (it is counted once, in its
own department), and a person holding a post concurrently (兼) is counted once. A department's
teams (小组, `teams:`) follow its other positions: a team row with the team's subtotal, then
its members; the department's sum holds the members once, never the team rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional

from ..headcount_text import totals_notes
from ..i18n import person_label
from ..format.organisation import HeadcountTotals, Organisation


@dataclass(frozen=True)
class StaffingRow:
    is_department: bool
    depth: int  # 0 for a top department; a position sits one level below its department
    name: str
    grade: str
    budget: Optional[int]  # a department row: its total including sub-departments; None: not stated
    filled: Optional[int]
    incumbents: tuple[str, ...]  # as printed, a concurrent holder marked 兼
    department_id: str  # the department itself, or the position's department
    parent_id: Optional[str] = None  # department rows: the parent department
    serving: bool = False  # a post of another department that also serves this one: in no sum
    note: str = ""  # department rows: posts not stated, posts held concurrently, people
    nothing_stated: bool = False  # a department row none of whose posts has a figure: its sums say nothing
    is_team: bool = False  # a team's subtotal row (小组小计): its members follow it
    team_id: Optional[str] = None  # a team row's team, or the team a position row belongs to

    @property
    def is_subtotal(self) -> bool:
        """A department or team row: its figures are sums of the rows below it."""
        return self.is_department or self.is_team

    @property
    def vacant(self) -> Optional[int]:
        return None if self.budget is None or self.filled is None else self.budget - self.filled

    @property
    def not_stated(self) -> bool:
        """A position row missing a figure nobody stated (not a serving row, which has none here)."""
        return not self.is_subtotal and not self.serving and self.filled is None

    @property
    def in_sums(self) -> bool:
        """A position row its department's totals add up: both figures stated, its own department."""
        return not self.is_subtotal and not self.serving and self.filled is not None


@dataclass(frozen=True)
class StaffingColumns:
    """Which columns of the staffing table say something. A column no post states is left out,
    heading and all, so no heading claims a value nobody gave (FORMAT.md section 10): 级别 when
    no post states a grade, 在岗 and 空缺 when no post states how many hold it, and the last
    column is headed 任职人员 only when somebody is named (else 说明 over the departments' notes,
    and nothing when there are none). Every renderer of the table asks this one rule:
    staffing.pdf, staffing.xlsx, the handbook's Word table and the site's staffing and
    department pages."""

    grade: bool = True
    filled: bool = True  # 在岗 and 空缺, the totals row's too
    last: str = "incumbents"  # the last column's label key: "incumbents", "notes", or "" (no column)

    @property
    def note(self) -> str:
        """The label key of the note under the table: without 在岗, it does not explain 空缺."""
        return "note" if self.filled else "note_without_filled"

    def labels(self) -> tuple[str, ...]:
        """The label keys of the columns shown, in order."""
        return ("unit", *(("grade",) if self.grade else ()), "budget",
                *(("filled", "vacant") if self.filled else ()), *((self.last,) if self.last else ()))


FIGURE_COLUMNS = ("budget", "filled", "vacant")


def by_column(unit, grade, budget, filled, vacant, people) -> dict:
    """One row's cells by column label key, for StaffingColumns.labels() to pick from: the last
    column holds the incumbents, or a sum's notes, whichever heading it has."""
    return {"unit": unit, "grade": grade, "budget": budget, "filled": filled, "vacant": vacant,
            "incumbents": people, "notes": people}


def stated_columns(posts: Iterable, notes: Iterable[str] = ()) -> StaffingColumns:
    """The columns for these positions (Role or position StaffingRow: grade, filled, incumbents)
    and the notes printed beside their department and team sums."""
    posts = list(posts)
    last = ("incumbents" if any(post.incumbents for post in posts)
            else "notes" if any(notes) else "")
    return StaffingColumns(any(post.grade for post in posts), any(post.filled is not None for post in posts), last)


def table_columns(rows: list[StaffingRow], grand_note: str = "") -> StaffingColumns:
    """The columns of the whole table: its position rows, and its sums' notes and the grand total's."""
    return stated_columns([row for row in rows if not row.is_subtotal],
                          [*(row.note for row in rows if row.is_subtotal), grand_note])


def staffing_rows(org: Organisation, labels: dict[str, str]) -> list[StaffingRow]:
    rows: list[StaffingRow] = []
    language = org.language
    for dept, depth in org.departments_in_tree_order():
        totals = org.headcount_totals(dept.id)
        rows.append(StaffingRow(True, depth, dept.name, "", totals.budget, totals.filled, (), dept.id, dept.parent,
                                note=" · ".join(totals_notes(totals, language)), nothing_stated=totals.nothing_stated))
        own = org.roles_in_department(dept.id)
        teams = {team.id for team in dept.teams}
        for role in own:
            if role.team not in teams:
                rows.append(_position_row(role, depth + 1, dept.id, language))
        for team in dept.teams:
            members = [role for role in own if role.team == team.id]
            if not members:
                continue
            totals = sum((HeadcountTotals.of(role) for role in members), HeadcountTotals())
            rows.append(StaffingRow(False, depth + 1, labels["team"].format(name=team.name), "", totals.budget,
                                    totals.filled, (), dept.id, note=" · ".join(totals_notes(totals, language)),
                                    nothing_stated=totals.nothing_stated, is_team=True, team_id=team.id))
            rows += [_position_row(role, depth + 2, dept.id, language, team.id) for role in members]
        for role in org.roles_serving(dept.id):
            name = labels["serving"].format(title=role.title, department=org.department_of(role).name)
            rows.append(StaffingRow(False, depth + 1, name, role.grade or "", None, None,
                                    tuple(person_label(p, language) for p in role.incumbents or ()), dept.id,
                                    serving=True))
    return rows


def _position_row(role, depth: int, department_id: str, language: str, team_id: Optional[str] = None) -> StaffingRow:
    return StaffingRow(False, depth, role.title, role.grade or "", role.budget, role.filled,
                       tuple(person_label(p, language) for p in role.incumbents or ()), department_id,
                       team_id=team_id)


def total_note(total: HeadcountTotals, language: str) -> str:
    return " · ".join(totals_notes(total, language))


def figure_texts(row: StaffingRow, labels: dict[str, str]) -> tuple[str, str, str]:
    """Budget, filled and vacant as printed: nothing for a serving row, "not stated" for a
    post without figures."""
    if row.budget is None or row.nothing_stated:  # sums of nothing are not "0 / 0 / 0": the note says why
        return (labels["not_stated"] if row.not_stated else "", "", "")
    if row.filled is None:  # a budget alone: printed, in no sum
        return (str(row.budget), labels["not_stated"], "")
    return (str(row.budget), str(row.filled), str(row.vacant))


def subtotal_sources(rows: list[StaffingRow]) -> dict[int, tuple[list[int], list[int]]]:
    """For each department row (by index): the rows its subtotal adds up — its own position
    rows, and its direct sub-departments' rows (whose subtotals already hold their own
    children), so nothing is counted twice. Serving rows belong to another department's sum, and
    a post missing a figure is in none."""
    sources: dict[int, tuple[list[int], list[int]]] = {}
    for index, row in enumerate(rows):
        if row.is_department:
            own = [n for n, other in enumerate(rows) if other.in_sums and other.department_id == row.department_id]
            children = [n for n, other in enumerate(rows) if other.is_department
                        and other.parent_id == row.department_id]
            sources[index] = (own, children)
        elif row.is_team:
            sources[index] = ([n for n, other in enumerate(rows) if other.in_sums and other.team_id == row.team_id
                               and other.department_id == row.department_id], [])
    return sources


def top_department_rows(rows: list[StaffingRow]) -> list[int]:
    return [n for n, row in enumerate(rows) if row.is_department and row.parent_id is None]
