"""The handbook's 会议制度 table: one row per meeting, as handbook.pdf and handbook.docx print it.

Both handbooks take their rows from here, so they say the same thing: ids become the
titles a reader knows (a department attendee is the department's name), in the order
the organisation lists meetings (daily first, then regular and irregular ones).

Not stated stays not stated: a column no meeting gives a value for is left out, and a
meeting that leaves a kept column open (no chair, no attendees named) shows 未列明 there,
never a guessed value; `minutes: true` shows that a person not named keeps them (专人记录).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..format.meeting_models import Meeting
from ..format.organisation import Organisation
from ..i18n import not_stated_label, period_label
from ..jd.labels import jd_labels

# The columns after name and cadence (which every meeting has), in table order.
OPTIONAL_COLUMNS = ("when", "chair", "attendees", "minutes", "agenda")


@dataclass(frozen=True)
class MeetingLine:
    id: str
    name: str
    cadence: str  # the period's label: 每日, 每周, 每旬, 定期, 不定期 …
    when: str
    chair: str
    attendees: tuple[str, ...]
    minutes: str
    agenda: tuple[str, ...]  # (): none stated
    not_stated: str  # what an open cell prints (未列明)


def _named(org: Organisation, any_id: str) -> str:
    if any_id in org.roles or any_id in org.externals:
        return org.title_of(any_id)
    return org.departments[any_id].name if any_id in org.departments else any_id


def _stated(meeting: Meeting, column: str) -> bool:
    return bool(getattr(meeting, column))


def meeting_columns(org: Organisation) -> tuple[str, ...]:
    """The optional columns at least one meeting states a value for."""
    return tuple(c for c in OPTIONAL_COLUMNS if any(_stated(m, c) for m in org.meetings.values()))


def meeting_lines(org: Organisation) -> list[MeetingLine]:
    not_stated = not_stated_label(org.language)
    unnamed = jd_labels(org.language)["minutes_unnamed"]
    lines = []
    for meeting_id, meeting in org.meetings.items():
        if meeting.minutes is True:
            minutes = unnamed
        else:
            minutes = _named(org, meeting.minutes) if meeting.minutes else not_stated
        lines.append(MeetingLine(
            meeting_id, meeting.name, period_label(meeting.period, org.language), meeting.when or not_stated,
            _named(org, meeting.chair) if meeting.chair else not_stated,
            tuple(_named(org, a) for a in meeting.attendee_ids) or (not_stated,), minutes,
            tuple(meeting.agenda), not_stated))
    return lines
