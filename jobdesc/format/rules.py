"""Cross-file rules (FORMAT.md section 5): references, cycles, counts and RACI sanity.

Each rule looks at the models that validated on their own and points at the exact
key or value in the file that is wrong. Files that failed to validate still count as
existing ids, so one broken file does not cascade into false "names nothing" errors.
"""
from __future__ import annotations

from typing import Any, Iterable, Optional

from .approval_rules import approval_diagnostics, process_unit_diagnostics
from ..editions.keep import unused_keep_terms
from ..errors import Diagnostic, error, warning
from .chains import chain_depths, cycles, with_ancestors
from .deputy_team_rules import deputy_diagnostics, team_diagnostics
from .loaded import LoadResult, Loaded
from .meeting_rules import meeting_diagnostics
from .level_rules import level_diagnostics
from .kpi_rules import kpi_range_diagnostics, kpi_weight_diagnostics
from .position_models import MAX_DUTY_DEPTH, Role, is_slug
from .report_rules import Known, department_report_diagnostics, role_report_diagnostics
from .staffing_rules import concurrent_post_diagnostics, headcount_diagnostics, not_stated_warnings, serves_diagnostics
from .size_rules import role_size_diagnostics
from .yaml_reader import SourceFile

MAX_SPAN_OF_CONTROL = 12


def _at(source: SourceFile, loc: tuple[Any, ...], code: str, message: str, *, key: bool = False) -> Diagnostic:
    mark = source.mark_of(loc, key=key)
    return error(source.path, mark.line, mark.column, code, message)


def _warn_at(source: SourceFile, loc: tuple[Any, ...], code: str, message: str) -> Diagnostic:
    mark = source.mark_of(loc)
    return warning(source.path, mark.line, mark.column, code, message)


def cross_file_diagnostics(result: LoadResult) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    org = result.org
    found += _unique_ids(result)
    role_ids = {r.model.id for r in result.roles} | result.broken_role_ids
    # Without a valid org.yaml we cannot know the external ids: skip those references
    # rather than report every mention of an external position as unknown.
    position_ids = role_ids | {e.id for e in org.model.external} if org else None
    department_ids = {d.id for d in org.model.departments} if org else None

    # Reports name recipients (any position or department), a meeting and, for a department's, a role.
    known = Known(_AnyId() if position_ids is None or department_ids is None else position_ids | department_ids,
                  role_ids, result.meeting_ids)
    if org:
        found += _department_rules(org)
        found += department_report_diagnostics(org, known, _did_you_mean)
    for loaded in result.roles:
        found += _role_rules(loaded, role_ids, position_ids, department_ids)
        found += role_report_diagnostics(loaded, known, _did_you_mean)
    found += kpi_range_diagnostics(result.roles)
    found += _depth_rules(org, result.roles)
    found += role_size_diagnostics(result.roles)
    found += concurrent_post_diagnostics(result.roles)
    found += _reporting_cycles(result.roles)
    found += _extends_cycles(result.roles)
    found += deputy_diagnostics(result.roles, role_ids, _did_you_mean)
    found += team_diagnostics(org, result.roles, _did_you_mean)
    found += level_diagnostics(result)
    manager_of = {r.model.id: r.model.reports_to for r in result.roles}
    filled_of = {r.model.id: r.model.filled for r in result.roles}
    for loaded in result.processes.values():
        found += _process_rules(loaded, position_ids, manager_of, filled_of)
    for loaded in result.meetings.values():
        found += meeting_diagnostics(loaded, position_ids, department_ids, _did_you_mean)
    for loaded in result.roles:
        for name in ("duties", "workflow"):
            for where in _duty_depth_problems(getattr(loaded.model, name)):
                found.append(_at(loaded.source, (name, *where), "too-deep",
                                 f"{name} nest at most {MAX_DUTY_DEPTH} levels deep"))
    if org and not result.broken_role_ids:
        found += _warnings(result)
        found += unused_keep_terms(result)
    return found


# ------------------------------------------------------------------ ids


def _unique_ids(result: LoadResult) -> list[Diagnostic]:
    found = []
    seen: dict[str, SourceFile] = {}
    for loaded in result.roles:
        rid = loaded.model.id
        if rid in seen:
            loc = ("id",) if "id" in (loaded.source.data or {}) else ()
            found.append(_at(loaded.source, loc, "duplicate-id",
                             f"role id '{rid}' is also used by {seen[rid].path}"))
        else:
            seen[rid] = loaded.source
    if result.org:
        org = result.org
        for group, items in (("departments", org.model.departments), ("external", org.model.external)):
            first: dict[str, int] = {}
            for index, item in enumerate(items):
                if item.id in first:
                    found.append(_at(org.source, (group, index, "id"), "duplicate-id",
                                     f"id '{item.id}' is used twice in {group} (first as item {first[item.id] + 1})"))
                else:
                    first[item.id] = index
        for index, ext in enumerate(org.model.external):
            if ext.id in seen:
                found.append(_at(org.source, ("external", index, "id"), "duplicate-id",
                                 f"external id '{ext.id}' is also a role in {seen[ext.id].path}"))
    return found


# ------------------------------------------------------------------ departments


def _department_rules(org: Loaded) -> list[Diagnostic]:
    found = []
    departments = org.model.departments
    ids = {d.id for d in departments}
    for index, dept in enumerate(departments):
        if dept.parent is not None and dept.parent not in ids:
            found.append(_at(org.source, ("departments", index, "parent"), "unknown-reference",
                             f"parent '{dept.parent}' names no department{_did_you_mean(dept.parent, ids)}"))
    parents = {d.id: d.parent for d in departments if d.parent in ids}
    index_of = {d.id: i for i, d in enumerate(departments)}
    for cycle in cycles(parents):
        start = cycle[0]
        found.append(_at(org.source, ("departments", index_of[start], "parent"), "cycle",
                         "department parent cycle: " + " → ".join(cycle + [start])))
    for index, dept in enumerate(departments):
        for where in _duty_depth_problems(dept.duties):
            found.append(_at(org.source, ("departments", index, "duties", *where), "too-deep",
                             f"duties nest at most {MAX_DUTY_DEPTH} levels deep"))
    return found


def _duty_depth_problems(duties, depth: int = 1, path: tuple = ()) -> Iterable[tuple]:
    for i, duty in enumerate(duties):
        if depth > MAX_DUTY_DEPTH:
            yield (*path, i)
        elif duty.items:  # most duties have none: no generator made for them (26,000 at 2,000 positions)
            yield from _duty_depth_problems(duty.items, depth + 1, (*path, i, "items"))


# ------------------------------------------------------------------ roles


class _AnyId(frozenset):
    """Stands for "every id exists" when org.yaml is broken and externals are unknown."""

    def __contains__(self, item: object) -> bool:
        return True


def _did_you_mean(name: str, candidates: Iterable[str]) -> str:
    import difflib

    valid = sorted(c for c in candidates if is_slug(c))
    hint = difflib.get_close_matches(name, valid, n=1)
    return f" (did you mean '{hint[0]}'?)" if hint else ""


def _role_rules(loaded: Loaded[Role], role_ids: set[str], position_ids: Optional[set[str]],
                department_ids: Optional[set[str]]) -> list[Diagnostic]:
    role, src = loaded.model, loaded.source
    found = []

    def unknown(loc: tuple, what: str, name: str, allowed: set[str], kinds: str) -> None:
        found.append(_at(src, loc, "unknown-reference",
                         f"{what} '{name}' names no {kinds}{_did_you_mean(name, allowed)}"))

    if department_ids is not None and role.department not in department_ids:
        unknown(("department",), "department", role.department, department_ids, "department in org.yaml")
    known = position_ids if position_ids is not None else _AnyId()
    if role.reports_to is not None and role.reports_to not in known:
        unknown(("reports_to",), "reports_to", role.reports_to, position_ids, "role or external position")
    for i, target in enumerate(role.dotted_to):
        loc = ("dotted_to", i) if isinstance(src.data.get("dotted_to"), list) else ("dotted_to",)
        if target not in known:
            unknown(loc, "dotted_to", target, position_ids, "role or external position")
        elif target == role.id:
            found.append(_at(src, loc, "self-reference", "a position cannot have a dotted line to itself"))
    if role.extends is not None:
        if role.extends not in role_ids:
            unknown(("extends",), "extends", role.extends, role_ids, "role")
        elif role.extends == role.id:
            found.append(_at(src, ("extends",), "cycle", "a role cannot extend itself"))
    found += serves_diagnostics(loaded, department_ids, _did_you_mean)
    if role.assistant and role.reports_to is None:
        found.append(_at(src, ("assistant",), "assistant-without-manager",
                         "an assistant position must have reports_to (the manager it assists)"))

    found += headcount_diagnostics(loaded)

    found += kpi_weight_diagnostics(loaded)
    return found


# Real organisations are ~10 levels deep. The limits keep every later walk (org chart
# layout, handbook outline, nested HTML laid out by WeasyPrint) far from Python's
# recursion limit, whatever the YAML says.
MAX_DEPARTMENT_DEPTH = 40
MAX_REPORTING_DEPTH = 40


def _depth_rules(org: Optional[Loaded], roles: list[Loaded[Role]]) -> list[Diagnostic]:
    found = []
    if org:
        departments = org.model.departments
        ids = {d.id for d in departments}
        depths = chain_depths({d.id: d.parent for d in departments if d.parent in ids})
        for index, dept in enumerate(departments):
            if depths.get(dept.id) == MAX_DEPARTMENT_DEPTH + 1:  # once per branch, where it crosses
                found.append(_at(org.source, ("departments", index, "parent"), "too-deep",
                                 f"departments nest at most {MAX_DEPARTMENT_DEPTH} levels deep; "
                                 f"'{dept.id}' is level {MAX_DEPARTMENT_DEPTH + 1}"))
    by_id = {r.model.id: r for r in roles}
    depths = chain_depths({rid: r.model.reports_to for rid, r in by_id.items() if r.model.reports_to in by_id})
    for rid, loaded in by_id.items():
        if depths.get(rid) == MAX_REPORTING_DEPTH + 1:
            found.append(_at(loaded.source, ("reports_to",), "too-deep",
                             f"reporting lines are at most {MAX_REPORTING_DEPTH} positions long; "
                             f"'{rid}' is position {MAX_REPORTING_DEPTH + 1} from the top"))
    return found


def _reporting_cycles(roles: list[Loaded[Role]]) -> list[Diagnostic]:
    by_id = {r.model.id: r for r in roles}
    edges = {rid: r.model.reports_to for rid, r in by_id.items() if r.model.reports_to in by_id}
    return [
        _at(by_id[c[0]].source, ("reports_to",), "cycle", "reporting-line cycle: " + " → ".join(c + [c[0]]))
        for c in cycles(edges)
    ]


def _extends_cycles(roles: list[Loaded[Role]]) -> list[Diagnostic]:
    by_id = {r.model.id: r for r in roles}
    edges = {rid: r.model.extends for rid, r in by_id.items()
             if r.model.extends in by_id and r.model.extends != rid}
    return [
        _at(by_id[c[0]].source, ("extends",), "cycle", "extends cycle: " + " → ".join(c + [c[0]]))
        for c in cycles(edges)
    ]


# ------------------------------------------------------------------ RACI


def _process_rules(loaded: Loaded, position_ids: Optional[set[str]],
                   manager_of: dict[str, Optional[str]], filled_of: dict[str, Optional[int]]) -> list[Diagnostic]:
    src, found = loaded.source, []
    process = loaded.model
    known = position_ids if position_ids is not None else _AnyId()
    found += process_unit_diagnostics(src, process)
    for i, activity in enumerate(process.activities):
        here = ("activities", i)
        data = src.data["activities"][i]

        def loc_of(letter: str, index: int) -> tuple:
            return (*here, letter, index) if isinstance(data.get(letter), list) else (*here, letter)

        if not activity.R:
            found.append(_at(src, (*here, "R") if "R" in data else here, "raci-no-r",
                             f"activity '{activity.name}' has no R (nobody is responsible)"))
        found += approval_diagnostics(src, process, i, activity, manager_of, filled_of)
        for letter, ids in (("R", activity.R), ("C", activity.C), ("I", activity.I)):
            for j, pid in enumerate(ids):
                if pid not in known:
                    found.append(_at(src, loc_of(letter, j), "unknown-reference",
                                     f"{letter} '{pid}' names no role or external position"
                                     f"{_did_you_mean(pid, known)}"))
        for j, tier in enumerate(activity.tiers):
            if tier.role not in known:
                loc = (*loc_of("A", j), "role") if not tier.plain else loc_of("A", j)
                found.append(_at(src, loc, "unknown-reference",
                                 f"A '{tier.role}' names no role or external position{_did_you_mean(tier.role, known)}"))
        for what, ids, loc in (("A", activity.signatures, lambda j: (*here, "A", "sign", j)),
                               ("escalate", activity.escalate, lambda j: loc_of("escalate", j))):
            for j, pid in enumerate(ids):
                if pid not in known:
                    found.append(_at(src, loc(j), "unknown-reference",
                                     f"{what} '{pid}' names no role or external position{_did_you_mean(pid, known)}"))
        seen: dict[str, str] = {}
        for letter, ids in (("R", activity.R), ("C", activity.C), ("I", activity.I)):
            for j, pid in enumerate(ids):
                if pid in seen:
                    found.append(_at(src, loc_of(letter, j), "raci-duplicate",
                                     f"'{pid}' is both {seen[pid]} and {letter} in activity '{activity.name}'"))
                else:
                    seen[pid] = letter
        for approver in activity.approvers:
            if approver in activity.C or approver in activity.I:
                found.append(_at(src, (*here, "A"), "raci-duplicate",
                                 f"'{approver}' is A and also C or I in activity '{activity.name}'"))
    return found


# ------------------------------------------------------------------ warnings


def _warnings(result: LoadResult) -> list[Diagnostic]:
    org = result.org
    found = []
    departments = org.model.departments
    # A department has a position when it or a department below it is staffed.
    parents = {d.id: d.parent for d in departments}
    served = {d for r in result.roles for d in (r.model.department, *r.model.serves) if d in parents}
    staffed = with_ancestors(served, parents)  # a post that also serves a department counts there too
    for index, dept in enumerate(departments):
        if dept.id not in staffed:
            found.append(_warn_at(org.source, ("departments", index, "id"), "empty-department",
                                  f"department '{dept.id}' ({dept.name}) has no position"))

    span: dict[str, int] = {}
    for loaded in result.roles:
        manager = loaded.model.reports_to
        if manager is not None:
            # A post whose headcount is not stated counts as one.
            budget = loaded.model.budget
            span[manager] = span.get(manager, 0) + (1 if budget is None else budget)
    for loaded in result.roles:
        found += not_stated_warnings(loaded)
        count = span.get(loaded.model.id, 0)
        if count > MAX_SPAN_OF_CONTROL:
            found.append(_warn_at(loaded.source, ("title",), "span-of-control",
                                  f"{count} direct reports (by budgeted headcount); "
                                  f"more than {MAX_SPAN_OF_CONTROL} is hard to manage"))
    return found
