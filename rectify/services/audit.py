"""Writing the audit trail."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ..extensions import db
from ..models import Event, Item, User


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
    """Append one event; the caller commits it with the change it describes."""
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
    return event
