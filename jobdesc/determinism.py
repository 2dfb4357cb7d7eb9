"""One timestamp for everything a build writes, so the same input gives the same bytes.

SOURCE_DATE_EPOCH (reproducible-builds.org) wins; without it we use a fixed date
rather than "now", because HR commits the output and diffs must show real changes only.
"""
from __future__ import annotations

import os
from datetime import datetime, timezone

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
