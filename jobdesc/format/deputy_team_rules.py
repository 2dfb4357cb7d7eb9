"""Rules for deputies (职务代理人) and teams (小组) (FORMAT.md section 10).

`deputy` names a role (not an external position: the deputy acts in this handbook's post, so
it has a job description of its own). A deputy chain that loops (A's deputy is B, B's is A)
leaves nobody to act when both are absent: an error, located at the first role's `deputy`.
A deputy whose post is vacant (filled: 0) cannot act: a warning (not stated: nothing to say).
`team` names a team of the role's own department; team ids are unique across org.yaml.
"""
from __future__ import annotations

from typing import Callable, Optional

from ..errors import Diagnostic, error, warning
from .chains import cycles
from .loaded import Loaded
from .position_models import OrgFile, Role


def _at(loaded: Loaded, loc: tuple, code: str, message: str, severity: Callable = error) -> Diagnostic:
    mark = loaded.source.mark_of(loc)
    return severity(loaded.source.path, mark.line, mark.column, code, message)


def deputy_diagnostics(roles: list[Loaded[Role]], role_ids: set[str],
                       did_you_mean: Callable[[str, set[str]], str]) -> list[Diagnostic]:
    found = []
    by_id = {r.model.id: r for r in roles}
    for loaded in roles:
        deputy = loaded.model.deputy
        if deputy is None:
            continue
        if deputy not in role_ids:
            found.append(_at(loaded, ("deputy",), "unknown-reference",
                             f"deputy '{deputy}' names no role{did_you_mean(deputy, role_ids)} "
                             "(a deputy is a role of this handbook)"))
        elif deputy == loaded.model.id:
            found.append(_at(loaded, ("deputy",), "cycle", "a position cannot be its own deputy"))
        elif deputy in by_id and by_id[deputy].model.filled == 0:
            found.append(_at(loaded, ("deputy",), "deputy-vacant",
                             f"deputy '{deputy}' ({by_id[deputy].model.title}) has nobody in post (filled: 0), "
                             "so nobody acts when this post is absent", severity=warning))
    edges = {rid: r.model.deputy for rid, r in by_id.items()
             if r.model.deputy in by_id and r.model.deputy != rid}
    for cycle in cycles(edges):
        found.append(_at(by_id[cycle[0]], ("deputy",), "cycle",
                         "deputy cycle: " + " → ".join(cycle + [cycle[0]]) + "; when all of them are absent "
                         "nobody acts (end the chain at a post without a deputy)"))
    return found


def team_diagnostics(org: Optional[Loaded[OrgFile]], roles: list[Loaded[Role]],
                     did_you_mean: Callable[[str, set[str]], str]) -> list[Diagnostic]:
    """Team ids unique in org.yaml; each role's `team` a team of its own department."""
    if org is None:
        return []  # without org.yaml the teams are unknown
    found = []
    department_of: dict[str, str] = {}
    for d, dept in enumerate(org.model.departments):
        for t, team in enumerate(dept.teams):
            if team.id in department_of:
                found.append(_at(org, ("departments", d, "teams", t, "id"), "duplicate-id",
                                 f"team id '{team.id}' is also a team of department '{department_of[team.id]}'"))
            else:
                department_of[team.id] = dept.id
    for loaded in roles:
        role = loaded.model
        if role.team is None:
            continue
        own = {t.id for d in org.model.departments if d.id == role.department for t in d.teams}
        if role.team in own:
            continue
        elsewhere = department_of.get(role.team)
        found.append(_at(loaded, ("team",), "unknown-reference",
                         f"team '{role.team}' is a team of department '{elsewhere}', not of this role's "
                         f"department '{role.department}'" if elsewhere else
                         f"team '{role.team}' names no team of department '{role.department}'"
                         f"{did_you_mean(role.team, own)}"))
    return found
