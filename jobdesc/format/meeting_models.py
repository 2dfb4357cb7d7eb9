"""Standing meetings (meetings/ID.yaml, FORMAT.md section 7) as a Pydantic model.

Its own module beside position_models.py (positions) and process_models.py (RACI): a meeting names
positions and departments by id; whether those ids exist is a cross-file rule
(meeting_rules.py), as for every other reference.
"""
from __future__ import annotations

from typing import Optional

from pydantic import Field

from .position_models import PERIOD_HELP, IdList, Period, Slug, Strict, Text


class Meeting(Strict):
    """meetings/ID.yaml: one standing meeting (例会). The file name is its id."""

    name: Text = Field(title="Meeting (会议名称)", description="e.g. 销售周例会")
    period: Period = Field(title="Cadence (周期)", description=PERIOD_HELP)
    when: Optional[Text] = Field(None, title="When (时间)", description="e.g. 每周一上午9:00")
    chair: Slug = Field(title="Chair (主持)", description="A role or external id.")
    attendees: IdList = Field(min_length=1, title="Attendees (参会)",
                              description="Role, external or department ids (a department: all its positions).")
    minutes: Optional[Slug] = Field(None, title="Minutes (记录)", description="The role or external id that keeps the minutes.")
    agenda: list[Text] = Field(default_factory=list, title="Agenda (议程)", description="e.g. 上周销售情况分析")
