"""Rules for approval without amounts (FORMAT.md section 10): signatures (会签), escalation
chains (超出权限→销售经理→营销总监→总裁) and `four_eyes: people`.

Unknown ids are reported with every other reference in rules.py; this module checks the
chain itself. An escalation climbs the reporting line like approval tiers do, so a step who
reports (directly or not) to the activity's approver or to an earlier step is an error, as a
tier that goes down the line is (`tier-reporting-line`): a request over a manager's authority
that goes to that manager's own report is a mistake in the document, not a policy.
"""
from __future__ import annotations

from typing import Callable, Optional

from ..errors import warning
from .process_models import Activity

MAX_CHAIN = 12  # as many as approval tiers: a longer chain is a ladder nobody reads


def managers(role_id: str, manager_of: dict[str, Optional[str]]) -> list[str]:
    """Everyone `role_id` reports to, nearest first (stops at a cycle: reported elsewhere)."""
    found: list[str] = []
    current = manager_of.get(role_id)
    while current is not None and current not in found and current != role_id:
        found.append(current)
        current = manager_of.get(current)
    return found


def chain_diagnostics(at: Callable, activity: Activity, data: dict, manager_of: dict[str, Optional[str]],
                      filled_of: dict[str, Optional[int]]) -> None:
    """Problems with an activity's signatures, escalation and four_eyes, reported through `at`
    (approval_rules' locator, relative to the activity; it collects them). `data` is the
    activity as typed, to point at `escalate: x` written without a list."""
    _signature_problems(at, activity)
    _escalation_problems(at, activity, isinstance(data.get("escalate"), list), manager_of)
    if activity.two_people:
        _two_people_problems(at, activity, filled_of)


def _signature_problems(at: Callable, activity: Activity) -> None:
    signatures, name = activity.signatures, activity.name
    if not signatures:
        return
    if len(signatures) > MAX_CHAIN:
        at(("A", "sign"), "too-many-signatures",
           f"activity '{name}' has {len(signatures)} signatures; at most {MAX_CHAIN}")
        return
    if len(signatures) == 1:
        at(("A", "sign"), "sign-one", f"activity '{name}' has one signature; 会签 needs at least two "
                                      f"(for one approver write `A: {signatures[0]}`)")
    first: dict[str, int] = {}
    for n, signer in enumerate(signatures):
        if signer in first:
            at(("A", "sign", n), "sign-duplicate",
               f"'{signer}' signs '{name}' twice (signatures {first[signer] + 1} and {n + 1}); "
               "each position signs once")
            continue
        first[signer] = n
        if activity.four_eyes is True and signer in activity.R:
            at(("A", "sign", n), "four-eyes",
               f"activity '{name}' is four_eyes, but its signatory '{signer}' is also an R; "
               "approval needs a second person (or write four_eyes: people)")


def _escalation_problems(at: Callable, activity: Activity, listed: bool,
                         manager_of: dict[str, Optional[str]]) -> None:
    steps, name = activity.escalate, activity.name
    if not steps:
        return
    if len(steps) > MAX_CHAIN:
        at(("escalate",), "too-many-steps", f"activity '{name}' escalates through {len(steps)} positions; "
                                            f"at most {MAX_CHAIN}")
        return
    tiers = activity.tiers
    if activity.tiered and tiers[-1].up_to is None:
        at(("escalate",), "escalate-unreachable",
           f"activity '{name}' escalates, but its last tier has no upper limit, so no request is ever over it; "
           "give the last tier an up_to or remove `escalate`")
    own = activity.signatures or tuple(tier.role for tier in tiers)
    earlier: list[str] = list(own)
    for n, step in enumerate(steps):
        where = ("escalate", n) if listed else ("escalate",)
        if step in earlier:
            what = "an approver of" if step in own else "an earlier escalation step of"
            at(where, "escalate-duplicate",
               f"'{step}' is already {what} '{name}'; each position appears once in an approval chain")
            continue
        above = managers(step, manager_of)
        below = next((lower for lower in earlier if lower in above), None)
        if below is not None:
            at(where, "escalate-reporting-line",
               f"escalation step {n + 1} of '{name}' goes down the reporting line: '{step}' reports to "
               f"'{below}', who comes before it in the chain; an over-limit request climbs the line")
        if activity.four_eyes is True and step in activity.R:
            at(where, "four-eyes", f"activity '{name}' is four_eyes, but its escalation step '{step}' is also an R")
        earlier.append(step)


def _two_people_problems(at: Callable, activity: Activity, filled_of: dict[str, Optional[int]]) -> None:
    """`four_eyes: people` with R and A in one post needs two people in it: a warning when the
    post's filled count is stated and below two (not stated: nothing to check)."""
    for role_id in dict.fromkeys(r for r in activity.R if r in activity.approvers):
        filled = filled_of.get(role_id)
        if filled is not None and filled < 2:
            at(("four_eyes",), "four-eyes-people",
               f"activity '{activity.name}' needs two different people (four_eyes: people), but '{role_id}' "
               f"is both R and A and has {filled} {'person' if filled == 1 else 'people'} in post",
               severity=warning)
