"""Job architecture in org.yaml (FORMAT.md section 13): ladders of levels, job families, career paths.

A ladder (职级序列: 管理序列 M1–M5, 专业序列 P1–P8) lists its levels from the lowest; a level
may state the generic requirements of everyone at it (任职资格 a job description inherits) and
a pay band. A family (职族, 职位序列) groups posts across departments, with optional
sub-families. `paths` name the moves across ladders (专业转管理). A role names a family and
a level, or a range of levels (`P5-P6`).

Pay bands are confidential: nothing here or in the rules ever puts a band's figure in a
message (a wrong figure is refused without being repeated), and only the `paybands` output
prints them, into OUT/confidential/.
"""
from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import Field, field_validator

from .model_base import Slug, Strict, Text

LEVEL_ID = r"^[A-Za-z0-9][A-Za-z0-9_.]*$"  # P1, M3, T2.1; no '-', which writes a range (P2-P3)
LEVEL_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.]*")
LEVEL_RANGE_RE = re.compile(r"([A-Za-z0-9][A-Za-z0-9_.]*)(?:\s*[-–~]\s*([A-Za-z0-9][A-Za-z0-9_.]*))?")
PAY_PERIODS = ("hourly", "daily", "monthly", "yearly")
_FIGURE_RE = re.compile(r"\d{1,13}(\.\d{1,6})?")
NOT_REPEATED = "(the value is not repeated here: pay bands are confidential)"

Figure = Union[int, float]


class LevelRequirements(Strict):
    """What every post at a level requires (通用任职资格); a role's own qualification of the same
    field replaces the level's in its job description."""

    education: Optional[Text] = Field(None, title="Education (学历)", description="e.g. 本科及以上")
    experience: Optional[Text] = Field(None, title="Experience (经验)", description="e.g. 3年以上相关经验")
    competencies: list[Text] = Field(default_factory=list, title="Competencies (能力要求)",
                                     description="e.g. [独立完成项目方案, 指导初级同事]")


class PayBand(Strict):
    """A level's pay band (薪酬带宽). Confidential: printed only by `build --confidential`."""

    min: Figure = Field(title="Minimum (下限)", description="A number, e.g. 8000.")
    mid: Optional[Figure] = Field(None, title="Midpoint (中位值)", description="A number; omitted: not stated.")
    max: Figure = Field(title="Maximum (上限)", description="A number, e.g. 12000.")
    currency: Optional[Annotated[str, Field(min_length=1, max_length=12)]] = Field(
        None, title="Currency", description="e.g. CNY, HKD, TWD, USD.")
    period: Literal["hourly", "daily", "monthly", "yearly"] = Field(
        "monthly", title="Period", description="hourly, daily, monthly (default) or yearly.")

    @field_validator("min", "mid", "max", mode="before")
    @classmethod
    def _figure(cls, value: Any) -> Any:
        # Checked before Pydantic's own messages, which quote the value typed. The YAML reader
        # gives every scalar as the text typed: 8000 and 8000.5 are read here.
        if value is None:
            return value
        if isinstance(value, str) and _FIGURE_RE.fullmatch(value.strip()):
            text = value.strip()
            value = float(text) if "." in text else int(text)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            raise ValueError(f"expected a number of at least 0 {NOT_REPEATED}")
        if value > 10 ** 12:
            raise ValueError(f"expected a number below 10^12 {NOT_REPEATED}")
        return value


class Level(Strict):
    id: str = Field(pattern=LEVEL_ID, max_length=20, title="Level id (职级)",
                    description="Unique across ladders, e.g. P2; letters, digits, '_' and '.'.")
    name: Optional[Text] = Field(None, title="Name (职级名称)", description="e.g. 高级专员")
    requirements: LevelRequirements = Field(default_factory=LevelRequirements, title="Requirements (任职资格)",
                                            description="Education, experience and competencies of everyone at it.")
    pay: Optional[PayBand] = Field(None, title="Pay band (薪酬带宽, confidential)",
                                   description="{min, mid, max, currency, period}; only in OUT/confidential/.")


class Ladder(Strict):
    id: str = Field(pattern=LEVEL_ID, max_length=20, title="Ladder id", description="e.g. P, M, S.")
    name: Text = Field(title="Name (序列名称)", description="e.g. 专业序列")
    levels: list[Level] = Field(min_length=1, title="Levels (职级)", description="Ordered from the lowest.")


class SubFamily(Strict):
    id: Slug = Field(title="Sub-family id", description="A slug unique across families, e.g. direct-sales.")
    name: Text = Field(title="Name (子序列)", description="e.g. 直销")


class Family(Strict):
    id: Slug = Field(title="Family id", description="A slug, e.g. sales.")
    name: Text = Field(title="Name (职族 / 序列)", description="e.g. 营销族")
    subfamilies: list[SubFamily] = Field(default_factory=list, title="Sub-families",
                                         description="[{id, name}]; a role may name one instead of the family.")


class CareerPath(Strict):
    """A move across ladders (or within one) that the organisation allows: 专业转管理 P2 → M1."""

    from_: str = Field(alias="from", pattern=LEVEL_ID, max_length=20, title="From level", description="e.g. P2")
    to: str = Field(pattern=LEVEL_ID, max_length=20, title="To level", description="e.g. M1")
    name: Optional[Text] = Field(None, title="Name (通道名称)", description="e.g. 专业转管理")


def split_level(text: str) -> Optional[tuple[str, str]]:
    """(lowest, highest) level ids of `P2` or `P2-P3`; None when the text is neither."""
    match = LEVEL_RANGE_RE.fullmatch(text.strip())
    if match is None:
        return None
    low, high = match.group(1), match.group(2) or match.group(1)
    return low, high


def level_field(value: Any) -> Any:
    """A role's `level:`: text naming one level or a range (P2, P2-P3); a number typed bare
    (`level: 3`) is read as its text."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and split_level(value) is None:
        raise ValueError(f"'{value[:40]}' is not a level or a range of levels (e.g. P2 or P2-P3)")
    return value
