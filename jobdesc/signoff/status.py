"""Who has signed which version: every named incumbent of every role against the ledger.

An incumbent has signed the current version, signed an older one (with what changed since,
in the words of `jobdesc diff`), or never signed. `check` turns the last two into warnings
(when the organisation keeps a ledger at all), located at the ledger entry or at the
incumbent in the role file.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Optional

from ..diff.formats import TextReport
from ..diff.model import compare
from ..errors import Diagnostic, error, warning
from ..format.organisation import Organisation
from ..format.signoff_ledger import LedgerEntry, ledger_diagnostics
from ..format.signoff_models import person_key, today
from .history import History, find_versions
from .version import role_version

State = Literal["current", "stale", "never"]
STATES: tuple[State, ...] = ("current", "stale", "never")


@dataclass(frozen=True)
class PersonStatus:
    role_id: str
    title: str
    department: str  # the department's name
    department_id: str
    person: str
    person_id: Optional[str]
    state: State
    version: str  # the role's current version
    signed_version: Optional[str] = None
    signed: Optional[str] = None  # the date of the latest signature
    changes: tuple[str, ...] = ()  # what changed since the signed version (stale only)

    def as_dict(self) -> dict:
        return {"role": self.role_id, "title": self.title, "department": self.department_id,
                "department_name": self.department, "person": self.person, "person_id": self.person_id,
                "state": self.state, "version": self.version, "signed_version": self.signed_version,
                "signed": self.signed, "changes": list(self.changes)}


@dataclass(frozen=True)
class DepartmentCount:
    department_id: str
    name: str
    counts: dict[str, int]  # state → people


@dataclass
class SignoffStatus:
    people: list[PersonStatus]
    versions: dict[str, str]  # role id → current version (roles with incumbents)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # ledger errors and sign-off warnings
    ledger: bool = False  # the organisation keeps signoffs.yaml
    script: str = ""  # the script the organisation is written in (editions/script.py): editions convert from it

    def by_department(self) -> list[DepartmentCount]:
        counts: dict[str, Counter] = {}
        names: dict[str, str] = {}
        for p in self.people:
            counts.setdefault(p.department_id, Counter())[p.state] += 1
            names[p.department_id] = p.department
        return [DepartmentCount(d, names[d], {s: counts[d][s] for s in STATES}) for d in counts]

    def totals(self) -> dict[str, int]:
        counted = Counter(p.state for p in self.people)
        return {s: counted[s] for s in STATES}


def _latest(entries: list[LedgerEntry]) -> Optional[LedgerEntry]:
    """The entry signed last (a later line wins a tie: it was recorded later)."""
    return max(enumerate(entries), key=lambda pair: (pair[1].entry.signed, pair[0]))[1] if entries else None


def _change_lines(old: Organisation, new: Organisation, role_id: str) -> tuple[str, ...]:
    changes = compare(old, new)
    report = TextReport(changes, color=False)
    for p in changes.positions:
        if p.id == role_id:
            lines = [f"{label}: {value}" for label, value in report.position_facts(p)]
            for change in p.fields:
                label, rows = report.field_lines(change)
                lines.append(f"{label}: " + "; ".join(f"{mark} {text}".strip() for mark, _depth, text in rows))
            return tuple(lines)
    return ("what it prints from other files changed (a manager's or a report's title, a process, a meeting)",)


def _incumbent_mark(org: Organisation, role_id: str, index: int):
    source = org.sources[1 + list(org.roles).index(role_id)]
    return source.path, source.mark_of(("incumbents", index))


def signoff_status(org: Organisation, entries: list[LedgerEntry], ledger: bool) -> SignoffStatus:
    """Every named incumbent's sign-off, and the ledger's errors and warnings."""
    diagnostics = ledger_diagnostics(entries, org, today())
    versions = {rid: role_version(org, rid) for rid, role in org.roles.items() if role.incumbents}
    by_person: dict[tuple, list[LedgerEntry]] = {}
    for item in entries:
        by_person.setdefault((item.entry.role, person_key(item.entry.person, item.entry.id)), []).append(item)
    known = {rid: role_version(org, rid) for rid in {e.entry.role for e in entries} if rid in org.roles}
    old = {(e.entry.role, e.entry.version) for e in entries if e.entry.role in known
           and e.entry.version != known[e.entry.role]}
    history = find_versions(Path(org.root), old) if old else History()
    never_existed: set[tuple[str, str]] = set()
    if history.searched and history.complete:
        for item in entries:
            e = item.entry
            if (e.role, e.version) in old and (e.role, e.version) not in history.found:
                never_existed.add((e.role, e.version))
                at = item.at("version")
                diagnostics.append(error(item.path, at.line, at.column, "signoff-unknown-version",
                                         f"version {e.version} was never a version of '{e.role}' (current: "
                                         f"{known[e.role]}; every commit of the directory was searched)"))
    people: list[PersonStatus] = []
    diffs: dict[tuple[str, str], tuple[str, ...]] = {}
    for rid, role in org.roles.items():
        department = org.departments[role.department]
        for index, incumbent in enumerate(role.incumbents or ()):
            latest = _latest(by_person.get((rid, person_key(incumbent.name, incumbent.id)), []))
            base = dict(role_id=rid, title=role.title, department=department.name, department_id=department.id,
                        person=incumbent.name, person_id=incumbent.id, version=versions[rid])
            if latest is None:
                people.append(PersonStatus(state="never", **base))
                if ledger:
                    path, at = _incumbent_mark(org, rid, index)
                    diagnostics.append(warning(path, at.line, at.column, "signoff-missing",
                                               f"{incumbent.name} has not signed the job description of "
                                               f"'{rid}' (version {versions[rid]})"))
                continue
            e = latest.entry
            if e.version == versions[rid]:
                people.append(PersonStatus(state="current", signed_version=e.version, signed=e.signed, **base))
                continue
            if (rid, e.version) not in diffs:
                found = history.found.get((rid, e.version))
                diffs[(rid, e.version)] = _change_lines(found[1], org, rid) if found else (
                    ("what changed is not known: the directory is not in git",) if not history.searched else
                    ("what changed is not known: the version is older than the commits searched",))
            people.append(PersonStatus(state="stale", signed_version=e.version, signed=e.signed,
                                       changes=diffs[(rid, e.version)], **base))
            if (rid, e.version) in never_existed:
                continue  # already an error
            at = latest.at("version")
            diagnostics.append(warning(latest.path, at.line, at.column, "signoff-stale",
                                       f"{incumbent.name} signed version {e.version} of '{rid}'; the job "
                                       f"description is now {versions[rid]}: "
                                       + "; ".join(diffs[(rid, e.version)])))
    from ..editions.script import source_script
    from ..editions.texts import iter_strings

    return SignoffStatus(people, versions, sorted(diagnostics), ledger, source_script(iter_strings(org)))
