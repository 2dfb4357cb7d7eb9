"""Rules for an activity's A: one approver, or approval tiers (审批权限, FORMAT.md sections 4-5).

A tier table is what auditors read first, so every way it can be wrong is located at the
key or value to fix: tiers out of order or missing `up_to`, no unit, an approver who
reports (directly or not) to a lower tier's approver, the same approver in two tiers,
four-eyes broken in any tier, too many tiers. An R who also approves a tier of the same
activity approves their own request: a warning (some companies let a salesperson sign
within a small limit, 权限内自行订立), an error under `four_eyes`.
"""
from __future__ import annotations

from typing import Callable, Optional

from ..errors import Diagnostic, error, warning
from .approval_chain_rules import chain_diagnostics, managers
from .process_models import Activity, Process
from .yaml_reader import SourceFile

MAX_TIERS = 12  # real authority tables have three to six levels; 12 is already a ladder nobody reads


def approval_diagnostics(source: SourceFile, process: Process, index: int, activity: Activity,
                         manager_of: dict[str, Optional[str]],
                         filled_of: Optional[dict[str, Optional[int]]] = None) -> list[Diagnostic]:
    """Every problem with the A (and unit, signatures, escalation) of `process.activities[index]`.

    `manager_of` maps a role id to its reports_to, to follow reporting lines upwards;
    `filled_of` its people in post (None: not stated), for `four_eyes: people`.
    """
    here = ("activities", index)
    data = source.data["activities"][index]
    found: list[Diagnostic] = []

    def at(loc: tuple, code: str, message: str, *, severity: Callable = error) -> None:
        mark = source.mark_of((*here, *loc))
        found.append(severity(source.path, mark.line, mark.column, code, message))

    name = activity.name
    chain_diagnostics(at, activity, data, manager_of, filled_of or {})
    if activity.signatures:
        if activity.unit is not None:
            at(("unit",), "unit-without-tiers",
               f"activity '{name}' has a unit but no approval tiers; signatures (sign) have no amounts, "
               "remove `unit`")
        return found
    if not activity.tiered:
        if not activity.A:
            at(("A",) if "A" in data else (), "raci-a-count",
               f"activity '{name}' has no A (exactly one position must be accountable)")
        elif len(activity.A) > 1:
            at(("A",), "raci-a-count",
               f"activity '{name}' has {len(activity.A)} A's ({', '.join(t.role for t in activity.A)}); "
               "exactly one position is accountable (or give approval tiers: {up_to, role})")
        elif activity.four_eyes is True and activity.A[0].role in activity.R:
            at(("A",), "four-eyes", f"activity '{name}' is four_eyes, but its A '{activity.A[0].role}' "
                                    "is also an R; approval needs a second person")
        if activity.unit is not None:
            at(("unit",), "unit-without-tiers",
               f"activity '{name}' has a unit but no approval tiers; give A as tiers ({{up_to, role}}) "
               "or remove `unit`")
        return found

    tiers = activity.A
    if len(tiers) > MAX_TIERS:
        at(("A",), "too-many-tiers", f"activity '{name}' has {len(tiers)} approval tiers; at most {MAX_TIERS}")
        return found  # one message, not one per tier
    if len(tiers) < 2:
        at(("A",), "tiers", f"activity '{name}' has one approval tier; tiers need at least two "
                            f"(for one approver write `A: {tiers[0].role}`)")
    for t, tier in enumerate(tiers):
        if tier.plain:
            at(("A", t), "tiers", f"'{tier.role}' is a bare id among approval tiers; write it as "
                                  f"{{up_to: …, role: {tier.role}}}")
    if process.unit_of(activity) is None:
        at(("A",), "tier-unit", f"activity '{name}' has approval tiers but no unit; add `unit:` (such as 万元, "
                                "% or 天) to the activity or the process")

    previous = None
    for t, tier in enumerate(tiers):
        last = t == len(tiers) - 1
        if tier.up_to is None and not last:
            at(("A", t), "tier-order", f"tier {t + 1} of '{name}' has no up_to; only the last tier may omit it "
                                       "(no upper limit)")
        if tier.up_to is not None and previous is not None and tier.up_to <= previous:
            at(("A", t, "up_to"), "tier-order",
               f"tier {t + 1} of '{name}' is out of order: up_to {tier.up_to:f} is not above "
               f"the previous tier's {previous:f}; up_to values must increase")
        if tier.up_to is not None:
            previous = tier.up_to

    first_tier: dict[str, int] = {}
    for t, tier in enumerate(tiers):
        if tier.role in first_tier:
            at(("A", t, "role"), "tier-approver",
               f"'{tier.role}' approves tier {first_tier[tier.role] + 1} of '{name}' already; "
               "merge the two tiers")
            continue
        first_tier[tier.role] = t
        above = managers(tier.role, manager_of)
        for lower in tiers[:t]:
            if lower.role in above:
                between = above[:above.index(lower.role)]
                via = f" (through {', '.join(repr(m) for m in between)})" if between else ""
                at(("A", t, "role"), "tier-reporting-line",
                   f"tier {t + 1} of '{name}' goes down the reporting line: its approver '{tier.role}' "
                   f"reports{via} to '{lower.role}', who approves a lower tier")
                break
        if tier.role in activity.R and not activity.two_people:
            if activity.four_eyes:
                at(("A", t, "role"), "four-eyes",
                   f"activity '{name}' is four_eyes, but '{tier.role}' (tier {t + 1}) is also an R; "
                   "approval needs a second person in every tier")
            else:
                at(("A", t, "role"), "self-approval",
                   f"'{tier.role}' is an R of '{name}' and approves its tier {t + 1}: "
                   "requests in that range are approved by their own author (set four_eyes to forbid it)",
                   severity=warning)
    return found


def process_unit_diagnostics(source: SourceFile, process: Process) -> list[Diagnostic]:
    """A process-level unit that no tiered activity uses is a mistake, not decoration."""
    if process.unit is None or any(a.tiered for a in process.activities):
        return []
    mark = source.mark_of(("unit",))
    return [error(source.path, mark.line, mark.column, "unit-without-tiers",
                  f"process '{process.name}' has a unit but none of its activities has approval tiers")]
