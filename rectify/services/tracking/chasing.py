"""Chasing (催办): the committee presses an item's units, or a unit for a document it
owes (a deliverable, 报送材料), with a message.

The chase is stored (for the count and the date of the last one, shown on the item, in
the list and in the ledger) and audited as a ``chased`` (``deliverable_chased``) event,
which notifies the units' users (see :mod:`rectify.services.notices.notifications`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute

from ... import clock, workflow
from ...extensions import db
from ...models import Chase, Deliverable, Item, User
from . import audit


@dataclass(frozen=True)
class ChaseStats:
    count: int
    last_at: datetime  # naive UTC, as stored

    @property
    def last_date(self) -> date:
        """The day of the last chase on the committee's calendar."""
        return self.last_at.replace(tzinfo=UTC).astimezone(clock.TIMEZONE).date()


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
    for item, chase in zip(items, chases, strict=True):
        audit.record_event(item, user, "chased", new={"message": chase.message})
    audit.commit()
    return chases


def chase_deliverable(user: User, deliverable: Deliverable, message: str) -> Chase:
    """Record a chase of a deliverable the unit still owes (the rules are
    :func:`workflow.check_chase_deliverable`)."""
    workflow.check_chase_deliverable(user.actor, deliverable.facts, message)
    chase = Chase(deliverable_id=deliverable.id, author_id=user.id, message=message.strip(),
                  created_at=clock.now())
    db.session.add(chase)
    audit.record_deliverable_event(deliverable, user, "deliverable_chased",
                                   new={"message": chase.message})
    audit.commit()
    return chase


def chase_stats(item_ids: list[int]) -> dict[int, ChaseStats]:
    """How often and when last each of these items was chased, in one grouped query
    (items never chased are absent)."""
    return _stats(Chase.item_id, item_ids)


def deliverable_chase_stats(deliverable_ids: list[int]) -> dict[int, ChaseStats]:
    """:func:`chase_stats` of deliverables."""
    return _stats(Chase.deliverable_id, deliverable_ids)


def _stats(column: InstrumentedAttribute[int | None], ids: list[int]) -> dict[int, ChaseStats]:
    if not ids:
        return {}
    rows = db.session.execute(
        select(column, func.count(Chase.id), func.max(Chase.created_at))
        .where(column.in_(ids)).group_by(column))
    # Each key is one of ``ids`` (the WHERE), so never None.
    return {key: ChaseStats(count, last_at) for key, count, last_at in rows if key is not None}


def chases_of(item: Item) -> list[Chase]:
    """The item's chases, newest first."""
    return _chases(Chase.item_id == item.id)


def chases_of_deliverable(deliverable: Deliverable) -> list[Chase]:
    """The deliverable's chases, newest first."""
    return _chases(Chase.deliverable_id == deliverable.id)


def _chases(condition: ColumnElement[bool]) -> list[Chase]:
    return list(db.session.scalars(select(Chase).where(condition)
                                   .order_by(Chase.created_at.desc(), Chase.id.desc())))
