"""Daily reminders (``flask --app app remind``): items due soon and items overdue.

Each reminder has a key naming the item, the reminder and the item's current due date
(``due_soon:7:42:2026-06-08``, ``overdue:42:2026-05-31``), stored unique per user, so a
second run the same day (or a run that overlaps another) sends nothing new, while an
item whose deadline is extended is reminded again for its new date.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from itertools import islice
from typing import Iterator

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import workflow
from ..extensions import db
from ..models import Item, Notification
from . import mailer
from .notifications import DUE_SOON, OVERDUE, Directory, Notice, add_notices, item_params
from .overdue import record_newly_overdue

BATCH = 500


def reminder_for(item: Item, today: date, thresholds: tuple[int, ...]) -> tuple[str, tuple, dict] | None:
    """(dedupe key, (notice kind, audience), params) of the reminder ``item`` is due today."""
    due = item.due_date.isoformat()
    if item.is_overdue(today):
        days = -workflow.days_left(item.due_date, today)
        return f"overdue:{item.id}:{due}", OVERDUE, item_params(item, due_date=item.due_date,
                                                                 days=days)
    threshold = workflow.due_soon_threshold(item.status, item.due_date, today, thresholds)
    if threshold is None:
        return None
    days = workflow.days_left(item.due_date, today)
    return (f"due_soon:{threshold}:{item.id}:{due}", DUE_SOON,
            item_params(item, due_date=item.due_date, days=days))


def _candidate_ids(today: date, thresholds: tuple[int, ...]) -> list[int]:
    """Open items due within the largest reminder window, overdue ones included."""
    horizon = today + timedelta(days=max(thresholds, default=0))
    return db.session.scalars(select(Item.id).where(
        Item.status != workflow.CLOSED, Item.due_date <= horizon).order_by(Item.id)).all()


def _batches(ids: list[int]) -> Iterator[list[int]]:
    iterator = iter(ids)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _batch_notices(ids: list[int], today: date, thresholds: tuple[int, ...],
                   directory: Directory) -> list[Notice]:
    """The reminders of these items that their users have not had yet."""
    items = db.session.scalars(select(Item).where(Item.id.in_(ids))
                               .options(selectinload(Item.co_units))).all()
    wanted = [(item, found) for item in items if (found := reminder_for(item, today, thresholds))]
    keys = [key for _item, (key, _kind, _params) in wanted]
    sent = {(user_id, key) for user_id, key in db.session.execute(
        select(Notification.user_id, Notification.dedupe_key)
        .where(Notification.dedupe_key.in_(keys)))}
    return [Notice(user_id, item, kind, params, key)
            for item, (key, (kind, audience), params) in wanted
            for user_id in directory.recipients(item, audience)
            if (user_id, key) not in sent]


def remind(today: date) -> Counter:
    """Send today's reminders; returns how many notices of each kind were sent.

    Also records the items that became overdue in the audit trail (as ``flask
    sweep-overdue`` does), so the daily run is one command."""
    record_newly_overdue(today)
    thresholds = tuple(current_app.config["NOTIFY_DUE_DAYS"])
    directory = Directory()
    counts: Counter = Counter()
    for ids in _batches(_candidate_ids(today, thresholds)):
        for attempt in range(2):  # a concurrent run may have sent some: look again once
            rows = add_notices(_batch_notices(ids, today, thresholds, directory))
            try:
                db.session.commit()
            except IntegrityError:
                db.session.rollback()
                if attempt:
                    raise
                continue
            counts.update(row.kind for row in rows)
            mailer.mail_notices(rows)
            break
    return counts
