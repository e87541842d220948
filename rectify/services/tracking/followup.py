"""Following up closed items: scheduling re-checks (回头看), recording their results, and
recording the deputies' satisfaction ratings (满意度测评). Each change is checked by the
rules in :mod:`rectify.workflow` and written with an audit event in the same commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import selectinload

from ... import clock, workflow
from ...extensions import db
from ...models import Item, Rating, Recheck, User
from ...workflow import RatingCounts
from .. import rows_changed
from . import audit
from . import items as item_service
from .audit import ConflictError, record_event


def pending_recheck(item: Item) -> Recheck | None:
    return db.session.scalar(select(Recheck).where(
        Recheck.item_id == item.id, Recheck.result == workflow.RECHECK_PENDING))


def rechecks_of(item: Item) -> list[Recheck]:
    return list(db.session.scalars(select(Recheck).where(Recheck.item_id == item.id)
                                   .order_by(Recheck.scheduled_at, Recheck.id)))


def rating_of(item: Item) -> Rating | None:
    return db.session.scalar(select(Rating).where(Rating.item_id == item.id))


def schedule_recheck(user: User, item: Item, due: date) -> Recheck:
    """The committee schedules a re-check of a closed item."""
    workflow.check_schedule_recheck(user.actor, item.facts, due, clock.today(),
                                    has_pending=pending_recheck(item) is not None)
    recheck = Recheck(item_id=item.id, due_date=due, scheduled_by_id=user.id,
                      scheduled_at=clock.now())
    db.session.add(recheck)
    record_event(item, user, "recheck_scheduled", new={"due_date": due})
    audit.commit()
    return recheck


def record_recheck_result(
    user: User, item: Item, recheck: Recheck, result: str, note: str = "",
    expected_version: int | None = None, new_due_date: date | None = None,
) -> Recheck:
    """Confirm the rectification lasts, or reopen the item with a reason and a new
    deadline (``new_due_date``).

    Reopening goes through :func:`rectify.services.tracking.items.apply_transition`, so the core
    rule, the optimistic lock and the ``reopen`` event apply; the re-check's result is
    committed in the same transaction, or not at all.
    """
    if recheck.item_id != item.id or recheck.result != workflow.RECHECK_PENDING:
        raise workflow.WorkflowError("wrong_status", "This re-check already has a result.")
    workflow.check_recheck_result(user.actor, item.facts, result, note, new_due_date,
                                  clock.today())
    _claim_pending(recheck, result=result, result_note=note.strip(), decided_by_id=user.id,
                   decided_at=clock.now())
    record_event(item, user, f"recheck_{result}", new={"due_date": recheck.due_date},
                 reason=note.strip() if result == workflow.RECHECK_CONFIRMED else "")
    if result == workflow.RECHECK_CONFIRMED:
        audit.commit()
        return recheck
    try:
        item_service.apply_transition(user, item, "reopen", note, expected_version,
                                      new_due_date=new_due_date)
    except Exception:
        db.session.rollback()
        raise
    return recheck


def _claim_pending(recheck: Recheck, **result: Any) -> None:
    """Write the result only if the re-check is still pending in the database: of
    simultaneous results, the first one's UPDATE locks the row and the others then match
    nothing (issue 14: one re-check was confirmed 8 to 11 times)."""
    claimed = rows_changed(
        update(Recheck).where(Recheck.id == recheck.id,
                              Recheck.result == workflow.RECHECK_PENDING).values(**result))
    if claimed != 1:
        db.session.rollback()
        raise ConflictError()


def record_rating(user: User, item: Item, counts: RatingCounts) -> Rating:
    """Record the deputies' ratings of a closed item; a later tally replaces the earlier
    one (which the audit trail keeps)."""
    workflow.check_record_rating(user.actor, item.facts, counts.satisfied,
                                 counts.basically_satisfied, counts.dissatisfied)
    rating = rating_of(item)
    old = _counts_of(rating) if rating else None
    if rating is None:
        rating = Rating(item_id=item.id)
        db.session.add(rating)
    rating.satisfied = counts.satisfied
    rating.basically_satisfied = counts.basically_satisfied
    rating.dissatisfied = counts.dissatisfied
    rating.recorded_by_id = user.id
    rating.recorded_at = clock.now()
    record_event(item, user, "rating_recorded", old=old, new=_counts_of(rating))
    audit.commit()
    return rating


def _counts_of(rating: Rating) -> dict[str, int]:
    return {"satisfied": rating.satisfied, "basically_satisfied": rating.basically_satisfied,
            "dissatisfied": rating.dissatisfied}


@dataclass(frozen=True)
class RecheckQueue:
    """Pending re-checks of closed items: due (today or earlier) and upcoming."""

    due: list[Recheck]
    upcoming: list[Recheck]


def waiting_recheck_clauses() -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """Pending re-checks on the committee's queue (joined to their items). A pending
    re-check of an item that was reopened some other way waits off the queue until the
    item is closed again."""
    return Recheck.result == workflow.RECHECK_PENDING, Item.status == workflow.CLOSED


def recheck_queue(today: date) -> RecheckQueue:
    """The committee's queue (see :func:`waiting_recheck_clauses`)."""
    rechecks = db.session.scalars(
        select(Recheck).join(Item, Item.id == Recheck.item_id)
        .where(*waiting_recheck_clauses())
        .order_by(Recheck.due_date, Item.code)
        .options(selectinload(Recheck.item).selectinload(Item.lead_unit),
                 selectinload(Recheck.scheduled_by))).all()
    return RecheckQueue(due=[r for r in rechecks if r.due_date <= today],
                        upcoming=[r for r in rechecks if r.due_date > today])
