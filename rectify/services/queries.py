"""Finding items: the list's filters, sorting and overdue counts, all in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import selectinload

from .. import clock, workflow
from ..extensions import db
from ..models import Item, Unit, User
from ..models.items import item_co_units
from ..models.org import group_units
from ..permissions import visible_items_clause

_STATUS_ORDER = case({s: i for i, s in enumerate(workflow.STATUSES)}, value=Item.status)

SORTS = {
    "due": (Item.due_date, Item.id),
    "unit": (Unit.sort_key, Item.due_date, Item.id),
    "status": (_STATUS_ORDER, Item.due_date, Item.id),
    "code": (Item.code,),
    "newest": (Item.created_at.desc(), Item.id.desc()),
}


@dataclass
class ItemFilters:
    campaign_id: int | None = None
    unit_id: int | None = None
    category_id: int | None = None
    group_id: int | None = None      # items whose lead unit is in this inspection group
    unit_kind: str | None = None     # items whose lead unit is of this kind
    raised_from: date | None = None  # raised on or after this day (committee's calendar)
    raised_to: date | None = None    # raised on or before this day
    source: str | None = None
    status: str | None = None
    overdue: bool = False
    severe_after_days: int | None = None  # only items overdue by more days (严重逾期)
    due_within: int | None = None
    text: str = ""
    sort: str = "due"


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def scope_clauses(campaign_id: int | None = None, category_id: int | None = None,
                  group_id: int | None = None, unit_kind: str | None = None,
                  raised_from: date | None = None, raised_to: date | None = None) -> list:
    """The filters the item list and the dashboards share, as conditions on ``Item``."""
    clauses = []
    if campaign_id:
        clauses.append(Item.campaign_id == campaign_id)
    if category_id:
        clauses.append(Item.category_id == category_id)
    if group_id:
        members = select(group_units.c.unit_id).where(group_units.c.group_id == group_id)
        clauses.append(Item.lead_unit_id.in_(members))
    if unit_kind:
        clauses.append(Item.lead_unit_id.in_(select(Unit.id).where(Unit.kind == unit_kind)))
    if raised_from:
        clauses.append(Item.created_at >= clock.local_midnight_utc(raised_from))
    if raised_to:
        clauses.append(Item.created_at < clock.local_midnight_utc(raised_to + timedelta(days=1)))
    return clauses


def _items_of_unit(unit_id: int) -> Select:
    """Ids of the items a unit leads or co-operates on. As an id list (two index lookups)
    rather than ``lead = x OR EXISTS(co-unit)``, which the database checks row by row over
    every item the other filters leave: 13 → 2 ms for the status counts at 100,000 items."""
    led = select(Item.id).where(Item.lead_unit_id == unit_id)
    co_operated = select(item_co_units.c.item_id).where(item_co_units.c.unit_id == unit_id)
    return led.union_all(co_operated)


def filter_clauses(user: User, filters: ItemFilters, today: date) -> list:
    """Conditions for ``filters``, always within what ``user`` may see."""
    clauses = [visible_items_clause(user), *scope_clauses(
        filters.campaign_id, filters.category_id, filters.group_id, filters.unit_kind,
        filters.raised_from, filters.raised_to)]
    if filters.unit_id:
        clauses.append(Item.id.in_(_items_of_unit(filters.unit_id)))
    if filters.source:
        clauses.append(Item.source == filters.source)
    if filters.status:
        clauses.append(Item.status == filters.status)
    if filters.overdue:
        clauses.append(Item.overdue_clause(today))
    if filters.severe_after_days is not None:
        clauses.append(Item.severe_overdue_clause(today, filters.severe_after_days))
    if filters.due_within is not None:
        clauses.append(Item.due_within_clause(today, filters.due_within))
    if filters.text.strip():
        pattern = f"%{_escape_like(filters.text.strip())}%"
        clauses.append(or_(
            Item.code.ilike(pattern, escape="\\"),
            Item.problem.ilike(pattern, escape="\\"),
            Item.requirement.ilike(pattern, escape="\\"),
            Unit.name.ilike(pattern, escape="\\"),
        ))
    return clauses


def item_list_query(user: User, filters: ItemFilters, today: date) -> Select:
    """The item list: items joined to their lead unit, filtered and sorted."""
    order = SORTS.get(filters.sort, SORTS["due"])
    return (
        select(Item)
        .options(selectinload(Item.lead_unit), selectinload(Item.category),
                 selectinload(Item.co_units))
        .join(Unit, Unit.id == Item.lead_unit_id)
        .where(*filter_clauses(user, filters, today))
        .order_by(*order)
    )


def status_counts(user: User, filters: ItemFilters, today: date) -> dict[str, int]:
    """How many of the filtered items are in each status, and how many are overdue."""
    overdue = func.sum(case((Item.overdue_clause(today), 1), else_=0))
    query = select(Item.status, func.count(Item.id), overdue)
    if filters.text.strip():  # only the text search reads the unit; the join costs a scan
        query = query.join(Unit, Unit.id == Item.lead_unit_id)
    query = query.where(*filter_clauses(user, filters, today)).group_by(Item.status)
    counts = {status: 0 for status in workflow.STATUSES}
    counts["overdue"] = 0
    for status, count, overdue_count in db.session.execute(query):
        counts[status] = count
        counts["overdue"] += overdue_count or 0
    counts["total"] = sum(counts[s] for s in workflow.STATUSES)
    return counts
