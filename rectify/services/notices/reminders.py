"""Daily reminders (``flask --app app remind``): items and units' deliverables (报送材料)
due soon and overdue.

Each reminder has a key naming the item, the reminder and the item's current due date
(``due_soon:7:42:2026-06-08``, ``overdue:42:2026-05-31``; a deliverable's are
``deliverable_due_soon:7:5:2026-06-08`` and ``deliverable_overdue:5:2026-05-31``), stored
unique per user, so a second run the same day (or a run that overlaps another) sends
nothing new, while an item whose deadline is extended is reminded again for its new date.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import partial
from itertools import islice
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ... import workflow
from ...extensions import db
from ...models import Deliverable, Item, Notification
from ..tracking.overdue import record_newly_overdue
from . import mailer
from .notifications import (
    DELIVERABLE_DUE_SOON,
    DELIVERABLE_OVERDUE,
    DUE_SOON,
    OVERDUE,
    Audience,
    Directory,
    Notice,
    add_notices,
    deliverable_params,
    item_params,
)

BATCH = 500

# (dedupe key, (notice kind, audience), params) of a reminder due today
Reminder = tuple[str, tuple[str, Audience], dict[str, Any]]


def reminder_for(item: Item, today: date,
                 thresholds: tuple[int, ...]) -> Reminder | None:
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
    return list(db.session.scalars(select(Item.id).where(
        Item.status != workflow.CLOSED, Item.due_date <= horizon).order_by(Item.id)))


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
    sent = _already_sent([key for _item, (key, _kind, _params) in wanted])
    return [Notice(user_id, item, kind, params, key)
            for item, (key, (kind, audience), params) in wanted
            for user_id in directory.recipients(item, audience)
            if (user_id, key) not in sent]


def _already_sent(keys: list[str]) -> set[tuple[int, str | None]]:
    """(user id, key) of the reminders with these keys that were sent before."""
    return {(user_id, key) for user_id, key in db.session.execute(
        select(Notification.user_id, Notification.dedupe_key)
        .where(Notification.dedupe_key.in_(keys)))}


def deliverable_reminder_for(deliverable: Deliverable, today: date,
                             thresholds: tuple[int, ...]) -> Reminder | None:
    """(dedupe key, (notice kind, audience), params) of the reminder an owed deliverable is
    due today."""
    threshold = workflow.deliverable_reminder(deliverable.status, deliverable.due_date, today,
                                              thresholds)
    if threshold is None:
        return None
    due = deliverable.due_date.isoformat()
    days = workflow.days_left(deliverable.due_date, today)
    if threshold == 0:
        return (f"deliverable_overdue:{deliverable.id}:{due}", DELIVERABLE_OVERDUE,
                deliverable_params(deliverable, days=-days))
    return (f"deliverable_due_soon:{threshold}:{deliverable.id}:{due}", DELIVERABLE_DUE_SOON,
            deliverable_params(deliverable, days=days))


def _deliverable_candidate_ids(today: date, thresholds: tuple[int, ...]) -> list[int]:
    horizon = today + timedelta(days=max(thresholds, default=0))
    return list(db.session.scalars(select(Deliverable.id).where(
        Deliverable.owed_clause(), Deliverable.due_date <= horizon).order_by(Deliverable.id)))


def _deliverable_batch_notices(ids: list[int], today: date, thresholds: tuple[int, ...],
                               directory: Directory) -> list[Notice]:
    """The reminders of these deliverables that their users have not had yet."""
    deliverables = db.session.scalars(select(Deliverable).where(Deliverable.id.in_(ids)).options(
        selectinload(Deliverable.unit), selectinload(Deliverable.campaign))).all()
    wanted = [(d, found) for d in deliverables
              if (found := deliverable_reminder_for(d, today, thresholds))]
    sent = _already_sent([key for _d, (key, _kind, _params) in wanted])
    return [Notice(user_id, None, kind, params, key, deliverable=d)
            for d, (key, (kind, audience), params) in wanted
            for user_id in directory.deliverable_recipients(d, audience)
            if (user_id, key) not in sent]


def _send(notices: Callable[[], list[Notice]], counts: Counter[str]) -> None:
    """Write and commit one batch of reminders, then mail them."""
    for attempt in range(2):  # a concurrent run may have sent some: look again once
        rows = add_notices(notices())
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            if attempt:
                raise
            continue
        counts.update(row.kind for row in rows)
        mailer.mail_notices(rows)
        return


def remind(today: date) -> Counter[str]:
    """Send today's reminders; returns how many notices of each kind were sent.

    Also records the items that became overdue in the audit trail (as ``flask
    sweep-overdue`` does), so the daily run is one command."""
    record_newly_overdue(today)
    thresholds = tuple(current_app.config["NOTIFY_DUE_DAYS"])
    directory = Directory()
    counts: Counter[str] = Counter()
    for ids in _batches(_candidate_ids(today, thresholds)):
        _send(partial(_batch_notices, ids, today, thresholds, directory), counts)
    for ids in _batches(_deliverable_candidate_ids(today, thresholds)):
        _send(partial(_deliverable_batch_notices, ids, today, thresholds, directory), counts)
    return counts
