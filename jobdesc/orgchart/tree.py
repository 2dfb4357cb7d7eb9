"""The org chart as a tree of positions, derived from the validated Organisation.

What gets drawn where is decided here, once, so the layout never looks at YAML-level
details:
* a top role that reports to an external position hangs below a greyed box for it;
* an assistant (`assistant: true`) hangs on a side branch of its manager, unless it
  has reports of its own, in which case it is drawn as an ordinary subordinate (a
  side branch cannot carry a subtree);
* several top positions without a common manager form a forest, drawn side by side.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Optional

from ..i18n import person_label
from ..format.organisation import Organisation


@dataclass(frozen=True)
class ChartNode:
    id: str
    title: str
    external: bool = False  # an org.yaml `external` position: greyed, no details
    external_department: bool = False  # an `external` of kind: department (财务部), labelled as one
    external_title: Optional[str] = None
    grade: Optional[str] = None
    department: Optional[str] = None
    incumbents: tuple[str, ...] = ()  # as printed: a concurrent holder marked 兼
    budget: Optional[int] = 0  # None: not stated (编制未列明), no figure drawn
    filled: Optional[int] = 0
    dotted_to: tuple[str, ...] = ()
    serves: tuple[str, ...] = ()  # names of the other departments this post also serves
    team: Optional[str] = None  # the name of the team (小组) it belongs to: framed with its team
    children: tuple["ChartNode", ...] = field(default=(), repr=False)
    assistants: tuple["ChartNode", ...] = field(default=(), repr=False)

    @property
    def vacant(self) -> Optional[int]:
        return None if self.budget is None or self.filled is None else max(self.budget - self.filled, 0)

    @property
    def is_leaf(self) -> bool:
        return not self.children and not self.assistants

    def walk(self) -> Iterator["ChartNode"]:
        """This node and everything below it, assistants before children (pre-order)."""
        yield self
        for node in (*self.assistants, *self.children):
            yield from node.walk()

    def size(self) -> int:
        return sum(1 for _ in self.walk())


def _grade_and_level(org: Organisation, role) -> Optional[str]:
    """The box's 职级 line: the grade as typed, then the level's id (经理 · M2; P1–P2 alone when
    the role has no grade). A role without a level prints its grade as before."""
    level = org.architecture.level_text(role).split(" ")[0]
    return " · ".join(text for text in (role.grade, level) if text) or None


def _role_node(org: Organisation, role_id: str) -> ChartNode:
    role = org.roles[role_id]
    reports = org.direct_reports(role_id)
    side = tuple(_role_node(org, r.id) for r in reports if r.assistant and not org.direct_reports(r.id))
    side_ids = {a.id for a in side}
    below = tuple(_role_node(org, r.id) for r in reports if r.id not in side_ids)
    external_title = role.external_title if role.external_title and role.external_title != role.title else None
    return ChartNode(
        id=role.id, title=role.title, external_title=external_title, grade=_grade_and_level(org, role),
        department=role.department, incumbents=tuple(person_label(p, org.language) for p in role.incumbents or ()),
        budget=role.budget, filled=role.filled, serves=tuple(org.departments[d].name for d in role.serves),
        dotted_to=tuple(role.dotted_to), children=below, assistants=side, team=_team_name(org, role),
    )


def _team_name(org: Organisation, role) -> Optional[str]:
    if role.team is None:
        return None
    return next((t.name for t in org.departments[role.department].teams if t.id == role.team), None)


def chart_forest(org: Organisation) -> tuple[ChartNode, ...]:
    """The trees to draw, in the order of the top roles (an external manager where there is one)."""
    roots: list[ChartNode] = []
    under_external: dict[str, list[ChartNode]] = {}
    for top in org.top_roles():
        node = _role_node(org, top.id)
        manager = top.reports_to
        if manager is not None and org.is_external(manager):
            if manager not in under_external:
                under_external[manager] = []
                roots.append(ChartNode(id=manager, title=org.title_of(manager), external=True,
                                       external_department=org.is_external_department(manager)))
            under_external[manager].append(node)
        else:
            roots.append(node)
    return tuple(
        ChartNode(id=r.id, title=r.title, external=True, children=tuple(under_external[r.id]),
                  external_department=r.external_department)
        if r.external else r
        for r in roots
    )
