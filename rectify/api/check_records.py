"""Check records (检查记录) through the API: the typed records an item's check type (a
plugin's) asks for, added, corrected and withdrawn under the web's rules, the rule
results that decide whether the item may be submitted and closed, and the committee's
choice of the co-operating units whose records count for them.

Values are JSON: numbers, booleans, text, and dates as ``YYYY-MM-DD`` strings; they are
typed by the check type's fields and judged by the plugin's declaration in
:mod:`rectify.services.tracking.checks`, as the web form's are.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from .. import clock
from ..hookspecs import CheckType, Reason
from ..models import CheckRecord, Item
from ..services.tracking import checks
from ..text import WITHOUT_CONTROL_CHARACTERS
from . import api_user, route
from .errors import ApiError, not_found
from .inputs import Body, Id
from .lookups import row_of_item, visible_item
from .schemas import UnitRef, UserRef, unit_ref, user_ref, utc

RECORDS = "/items/<int:item_id>/check-records"
COUNTED_UNITS = "/items/<int:item_id>/counted-units"
RECORD = RECORDS + "/<int:record_id>"

Value = str | int | float | bool | None


class CheckRecordValues(Body):
    values: Annotated[dict[Annotated[str, StringConstraints(max_length=60)], Value], Field(
        description="One value per field of the item's check type (dates as YYYY-MM-DD); "
                    "an optional field may be left out")]


class CheckRecordWithdrawal(Body):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                             max_length=2000,
                                             pattern=WITHOUT_CONTROL_CHARACTERS)]


class CountedUnitsChoice(Body):
    uncounted_unit_ids: Annotated[list[Id], Field(
        max_length=1000, description="Co-operating units whose check records are left out "
                                     "of the item's checks; [] counts every unit's (the "
                                     "default). The lead unit's always count.")]


class CountedUnit(BaseModel):
    unit: UnitRef
    counted: bool


class CountedUnits(BaseModel):
    co_units: Annotated[list[CountedUnit], Field(
        description="The item's co-operating units and whether their records count")]


class ChoiceOut(BaseModel):
    value: str
    title_zh: str
    title_en: str


class FieldOut(BaseModel):
    name: str
    type: Annotated[str, Field(description="int, float, bool, date, text or choice")]
    title_zh: str
    title_en: str
    required: bool
    min: float | None
    max: float | None
    choices: list[ChoiceOut]
    unit: str


class CheckTypeOut(BaseModel):
    id: str
    title_zh: str
    title_en: str
    fields: list[FieldOut]


class ReasonOut(BaseModel):
    code: str
    message: str
    message_zh: str


class CheckRecordOut(BaseModel):
    id: int
    item_id: int
    check_type: str
    values: dict[str, Value]
    author: UserRef
    unit: UnitRef | None
    created_at: datetime
    corrected_at: datetime | None
    withdrawn_at: datetime | None
    counts: Annotated[bool, Field(description="Whether the rules count it: not withdrawn, "
                                              "and not of a unit the committee left out")]


class CheckRecordList(BaseModel):
    check_type: Annotated[CheckTypeOut | None, Field(
        description="The item's check type; null if it has none an enabled plugin declares")]
    records: list[CheckRecordOut]
    blockers: Annotated[list[ReasonOut], Field(
        description="Why the rules refuse submitting (and closing) the item now; empty "
                    "when they pass")]


def check_type_out(check_type: CheckType) -> CheckTypeOut:
    return CheckTypeOut(id=check_type.id, title_zh=check_type.title_zh,
                        title_en=check_type.title_en, fields=[
        FieldOut(name=f.name, type=f.type, title_zh=f.title_zh, title_en=f.title_en,
                 required=f.required, min=f.min, max=f.max, unit=f.unit,
                 choices=[ChoiceOut(value=c.value, title_zh=c.title_zh, title_en=c.title_en)
                          for c in f.choices])
        for f in check_type.fields])


def reason_out(reason: Reason) -> ReasonOut:
    return ReasonOut(code=reason.code, message=reason.en, message_zh=reason.zh)


def record_out(stored: checks.StoredRecord) -> CheckRecordOut:
    record = stored.record
    return CheckRecordOut(
        id=record.id, item_id=record.item_id, check_type=record.check_type,
        values=record.values, author=user_ref(record.author),
        unit=unit_ref(record.unit) if record.unit else None, created_at=utc(record.created_at),
        corrected_at=utc(record.corrected_at), withdrawn_at=utc(record.withdrawn_at),
        counts=stored.counts)


def _answer(item: Item, record: CheckRecord) -> CheckRecordOut:
    """The record as the list shows it; one of a check type the item no longer has
    counts for nothing."""
    return record_out(next((stored for stored in checks.stored_records(item)
                            if stored.record.id == record.id),
                           checks.StoredRecord(record, record.values, counts=False)))


def _typed(item: Item, values: dict[str, Value]) -> dict[str, Any]:
    """The JSON values as the check type's fields hold them (dates parsed); what does
    not parse is passed on, for the check type's validation to refuse by name."""
    return checks.typed_values(checks.check_type_of(item), values)


def _record(item: Item, record_id: int) -> CheckRecord:
    """The item's record; as on the web, an item without a check type shows none."""
    if checks.check_type_of(item) is None:
        raise not_found()
    return row_of_item(CheckRecord, record_id, item)


def record_invalid(invalid: checks.RecordInvalid) -> ApiError:
    """The check type's refusal, one detail per reason, in English and Chinese."""
    return ApiError(422, "invalid_input", "The values do not fit the item's check type.",
                    [{"field": "values", **reason_out(p).model_dump()} for p in invalid.problems])


@route("GET", RECORDS, summary="List an item's check records and their rule results",
       response=CheckRecordList, failures=(404,))
def list_check_records(item_id: int) -> CheckRecordList:
    """Every record of the item's current check type, oldest first (withdrawn ones too,
    marked as not counting), with the fields the type asks for."""
    item = visible_item(item_id)
    check_type = checks.check_type_of(item)
    if check_type is None:
        return CheckRecordList(check_type=None, records=[], blockers=[])
    return CheckRecordList(
        check_type=check_type_out(check_type),
        records=[record_out(stored) for stored in checks.stored_records(item)],
        blockers=[reason_out(reason) for reason in checks.blockers_for(item, clock.today())])


@route("POST", RECORDS, summary="Add a check record (the item's units)", body=CheckRecordValues,
       response=CheckRecordOut, status=201, failures=(403, 404, 409))
def add_check_record(item_id: int, body: CheckRecordValues) -> CheckRecordOut:
    """Who may add one, and when, is the rule for logging evidence. An item without a
    check type takes none (422 ``no_check_type``)."""
    item = visible_item(item_id)
    try:
        record = checks.add_check_record(api_user(), item, _typed(item, body.values))
    except checks.RecordInvalid as invalid:
        raise record_invalid(invalid) from None
    return _answer(item, record)


@route("PATCH", RECORD, summary="Correct a check record (its author)", body=CheckRecordValues,
       response=CheckRecordOut, failures=(403, 404, 409))
def correct_check_record(item_id: int, record_id: int, body: CheckRecordValues) -> CheckRecordOut:
    """The whole record is sent again; the audit trail keeps the old values of the fields
    that changed. A withdrawn record cannot be corrected (409 ``record_withdrawn``)."""
    item = visible_item(item_id)
    record = _record(item, record_id)
    try:
        checks.correct_check_record(api_user(), item, record, _typed(item, body.values))
    except checks.RecordInvalid as invalid:
        raise record_invalid(invalid) from None
    return _answer(item, record)


@route("POST", RECORD + "/withdrawal", summary="Withdraw a check record (its author)",
       body=CheckRecordWithdrawal, response=CheckRecordOut, failures=(403, 404, 409))
def withdraw_check_record(item_id: int, record_id: int,
                          body: CheckRecordWithdrawal) -> CheckRecordOut:
    """It is kept, with the reason, but no longer counts for the rules."""
    item = visible_item(item_id)
    record = _record(item, record_id)
    checks.withdraw_check_record(api_user(), item, record, body.reason)
    return _answer(item, record)


def counted_units_out(item: Item) -> CountedUnits:
    uncounted = {unit.id for unit in item.uncounted_units}
    return CountedUnits(co_units=[CountedUnit(unit=unit_ref(unit), counted=unit.id not in uncounted)
                                  for unit in item.co_units])


@route("GET", COUNTED_UNITS, summary="Whose check records count", response=CountedUnits,
       failures=(404,))
def read_counted_units(item_id: int) -> CountedUnits:
    return counted_units_out(visible_item(item_id))


@route("PUT", COUNTED_UNITS, summary="Choose whose check records count (committee)",
       body=CountedUnitsChoice, response=CountedUnits, failures=(403, 404, 409))
def set_counted_units(item_id: int, body: CountedUnitsChoice) -> CountedUnits:
    """As on the web: until the item is closed; only co-operating units can be left out
    (422 ``not_a_co_unit``)."""
    item = visible_item(item_id)
    checks.set_uncounted_units(api_user(), item, frozenset(body.uncounted_unit_ids))
    return counted_units_out(item)
