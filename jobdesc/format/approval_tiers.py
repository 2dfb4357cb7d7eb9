"""Approval limits (审批权限) as the outputs print them: one `ApprovalTier` per tier.

authority.csv/.xlsx/.pdf, the job descriptions' 审批权限 section and the RACI matrix's
mark all read these, so the range a position may approve reads the same everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from .process_models import Activity, Process


@dataclass(frozen=True)
class ApprovalTier:
    """Tier `number` of `count` of one activity: amounts above `above` up to `up_to` (inclusive)."""

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

    @property
    def last(self) -> bool:
        return self.number == self.count

    @property
    def capped(self) -> bool:
        """The last tier has a limit: amounts above it cannot be approved at all."""
        return self.last and self.up_to is not None


def approval_tiers(processes: dict[str, Process]) -> list[ApprovalTier]:
    """Every tier of every tiered activity, in process, activity and tier order."""
    return [tier for process_id, process in processes.items() for activity in process.activities
            for tier in activity_tiers(process_id, process, activity)]


def activity_tiers(process_id: str, process: Process, activity: Activity) -> list[ApprovalTier]:
    """The tiers of one activity ([] when its A is a single approver)."""
    if not activity.tiered:
        return []
    tiers = activity.A
    return [ApprovalTier(process_id, process.name, activity.name, n + 1, len(tiers),
                         tiers[n - 1].up_to if n else None, tier.up_to, process.unit_of(activity) or "",
                         tier.role, tiers[n + 1].role if n + 1 < len(tiers) else None)
            for n, tier in enumerate(tiers)]


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
    """The range a tier's approver may approve: '≤ 5 万元', '5–20 万元', '> 20 万元', '≤ 50,000 元'."""
    above = printed_amount(tier.above) if tier.above is not None else None
    up_to = printed_amount(tier.up_to) if tier.up_to is not None else None
    if above is None:
        return labels["range_first"].format(range=with_unit(up_to, tier.unit))
    if up_to is None:
        return labels["range_open"].format(range=with_unit(above, tier.unit))
    return labels["range_between"].format(range=with_unit(f"{above}–{up_to}", tier.unit))


# Shared by every output that prints a range; each renderer adds its own labels to these.
RANGE_LABELS_ZH = {
    "range_first": "≤ {range}",
    "range_between": "{range}",
    "range_open": "> {range}",
    "no_limit": "无上限",
    "over_limit": "超出上限不可审批",
    "range_note": "金额区间含上限、不含下限：“{range}”指大于 {above}、不超过 {up_to}。",
}
RANGE_LABELS_EN = {
    "range_first": "≤ {range}",
    "range_between": "{range}",
    "range_open": "> {range}",
    "no_limit": "No upper limit",
    "over_limit": "Above the limit: cannot be approved",
    "range_note": "A range includes its upper bound, not its lower one: “{range}” means above {above} and up to "
                  "{up_to}.",
}


def range_note(tiers: list[ApprovalTier], labels: dict[str, str]) -> str:
    """How to read a range, shown on a middle tier of this organisation's own table."""
    middle = next((t for t in tiers if t.above is not None and t.up_to is not None), None)
    if middle is None:
        return ""
    return labels["range_note"].format(range=range_text(middle, labels),
                                       above=with_unit(printed_amount(middle.above), middle.unit),
                                       up_to=with_unit(printed_amount(middle.up_to), middle.unit))
