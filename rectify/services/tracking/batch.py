"""Acts on many items at once: chasing every overdue item of a list filter, and a unit
signing for several items. Each item still goes through the one rule of its act
(:func:`rectify.workflow.check_chase`, :func:`rectify.services.tracking.items.apply_transition`)
and gets its own audit event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from ... import workflow
from ...extensions import db
from ...models import Item, Unit, User
from ...permissions import get_visible_item
from ..reads.queries import ItemFilters, filter_clauses
from . import chasing
from . import items as item_service
from .audit import ConflictError

MAX_BATCH = 500  # items signed for in one request


def overdue_to_chase(user: User, filters: ItemFilters, today: date) -> Select[Item]:
    """The items of the list ``filters`` that a batch chase reaches: overdue and waiting on
    their units (chaseable), within what ``user`` sees."""
    return (select(Item).join(Unit, Unit.id == Item.lead_unit_id)  # the text search reads it
            .where(*filter_clauses(user, filters, today), Item.overdue_clause(today),
                   Item.status.in_(workflow.CHASEABLE_STATUSES))
            .order_by(Item.due_date, Item.id))


def count_overdue_to_chase(user: User, filters: ItemFilters, today: date) -> int:
    query = overdue_to_chase(user, filters, today).with_only_columns(Item.id).order_by(None)
    return db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()


def chase_overdue(user: User, filters: ItemFilters, today: date, message: str) -> int:
    """Chase every item of :func:`overdue_to_chase` with ``message``; how many were."""
    items = db.session.scalars(overdue_to_chase(user, filters, today)
                               .options(selectinload(Item.co_units))).all()
    if items:
        chasing.chase_items(user, list(items), message)
    return len(items)


@dataclass(frozen=True)
class SignResult:
    """What became of one item of a batch sign-for: ``code`` is None for an item the user
    may not see (named by nothing but the id it sent); ``error`` is None on success,
    else a key of :data:`rectify.labels.WORKFLOW_ERRORS` or ``not_found``/``conflict``."""

    item_id: int
    code: str | None
    error: str | None


def sign_for_items(user: User, item_ids: list[int]) -> list[SignResult]:
    """Sign for each item in turn through the workflow; one item's refusal leaves the
    others signed."""
    results = []
    for item_id in dict.fromkeys(item_ids):
        item = get_visible_item(user, item_id)
        if item is None:
            results.append(SignResult(item_id, None, "not_found"))
            continue
        code = item.code
        try:
            item_service.apply_transition(user, item, "sign_for")
        except workflow.WorkflowError as error:
            db.session.rollback()
            results.append(SignResult(item_id, code, error.code))
            continue
        except ConflictError:
            results.append(SignResult(item_id, code, "conflict"))
            continue
        results.append(SignResult(item_id, code, None))
    return results
