"""Writing the audit trail, and telling plugins what happened once it is committed.

Every change to an item (or a deliverable, :func:`record_deliverable_event`) appends an
:class:`~rectify.models.Event` in the same transaction (:func:`record_event`). The
events are also queued on the session; :func:`commit` commits and then announces them to
plugins (``rectify_item_event``), so a plugin never hears of a change that was rolled
back, and a plugin that fails never undoes one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import event as sa_event
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, SessionTransaction

from ...extensions import db
from ...models import Campaign, Deliverable, Event, Item, User
from ...plugins import actor_data, item_data, notify_item_event

PENDING_KEY = "rectify_pending_item_events"
DELIVERABLE_PENDING_KEY = "rectify_pending_deliverable_events"
RELOAD_BATCH = 1000

FieldValues = dict[str, Any]  # an event's old or new values, by field name


class ConflictError(Exception):
    """Someone else changed the item first: it changed since the caller read it
    (optimistic lock), or a simultaneous writer already did what the database allows
    once (a unique index: one pending extension, one pending re-check, one rating)."""


@dataclass(frozen=True)
class ItemEvent:
    """What plugins hear: the item, the event kind, who acted and the plain values."""

    item: Item
    kind: str
    actor: User | None
    payload: dict[str, Any]


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def record_event(
    item: Item | None,
    actor: User | None,
    kind: str,
    old: FieldValues | None = None,
    new: FieldValues | None = None,
    reason: str = "",
    action_id: int | None = None,
) -> Event:
    """Append one event; the caller commits it (with :func:`commit`) with the change."""
    event = Event(**_event_values(item, actor, kind, old, new, reason, action_id))
    db.session.add(event)
    if item is not None:
        _announce_later(item, kind, actor, event.old, event.new, reason)
    return event


def events_of(item: Item) -> list[Event]:
    """The item's audit trail (its timeline), oldest first."""
    return list(db.session.scalars(
        select(Event).where(Event.item_id == item.id).order_by(Event.at, Event.id)))


def record_campaign_event(campaign: Campaign, actor: User | None, kind: str,
                          old: FieldValues | None = None, new: FieldValues | None = None,
                          reason: str = "") -> Event:
    """Append one event about a campaign itself (its stage, groups, archiving); the
    campaign must have its id. Plugins hear item events only, so nothing is announced."""
    event = Event(**_event_values(None, actor, kind, old, new, reason), campaign_id=campaign.id)
    db.session.add(event)
    return event


@dataclass(frozen=True)
class DeliverableEvent:
    """An audited change of a deliverable (报送材料), for the notices of :func:`commit`."""

    deliverable: Deliverable
    kind: str
    actor: User | None
    payload: dict[str, Any]


def record_deliverable_event(deliverable: Deliverable, actor: User | None, kind: str,
                             new: FieldValues | None = None, reason: str = "") -> Event:
    """Append one event about a deliverable; the caller commits it with :func:`commit`,
    which writes the notices it calls for."""
    values = _event_values(None, actor, kind, None, new, reason)
    event = Event(**values, deliverable_id=deliverable.id)
    db.session.add(event)
    db.session.info.setdefault(DELIVERABLE_PENDING_KEY, []).append(DeliverableEvent(
        deliverable, kind, actor, {"new": values["new"] or {}, "reason": reason}))
    return event


def record_events(actor: User | None, kind: str,
                  changes: list[tuple[Item, FieldValues | None, FieldValues | None]]) -> None:
    """Append one event per (item, old, new) of a bulk change, as :func:`record_event`
    would, but with multi-row INSERTs: the unit of work writes events one statement
    each, which costs seconds for an import of thousands of items. The items must
    already be in the database (have their ids)."""
    rows = [_event_values(item, actor, kind, old, new) for item, old, new in changes]
    if not rows:
        return
    db.session.execute(insert(Event), rows)
    for (item, _old, _new), row in zip(changes, rows, strict=True):
        _announce_later(item, kind, actor, row["old"], row["new"], row["reason"])


def _event_values(item: Item | None, actor: User | None, kind: str, old: FieldValues | None,
                  new: FieldValues | None, reason: str = "",
                  action_id: int | None = None) -> dict[str, Any]:
    return {
        "item_id": item.id if item is not None else None,
        "actor_id": actor.id if actor is not None else None,
        "kind": kind,
        "old": {k: _plain(v) for k, v in old.items()} if old else None,
        "new": {k: _plain(v) for k, v in new.items()} if new else None,
        "reason": reason,
        "action_id": action_id,
    }


def _announce_later(item: Item, kind: str, actor: User | None, old: FieldValues | None,
                    new: FieldValues | None, reason: str) -> None:
    """Queue the event for the plugins (and the notices) of :func:`commit`."""
    payload = {"old": old or {}, "new": new or {}, "reason": reason}
    db.session.info.setdefault(PENDING_KEY, []).append(ItemEvent(item, kind, actor, payload))


def commit() -> None:
    """Commit the session with the users' notices of its item events, then announce the
    events to the plugins and mail the notices (neither can undo the change)."""
    from ..notices import mailer, notifications

    pending = db.session.info.get(PENDING_KEY, [])
    try:
        db.session.flush()
        notices = notifications.notices_for_events(pending)
        notices += notifications.notices_for_deliverable_events(
            db.session.info.get(DELIVERABLE_PENDING_KEY, []))
        item_ids = {item_event.item.id for item_event in pending}
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        if is_unique_violation(error):
            raise ConflictError() from error
        raise
    db.session.info.pop(PENDING_KEY, None)
    db.session.info.pop(DELIVERABLE_PENDING_KEY, None)
    _reload_items(item_ids)
    for item_event in pending:
        notify_item_event(current_app, item_data(item_event.item), item_event.kind,
                          actor_data(item_event.actor), item_event.payload)
    mailer.mail_notices(notices)


def is_unique_violation(error: IntegrityError) -> bool:
    """A unique constraint or index refused the write (PostgreSQL's SQLSTATE 23505, or
    SQLite's message), as opposed to a broken reference, which is a bug."""
    return (getattr(error.orig, "sqlstate", None) == "23505"
            or "UNIQUE constraint failed" in str(error.orig))


def _reload_items(ids: set[int]) -> None:
    """Read the items of many events again in a few queries: committing expired them,
    and plugins reading them one by one would each cost a query."""
    if len(ids) < 2:
        return
    ordered = sorted(ids)
    for start in range(0, len(ordered), RELOAD_BATCH):
        batch = ordered[start:start + RELOAD_BATCH]
        db.session.scalars(select(Item).where(Item.id.in_(batch))).all()


@sa_event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back_events(session: Session,
                               _previous_transaction: SessionTransaction) -> None:
    session.info.pop(PENDING_KEY, None)
    session.info.pop(DELIVERABLE_PENDING_KEY, None)
