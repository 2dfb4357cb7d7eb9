"""RACI changes: processes and activities added or removed, letters changed, approval limits changed.

Processes are matched by id (their file name), activities by name within a process (the
second activity of the same name by its rank). Letters are the cells of the RACI matrix
(organisation.raci_letter), so the diff says exactly what the matrix will show differently.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Optional

from ..format.approval_tiers import RANGE_LABELS_EN, activity_tiers, range_text
from ..format.organisation import Organisation, raci_letter
from .fields import named
from .items import FieldChange, ItemChange, field_change, scalar_change

Kind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class LetterChange:
    position: str  # id
    title: str  # 'Title (id)' as the newer version names it
    old: str  # '' when the position had no letter
    new: str

    def as_dict(self) -> dict:
        return {"position": self.position, "title": self.title, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class ActivityChange:
    name: str
    kind: Kind
    letters: tuple[LetterChange, ...] = ()
    fields: tuple[FieldChange, ...] = ()  # approval limits, four_eyes

    def as_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "letters": [x.as_dict() for x in self.letters],
                "fields": [f.as_dict() for f in self.fields]}


@dataclass(frozen=True)
class ProcessChange:
    id: str
    name: str
    kind: Kind
    renamed: Optional[ItemChange] = None
    activities: tuple[ActivityChange, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "kind": self.kind,
                "renamed": self.renamed.as_dict() if self.renamed else None,
                "activities": [a.as_dict() for a in self.activities]}


def _letters(activity, organisation: Organisation) -> dict[str, str]:
    return {pid: raci_letter(activity, pid) for pid in organisation.raci_positions_of(activity)}


def approval_text(activity, process, organisation: Organisation) -> Optional[str]:
    """Approval limits as one line ('≤ 5 万元: 销售经理 (manager); > 5 万元: 运营长 (coo)'; signatures and
    escalation steps as 'Co-sign 1/2: …', 'Over authority, step 1: …'), or None when the
    activity has a single approver and no escalation (its letter A already says all). The ranges read as in
    authority.pdf (approvals.range_text)."""
    if not activity.chained:
        return None
    return "; ".join(f"{range_text(tier, RANGE_LABELS_EN)}: {named(organisation, tier.approver) or '?'}"
                     for tier in activity_tiers("", process, activity))


def _activity_fields(old, old_process, old_org, new, new_process, new_org) -> tuple[FieldChange, ...]:
    changes = [
        field_change("approval", approval_text(old, old_process, old_org) if old else None,
                     approval_text(new, new_process, new_org) if new else None),
        field_change("four_eyes", _four_eyes(old), _four_eyes(new)),
    ]
    return tuple(c for c in changes if c is not None)


def _four_eyes(activity) -> Optional[str]:
    """'yes' (R and A different roles), 'people' (two different people) or None."""
    if activity is None or not activity.four_eyes:
        return None
    return "people" if activity.two_people else "yes"


def _keyed(activities) -> dict[tuple[str, int], Any]:
    seen: dict[str, int] = {}
    keyed = {}
    for activity in activities:
        rank = seen.get(activity.name, 0)
        seen[activity.name] = rank + 1
        keyed[(activity.name, rank)] = activity
    return keyed


def _activity_change(key, old, old_process, old_org, new, new_process, new_org) -> Optional[ActivityChange]:
    before = _letters(old, old_org) if old else {}
    after = _letters(new, new_org) if new else {}
    letters = []
    for pid in [*after, *(p for p in before if p not in after)]:
        if before.get(pid, "") != after.get(pid, ""):
            title = named(new_org if pid in after else old_org, pid)
            letters.append(LetterChange(pid, title, before.get(pid, ""), after.get(pid, "")))
    fields = _activity_fields(old, old_process, old_org, new, new_process, new_org)
    kind: Kind = "added" if old is None else "removed" if new is None else "changed"
    if kind == "changed" and not letters and not fields:
        return None
    return ActivityChange(key[0], kind, tuple(letters), fields)


def process_changes(old_org: Organisation, new_org: Organisation) -> tuple[ProcessChange, ...]:
    changes: list[ProcessChange] = []
    ids = [*new_org.processes, *(p for p in old_org.processes if p not in new_org.processes)]
    for pid in sorted(ids):
        old, new = old_org.processes.get(pid), new_org.processes.get(pid)
        if old == new:
            continue
        old_acts = _keyed(old.activities) if old else {}
        new_acts = _keyed(new.activities) if new else {}
        activities = []
        for key in [*new_acts, *(k for k in old_acts if k not in new_acts)]:
            change = _activity_change(key, old_acts.get(key), old, old_org, new_acts.get(key), new, new_org)
            if change is not None:
                activities.append(change)
        kind: Kind = "added" if old is None else "removed" if new is None else "changed"
        renamed = scalar_change(old.name, new.name) if old and new else None
        if kind == "changed" and not activities and renamed is None:
            continue  # e.g. only titles of named positions changed: told with those positions
        changes.append(ProcessChange(pid, (new or old).name, kind, renamed, tuple(activities)))
    return tuple(changes)
