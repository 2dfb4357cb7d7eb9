"""Standing meetings (meetings/ID.yaml, FORMAT.md section 7) as a Pydantic model.

Its own module beside position_models.py (positions) and process_models.py (RACI): a meeting names
positions and departments by id; whether those ids exist is a cross-file rule
(meeting_rules.py), as for every other reference.

A meeting is kept as written: a document that names no chair or attendees (组织召开日会) leaves
them not stated, and no job description then says its position chairs or attends; a cadence may
be regular without a stated period (定期) or irregular (不定期); the minutes may be kept by a named
role or by someone not named (专人记录: `minutes: true`).
"""
from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

from pydantic import BeforeValidator, Field, WithJsonSchema

from .model_base import SLUG, IdList, Slug, Strict, Text
from .periods import MEETING_PERIOD_HELP, MeetingPeriod


def _true_is_someone(value: Any) -> Any:
    # The YAML reader keeps every scalar as the text typed; `minutes: true` means 专人记录.
    return True if value is True or value == "true" else value


MinuteTaker = Annotated[
    Union[Literal[True], Slug], BeforeValidator(_true_is_someone),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": SLUG}, {"const": True}]}),
]


class Meeting(Strict):
    """meetings/ID.yaml: one standing meeting (例会). The file name is its id."""

    name: Text = Field(title="Meeting (会议名称)", description="e.g. 销售周例会")
    period: MeetingPeriod = Field(title="Cadence (周期)", description=MEETING_PERIOD_HELP)
    when: Optional[Text] = Field(None, title="When (时间)", description="e.g. 每周一上午9:00")
    chair: Optional[Slug] = Field(None, title="Chair (主持)",
                                  description="A role or external id; omitted: not stated.")
    attendees: Optional[IdList] = Field(
        None, min_length=1, title="Attendees (参会)",
        description="Role, external or department ids (a department: all its positions); omitted: not stated.")
    minutes: Optional[MinuteTaker] = Field(
        None, title="Minutes (记录)",
        description="The role or external id that keeps the minutes, or true: kept by someone not named (专人记录).")
    agenda: list[Text] = Field(default_factory=list, title="Agenda (议程)", description="e.g. 上周销售情况分析")

    @property
    def minute_taker(self) -> Optional[str]:
        """The id of the position that keeps the minutes, when one is named."""
        return self.minutes if isinstance(self.minutes, str) else None

    @property
    def attendee_ids(self) -> list[str]:
        """The ids named as attending; empty when not stated."""
        return list(self.attendees or ())
