"""RACI processes as Pydantic models: a process, its activities, and approval tiers (审批权限).

Split from position_models.py (organisation and positions), whose base class and id rules these use.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .position_models import SLUG, SLUG_RE, IdList, Slug, Strict, Text, one_or_many


# Approval limits (审批权限). An amount is typed in YAML as text ("5", "0.5", "50,000") and
# kept as a Decimal, so 0.1 + 0.2 limits compare exactly and print as typed.
MAX_AMOUNT_DIGITS = 12  # before the decimal point: 9999,9999,9999 of any unit is already absurd
MAX_AMOUNT_DECIMALS = 4
_AMOUNT_RE = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def parse_amount(value: Any) -> Decimal:
    """An `up_to` as typed → a positive Decimal; anything else is a ValueError saying why."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        kind = ("a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict)
                else "true/false" if isinstance(value, bool) else "nothing")
        raise ValueError(f"expected a number such as 5 or 0.5, got {kind}")
    text = str(value).strip()
    if text.startswith("-"):
        raise ValueError(f"'{text}' is negative; an approval limit is an amount above 0")
    if not _AMOUNT_RE.match(text):
        raise ValueError(f"'{text[:40]}' is not a number; write digits only, such as 5, 0.5 or 50,000 "
                         "(the unit goes in `unit`)")
    amount = Decimal(text.replace(",", ""))
    whole, _, decimals = text.replace(",", "").partition(".")
    if len(whole.lstrip("0")) > MAX_AMOUNT_DIGITS:
        raise ValueError(f"'{text[:40]}' is too large (at most {MAX_AMOUNT_DIGITS} digits before the decimal "
                         "point); choose a larger unit, such as 万元 or 亿元")
    if len(decimals) > MAX_AMOUNT_DECIMALS:
        raise ValueError(f"'{text}' has more than {MAX_AMOUNT_DECIMALS} decimal places")
    if amount == 0:
        raise ValueError("an approval limit of 0 approves nothing; give an amount above 0")
    return amount


Amount = Annotated[
    Decimal,
    BeforeValidator(parse_amount),
    WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "title": "Up to",
                    "description": "The largest amount this tier's approver may approve (inclusive)."}),
]


class Tier(Strict):
    """One approver of an activity's A, and the amount up to which it approves.

    A plain id in A (`A: sales-manager`, or `A: [a, b]`) is read as a Tier too, marked
    `plain`, so every A is one list: rules.py tells one approver, several plain ids (an
    error) and tiers apart.
    """

    up_to: Optional[Amount] = Field(
        None, title="Up to", description="The largest amount (inclusive) this approver may approve; "
                                         "omitted only on the last tier (no upper limit).")
    role: Slug = Field(title="Approver", description="A role or external id.")
    _plain: bool = PrivateAttr(False)

    @model_validator(mode="wrap")
    @classmethod
    def _plain_id(cls, value: Any, handler):
        if not isinstance(value, str):
            return handler(value)
        if not SLUG_RE.match(value.strip()) or len(value) > 80:
            # Reported at the id itself, as for any other id (not at an invented `role` key).
            raise PydanticCustomError("string_pattern_mismatch", "not a slug", {"pattern": SLUG})
        tier = handler({"role": value})
        tier._plain = True
        return tier

    @property
    def plain(self) -> bool:
        return self._plain

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        object_schema = handler.resolve_ref_schema(handler(core_schema))
        return {"anyOf": [{"type": "string", "pattern": SLUG}, object_schema]}


def _approver_schema(schema: dict, _cls: Any) -> None:
    # `A: sales-manager` is the common case; the JSON Schema offers it beside the list.
    a_field = schema["properties"]["A"]
    listed = {k: v for k, v in a_field.items() if k not in ("title", "description", "default")}
    schema["properties"]["A"] = {
        "title": a_field["title"], "description": a_field["description"],
        "anyOf": [{"type": "string", "pattern": SLUG}, listed],
    }


Unit = Annotated[str, Field(min_length=1, max_length=20)]


class Signatures(Strict):
    """`A: {sign: [a, b]}`: 会签, every one of them signs, in this order (no amounts)."""

    sign: list[Slug] = Field(min_length=1, title="Signatures (会签)",
                             description="Role or external ids; every one signs, in this order.")


def _approver_list(value: Any) -> Any:
    """`A: x` is `A: [x]`; an empty `A:` is no A (rules.py says so, located); `{sign: [...]}` as typed."""
    if isinstance(value, dict):
        if "sign" in value:
            return value
        raise ValueError("expected a role id, or approval tiers as a list (items starting with '- ', such as "
                         "`- {up_to: 5, role: sales-manager}`), or signatures ({sign: [a, b]}), got a mapping")
    return [] if value is None else one_or_many(value)


# How an activity's `four_eyes` may be set: R and A different roles (true), or two different
# people, where the same post may hold both roles (people).
_BOOL = TypeAdapter(bool)


def _four_eyes(value: Any) -> Any:
    """true/false as YAML text gives them ("true"), or people; one message for anything else."""
    if value == "people":
        return value
    try:
        return _BOOL.validate_python(value)
    except ValidationError:
        raise ValueError(f"expected true, false or people, got {str(value)[:40]!r}") from None


FourEyes = Annotated[Union[bool, Literal["people"]], BeforeValidator(_four_eyes)]


class Activity(Strict):
    model_config = ConfigDict(**Strict.model_config, json_schema_extra=_approver_schema)

    name: Text = Field(title="Activity (活动)", description="One step of the process, e.g. 权限内合同订立.")
    R: IdList = Field(default_factory=list, title="Responsible (负责)", description="One id or a list; at least one.")
    A: Annotated[Union[Signatures, list[Tier]], BeforeValidator(_approver_list)] = Field(
        default_factory=list, title="Accountable (审批)",
        description="Exactly one role id; approval tiers: a list of {up_to, role}, amounts increasing; "
                    "or {sign: [id, id, ...]}: every one signs, in this order (会签).",
    )
    C: IdList = Field(default_factory=list, title="Consulted (咨询)", description="One id or a list; optional.")
    I: IdList = Field(default_factory=list, title="Informed (知会)", description="One id or a list; optional.")
    escalate: IdList = Field(default_factory=list, title="Escalation (超出权限报批)",
                             description="Where a request over the approver's authority goes, in this order, "
                                         "e.g. [marketing-director, president].")
    four_eyes: FourEyes = Field(False, title="Four eyes (双人复核)",
                                description="true: R and A must be different roles (in every tier); people: two "
                                            "different people, the same post may hold both roles.")
    unit: Optional[Unit] = Field(None, title="Unit of the approval limits",
                                 description="e.g. 万元, %, 天; required when A has tiers (or set on the process).")

    @property
    def tiers(self) -> list[Tier]:
        """A as a list: the one approver or the amount tiers ([] for signatures)."""
        return [] if isinstance(self.A, Signatures) else self.A

    @property
    def signatures(self) -> tuple[str, ...]:
        """Who signs, in order, when A is {sign: [...]} (会签); () otherwise."""
        return tuple(self.A.sign) if isinstance(self.A, Signatures) else ()

    @property
    def tiered(self) -> bool:
        """A is a list of amount tiers (at least one item was written as {up_to, role})."""
        return any(not tier.plain for tier in self.tiers)

    @property
    def chained(self) -> bool:
        """Approval goes past one approver: amount tiers, signatures or an escalation chain.
        Such an activity has rows in authority.pdf/.csv and its A is marked in the RACI matrix."""
        return self.tiered or bool(self.signatures) or bool(self.escalate)

    @property
    def approvers(self) -> tuple[str, ...]:
        """Every position with A: the one approver, each tier's (lowest first) or each signatory
        (in order), then the escalation chain."""
        own = self.signatures or tuple(tier.role for tier in self.tiers)
        return tuple(dict.fromkeys((*own, *self.escalate)))

    @property
    def two_people(self) -> bool:
        """`four_eyes: people`: the same post may be R and A, but two people must act."""
        return self.four_eyes == "people"


class Process(Strict):
    """processes/ID.yaml: one RACI process."""

    name: Text = Field(title="Process name (流程名称)", description="e.g. 销售合同审批")
    unit: Optional[Unit] = Field(None, title="Unit of the approval limits",
                                 description="e.g. 万元; the unit of every tiered activity that sets none.")
    activities: list[Activity] = Field(min_length=1, title="Activities", description="At least one, in order.")

    def unit_of(self, activity: Activity) -> Optional[str]:
        return activity.unit or self.unit

