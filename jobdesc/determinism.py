"""One timestamp for everything a build writes, so the same input gives the same bytes.

SOURCE_DATE_EPOCH (reproducible-builds.org) wins; without it, the handbook's effective
date (org.yaml `handbook.effective`) while a build runs (`dated_by`), else a fixed date:
never "now", because HR commits the output and diffs must show real changes only.
"""
from __future__ import annotations

import contextlib
import os
import re
from datetime import datetime, timezone
from typing import Iterator, Optional

from .environment import EnvironmentProblem

DEFAULT_EPOCH = 946684800  # 2000-01-01T00:00:00Z
ZIP_MIN_EPOCH = 315532800  # 1980-01-01: the earliest date a zip entry can carry


MAX_EPOCH = 253402300799  # 9999-12-31T23:59:59Z, the last moment PDF, Word and Excel dates can hold


_organisation_epoch: Optional[int] = None  # the handbook's effective date, while a build runs
_DATE = re.compile(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*")


def effective_epoch(org) -> Optional[int]:
    """The handbook's `effective` date (2026-01-01, 2026/1/1, 2026年1月1日) as midnight UTC,
    or None when there is none or it is not a calendar date (it is free text)."""
    handbook = getattr(getattr(org, "org", None), "handbook", None)
    moment = effective_datetime(getattr(handbook, "effective", None))
    return None if moment is None else int(moment.timestamp())


def document_date(org) -> datetime:
    """The creation date written into every document built for `org`: SOURCE_DATE_EPOCH
    when set, else the handbook's effective date, else 2000-01-01."""
    with dated_by(org):
        return build_datetime()


@contextlib.contextmanager
def dated_by(org) -> Iterator[None]:
    """Within: dates default to `org`'s effective date (a build wraps itself in this)."""
    global _organisation_epoch
    before, _organisation_epoch = _organisation_epoch, effective_epoch(org)
    try:
        yield
    finally:
        _organisation_epoch = before


def use_dates_of(org) -> None:
    """For a worker process: dates default to `org`'s effective date from now on."""
    global _organisation_epoch
    _organisation_epoch = effective_epoch(org)


def build_epoch() -> int:
    """SOURCE_DATE_EPOCH, checked: a value that is not a date is the environment's mistake,
    and building with another date than the one asked for would defeat its purpose.
    Without it, the organisation's date (`dated_by`) or the fixed default."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return DEFAULT_EPOCH if _organisation_epoch is None else _organisation_epoch
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


def effective_datetime(effective: Optional[str]) -> Optional[datetime]:
    """The `effective` text as midnight UTC of that day; None when it is not a whole date."""
    match = _DATE.fullmatch(effective or "")
    if match is None:
        return None
    try:
        return datetime(*(int(part) for part in match.groups()), tzinfo=timezone.utc)
    except ValueError:  # 2026-02-30
        return None


def dated(effective: Optional[str]) -> datetime:
    """A document's creation date from its own effective text (a job description's):
    SOURCE_DATE_EPOCH when set, else that date when it is one, else the build's date."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip():
        return build_datetime()
    return effective_datetime(effective) or build_datetime()
