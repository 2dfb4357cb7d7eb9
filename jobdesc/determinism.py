"""One timestamp for everything a build writes, so the same input gives the same bytes.

SOURCE_DATE_EPOCH (reproducible-builds.org) wins; without it we use a fixed date
rather than "now", because HR commits the output and diffs must show real changes only.
The documents' own dates (the "created" a reader sees in Word's or a PDF viewer's
properties) use the handbook's `effective` date when org.yaml gives one
(`document_date`): a fixed date that means something, where 2000-01-01 looks like a fault.
"""
from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from typing import Any, Optional

from .environment import EnvironmentProblem

DEFAULT_EPOCH = 946684800  # 2000-01-01T00:00:00Z
ZIP_MIN_EPOCH = 315532800  # 1980-01-01: the earliest date a zip entry can carry


MAX_EPOCH = 253402300799  # 9999-12-31T23:59:59Z, the last moment PDF, Word and Excel dates can hold


def build_epoch() -> int:
    """SOURCE_DATE_EPOCH, checked: a value that is not a date is the environment's mistake,
    and building with another date than the one asked for would defeat its purpose."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return DEFAULT_EPOCH
    if not raw.isascii() or not raw.isdigit() or int(raw) > MAX_EPOCH:
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        raise EnvironmentProblem(
            f"SOURCE_DATE_EPOCH={shown!r} is not a date jobdesc can use: set it to a whole number "
            f"of seconds since 1970-01-01 UTC from 0 to {MAX_EPOCH} (e.g. $(git log -1 --format=%ct)) "
            "or unset it")
    return int(raw)


def build_datetime() -> datetime:
    return datetime.fromtimestamp(build_epoch(), tz=timezone.utc)


def zip_date_time() -> tuple[int, int, int, int, int, int]:
    """The date_time tuple for zip entries (zip cannot go before 1980)."""
    moment = datetime.fromtimestamp(max(build_epoch(), ZIP_MIN_EPOCH), tz=timezone.utc)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


# "2026-01-01", "2026/1/1", "2026.01.01", "2026年1月1日" (org.yaml's `effective` is free text)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def effective_datetime(effective: Optional[str]) -> Optional[datetime]:
    """The `effective` text as midnight UTC of that day; None when it is not a whole date."""
    match = _DATE.fullmatch((effective or "").strip())
    if match is None:
        return None
    try:
        return datetime(*(int(part) for part in match.groups()), tzinfo=timezone.utc)
    except ValueError:  # 2026-02-30
        return None


def dated(effective: Optional[str]) -> datetime:
    """A document's creation date: SOURCE_DATE_EPOCH when set, else the effective date when
    it is a date, else the fixed default."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return build_datetime()
    return effective_datetime(effective) or build_datetime()


def document_date(org: Any) -> datetime:
    """The date the organisation's documents carry in their properties (core.xml, PDF Info):
    `dated` of org.yaml's handbook `effective`. `org` is a loaded Organisation."""
    return dated(org.org.handbook.effective)
