"""The SQL behind every dashboard figure.

Each function aggregates in the database (GROUP BY, COUNT, SUM(CASE ...)) and returns small
plain rows; nothing here loads whole tables. Every query starts from
:func:`rectify.permissions.visible_items_clause`, so a department user's figures only ever
count the items its unit leads or co-operates on, whatever filters the request names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, and_, case, cast, exists, false, func, or_, select

from rectify import workflow
from rectify.extensions import db
from rectify.models import Category, Item, Unit, User
from rectify.models.items import item_co_units
from rectify.models.org import UNIT_KINDS, group_units
from rectify.permissions import reads_everything, visible_items_clause
from rectify.routing import MAX_ID
from rectify.services.queries import scope_clauses

DUE_SOON_DAYS = workflow.DUE_SOON_DAYS


@dataclass(frozen=True)
class Filters:
    """The overview's filters; every field is optional."""

    campaign_id: int | None = None
    category_id: int | None = None
    group_id: int | None = None
    unit_kind: str | None = None
    start: date | None = None
    end: date | None = None

    @classmethod
    def parse(cls, campaign: Any = None, category: Any = None, group: Any = None,
              kind: Any = None, start: Any = None, end: Any = None) -> Filters:
        """Filters from untrusted callback values; anything malformed is ignored."""
        kind = kind if kind in UNIT_KINDS else None
        return cls(_int(campaign), _int(category), _int(group), kind, _date(start), _date(end))


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None  # larger ids overflow the database


def _date(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def local_day(column):
    """The committee's calendar day of a stored UTC timestamp (Shanghai has no DST)."""
    if db.engine.dialect.name == "sqlite":
        return func.date(column, "+8 hours")
    return cast(column + timedelta(hours=8), Date)


def effective_unit_id(user: User, requested: int | None) -> int | None:
    """The unit a unit page may show: a department user always gets its own unit."""
    if reads_everything(user):
        return requested if isinstance(requested, int) and 0 < requested <= MAX_ID else None
    return user.unit_id if user.role == workflow.DEPARTMENT else None


def item_clauses(user: User, filters: Filters = Filters()) -> list:
    """Conditions on ``Item``: what ``user`` may see, narrowed by ``filters`` (the same
    filters the item list has, so a card's link lists exactly what it counts)."""
    return [visible_items_clause(user),
            *scope_clauses(filters.campaign_id, filters.category_id, filters.group_id,
                           filters.unit_kind, filters.start, filters.end)]


def involving_unit(unit_id: int):
    """Items a unit leads or co-operates on (the item list's unit filter)."""
    co_operates = exists().where(item_co_units.c.item_id == Item.id,
                                 item_co_units.c.unit_id == unit_id)
    return or_(Item.lead_unit_id == unit_id, co_operates)


def _count_if(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


# Overview cards -----------------------------------------------------------------------

@dataclass
class Summary:
    total: int = 0
    open: int = 0
    in_progress: int = 0
    submitted: int = 0
    closed: int = 0
    overdue: int = 0
    due_soon: int = 0

    @property
    def closure_rate(self) -> float:
        return self.closed / self.total if self.total else 0.0


def summary(user: User, today: date, filters: Filters = Filters(), *extra) -> Summary:
    """Counts per status, overdue and due within a week, in one GROUP BY status."""
    query = (select(Item.status, func.count(Item.id), _count_if(Item.overdue_clause(today)),
                    _count_if(Item.due_within_clause(today, DUE_SOON_DAYS)))
             .where(*item_clauses(user, filters), *extra)
             .group_by(Item.status))
    result = Summary()
    for status, count, overdue, due_soon in db.session.execute(query):
        if status in workflow.STATUSES:
            setattr(result, status, count)
        result.total += count
        result.overdue += int(overdue)
        result.due_soon += int(due_soon)
    return result


# Per unit -----------------------------------------------------------------------------

@dataclass(frozen=True)
class UnitCounts:
    unit_id: int
    name: str
    name_en: str
    on_time: int   # not closed, not overdue
    overdue: int
    closed: int

    @property
    def open(self) -> int:
        return self.on_time + self.overdue

    def label(self, locale: str) -> str:
        return self.name_en if locale.startswith("en") and self.name_en else self.name


def per_unit(user: User, today: date, filters: Filters = Filters()) -> list[UnitCounts]:
    """Open (on time, overdue) and closed items per lead unit, most open first.

    Every active unit of the chosen kind/group is listed, with zeros when it has no items,
    so the chart shows the whole set of evaluated units. A department user's chart holds
    its own unit only.
    """
    overdue = Item.overdue_clause(today)
    on_time = and_(Item.status != workflow.CLOSED, ~overdue)
    item_join = and_(Item.lead_unit_id == Unit.id, *item_clauses(user, filters))
    query = (select(Unit.id, Unit.name, Unit.name_en, _count_if(on_time), _count_if(overdue),
                    _count_if(Item.status == workflow.CLOSED))
             .select_from(Unit).outerjoin(Item, item_join)
             .where(*_unit_clauses(user, filters))
             .group_by(Unit.id, Unit.name, Unit.name_en, Unit.sort_key)
             .having(or_(Unit.active, func.count(Item.id) > 0))
             .order_by(Unit.sort_key))
    rows = [UnitCounts(uid, name, name_en or "", int(a), int(b), int(c))
            for uid, name, name_en, a, b, c in db.session.execute(query)]
    return sorted(rows, key=lambda row: (-row.open, -row.closed))  # stable: pinyin ties


def _unit_clauses(user: User, filters: Filters) -> list:
    clauses = []
    if not reads_everything(user):
        own = user.unit_id if user.role == workflow.DEPARTMENT else None
        clauses.append(Unit.id == own if own else false())
    if filters.unit_kind:
        clauses.append(Unit.kind == filters.unit_kind)
    if filters.group_id:
        clauses.append(Unit.id.in_(
            select(group_units.c.unit_id).where(group_units.c.group_id == filters.group_id)))
    return clauses


# Breakdowns ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Breakdown:
    key: str
    name: str
    name_en: str
    open: int
    closed: int

    def label(self, locale: str) -> str:
        return self.name_en if locale.startswith("en") and self.name_en else self.name


def by_category(user: User, filters: Filters = Filters()) -> list[Breakdown]:
    closed = Item.status == workflow.CLOSED
    query = (select(Category.id, Category.name, Category.name_en,
                    _count_if(~closed), _count_if(closed))
             .join(Item, Item.category_id == Category.id)
             .where(*item_clauses(user, filters))
             .group_by(Category.id, Category.name, Category.name_en, Category.position)
             .order_by(Category.position, Category.id))
    return [Breakdown(str(cid), name, name_en or "", int(o), int(c))
            for cid, name, name_en, o, c in db.session.execute(query)]


def by_source(user: User, filters: Filters = Filters()) -> list[tuple[str, int, int]]:
    """(source code, open, closed); the caller labels the codes."""
    closed = Item.status == workflow.CLOSED
    query = (select(Item.source, _count_if(~closed), _count_if(closed))
             .where(*item_clauses(user, filters))
             .group_by(Item.source).order_by(Item.source))
    return [(source, int(o), int(c)) for source, o, c in db.session.execute(query)]


# Over time ----------------------------------------------------------------------------

def per_day(user: User, column, filters: Filters = Filters(), *extra) -> dict[date, int]:
    """Items per local calendar day of ``column`` (``Item.created_at`` or ``closed_at``)."""
    day = local_day(column)
    query = (select(day, func.count(Item.id))
             .where(*item_clauses(user, filters), column.is_not(None), *extra)
             .group_by(day).order_by(day))
    return {_date(value): count for value, count in db.session.execute(query)}


def cumulative(user: User, filters: Filters = Filters(), *extra) -> list[tuple[date, int, int]]:
    """(day, items raised so far, items closed so far) on each day something happened.

    "Closed so far" counts the items closed now, by their closing day (a reopened item
    leaves the count until it closes again).
    """
    raised = per_day(user, Item.created_at, filters, *extra)
    closed = per_day(user, Item.closed_at, filters, Item.status == workflow.CLOSED, *extra)
    series, total_raised, total_closed = [], 0, 0
    for day in sorted(set(raised) | set(closed)):
        total_raised += raised.get(day, 0)
        total_closed += closed.get(day, 0)
        series.append((day, total_raised, total_closed))
    return series
