"""Cross-file rules for meetings (FORMAT.md sections 5 and 7): every id a meeting names exists.

Chair, attendees and minute-taker may be not stated (nothing to check). When named, the chair and
the minute-taker are positions (a role or an external id); an attendee may
also be a department (all its positions attend). Each unknown id is reported at the id
itself, with the nearest valid id as a hint.
"""
from __future__ import annotations

from typing import Callable, Iterable, Optional

from ..errors import Diagnostic, error
from .loaded import Loaded
from .meeting_models import Meeting

Hint = Callable[[str, Iterable[str]], str]  # rules._did_you_mean


def meeting_diagnostics(loaded: Loaded[Meeting], position_ids: Optional[set[str]],
                        department_ids: Optional[set[str]], hint: Hint) -> list[Diagnostic]:
    """Every id in one meeting file that names nothing (nothing checked without a valid org.yaml)."""
    if position_ids is None or department_ids is None:
        return []
    meeting, source = loaded.model, loaded.source
    found: list[Diagnostic] = []

    def check(loc: tuple, value: str, allowed: set[str], kinds: str) -> None:
        if value not in allowed:
            mark = source.mark_of(loc)
            found.append(error(source.path, mark.line, mark.column, "unknown-reference",
                               f"{loc[0]} '{value}' names no {kinds}{hint(value, allowed)}"))

    if meeting.chair is not None:
        check(("chair",), meeting.chair, position_ids, "role or external position")
    if meeting.minute_taker is not None:
        check(("minutes",), meeting.minute_taker, position_ids, "role or external position")
    listed = isinstance(source.data, dict) and isinstance(source.data.get("attendees"), list)
    for index, attendee in enumerate(meeting.attendee_ids):
        check(("attendees", index) if listed else ("attendees",), attendee, position_ids | department_ids,
              "role, external position or department")
    return found
