"""Working days on the Chinese calendar: weekends off, Monday to Friday working, except the
special days the State Council announces each winter (holidays on weekdays, and the weekend
days worked in exchange, 调休上班).

Pure functions over a mapping ``date -> is working day`` of special days (as the
administrator keeps them in the database); a day not in the mapping follows the weekday
rule, so a year nobody entered yet counts as an ordinary Monday-to-Friday year.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

SpecialDays = Mapping[date, bool]

SATURDAY = 5
ONE_DAY = timedelta(days=1)


def is_weekday_working(day: date) -> bool:
    """The rule without special days: Monday to Friday."""
    return day.weekday() < SATURDAY


def is_working_day(day: date, special: SpecialDays) -> bool:
    """Whether ``day`` is a working day, special days first."""
    return special.get(day, is_weekday_working(day))


def add_working_days(start: date, count: int, special: SpecialDays) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself not counted): the
    deadline of "``count`` 个工作日内" given on ``start``. ``count`` 0 is ``start``."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    while count:
        day += ONE_DAY
        if is_working_day(day, special):
            count -= 1
    return day


def working_days_between(start: date, end: date, special: SpecialDays) -> int:
    """The working days after ``start`` up to and including ``end``; negative when ``end``
    is before ``start`` (``working_days_between(a, b) == -working_days_between(b, a)``).

    Days left to a deadline are ``working_days_between(today, due)``: 0 on the day itself,
    1 on the working day before it; days overdue are ``working_days_between(due, today)``.
    """
    if end < start:
        return -working_days_between(end, start, special)
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        count += is_working_day(day, special)
    return count
