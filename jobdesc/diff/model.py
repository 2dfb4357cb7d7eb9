"""The change model: what changed between two validated organisations.

Positions are matched by id, so a position with a new manager or department is a move, not
a removal plus an addition. A role file renamed with nothing else changed (its id is its file
name) is one change, `old_id` → `id`; only an exact match of everything but the id counts,
and only when that content is unique on both sides, so two look-alike roles are never
paired by guess. References to a renamed id (a report's `reports_to`) then follow it and are
not reported as moves.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Optional

from ..format.organisation import HeadcountTotals, Organisation
from .documents import DocumentChange
from .fields import content_key, duty_lines, headcount_figures, named, report_line, role_field_changes, role_values
from .items import FieldChange, ItemChange, Line, field_change, scalar_change
from .raci import ProcessChange, process_changes

Kind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Move:
    """A new department and/or a new manager ('Title (id)' as each version names them)."""

    old_department: Optional[str]
    new_department: Optional[str]
    old_manager: Optional[str]
    new_manager: Optional[str]

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class PositionChange:
    id: str
    title: str  # as the newer version has it (the older for a removed position)
    department: str  # the department's name, likewise
    kind: Kind
    old_id: Optional[str] = None  # the file was renamed
    renamed: Optional[ItemChange] = None  # same id, new title
    moved: Optional[Move] = None
    fields: tuple[FieldChange, ...] = ()

    def as_dict(self) -> dict:
        return {"id": self.id, "old_id": self.old_id, "title": self.title, "department": self.department,
                "kind": self.kind, "renamed": self.renamed.as_dict() if self.renamed else None,
                "moved": self.moved.as_dict() if self.moved else None,
                "fields": [f.as_dict() for f in self.fields]}


@dataclass(frozen=True)
class DepartmentChange:
    id: str
    name: str
    kind: Kind
    fields: tuple[FieldChange, ...] = ()  # name, parent, duties

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind, "fields": [f.as_dict() for f in self.fields]}


@dataclass(frozen=True)
class HeadcountRow:
    """One department's own positions (or the whole organisation, id None): before and after."""

    id: Optional[str]
    name: str
    old: HeadcountTotals
    new: HeadcountTotals

    def as_dict(self) -> dict:
        figures = lambda t: {"budget": t.budget, "filled": t.filled, "vacant": t.vacant}  # noqa: E731
        return {"id": self.id, "name": self.name, "old": figures(self.old), "new": figures(self.new),
                "delta": {key: figures(self.new)[key] - figures(self.old)[key] for key in ("budget", "filled", "vacant")},
                "not_stated": {"old": self.old.not_stated, "new": self.new.not_stated}}


@dataclass(frozen=True)
class Changes:
    old_label: str
    new_label: str
    organisation: str
    language: str
    organisation_fields: tuple[FieldChange, ...] = ()  # organisation name, external positions
    positions: tuple[PositionChange, ...] = ()
    departments: tuple[DepartmentChange, ...] = ()
    headcount: tuple[HeadcountRow, ...] = ()  # departments whose figures changed, then the total
    processes: tuple[ProcessChange, ...] = ()
    documents: tuple[DocumentChange, ...] = ()  # meetings and chapters, compared as files

    @property
    def empty(self) -> bool:
        return not (self.organisation_fields or self.positions or self.departments or self.processes
                    or self.documents or any(row.old != row.new for row in self.headcount))

    def counts(self) -> dict[str, int]:
        positions = self.positions
        return {
            "added": sum(p.kind == "added" for p in positions),
            "removed": sum(p.kind == "removed" for p in positions),
            "renamed": sum(p.renamed is not None or p.old_id is not None for p in positions),
            "moved": sum(p.moved is not None for p in positions),
            "changed": sum(p.kind == "changed" and bool(p.fields) for p in positions),
            "departments": len(self.departments),
            "activities": sum(len(p.activities) for p in self.processes),
            "documents": len(self.documents),
        }

    def as_dict(self) -> dict:
        return {"old": self.old_label, "new": self.new_label, "organisation": self.organisation,
                "changed": not self.empty, "counts": self.counts(),
                "organisation_fields": [f.as_dict() for f in self.organisation_fields],
                "positions": [p.as_dict() for p in self.positions],
                "departments": [d.as_dict() for d in self.departments],
                "headcount": [h.as_dict() for h in self.headcount],
                "processes": [p.as_dict() for p in self.processes],
                "documents": [d.as_dict() for d in self.documents]}


# ---------------------------------------------------------------- positions


def renamed_files(old: Organisation, new: Organisation) -> dict[str, str]:
    """old id → new id for role files renamed with nothing else changed (unique content only)."""
    def unique(org: Organisation, ids: list[str]) -> dict[str, str]:
        by_key: dict[str, list[str]] = {}
        for rid in ids:
            by_key.setdefault(content_key(org.roles[rid]), []).append(rid)
        return {key: rids[0] for key, rids in by_key.items() if len(rids) == 1}

    gone = unique(old, [r for r in old.roles if r not in new.roles])
    came = unique(new, [r for r in new.roles if r not in old.roles])
    return {gone[key]: came[key] for key in gone if key in came}


def _department_name(org: Organisation, dept_id: str) -> str:
    return org.departments[dept_id].name if dept_id in org.departments else dept_id


def _added_or_removed(kind: Kind, role_id: str, org: Organisation) -> PositionChange:
    role = org.roles[role_id]
    values = role_values(role, org)
    insert = kind == "added"
    lines = {"department": _department_name(org, role.department), "reports_to": named(org, role.reports_to)}
    fields = [field_change(name, None if insert else value, value if insert else None)
              for name, value in [*lines.items(), *values.items()]]
    return PositionChange(role_id, role.title, lines["department"], kind,
                          fields=tuple(f for f in fields if f is not None))


def _kept(old_id: str, new_id: str, old: Organisation, new: Organisation,
          id_map: dict[str, str]) -> Optional[PositionChange]:
    before, after = old.roles[old_id], new.roles[new_id]
    renamed_file = old_id != new_id
    # Compared as JSON dumps (made in Rust): pydantic's own == walks every duty in Python,
    # and most positions of a large organisation are unchanged.
    if not renamed_file and before.model_dump_json() == after.model_dump_json():
        return None
    renamed = scalar_change(before.title, after.title)
    old_manager = id_map.get(before.reports_to, before.reports_to)
    move = None
    if before.department != after.department or old_manager != after.reports_to:
        move = Move(_department_name(old, before.department), _department_name(new, after.department),
                    named(old, before.reports_to), named(new, after.reports_to))
    fields = role_field_changes(before, old, after, new)
    if not (renamed or move or fields or renamed_file):
        return None
    return PositionChange(new_id, after.title, _department_name(new, after.department), "changed",
                          old_id if renamed_file else None, renamed, move, fields)


def position_changes(old: Organisation, new: Organisation) -> tuple[PositionChange, ...]:
    id_map = renamed_files(old, new)
    came_from = {new_id: old_id for old_id, new_id in id_map.items()}
    changes: list[PositionChange] = []
    for rid in new.roles_in_reporting_order():  # managers before their reports, as the chart reads
        if rid in old.roles or rid in came_from:
            change = _kept(came_from.get(rid, rid), rid, old, new, id_map)
        else:
            change = _added_or_removed("added", rid, new)
        if change is not None:
            changes.append(change)
    for rid in old.roles_in_reporting_order():
        if rid not in new.roles and rid not in id_map:
            changes.append(_added_or_removed("removed", rid, old))
    return tuple(changes)


# ---------------------------------------------------------------- departments and headcount


def department_changes(old: Organisation, new: Organisation) -> tuple[DepartmentChange, ...]:
    changes: list[DepartmentChange] = []
    ids = [d.id for d, _ in new.departments_in_tree_order()]
    ids += [d.id for d, _ in old.departments_in_tree_order() if d.id not in new.departments]
    for dept_id in ids:
        before, after = old.departments.get(dept_id), new.departments.get(dept_id)
        if before == after:
            continue
        value = lambda d, org: (None, None, [], []) if d is None else (  # noqa: E731
            d.name, _department_name(org, d.parent) if d.parent else None, duty_lines(d.duties),
            [Line(report_line(r, org)) for r in d.reports])
        (name0, parent0, duties0, reports0), (name1, parent1, duties1, reports1) = value(before, old), value(after, new)
        fields = [field_change("name", name0, name1), field_change("parent", parent0, parent1),
                  field_change("duties", duties0, duties1), field_change("department_reports", reports0, reports1)]
        kind: Kind = "added" if before is None else "removed" if after is None else "changed"
        changes.append(DepartmentChange(dept_id, (after or before).name, kind,
                                        tuple(f for f in fields if f is not None)))
    return tuple(changes)


def _own_totals(org: Organisation) -> dict[str, HeadcountTotals]:
    """Each department's own figures and posts with none (who holds a post concurrently is
    not a headcount change)."""
    totals: dict[str, HeadcountTotals] = {}
    for role in org.roles.values():
        figures = headcount_figures(role)
        stated = figures is not None and figures[1] is not None
        own = HeadcountTotals(*figures) if stated else HeadcountTotals(not_stated=1)
        totals[role.department] = totals.get(role.department, HeadcountTotals()) + own
    return totals


def headcount_rows(old: Organisation, new: Organisation) -> tuple[HeadcountRow, ...]:
    """Every department whose own figures changed (tree order), then the organisation's total."""
    before, after = _own_totals(old), _own_totals(new)
    ids = [d.id for d, _ in new.departments_in_tree_order()]
    ids += [d.id for d, _ in old.departments_in_tree_order() if d.id not in new.departments]
    rows = []
    for dept_id in ids:
        b, a = before.get(dept_id, HeadcountTotals()), after.get(dept_id, HeadcountTotals())
        if a != b:
            name = _department_name(new, dept_id) if dept_id in new.departments else _department_name(old, dept_id)
            rows.append(HeadcountRow(dept_id, name, b, a))
    total = lambda totals: sum(totals.values(), HeadcountTotals())  # noqa: E731
    rows.append(HeadcountRow(None, "", total(before), total(after)))
    return tuple(rows)


def organisation_fields(old: Organisation, new: Organisation) -> tuple[FieldChange, ...]:
    externals = lambda org: [Line(f"{e.title} ({e.id})") for e in org.org.external]  # noqa: E731
    changes = [field_change("organization", old.org.organization, new.org.organization),
               field_change("external_positions", externals(old), externals(new))]
    return tuple(c for c in changes if c is not None)


def compare(old: Organisation, new: Organisation, old_label: str = "OLD", new_label: str = "NEW") -> Changes:
    """Everything that changed from `old` to `new`."""
    return Changes(
        old_label=old_label, new_label=new_label, organisation=new.org.organization, language=new.language,
        organisation_fields=organisation_fields(old, new),
        positions=position_changes(old, new),
        departments=department_changes(old, new),
        headcount=headcount_rows(old, new),
        processes=process_changes(old, new),
    )
