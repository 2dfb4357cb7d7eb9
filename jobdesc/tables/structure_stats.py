"""Analytics of the structure (组织结构分析): spans of control, layers, managers per employee and
vacancy rates per department and per level (issue 34, point 6; `jobdesc stats`).

Counts follow `check`'s span-of-control rule: a post counts its budgeted headcount (编制), or
one when its headcount is not stated. A manager's span is "direct (total)": the people
reporting to it directly, and everyone below it. Vacancy rates use only the posts whose
figures somebody stated (as the staffing table's totals do) and say how many were left out.
One pass over the roles, then sums up the trees: 2,000 posts in well under a second.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..format.organisation import HeadcountTotals, Organisation
from ..format.position_models import Role


@dataclass(frozen=True)
class Span:
    role_id: str
    title: str
    department: str
    direct: int
    total: int

    @property
    def text(self) -> str:
        return f"{self.direct} ({self.total})"


@dataclass(frozen=True)
class Vacancy:
    key: str  # a department id or a level id
    name: str
    depth: int  # a department's depth (0 for a level)
    budget: int
    filled: int
    not_stated: int  # posts with no stated figures: in no sum

    @property
    def vacant(self) -> int:
        return max(self.budget - self.filled, 0)

    @property
    def rate(self) -> Optional[float]:
        """Vacant / budget; None when no budget is stated (no rate made up)."""
        return self.vacant / self.budget if self.budget else None


@dataclass(frozen=True)
class StructureStats:
    organisation: str
    positions: int  # role files
    people: int  # budgeted headcount, a post without figures counting one
    spans: tuple[Span, ...]  # managers, in reporting order
    layers: tuple[int, ...]  # people per layer, from the top (layer 1)
    managers: int
    departments: tuple[Vacancy, ...]  # in tree order, each with its sub-departments
    levels: tuple[Vacancy, ...]  # per level, ladders in org.yaml's order, lowest level first

    @property
    def employees_per_manager(self) -> Optional[float]:
        """Non-managers per manager (1 : N); None without managers."""
        return (self.people - self.managers) / self.managers if self.managers else None


def _weight(role: Role) -> int:
    return role.budget if role.budget is not None else 1


def structure_stats(org: Organisation) -> StructureStats:
    order = org.roles_in_reporting_order()
    roles = org.roles
    below: dict[str, int] = {}
    for role_id in reversed(order):  # reports before their manager: totals add up in one pass
        role = roles[role_id]
        if role.reports_to in roles:
            below[role.reports_to] = below.get(role.reports_to, 0) + _weight(role) + below.get(role_id, 0)
    spans = []
    for role_id in order:
        reports = org.direct_reports(role_id)
        if reports:
            role = roles[role_id]
            spans.append(Span(role_id, role.title, org.department_of(role).name, sum(_weight(r) for r in reports),
                              below.get(role_id, 0)))
    layer_of: dict[str, int] = {}
    layers: dict[int, int] = {}
    for role_id in order:  # managers before their reports
        role = roles[role_id]
        layer = layer_of.get(role.reports_to, 0) + 1 if role.reports_to in roles else 1
        layer_of[role_id] = layer
        layers[layer] = layers.get(layer, 0) + _weight(role)
    return StructureStats(
        organisation=org.org.organization,
        positions=len(roles),
        people=sum(_weight(r) for r in roles.values()),
        spans=tuple(spans),
        layers=tuple(layers[n] for n in sorted(layers)),
        managers=len(spans),
        departments=_department_vacancies(org),
        levels=_level_vacancies(org),
    )


def _department_vacancies(org: Organisation) -> tuple[Vacancy, ...]:
    own: dict[str, HeadcountTotals] = {}
    for role in org.roles.values():
        own[role.department] = own.get(role.department, HeadcountTotals()) + HeadcountTotals.of(role)
    ordered = org.departments_in_tree_order()
    total: dict[str, HeadcountTotals] = {}
    for dept, _depth in reversed(ordered):  # children before parents
        sums = own.get(dept.id, HeadcountTotals())
        for child in org.sub_departments(dept.id):
            sums = sums + total.get(child.id, HeadcountTotals())
        total[dept.id] = sums
    return tuple(Vacancy(dept.id, dept.name, depth, total[dept.id].budget, total[dept.id].filled,
                         total[dept.id].not_stated) for dept, depth in ordered)


def _level_vacancies(org: Organisation) -> tuple[Vacancy, ...]:
    """Per level; a post with a range (P5-P6) counts at its lowest level, the one it is opened at."""
    architecture = org.architecture
    if not architecture.ladders:
        return ()
    sums: dict[str, HeadcountTotals] = {}
    for role in org.roles.values():
        levels = architecture.role_levels(role)
        if levels:
            key = levels[0].level.id
            sums[key] = sums.get(key, HeadcountTotals()) + HeadcountTotals.of(role)
    found = []
    for ladder in architecture.ladders:
        for level in ladder.levels:
            totals = sums.get(level.id, HeadcountTotals())
            name = f"{level.id} {level.name}" if level.name else level.id
            found.append(Vacancy(level.id, name, 0, totals.budget, totals.filled, totals.not_stated))
    return tuple(found)
