"""Chasing (催办): the committee presses an item's units with a message.

The chase is stored (for the count and the date of the last one, shown on the item, in
the list and in the ledger) and audited as a ``chased`` event, which notifies the
item's units (see :mod:`rectify.services.notifications`) and the plugins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import func, select

from .. import clock, workflow
from ..extensions import db
from ..models import Chase, Item, User
from . import audit


@dataclass(frozen=True)
class ChaseStats:
    count: int
    last_at: datetime  # naive UTC, as stored

    @property
    def last_date(self) -> date:
        """The day of the last chase on the committee's calendar."""
        return self.last_at.replace(tzinfo=timezone.utc).astimezone(clock.TIMEZONE).date()


def chase_item(user: User, item: Item, message: str) -> Chase:
    """Record a chase of ``item`` by ``user`` (the rules are :func:`workflow.check_chase`)."""
    return chase_items(user, [item], message)[0]


def chase_items(user: User, items: list[Item], message: str) -> list[Chase]:
    """Chase each of ``items`` with the same message: one chase and one ``chased`` event
    per item, all committed together, or none if the rules refuse any of them."""
    for item in items:
        workflow.check_chase(user.actor, item.facts, message)
    chases = [Chase(item_id=item.id, author_id=user.id, message=message.strip(),
                    created_at=clock.now()) for item in items]
    db.session.add_all(chases)
    for item, chase in zip(items, chases):
        audit.record_event(item, user, "chased", new={"message": chase.message})
    audit.commit()
    return chases


def chase_stats(item_ids: list[int]) -> dict[int, ChaseStats]:
    """How often and when last each of these items was chased, in one grouped query
    (items never chased are absent)."""
    if not item_ids:
        return {}
    rows = db.session.execute(
        select(Chase.item_id, func.count(Chase.id), func.max(Chase.created_at))
        .where(Chase.item_id.in_(item_ids)).group_by(Chase.item_id))
    return {item_id: ChaseStats(count, last_at) for item_id, count, last_at in rows}


def chases_of(item: Item) -> list[Chase]:
    """The item's chases, newest first."""
    return db.session.scalars(select(Chase).where(Chase.item_id == item.id)
                              .order_by(Chase.created_at.desc(), Chase.id.desc())).all()
