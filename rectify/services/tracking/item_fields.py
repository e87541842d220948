"""What an item's fields may hold: one validation for every way items are raised or edited.

The web form, the API, the problem-list import and the demo each parse their own input
(form fields, JSON, Excel cells) into :class:`ItemFields`; :func:`validate_item_fields`
then judges the content the same way for all of them, and
:mod:`rectify.services.tracking.items` runs it before anything is written. A refusal is a
:class:`ItemFieldsInvalid` naming each bad field (the web shows it at the field, the API
answers 422, the import names the row and column).

A newly chosen unit, category or check type must be in use; an item keeps the ones it
already has when they are retired, as it keeps and shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy import select

from ... import clock, workflow
from ...extensions import db
from ...hookspecs import CheckType
from ...models import PRIORITIES, SOURCES, Campaign, Category, Item, Unit
from ...plugins import check_types
from ...routing import MAX_ID
from ...text import has_control_characters, is_single_line
from ...working_days import SpecialDays, add_working_days
from ..setup.holidays import special_days

MAX_TEXT = 5000  # problem and requirement
MAX_NAME = 50  # responsible leader and person
MAX_DUE_YEARS = 10  # a deadline further out is a typing error (20266-01-01)


@dataclass
class ItemFields:
    """The fields the committee sets when raising or editing an item."""

    campaign: Campaign
    lead_unit: Unit
    category: Category
    source: str
    problem: str
    requirement: str
    priority: str = "normal"
    due_date: date | None = None
    # "N 个工作日内": the deadline in working days from today, instead of ``due_date``;
    # :func:`check_item_fields` sets ``due_date`` to the date it falls on.
    due_working_days: int | None = None
    responsible_leader: str = ""
    responsible_person: str = ""
    co_units: list[Unit] = field(default_factory=list)
    check_type: str | None = None

    def co_operating_units(self) -> list[Unit]:
        """The co-units as stored: each once (a problem list may name one twice), in the
        order given, never the lead unit itself."""
        units, seen = [], {self.lead_unit.id}
        for unit in self.co_units:
            if unit.id not in seen:
                seen.add(unit.id)
                units.append(unit)
        return units


@dataclass(frozen=True)
class FieldError:
    """Why one field is refused: a code (``labels.ITEM_FIELD_ERRORS`` words it for the
    web, ``labels.IMPORT_ERRORS`` for the import), an English message (the API's) and
    the refused value, as text, for messages that name it."""

    code: str
    message: str
    value: str = ""


class ItemFieldsInvalid(Exception):
    """Item fields refused; ``errors`` maps each bad field (the API's and the web form's
    field names: ``lead_unit_id``, ``due_date`` ...) to its :class:`FieldError`."""

    def __init__(self, errors: Mapping[str, FieldError]):
        super().__init__("; ".join(f"{name}: {error.message}" for name, error in errors.items()))
        self.errors = dict(errors)


def validate_item_fields(fields: ItemFields, current: Item | None = None,
                         today: date | None = None,
                         declared: Mapping[str, CheckType] | None = None,
                         special: SpecialDays | None = None) -> dict[str, FieldError]:
    """Every refused field of ``fields``, for a new item (``current`` None) or as the new
    values of ``current``; empty when all are acceptable. ``declared`` (the enabled check
    types, :func:`rectify.plugins.check_types`) and ``special`` (the holiday calendar's
    days) are read when not given; a caller judging many rows passes them once."""
    today = today or clock.today()
    working_days_error = _working_days_error(fields)
    checks = {
        "due_working_days": working_days_error,
        "lead_unit_id": _lead_unit_error(fields, current),
        "co_unit_ids": _co_units_error(fields, current),
        "category_id": _category_error(fields, current),
        "check_type": _check_type_error(fields, current, declared),
        "due_date": None if working_days_error else _due_date_error(
            deadline_of(fields, today, special), current, today),
        "source": _choice_error(fields.source, SOURCES),
        "priority": _choice_error(fields.priority, PRIORITIES),
        "problem": _text_error(fields.problem, MAX_TEXT, required=True),
        "requirement": _text_error(fields.requirement, MAX_TEXT, required=True),
        "responsible_leader": _text_error(fields.responsible_leader, MAX_NAME, one_line=True),
        "responsible_person": _text_error(fields.responsible_person, MAX_NAME, one_line=True),
    }
    return {name: error for name, error in checks.items() if error is not None}


def check_item_fields(fields: ItemFields, current: Item | None = None,
                      declared: Mapping[str, CheckType] | None = None,
                      special: SpecialDays | None = None) -> None:
    """Raise :class:`ItemFieldsInvalid` unless :func:`validate_item_fields` accepts them;
    a deadline in working days becomes its date in ``fields.due_date``."""
    today = clock.today()
    if fields.due_working_days is not None and special is None:
        special = special_days()
    errors = validate_item_fields(fields, current, today, declared=declared, special=special)
    if errors:
        raise ItemFieldsInvalid(errors)
    fields.due_date = deadline_of(fields, today, special)


def deadline_of(fields: ItemFields, today: date,
                special: SpecialDays | None = None) -> date | None:
    """The deadline the fields give: the date, or the date ``due_working_days`` working
    days after ``today`` on the holiday calendar (read when ``special`` is not given)."""
    if fields.due_working_days is None:
        return fields.due_date
    calendar = special_days() if special is None else special
    return add_working_days(today, fields.due_working_days, calendar)


def in_working_days(fields: ItemFields, current: Item | None = None) -> bool:
    """Whether the item's deadline counts in working days: given so now, or given so
    before and its date left as it was."""
    if fields.due_working_days is not None:
        return True
    if current is None or fields.due_date not in (None, current.due_date):
        return False
    return current.due_in_working_days


def _working_days_error(fields: ItemFields) -> FieldError | None:
    """A deadline in working days is in the workflow's range, and given instead of a
    date, not with one."""
    count = fields.due_working_days
    if count is None:
        return None
    if fields.due_date is not None:
        return FieldError("date_and_working_days",
                          "Give the due date or the working days, not both.", str(count))
    try:
        workflow.check_working_days(count)
    except workflow.WorkflowError as error:
        return FieldError(error.code, error.message, str(count))
    return None


def _kept_unit_ids(current: Item | None) -> set[int]:
    return {current.lead_unit_id, *(u.id for u in current.co_units)} if current else set()


def _lead_unit_error(fields: ItemFields, current: Item | None) -> FieldError | None:
    unit = fields.lead_unit
    if unit.active or unit.id in _kept_unit_ids(current):
        return None
    return FieldError("inactive_unit", f"Inactive unit: {unit.id}", unit.name)


def _co_units_error(fields: ItemFields, current: Item | None) -> FieldError | None:
    kept = _kept_unit_ids(current)
    inactive = [u for u in fields.co_units if not u.active and u.id not in kept]
    if not inactive:
        return None
    return FieldError("inactive_unit", f"Inactive unit: {[u.id for u in inactive]}",
                      "、".join(u.name for u in inactive))


def _category_error(fields: ItemFields, current: Item | None) -> FieldError | None:
    if fields.category.may_be_given(current.category_id if current else None):
        return None
    return FieldError("inactive_category", "This category is no longer in use.",
                      fields.category.name)


def _check_type_error(fields: ItemFields, current: Item | None,
                      declared: Mapping[str, CheckType] | None) -> FieldError | None:
    """A new check type must be declared by an enabled plugin, and be for the lead unit
    (适用单位) whenever it or the lead unit changes; an item keeps a check type whose
    plugin was disabled."""
    wanted = fields.check_type
    if not wanted or (current is not None
                      and (wanted, fields.lead_unit.id) == (current.check_type,
                                                            current.lead_unit_id)):
        return None
    check_type = (check_types(current_app) if declared is None else declared).get(wanted)
    if check_type is None:
        if current is not None and wanted == current.check_type:
            return None
        return FieldError("unknown_check_type",
                          "No enabled plugin declares this check type.", wanted)
    try:
        workflow.check_check_type_suits(check_type.unit_codes, fields.lead_unit.code)
    except workflow.WorkflowError as error:
        return FieldError(error.code, error.message, wanted)
    return None


def _due_date_error(due_date: date | None, current: Item | None,
                    today: date) -> FieldError | None:
    """A new item's deadline has not passed; a changed one is not before the item was
    raised; none lies more than ``MAX_DUE_YEARS`` ahead."""
    if due_date is None or (current is not None and due_date == current.due_date):
        return None
    value = due_date.isoformat()
    if due_date > today + timedelta(days=365 * MAX_DUE_YEARS):
        return FieldError("too_far", f"More than {MAX_DUE_YEARS} years ahead.", value)
    if current is None and not workflow.is_acceptable_due_date(due_date, today):
        return FieldError("in_past", "The due date cannot be in the past.", value)
    if current is not None and due_date < clock.local_date(current.created_at):
        return FieldError("before_raised", "The due date is before the item was raised.",
                          value)
    return None


def _choice_error(value: str, allowed: tuple[str, ...]) -> FieldError | None:
    return None if value in allowed else FieldError("unknown_choice", "Not a known value.",
                                                    value)


def _text_error(text: str, max_length: int, required: bool = False,
                one_line: bool = False) -> FieldError | None:
    if required and not text.strip():
        return FieldError("required", "Required.")
    if len(text) > max_length:
        return FieldError("too_long", f"Longer than {max_length} characters.", str(max_length))
    if has_control_characters(text):
        return FieldError("control_characters", "Contains control characters.")
    if one_line and not is_single_line(text):
        return FieldError("not_single_line", "Must be one line.")
    return None


# Turning ids into rows ------------------------------------------------------------------

RowT = TypeVar("RowT", Campaign, Unit, Category)


def _row(model: type[RowT], row_id: int) -> RowT | None:
    """The row of that id; none past the database's keys (a form may send any number)."""
    return db.session.get(model, row_id) if 0 < row_id <= MAX_ID else None


def item_fields_from_ids(values: Mapping[str, Any]) -> ItemFields:
    """Look up the ids ``values`` names (``campaign_id``, ``lead_unit_id``,
    ``co_unit_ids``, ``category_id``, with the other fields as :class:`ItemFields` has
    them); :class:`ItemFieldsInvalid` names every unknown id. The rows found are judged
    when the item is raised or changed."""
    campaign = _row(Campaign, values["campaign_id"])
    lead_unit = _row(Unit, values["lead_unit_id"])
    category = _row(Category, values["category_id"])
    rows = {"campaign_id": campaign, "lead_unit_id": lead_unit, "category_id": category}
    wanted = set(values["co_unit_ids"])
    co_units = list(db.session.scalars(select(Unit).where(Unit.id.in_(
        [unit_id for unit_id in wanted if 0 < unit_id <= MAX_ID]))
                                       .order_by(*Unit.official_order())))
    errors = {name: FieldError("unknown_id", "No such record.", str(values[name]))
              for name, row in rows.items() if row is None}
    missing = wanted - {unit.id for unit in co_units}
    if missing:
        errors["co_unit_ids"] = FieldError("unknown_id", f"No such unit: {sorted(missing)}",
                                           str(sorted(missing)))
    if errors:
        raise ItemFieldsInvalid(errors)
    # Every row not found is in ``errors``.
    assert campaign is not None and lead_unit is not None and category is not None
    return ItemFields(
        campaign=campaign, lead_unit=lead_unit, category=category, co_units=co_units,
        source=values["source"], problem=values["problem"], requirement=values["requirement"],
        priority=values["priority"], due_date=values["due_date"],
        due_working_days=values.get("due_working_days"),
        responsible_leader=values["responsible_leader"],
        responsible_person=values["responsible_person"],
        check_type=values["check_type"] or None)
