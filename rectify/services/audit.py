"""Writing the audit trail, and telling plugins what happened once it is committed.

Every change to an item appends an :class:`~rectify.models.Event` in the same transaction
(:func:`record_event`). The events are also queued on the session; :func:`commit`
commits and then announces them to plugins (``rectify_item_event``), so a plugin never
hears of a change that was rolled back, and a plugin that fails never undoes one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from ..extensions import db
from ..models import Event, Item, User
from ..plugins import notify_item_event

PENDING_KEY = "rectify_pending_item_events"


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
    old: dict | None = None,
    new: dict | None = None,
    reason: str = "",
    action_id: int | None = None,
) -> Event:
    """Append one event; the caller commits it (with :func:`commit`) with the change."""
    event = Event(
        item_id=item.id if item is not None else None,
        actor_id=actor.id if actor is not None else None,
        kind=kind,
        old={k: _plain(v) for k, v in old.items()} if old else None,
        new={k: _plain(v) for k, v in new.items()} if new else None,
        reason=reason,
        action_id=action_id,
    )
    db.session.add(event)
    if item is not None:
        payload = {"old": event.old or {}, "new": event.new or {}, "reason": reason}
        db.session.info.setdefault(PENDING_KEY, []).append(ItemEvent(item, kind, actor, payload))
    return event


def commit() -> None:
    """Commit the session with the users' notices of its item events, then announce the
    events to the plugins and mail the notices (neither can undo the change)."""
    from . import mailer, notifications

    notices = notifications.notices_for_events(db.session.info.get(PENDING_KEY, []))
    db.session.commit()
    pending = db.session.info.pop(PENDING_KEY, [])
    for item_event in pending:
        notify_item_event(current_app, item_event.item, item_event.kind, item_event.actor,
                          item_event.payload)
    mailer.mail_notices(notices)


@sa_event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back_events(session: Session, _previous_transaction) -> None:
    session.info.pop(PENDING_KEY, None)
