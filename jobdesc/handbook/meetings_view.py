"""The handbook's 会议制度 table: one row per meeting, as handbook.pdf and handbook.docx print it.

Both handbooks take their rows from here, so they say the same thing: ids become the
titles a reader knows (a department attendee is the department's name), in the order
the organisation lists meetings (daily first).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..i18n import period_label
from ..format.organisation import Organisation


@dataclass(frozen=True)
class MeetingLine:
    id: str
    name: str
    cadence: str  # the period's label: 每日, 每周, 每旬 …
    when: str
    chair: str
    attendees: tuple[str, ...]
    minutes: str
    agenda: tuple[str, ...]


def _named(org: Organisation, any_id: str) -> str:
    if any_id in org.roles or any_id in org.externals:
        return org.title_of(any_id)
    return org.departments[any_id].name if any_id in org.departments else any_id


def meeting_lines(org: Organisation) -> list[MeetingLine]:
    return [MeetingLine(meeting_id, meeting.name, period_label(meeting.period, org.language), meeting.when or "",
                        _named(org, meeting.chair), tuple(_named(org, a) for a in meeting.attendees),
                        _named(org, meeting.minutes) if meeting.minutes else "", tuple(meeting.agenda))
            for meeting_id, meeting in org.meetings.items()]
