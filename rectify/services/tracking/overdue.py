"""Noticing items that have become overdue, once per item and due date.

Overdue itself is derived from the due date (see :func:`rectify.workflow.is_overdue`);
what is recorded here is the *moment it was noticed*: an ``overdue`` event in the audit
trail, which plugins hear through ``rectify_item_event``. A later due date (an approved
extension) that passes again is noticed again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice

from sqlalchemy import select

from ... import workflow
from ...extensions import db
from ...models import Event, Item
from . import audit

OVERDUE_EVENT = "overdue"
BATCH = 500


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    iterator = iter(ids)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _already_noticed(item_ids: list[int]) -> set[tuple[int | None, str | None]]:
    """(item id, due date in ISO format) pairs that already have an overdue event."""
    rows = db.session.execute(select(Event.item_id, Event.new).where(
        Event.kind == OVERDUE_EVENT, Event.item_id.in_(item_ids)))
    return {(item_id, (new or {}).get("due_date")) for item_id, new in rows}


def record_newly_overdue(today: date) -> list[str]:
    """Record an ``overdue`` event for each item overdue today and not yet noticed for its
    current due date, and announce it to plugins. Returns the codes noticed; running it
    again the same day notices nothing."""
    overdue_ids = db.session.scalars(
        select(Item.id).where(Item.overdue_clause(today)).order_by(Item.id)).all()
    noticed: list[str] = []
    for batch in _batches(overdue_ids):
        seen = _already_noticed(batch)
        items = db.session.scalars(select(Item).where(Item.id.in_(batch)).order_by(Item.id))
        for item in items:
            if (item.id, item.due_date.isoformat()) in seen:
                continue
            days = -workflow.days_left(item.due_date, today)
            audit.record_event(item, None, OVERDUE_EVENT,
                               new={"due_date": item.due_date, "days_overdue": days})
            noticed.append(item.code)
        audit.commit()
    return noticed
