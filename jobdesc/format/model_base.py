"""What every model of the format builds on: the strict base (unknown keys are errors), ids
(slugs) and text. Its own module so that the models of each concern (position_models,
team_models, process_models …) import it without importing each other.
"""
from __future__ import annotations

import re
from typing import Annotated, Any

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
