"""One timestamp for everything a build writes, so the same input gives the same bytes.

SOURCE_DATE_EPOCH (reproducible-builds.org) wins; without it we use a fixed date
rather than "now", because HR commits the output and diffs must show real changes only.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone

DEFAULT_EPOCH = 946684800  # 2000-01-01T00:00:00Z
ZIP_MIN_EPOCH = 315532800  # 1980-01-01: the earliest date a zip entry can carry


def build_epoch() -> int:
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        return max(int(raw), 0) if raw else DEFAULT_EPOCH
    except ValueError:
        return DEFAULT_EPOCH


def build_datetime() -> datetime:
    return datetime.fromtimestamp(build_epoch(), tz=timezone.utc)


def zip_date_time() -> tuple[int, int, int, int, int, int]:
    """The date_time tuple for zip entries (zip cannot go before 1980)."""
    moment = datetime.fromtimestamp(max(build_epoch(), ZIP_MIN_EPOCH), tz=timezone.utc)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
