"""The working-day calendar's special days (节假日与调休上班), kept by the administrator.

The chinesecalendar library seeds the years it knows (it raises NotImplementedError for
the others, so its tables are read directly, never asked about a year it lacks); each
winter the State Council announces the next year, and the administrator enters or
imports it here before the library catches up. Deadlines are computed from what this
table holds with :mod:`rectify.working_days`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import chinese_calendar
from flask import current_app, g
from flask_babel import lazy_gettext as _l
from sqlalchemy import extract, func, select

from ... import clock, workflow
from ...extensions import db
from ...models import Item, SpecialDay, User
from ...text import has_control_characters, is_single_line
from ..tracking.audit import record_event

HOLIDAY_ERRORS = {
    "name_too_long": _l("The name is too long (at most 40 characters)."),
    "bad_name": _l("The name may not contain control characters or line breaks."),
    "bad_line": _l("Write each day as date,休 or 班,name (for example 2027-10-01,休,国庆节)."),
    "bad_date": _l("The date is not a date of the form 2027-10-01."),
    "bad_kind": _l("The second field must be 休 (day off) or 班 (working day)."),
    "twice": _l("This date is given twice."),
    "empty": _l("No day was given."),
}
MAX_NAME = 40
# Import lines say a day's kind the way the State Council's notices do.
KIND_WORDS = {"休": False, "班": True, "off": False, "work": True,
              "holiday": False, "workday": True}
# The warning that next year is missing starts in November: the State Council announces
# the following year's days in October to December.
WARN_FROM_MONTH = 11
LIBRARY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
WORKED_SUFFIX = "调休上班"


class HolidayError(Exception):
    def __init__(self, code: str, line: int | None = None):
        super().__init__(code)
        self.code = code
        self.line = line


class HolidayImportError(Exception):
    """Every bad line of an import (nothing of it was stored)."""

    def __init__(self, errors: list[HolidayError]):
        super().__init__(", ".join(f"{error.line}: {error.code}" for error in errors))
        self.errors = errors


@dataclass(frozen=True)
class Day:
    day: date
    is_working_day: bool
    name: str


def special_days() -> dict[date, bool]:
    """Every special day as :mod:`rectify.working_days` takes them (a few dozen a year)."""
    rows = db.session.execute(select(SpecialDay.day, SpecialDay.is_working_day))
    return {day: working for day, working in rows}


def special_days_of_request() -> dict[date, bool]:
    """:func:`special_days`, read once per request (a list shows many items)."""
    if "special_days" not in g:
        g.special_days = special_days()
    found: dict[date, bool] = g.special_days
    return found


def light_of(item: Item, today: date) -> str:
    """An item's light (亮灯) under the settings; the yellow-light date is counted once
    per request (:func:`rectify.workflow.yellow_until`)."""
    config = current_app.config
    if g.get("yellow_until_for") != today:
        g.yellow_until_for = today
        g.yellow_until = workflow.yellow_until(today, config["YELLOW_LIGHT_WORKING_DAYS"],
                                               special_days_of_request())
    return item.light(today, g.yellow_until, config["SEVERE_OVERDUE_DAYS"])


def days_of(year: int) -> list[SpecialDay]:
    return list(db.session.scalars(
        select(SpecialDay).where(extract("year", SpecialDay.day) == year)
        .order_by(SpecialDay.day)))


def years() -> dict[int, int]:
    """Each year that has special days, with how many."""
    year = extract("year", SpecialDay.day)
    rows = db.session.execute(select(year, func.count()).group_by(year).order_by(year))
    return {int(each): count for each, count in rows}


def missing_next_year(today: date | None = None) -> int | None:
    """Next year, from November on, if it has no special day yet (the administrator is
    warned: deadlines running into it would count every weekday as working)."""
    today = today or clock.today()
    if today.month < WARN_FROM_MONTH:
        return None
    next_year = today.year + 1
    return None if next_year in years() else next_year


def checked_name(name: str) -> str:
    name = name.strip()
    if len(name) > MAX_NAME:
        raise HolidayError("name_too_long")
    if has_control_characters(name) or not is_single_line(name):
        raise HolidayError("bad_name")
    return name


def save_day(actor: User | None, day: date, is_working_day: bool, name: str) -> SpecialDay:
    """Add a special day or correct one (recorded as an event with no item)."""
    name = checked_name(name)
    row = db.session.get(SpecialDay, day)
    before = _values(row) if row else None
    row = row or SpecialDay(day=day)
    row.is_working_day, row.name, row.source = is_working_day, name, "admin"
    db.session.add(row)
    record_event(None, actor, "special_day_saved", old=before, new=_values(row))
    db.session.commit()
    return row


def delete_day(actor: User | None, day: date) -> bool:
    """Remove a special day (the day follows the weekday rule again); False if none."""
    row = db.session.get(SpecialDay, day)
    if row is None:
        return False
    record_event(None, actor, "special_day_deleted", old=_values(row))
    db.session.delete(row)
    db.session.commit()
    return True


def parse_line(text: str, line: int) -> Day:
    """One import line, ``2027-10-01,休,国庆节`` (commas, Chinese commas or tabs)."""
    fields = [field.strip() for field in
              text.replace("，", ",").replace("\t", ",").split(",", 2)]
    if len(fields) < 2:
        raise HolidayError("bad_line", line)
    try:
        day = date.fromisoformat(fields[0])
    except ValueError:
        raise HolidayError("bad_date", line) from None
    kind = KIND_WORDS.get(fields[1].lower())
    if kind is None:
        raise HolidayError("bad_kind", line)
    try:
        name = checked_name(fields[2] if len(fields) > 2 else "")
    except HolidayError as error:
        raise HolidayError(error.code, line) from None
    return Day(day, kind, name)


def parse_lines(text: str) -> list[Day]:
    """Every day of pasted text or a CSV file; blank lines and a header line are skipped.
    Raises :class:`HolidayImportError` with every bad line."""
    days: list[Day] = []
    errors: list[HolidayError] = []
    seen: set[date] = set()
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not raw.strip() or (number == 1 and not raw.strip()[:1].isdigit()):
            continue
        try:
            day = parse_line(raw, number)
        except HolidayError as error:
            errors.append(error)
            continue
        if day.day in seen:
            errors.append(HolidayError("twice", number))
        seen.add(day.day)
        days.append(day)
    if not days and not errors:
        errors.append(HolidayError("empty", 1))
    if errors:
        raise HolidayImportError(errors)
    return days


def import_days(actor: User | None, text: str) -> int:
    """Store every day of an official list, all or nothing; entered days are corrected."""
    days = parse_lines(text)
    for each in days:
        row = db.session.get(SpecialDay, each.day) or SpecialDay(day=each.day)
        row.is_working_day, row.name, row.source = each.is_working_day, each.name, "admin"
        db.session.add(row)
    record_event(None, actor, "special_days_imported",
                 new={"days": len(days), "first": days[0].day.isoformat(),
                      "last": days[-1].day.isoformat()})
    db.session.commit()
    return len(days)


def library_days() -> list[Day]:
    """The chinesecalendar library's holidays and 调休上班 days, every year it knows."""
    off = [Day(day, False, LIBRARY_NAMES.get(name, name))
           for day, name in chinese_calendar.holidays.items()]
    worked = [Day(day, True, LIBRARY_NAMES.get(name, name) + WORKED_SUFFIX)
              for day, name in chinese_calendar.workdays.items()]
    return sorted(off + worked, key=lambda each: each.day)


def seed_from_library(actor: User | None = None, commit: bool = True) -> int:
    """Add the library's days that the table lacks (never overwriting a day already
    entered); the number added."""
    present = set(special_days())
    added = [each for each in library_days() if each.day not in present]
    db.session.add_all(SpecialDay(day=each.day, is_working_day=each.is_working_day,
                                  name=each.name, source="library") for each in added)
    if added:
        record_event(None, actor, "special_days_seeded",
                     new={"days": len(added), "first": added[0].day.isoformat(),
                          "last": added[-1].day.isoformat()})
    if commit:
        db.session.commit()
    return len(added)


def library_years() -> tuple[int, int]:
    """The first and last year the installed library knows."""
    known = [day.year for day in chinese_calendar.holidays]
    return min(known), max(known)


def _values(row: SpecialDay) -> dict[str, object]:
    return {"day": row.day.isoformat(), "is_working_day": row.is_working_day,
            "name": row.name}
