"""The validated organisation, and every derived fact the renderers need.

Renderers only ever see an `Organisation`: validated models plus queries such as
"who reports to this role", "which RACI activities involve it", "the departments in
tree order". Keeping the derivations here means the job description, the org chart,
the RACI matrix, the staffing table and the handbook all agree with each other.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterator, Optional

from .approval_tiers import ApprovalTier, approval_tiers
from .chapter_models import Chapter
from .job_architecture import JobArchitecture
from .meeting_models import Meeting
from .position_models import Department, Duty, OrgFile, Role
from .process_models import Activity, Process
from .yaml_reader import SourceFile


@dataclass(frozen=True)
class PositionRef:
    """A role or an external position as the outputs print it."""

    id: str
    title: str
    external: bool
    # An `external` of kind: department, printed as a department. Out of repr (which the Word
    # files' fingerprint hashes) so organisations without one keep byte-identical files; the
    # printed marker, which is in repr, changes with it.
    external_department: bool = field(default=False, repr=False)


@dataclass(frozen=True)
class Involvement:
    """One RACI activity a role takes part in, with its letter (R, A, A/R, C or I)."""

    process_id: str
    process: Process
    activity: Activity
    letter: str


@dataclass(frozen=True)
class InheritedDuties:
    """Duties a role carries because it `extends` another role (possibly via a chain)."""

    from_role: Role
    duties: list[Duty]


@dataclass(frozen=True)
class HeadcountTotals:
    """Sums over the posts whose figures somebody stated, and what the sums leave out."""

    budget: int = 0
    filled: int = 0
    not_stated: int = 0  # posts whose headcount is not stated (编制未列明): in no sum
    concurrent: int = 0  # posts held concurrently (兼任), stated or not
    concurrent_filled: int = 0  # of those, the ones counted in `filled`

    @property
    def vacant(self) -> int:
        return max(self.budget - self.filled, 0)

    @property
    def nothing_stated(self) -> bool:
        """No post has a figure, so the sums are no information: "编制 0 · 在岗 0" would read
        as zero people. Outputs print only how many posts are not stated."""
        return bool(self.not_stated) and not self.budget and not self.filled

    @property
    def people(self) -> int:
        """People in the stated posts, each once: a concurrent holder's main post counts them."""
        return self.filled - self.concurrent_filled

    @classmethod
    def of(cls, role: Role) -> "HeadcountTotals":
        concurrent = role.concurrent_count
        if not role.figures_stated:  # a budget alone is in no sum either: its vacancies are unknown
            return cls(not_stated=1, concurrent=concurrent)
        return cls(role.headcount.budget, role.headcount.filled, 0, concurrent, concurrent)

    def __add__(self, other: "HeadcountTotals") -> "HeadcountTotals":
        return HeadcountTotals(self.budget + other.budget, self.filled + other.filled,
                               self.not_stated + other.not_stated, self.concurrent + other.concurrent,
                               self.concurrent_filled + other.concurrent_filled)


def raci_letter(activity: Activity, position_id: str) -> str:
    """The cell value for one position in one activity: '', R, A, A/R, C or I."""
    is_r = position_id in activity.R
    is_a = position_id in activity.approvers  # one approver, or each tier's (its limits: authority.csv)
    if is_a and is_r:
        return "A/R"
    if is_a:
        return "A"
    if is_r:
        return "R"
    if position_id in activity.C:
        return "C"
    if position_id in activity.I:
        return "I"
    return ""


@dataclass(frozen=True)
class Organisation:
    """A whole organisation directory, validated. Every role has its `id` filled in."""

    root: Path
    org: OrgFile
    roles: dict[str, Role]  # by id, in file order
    processes: dict[str, Process] = field(default_factory=dict)  # by id (file name), sorted
    meetings: dict[str, Meeting] = field(default_factory=dict)  # by id (file name), daily first, then by id
    chapters: tuple[Chapter, ...] = ()  # in file-name order
    # The loaded files with their line/column marks. Only build-time checks that must
    # point at a line (e.g. a character no font can print) use these; renderers do not.
    sources: tuple[SourceFile, ...] = field(default=(), repr=False, compare=False)

    # ------------------------------------------------------------ lookups

    @property
    def language(self) -> str:
        return self.org.handbook.language

    @cached_property
    def departments(self) -> dict[str, Department]:
        return {d.id: d for d in self.org.departments}

    @cached_property
    def externals(self) -> dict[str, str]:
        """External position id → title."""
        return {e.id: e.title for e in self.org.external}

    def is_external(self, position_id: str) -> bool:
        return position_id in self.externals and position_id not in self.roles

    def is_external_department(self, position_id: str) -> bool:
        """An `external` entry of kind: department (财务部 that another handbook covers)."""
        return self.is_external(position_id) and any(e.id == position_id and e.kind == "department"
                                                      for e in self.org.external)

    def title_of(self, position_id: str) -> str:
        """The printed title of a role, external position or department (a report may go to a
        department); the id if none, never raises."""
        if position_id in self.roles:
            return self.roles[position_id].title
        if position_id in self.externals:
            return self.externals[position_id]
        department = self.departments.get(position_id)
        return department.name if department else position_id

    def position(self, position_id: str) -> PositionRef:
        """Id, printed title and whether it is external: what every output shows of a position."""
        if self.is_external_department(position_id):
            return PositionRef(position_id, self.title_of(position_id), True, True)
        return PositionRef(position_id, self.title_of(position_id), self.is_external(position_id))

    @cached_property
    def architecture(self) -> JobArchitecture:
        """Ladders, levels and families (FORMAT.md section 13), indexed."""
        return JobArchitecture(self.org)

    def department_of(self, role: Role) -> Department:
        return self.departments[role.department]

    # ------------------------------------------------------------ departments

    @cached_property
    def _department_children(self) -> dict[Optional[str], list[Department]]:
        children: dict[Optional[str], list[Department]] = {}
        for dept in self.org.departments:  # keep the order org.yaml gives
            children.setdefault(dept.parent, []).append(dept)
        return children

    def sub_departments(self, dept_id: Optional[str]) -> list[Department]:
        """Direct children of a department (None: the top-level departments)."""
        return self._department_children.get(dept_id, [])

    def departments_in_tree_order(self) -> list[tuple[Department, int]]:
        """Every department with its depth (0 for the top), parents before children."""
        ordered: list[tuple[Department, int]] = []
        stack = [(d, 0) for d in reversed(self.sub_departments(None))]
        while stack:
            dept, depth = stack.pop()
            ordered.append((dept, depth))
            stack.extend((c, depth + 1) for c in reversed(self.sub_departments(dept.id)))
        return ordered

    def department_path(self, dept_id: str) -> list[Department]:
        """From the top department down to this one."""
        path: list[Department] = []
        current: Optional[str] = dept_id
        while current is not None and current in self.departments and len(path) <= len(self.departments):
            path.append(self.departments[current])
            current = self.departments[current].parent
        return list(reversed(path))

    def roles_in_department(self, dept_id: str) -> list[Role]:
        """The department's own positions, ordered by reporting line (managers first)."""
        return list(self._roles_by_department.get(dept_id, ()))

    @cached_property
    def _roles_by_department(self) -> dict[str, list[Role]]:
        # Once per organisation: the website and the tables ask for every department's roles.
        found: dict[str, list[Role]] = {}
        for rid in self.roles_in_reporting_order():
            found.setdefault(self.roles[rid].department, []).append(self.roles[rid])
        return found

    def headcount_totals(self, dept_id: str, *, include_sub: bool = True) -> HeadcountTotals:
        counted = {dept_id}
        stack = [dept_id] if include_sub else []
        while stack:  # iterative: department depth is whatever org.yaml says
            for child in self.sub_departments(stack.pop()):
                if child.id not in counted:
                    counted.add(child.id)
                    stack.append(child.id)
        total = HeadcountTotals()
        for role in self.roles.values():
            if role.department in counted:  # a post that also `serves` others counts in its own only
                total += HeadcountTotals.of(role)
        return total

    def grand_total(self) -> HeadcountTotals:
        total = HeadcountTotals()
        for role in self.roles.values():
            total += HeadcountTotals.of(role)
        return total

    def roles_serving(self, dept_id: str) -> list[Role]:
        """Posts of other departments that also serve this one (`serves`), in reporting order."""
        order = {rid: i for i, rid in enumerate(self.roles_in_reporting_order())}
        return sorted((r for r in self.roles.values() if dept_id in r.serves), key=lambda r: order[r.id])

    # ------------------------------------------------------------ reporting lines

    @cached_property
    def _reports(self) -> dict[str, list[Role]]:
        reports: dict[str, list[Role]] = {}
        for role in self.roles.values():
            if role.reports_to is not None:
                reports.setdefault(role.reports_to, []).append(role)
        return reports

    def direct_reports(self, position_id: str, *, assistants: bool = True) -> list[Role]:
        """Roles whose solid line goes to this position (assistants included unless asked not)."""
        found = self._reports.get(position_id, [])
        return found if assistants else [r for r in found if not r.assistant]


    def dotted_reports(self, position_id: str) -> list[Role]:
        """Roles with a dotted line to this position."""
        return list(self._dotted.get(position_id, ()))

    @cached_property
    def _dotted(self) -> dict[str, list[Role]]:
        found: dict[str, list[Role]] = {}
        for role in self.roles.values():
            for target in dict.fromkeys(role.dotted_to):
                found.setdefault(target, []).append(role)
        return found


    def top_roles(self) -> list[Role]:
        """Positions whose manager is not a role in this handbook (none, or an external one)."""
        return [r for r in self.roles.values() if r.reports_to is None or r.reports_to not in self.roles]

    def roles_in_reporting_order(self) -> list[str]:
        """Role ids depth-first from the top positions: each manager before its reports."""
        ordered: list[str] = []
        seen: set[str] = set()
        stack = list(reversed(self.top_roles()))
        while stack:
            role = stack.pop()
            if role.id in seen:
                continue
            seen.add(role.id)
            ordered.append(role.id)
            stack.extend(reversed(self.direct_reports(role.id)))
        # Defensive: validated input has no cycles, but never drop a role silently.
        ordered.extend(rid for rid in self.roles if rid not in seen)
        return ordered


    # ------------------------------------------------------------ duties

    def inherited_duties(self, role: Role) -> list[InheritedDuties]:
        """Duties carried via `extends`, nearest first (A extends B extends C: B's, then C's)."""
        inherited: list[InheritedDuties] = []
        seen = {role.id}
        current = role.extends
        while current is not None and current in self.roles and current not in seen:
            seen.add(current)
            base = self.roles[current]
            inherited.append(InheritedDuties(base, list(base.duties)))
            current = base.extends
        return inherited

    # ------------------------------------------------------------ RACI

    @cached_property
    def _involvements(self) -> dict[str, list[Involvement]]:
        found: dict[str, list[Involvement]] = {}
        for process_id, process in self.processes.items():
            for activity in process.activities:
                for position_id in self.raci_positions_of(activity):
                    letter = raci_letter(activity, position_id)
                    found.setdefault(position_id, []).append(
                        Involvement(process_id, process, activity, letter)
                    )
        return found

    def involvements(self, position_id: str) -> list[Involvement]:
        """Every RACI activity this position takes part in, in process and activity order."""
        return self._involvements.get(position_id, [])

    @staticmethod
    def raci_positions_of(activity: Activity) -> list[str]:
        """Positions named in an activity, each once, in R, A, C, I order."""
        named: list[str] = []
        for position_id in [*activity.R, *activity.approvers, *activity.C, *activity.I]:
            if position_id not in named:
                named.append(position_id)
        return named

    def raci_columns(self) -> list[str]:
        """The RACI matrix's columns: EVERY role (FORMAT: "one column per role id", so a position
        in no process shows as an empty column), department by department in tree order and
        managers first within a department (so columns group under department headers), then
        the external positions the processes name, in org.yaml's `external` order."""
        roles = [r.id for dept, _depth in self.departments_in_tree_order() for r in self.roles_in_department(dept.id)]
        placed = set(roles)
        roles += [rid for rid in self.roles_in_reporting_order() if rid not in placed]  # defensive
        named = {pid for p in self.processes.values() for a in p.activities for pid in self.raci_positions_of(a)}
        externals = [e.id for e in self.org.external if e.id in named and e.id not in self.roles]
        externals += sorted(pid for pid in named if pid not in self.roles and pid not in externals)
        return roles + externals

    # ------------------------------------------------------------ approval limits

    @cached_property
    def approval_tiers(self) -> list[ApprovalTier]:
        """Every tier of every tiered activity (empty: no authority.pdf/.xlsx/.csv)."""
        return approval_tiers(self.processes)

    def approval_limits(self, position_id: str) -> list[ApprovalTier]:
        """The tiers this position approves, in process and activity order."""
        return [tier for tier in self.approval_tiers if tier.approver == position_id]

    # ------------------------------------------------------------ meetings

    def meeting_parts(self, role_id: str) -> list[tuple[str, Meeting, tuple[str, ...]]]:
        """The meetings a role takes part in, in meeting order, each with its parts: "chair",
        "attendee" (named, or via its department or a department above it) and "minutes". A part
        the meeting file does not state is never given (no chair, no attendees: nobody attends)."""
        role = self.roles[role_id]
        departments = {d.id for d in self.department_path(role.department)}
        found = []
        for meeting_id, meeting in self.meetings.items():
            parts = (("chair",) if meeting.chair == role_id else ()) + \
                (("attendee",) if any(a == role_id or a in departments for a in meeting.attendee_ids) else ()) + \
                (("minutes",) if meeting.minute_taker == role_id else ())
            if parts:
                found.append((meeting_id, meeting, parts))
        return found

    def iter_roles(self) -> Iterator[Role]:
        """Roles in reporting order (the order job descriptions are printed in)."""
        for rid in self.roles_in_reporting_order():
            yield self.roles[rid]
