"""The field types every file kind shares: ids (slugs), text, one-or-many id lists, the strict
base model and the cadence words (periods).

Their own module so that the models of each concern (positions, reports, KPIs, meetings,
processes) import them without importing one another.
"""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

SLUG = r"^[a-z0-9][a-z0-9-]*$"
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]*")


def is_slug(text: str) -> bool:
    """The whole text is a slug. (fullmatch: `$` also matches before a final newline, so a
    file named "sales\\n.yaml" passed a `^...$` match.) Pydantic's and JSON Schema's regex
    engines read `$` as the very end, so SLUG stays as it is for them."""
    return SLUG_RE.fullmatch(text) is not None

Slug = Annotated[str, Field(pattern=SLUG, max_length=80)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


def one_or_many(value: Any) -> Any:
    """`R: salesperson` and `R: [salesperson]` mean the same; normalise to a list."""
    return [value] if isinstance(value, str) else value


IdList = Annotated[
    list[Slug],
    BeforeValidator(one_or_many),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": SLUG},
                {"type": "array", "items": {"type": "string", "pattern": SLUG}},
            ]
        }
    ),
]


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, so a typo is never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


Number = Union[int, float]

# How often something recurs: a KPI, a report, a meeting. One type, so they accept the same words.
Period = Literal["daily", "weekly", "biweekly", "ten-day", "monthly", "quarterly", "half-yearly", "yearly"]
PERIODS: tuple[str, ...] = get_args(Period)  # shortest first: the order meetings are listed in
PERIOD_HELP = "daily | weekly | biweekly | ten-day (旬) | monthly | quarterly | half-yearly | yearly"

# A meeting may also be held at no stated cadence: regularly (定期) or irregularly (不定期, 阶段性).
MeetingPeriod = Literal["daily", "weekly", "biweekly", "ten-day", "monthly", "quarterly", "half-yearly", "yearly",
                        "regular", "irregular"]
MEETING_PERIODS: tuple[str, ...] = get_args(MeetingPeriod)  # the order meetings are listed in
MEETING_PERIOD_HELP = PERIOD_HELP + " | regular (定期, cadence not stated) | irregular (不定期)"
assert MEETING_PERIODS[:len(PERIODS)] == PERIODS
