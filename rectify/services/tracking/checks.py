"""Check records on items and the plugin rules that gate submission."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import select

from ... import clock, workflow
from ...extensions import db
from ...hookspecs import CheckType, Reason, validate_record
from ...models import CheckRecord, Item, User
from ...models.items import item_uncounted_units
from ...plugins import check_types, submission_blockers
from . import audit
from .audit import record_event


class RecordInvalid(Exception):
    """The values do not fit the check type; ``problems`` says each reason."""

    def __init__(self, problems: list[Reason]):
        super().__init__("; ".join(p.en for p in problems))
        self.problems = problems


def check_type_of(item: Item) -> CheckType | None:
    return check_types(current_app).get(item.check_type) if item.check_type else None


def _to_json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def typed_values(check_type: CheckType | None, stored: dict[str, Any]) -> dict[str, Any]:
    """A stored record (JSON) as the plugin rules expect it: date fields as dates. A
    value that no longer parses (a hand-edited database) is passed on as stored."""
    dates = {f.name for f in check_type.fields if f.type == "date"} if check_type else set()
    values = {}
    for key, value in stored.items():
        if key in dates and isinstance(value, str) and value:
            try:
                value = date.fromisoformat(value)
            except ValueError:
                pass
        values[key] = value
    return values


def add_check_record(user: User, item: Item, values: dict[str, Any]) -> CheckRecord:
    """Store a typed record for the item's check type, as logging work (same rule)."""
    workflow.check_add_action(workflow.EVIDENCE, user.actor, item.facts)
    check_type = _valid_values(item, values)
    record = CheckRecord(item_id=item.id, check_type=check_type.id, values=_to_json(values),
                         author_id=user.id, unit_id=user.unit_id, created_at=clock.now())
    db.session.add(record)
    db.session.flush()
    record_event(item, user, "check_record_added",
                 new={"check_type": check_type.id, "record_id": record.id, **_to_json(values)})
    audit.commit()
    return record


def _valid_values(item: Item, values: dict[str, Any]) -> CheckType:
    """The item's check type, if ``values`` fit it; else raise."""
    check_type = check_type_of(item)
    if check_type is None:
        raise workflow.WorkflowError("no_check_type", "The item has no available check type.")
    problems = validate_record(check_type, values)
    if problems:
        raise RecordInvalid(problems)
    return check_type


def check_may_change(user: User, item: Item, record: CheckRecord) -> None:
    """Raise unless ``user`` may correct or withdraw ``record`` now."""
    _require_own_record(item, record)
    workflow.check_change_check_record(user.actor, item.facts, record.author_id == user.id,
                                       record.withdrawn_at is not None)


def _require_own_record(item: Item, record: CheckRecord) -> None:
    if record.item_id != item.id:
        raise workflow.WorkflowError("forbidden", "The record belongs to another item.")


def correct_check_record(user: User, item: Item, record: CheckRecord,
                         values: dict[str, Any]) -> CheckRecord:
    """Its author corrects a record; the event keeps the old and the new values of the
    fields that changed."""
    check_may_change(user, item, record)
    check_type = _valid_values(item, values)
    if record.check_type != check_type.id:
        raise workflow.WorkflowError("no_check_type", "The record is of another check type.")
    old, new = record.values, _to_json(values)
    changed = [key for key in new if new[key] != old.get(key)]
    if not changed:
        return record
    record.values = new
    record.corrected_at = clock.now()
    record_event(item, user, "check_record_corrected",
                 old={"record_id": record.id, **{k: old.get(k) for k in changed}},
                 new={"record_id": record.id, **{k: new[k] for k in changed}})
    audit.commit()
    return record


def withdraw_check_record(user: User, item: Item, record: CheckRecord, reason: str) -> CheckRecord:
    """Its author withdraws a record, with a reason: it is kept, but no longer counts."""
    _require_own_record(item, record)
    workflow.check_withdraw_check_record(user.actor, item.facts, record.author_id == user.id,
                                         record.withdrawn_at is not None, reason)
    record.withdrawn_at = clock.now()
    record_event(item, user, "check_record_withdrawn", old={"record_id": record.id,
                                                            **record.values},
                 reason=reason.strip())
    audit.commit()
    return record


def set_uncounted_units(user: User, item: Item, uncounted_unit_ids: frozenset[int]) -> Item:
    """The committee leaves these co-operating units' records out of the item's checks
    (an empty set: every unit's records count, the default)."""
    workflow.check_counted_units(user.actor, item.facts, uncounted_unit_ids)
    before = [unit.name for unit in item.uncounted_units]
    item.uncounted_units = [unit for unit in item.co_units if unit.id in uncounted_unit_ids]
    after = [unit.name for unit in item.uncounted_units]
    if after == before:
        return item
    record_event(item, user, "counted_units_changed", old={"uncounted_units": before},
                 new={"uncounted_units": after})
    audit.commit()
    return item


def _uncounted(item: Item) -> frozenset[int]:
    return frozenset(unit.id for unit in item.uncounted_units)


@dataclass(frozen=True)
class StoredRecord:
    """A record as the item page shows it: typed values, and whether it counts."""

    record: CheckRecord
    values: dict[str, Any]
    counts: bool


def stored_records(item: Item) -> list[StoredRecord]:
    """The item's records for its current check type with their typed values, oldest
    first (for the item page, which also shows who added each and when, and which do
    not count)."""
    check_type = check_type_of(item)
    if check_type is None:
        return []
    uncounted = _uncounted(item)
    stored = db.session.scalars(select(CheckRecord).where(
        CheckRecord.item_id == item.id, CheckRecord.check_type == check_type.id)
        .order_by(CheckRecord.created_at, CheckRecord.id))
    return [StoredRecord(record, typed_values(check_type, record.values),
                         workflow.record_counts(record.unit_id, record.withdrawn_at is not None,
                                                uncounted))
            for record in stored]


def records_of(item: Item) -> list[dict[str, Any]]:
    """The item's records that count for its current check type, as typed values, oldest
    first: withdrawn records and those of units left out are not the plugin rules'."""
    return [stored.values for stored in stored_records(item) if stored.counts]


def blockers_for(item: Item, today: date) -> list[Reason]:
    """Why the item may not be submitted now (empty when it may)."""
    return submission_blockers(current_app, item.check_type, records_of(item), today)


def rule_results(items: list[Item], today: date) -> dict[int, list[Reason]]:
    """The rule results of every item that has a check type, by item id (an empty list
    when its rules pass). Reads the check records of all the items, and the units left
    out of their checks, in one query each, for lists and exports."""
    types = check_types(current_app)
    checked = [item for item in items if item.check_type]
    if not checked:
        return {}
    records: dict[int, list[dict[str, Any]]] = {item.id: [] for item in checked}
    uncounted = _uncounted_by_item(list(records))
    stored = db.session.execute(
        select(CheckRecord.item_id, CheckRecord.check_type, CheckRecord.values,
               CheckRecord.unit_id, CheckRecord.withdrawn_at)
        .where(CheckRecord.item_id.in_(list(records)))
        .order_by(CheckRecord.created_at, CheckRecord.id))
    wanted = {item.id: item.check_type for item in checked}
    for item_id, check_type, values, unit_id, withdrawn_at in stored:
        counts = workflow.record_counts(unit_id, withdrawn_at is not None,
                                        uncounted.get(item_id, frozenset()))
        if counts and wanted[item_id] == check_type and check_type in types:
            records[item_id].append(typed_values(types[check_type], values))
    return {item.id: submission_blockers(current_app, item.check_type, records[item.id], today)
            for item in checked}


def _uncounted_by_item(item_ids: list[int]) -> dict[int, frozenset[int]]:
    link = item_uncounted_units.c
    found: dict[int, set[int]] = {}
    for item_id, unit_id in db.session.execute(
            select(link.item_id, link.unit_id).where(link.item_id.in_(item_ids))):
        found.setdefault(item_id, set()).add(unit_id)
    return {item_id: frozenset(units) for item_id, units in found.items()}
