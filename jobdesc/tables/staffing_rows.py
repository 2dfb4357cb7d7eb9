"""The staffing table (定岗定编表) as rows: each department, then its own positions, then
its sub-departments, parents before children. Shared by staffing.xlsx and staffing.pdf."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..organisation import Organisation


@dataclass(frozen=True)
class StaffingRow:
    is_department: bool
    depth: int  # 0 for a top department; a position sits one level below its department
    name: str
    grade: str
    budget: int  # a department row: its total including sub-departments
    filled: int
    incumbents: tuple[str, ...]
    department_id: str  # the department itself, or the position's department
    parent_id: Optional[str] = None  # department rows: the parent department

    @property
    def vacant(self) -> int:
        return self.budget - self.filled


def staffing_rows(org: Organisation) -> list[StaffingRow]:
    rows: list[StaffingRow] = []
    for dept, depth in org.departments_in_tree_order():
        totals = org.headcount_totals(dept.id)
        rows.append(StaffingRow(True, depth, dept.name, "", totals.budget, totals.filled, (), dept.id, dept.parent))
        for role in org.roles_in_department(dept.id):
            rows.append(StaffingRow(False, depth + 1, role.title, role.grade or "", role.headcount.budget,
                                    role.headcount.filled, tuple(role.incumbents or ()), dept.id))
    return rows


def subtotal_sources(rows: list[StaffingRow]) -> dict[int, tuple[list[int], list[int]]]:
    """For each department row (by index): the rows its subtotal adds up — its own position
    rows, and its direct sub-departments' rows (whose subtotals already hold their own
    children), so nothing is counted twice."""
    sources: dict[int, tuple[list[int], list[int]]] = {}
    for index, row in enumerate(rows):
        if row.is_department:
            own = [n for n, other in enumerate(rows) if not other.is_department
                   and other.department_id == row.department_id]
            children = [n for n, other in enumerate(rows) if other.is_department
                        and other.parent_id == row.department_id]
            sources[index] = (own, children)
    return sources


def top_department_rows(rows: list[StaffingRow]) -> list[int]:
    return [n for n, row in enumerate(rows) if row.is_department and row.parent_id is None]
