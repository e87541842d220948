"""Check records on items and the plugin rules that gate submission."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import select

from .. import clock, workflow
from ..extensions import db
from ..hookspecs import CheckType, Reason, validate_record
from ..models import CheckRecord, Item, User
from ..plugins import check_types, submission_blockers
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
    check_type = check_type_of(item)
    if check_type is None:
        raise workflow.WorkflowError("no_check_type", "The item has no available check type.")
    problems = validate_record(check_type, values)
    if problems:
        raise RecordInvalid(problems)
    record = CheckRecord(item_id=item.id, check_type=check_type.id, values=_to_json(values),
                         author_id=user.id, created_at=clock.now())
    db.session.add(record)
    db.session.flush()
    record_event(item, user, "check_record_added", new={"check_type": check_type.id, **_to_json(values)})
    audit.commit()
    return record


def stored_records(item: Item) -> list[tuple[CheckRecord, dict[str, Any]]]:
    """The item's records for its current check type with their typed values, oldest
    first (for the item page, which also shows who added each and when)."""
    check_type = check_type_of(item)
    if check_type is None:
        return []
    stored = db.session.scalars(select(CheckRecord).where(
        CheckRecord.item_id == item.id, CheckRecord.check_type == check_type.id)
        .order_by(CheckRecord.created_at, CheckRecord.id))
    return [(record, typed_values(check_type, record.values)) for record in stored]


def records_of(item: Item) -> list[dict[str, Any]]:
    """The item's records for its current check type, as typed values, oldest first."""
    return [values for _, values in stored_records(item)]


def blockers_for(item: Item, today: date) -> list[Reason]:
    """Why the item may not be submitted now (empty when it may)."""
    return submission_blockers(current_app, item, records_of(item), today)


def rule_results(items: list[Item], today: date) -> dict[int, list[Reason]]:
    """The rule results of every item that has a check type, by item id (an empty list
    when its rules pass). Reads the check records of all the items in one query, for
    lists and exports."""
    types = check_types(current_app)
    checked = [item for item in items if item.check_type]
    if not checked:
        return {}
    records: dict[int, list[dict[str, Any]]] = {item.id: [] for item in checked}
    stored = db.session.execute(
        select(CheckRecord.item_id, CheckRecord.check_type, CheckRecord.values)
        .where(CheckRecord.item_id.in_(list(records)))
        .order_by(CheckRecord.created_at, CheckRecord.id))
    wanted = {item.id: item.check_type for item in checked}
    for item_id, check_type, values in stored:
        if wanted[item_id] == check_type and check_type in types:
            records[item_id].append(typed_values(types[check_type], values))
    return {item.id: submission_blockers(current_app, item, records[item.id], today)
            for item in checked}
