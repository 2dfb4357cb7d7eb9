"""Approval limits (审批权限) as the outputs print them: one `ApprovalTier` per step.

A step is an amount tier, a signature of a 会签 (`A: {sign: [...]}`), the approver an
escalation starts from, or a step of that escalation (`escalate:`). authority.csv/.xlsx/.pdf,
the job descriptions' 审批权限 section and the RACI matrix's mark all read these, so what a
position may approve reads the same everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from .process_models import Activity, Process


# What a step is (ApprovalTier.kind). "amount" is the only kind an organisation without
# signatures or escalation has, and prints exactly as before.
AMOUNT, SIGN, WITHIN, ESCALATE = "amount", "sign", "within", "escalate"


@dataclass(frozen=True)
class ApprovalTier:
    """Step `number` of `count` of one activity's approval: for an amount tier, amounts above
    `above` up to `up_to` (inclusive); for the other kinds see `kind`."""

    process_id: str
    process: str  # the process's name
    activity: str
    number: int  # 1 for the lowest tier
    count: int
    above: Optional[Decimal]  # None for the first tier
    up_to: Optional[Decimal]  # None: no upper limit (only the last tier)
    unit: str
    approver: str  # a role or external id
    escalates_to: Optional[str]  # the next tier's approver; None on the last tier
    kind: str = AMOUNT  # AMOUNT, SIGN (会签 signature `step`), WITHIN (the approver), ESCALATE (step `step`)
    step: int = 0  # a signature's or escalation step's number, from 1; its count is `steps`
    steps: int = 0

    @property
    def last(self) -> bool:
        return self.number == self.count

    @property
    def capped(self) -> bool:
        """The last tier has a limit: amounts above it cannot be approved at all."""
        return self.last and self.kind == AMOUNT and self.up_to is not None


def approval_tiers(processes: dict[str, Process]) -> list[ApprovalTier]:
    """Every step of every activity with tiers, signatures or escalation, in process, activity
    and step order."""
    return [tier for process_id, process in processes.items() for activity in process.activities
            for tier in activity_tiers(process_id, process, activity)]


def activity_tiers(process_id: str, process: Process, activity: Activity) -> list[ApprovalTier]:
    """The steps of one activity's approval ([] when its A is a single approver and nothing
    escalates): its amount tiers or signatures, then its escalation."""
    if not activity.chained:
        return []
    unit = (process.unit_of(activity) or "") if activity.tiered else ""
    # (kind, approver, above, up_to, step, steps) in order; escalates_to links each to the next.
    steps: list[tuple] = []
    if activity.tiered:
        tiers = activity.tiers
        steps = [(AMOUNT, tier.role, tiers[n - 1].up_to if n else None, tier.up_to, 0, 0)
                 for n, tier in enumerate(tiers)]
    elif activity.signatures:
        signatures = activity.signatures
        steps = [(SIGN, role, None, None, n + 1, len(signatures)) for n, role in enumerate(signatures)]
    else:
        steps = [(WITHIN, tier.role, None, None, 0, 0) for tier in activity.tiers[:1]]
    over = activity.tiers[-1].up_to if activity.tiered else None  # escalation starts above the last tier
    steps += [(ESCALATE, role, over, None, n + 1, len(activity.escalate)) for n, role in enumerate(activity.escalate)]
    return [ApprovalTier(process_id, process.name, activity.name, n + 1, len(steps), above, up_to, unit, role,
                         steps[n + 1][1] if n + 1 < len(steps) else None, kind, step, count)
            for n, (kind, role, above, up_to, step, count) in enumerate(steps)]


def amount_text(amount: Decimal) -> str:
    """5 → '5', 0.50 → '0.5', 50000 → '50000': digits as a number column wants them (no grouping)."""
    text = format(amount, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def printed_amount(amount: Decimal) -> str:
    """As people read it: 200000 → '200,000', 0.5 → '0.5' (grouped, as finance writes amounts)."""
    whole, point, decimals = amount_text(amount).partition(".")
    return f"{int(whole):,}{point}{decimals}"


def with_unit(amount: str, unit: str) -> str:
    """'5' + '万元' → '5 万元'; '10' + '%' → '10%' (a percent or permille sign sits tight)."""
    return f"{amount}{unit}" if unit[:1] in ("%", "‰") else f"{amount} {unit}"


def range_text(tier: ApprovalTier, labels: dict[str, str]) -> str:
    """The range a tier's approver may approve: '≤ 5 万元', '5–20 万元', '> 20 万元', '≤ 50,000 元';
    for the steps without amounts, what the step is: '会签 1/2', '权限内', '超出权限 第 1 级'."""
    if tier.kind == SIGN:
        return labels["sign_step"].format(step=tier.step, steps=tier.steps)
    if tier.kind == WITHIN:
        return labels["within_authority"]
    if tier.kind == ESCALATE:
        text = labels["escalate_step"].format(step=tier.step)
        if tier.above is None:
            return text
        return f"{labels['range_open'].format(range=with_unit(printed_amount(tier.above), tier.unit))} · {text}"
    above = printed_amount(tier.above) if tier.above is not None else None
    up_to = printed_amount(tier.up_to) if tier.up_to is not None else None
    if above is None:
        return labels["range_first"].format(range=with_unit(up_to, tier.unit))
    if up_to is None:
        return labels["range_open"].format(range=with_unit(above, tier.unit))
    return labels["range_between"].format(range=with_unit(f"{above}–{up_to}", tier.unit))


def end_text(tier: ApprovalTier, labels: dict[str, str]) -> str:
    """What the "above it, goes to" column says of a step that escalates nowhere: amounts above
    a capped last tier cannot be approved, an open last tier has no limit, and a chain without
    amounts ends where the document ends (not stated: nothing is claimed)."""
    if tier.capped:
        return labels["over_limit"]
    return labels["no_limit"] if tier.kind == AMOUNT else labels["chain_end"]


# Shared by every output that prints a range; each renderer adds its own labels to these.
RANGE_LABELS_ZH = {
    "range_first": "≤ {range}",
    "range_between": "{range}",
    "range_open": "> {range}",
    "no_limit": "无上限",
    "over_limit": "超出上限不可审批",
    "range_note": "金额区间含上限、不含下限：“{range}”指大于 {above}、不超过 {up_to}。",
    "sign_step": "会签 {step}/{steps}",
    "within_authority": "权限内",
    "chain_end": "未列明",
    "escalate_step": "超出权限 第 {step} 级",
}
RANGE_LABELS_EN = {
    "range_first": "≤ {range}",
    "range_between": "{range}",
    "range_open": "> {range}",
    "no_limit": "No upper limit",
    "over_limit": "Above the limit: cannot be approved",
    "range_note": "A range includes its upper bound, not its lower one: “{range}” means above {above} and up to "
                  "{up_to}.",
    "sign_step": "Co-sign {step}/{steps}",
    "within_authority": "Within own authority",
    "chain_end": "Not stated",
    "escalate_step": "Over authority, step {step}",
}


def range_note(tiers: list[ApprovalTier], labels: dict[str, str]) -> str:
    """How to read a range, shown on a middle tier of this organisation's own table."""
    middle = next((t for t in tiers if t.kind == AMOUNT and t.above is not None and t.up_to is not None), None)
    if middle is None:
        return ""
    return labels["range_note"].format(range=range_text(middle, labels),
                                       above=with_unit(printed_amount(middle.above), middle.unit),
                                       up_to=with_unit(printed_amount(middle.up_to), middle.unit))
