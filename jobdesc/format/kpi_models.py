"""KPIs (考核指标) of a role file (FORMAT.md sections 3 and 10), and how a target prints.

A target is what somebody typed: a number, a text that may carry a number (不低于20个), or a
range `{min: 80, max: 90}` with either bound omitted. Nothing is computed from it; outputs
print it as written (80–90%, ≥ 80%). That a range has a bound and its min is not above its max
are rules (kpi_rules.py), reported where they are typed. (Not a model validator: it would hide
the range's name from the messages of a union.)
"""
from __future__ import annotations

import math
from typing import Annotated, Any, Optional, Union

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema, field_validator

from .model_base import Strict, Text
from .periods import PERIOD_HELP, Period


def _number_as_text(value: Any) -> Any:
    # Numbers come from YAML as the text typed; keep it so "1.10" prints as typed.
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _must_be_a_number(value: str) -> str:
    try:
        number = float(value)
    except ValueError:
        raise ValueError("a range's bound must be a number (write text such as 不低于20 as the target itself)")
    if not math.isfinite(number):
        raise ValueError("a range's bound must be a finite number")
    return value


KpiBound = Annotated[
    str, BeforeValidator(_number_as_text), AfterValidator(_must_be_a_number), WithJsonSchema({"type": ["number", "string"]})]


class KpiRange(Strict):
    """A target range (目标区间): `{min: 80, max: 90}`, or one bound only (≥ 80, ≤ 5)."""

    min: Optional[KpiBound] = Field(None, title="At least", description="The lower bound, e.g. 80")
    max: Optional[KpiBound] = Field(None, title="At most", description="The upper bound, e.g. 90")


KpiTarget = Annotated[
    str,
    WithJsonSchema({"type": ["string", "number"], "title": "Target",
                    "description": "A number or text, e.g. 20 or 不低于20个."}),
]


class Kpi(Strict):
    name: Text = Field(title="KPI name", description="e.g. 每日有效电话")
    target: Optional[Union[KpiRange, KpiTarget]] = Field(
        None, union_mode="left_to_right", title="Target",
        description="A number, text (不低于20个) or a range {min: 80, max: 90} (either bound may be omitted).")
    unit: Optional[Text] = Field(None, title="Unit", description="e.g. 个, 万元, %")
    period: Optional[Period] = Field(None, title="Period", description=PERIOD_HELP)
    weight: Optional[float] = Field(
        None, gt=0, le=100, title="Weight (%)",
        description="Percent; if any KPI of a role has a weight, all do and they sum to 100.",
    )

    @field_validator("target", mode="before")
    @classmethod
    def _target_as_text(cls, value: Any) -> Any:
        return _number_as_text(value)


def amount(value: str, unit: Optional[str]) -> str:
    """'100' + '%' → '100%'; '20' + '个' → '20个'; '5' + 'days' → '5 days'."""
    if not unit:
        return value
    tight = unit[0] in "%‰" or ord(unit[0]) > 0x2E80  # CJK units sit tight against the number
    return f"{value}{unit}" if tight else f"{value} {unit}"


def range_text(target: KpiRange) -> str:
    """As written: 80–90, ≥ 80, ≤ 5 (no unit)."""
    if target.min is not None and target.max is not None:
        return f"{target.min}–{target.max}"
    if target.min is None and target.max is None:
        return ""  # refused by check (kpi_rules); never printed
    return f"≥ {target.min}" if target.min is not None else f"≤ {target.max}"


def target_text(kpi: Kpi) -> str:
    """The target with its unit, as a job description prints it ("" or the unit alone when not stated)."""
    if kpi.target is None:
        return kpi.unit or ""
    return amount(range_text(kpi.target) if isinstance(kpi.target, KpiRange) else kpi.target, kpi.unit)
