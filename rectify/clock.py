"""The current date and time for the rules, in the committee's time zone.

``frozen_at`` pins the clock for a block of code: the demo loader uses it to lay down a
back-dated history, and tests use it (or time-machine) to freeze 'today'.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

TIMEZONE = ZoneInfo("Asia/Shanghai")
UTC_OFFSET_HOURS = 8  # the same all year: China has had no daylight saving time since 1991
_pinned: ContextVar[datetime | None] = ContextVar("pinned_utc", default=None)


def now() -> datetime:
    """A naive UTC timestamp, as stored in the database."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """Today's date in the committee's time zone."""
    return now().replace(tzinfo=UTC).astimezone(TIMEZONE).date()


def local_date(moment: datetime) -> date:
    """The committee's calendar day of a stored (naive UTC) timestamp."""
    return moment.replace(tzinfo=UTC).astimezone(TIMEZONE).date()


def local_midnight_utc(day: date) -> datetime:
    """00:00 of ``day`` in the committee's time zone, as the naive UTC the database stores
    (for filtering stored timestamps by the committee's calendar days)."""
    local = datetime.combine(day, time.min, tzinfo=TIMEZONE)
    return local.astimezone(UTC).replace(tzinfo=None)


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    """Pin :func:`now` to ``moment`` (naive UTC) inside the block."""
    token = _pinned.set(moment)
    try:
        yield
    finally:
        _pinned.reset(token)
