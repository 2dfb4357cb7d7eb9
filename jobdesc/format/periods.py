"""The cadence words (周期) a KPI, a report and a meeting share, and the two only a meeting may
have (定期: regular, cadence not stated; 不定期: irregular).

Their own module beside model_base (ids, text, the strict base) so that the models of each
concern (positions, reports, KPIs, meetings) import them without importing one another.
"""
from __future__ import annotations

from typing import Literal, get_args

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
