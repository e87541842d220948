"""The SQL behind every figure: the dashboards', the progress report's and the API's.

Each function aggregates in the database (GROUP BY, COUNT, SUM(CASE ...)) and returns small
plain rows; nothing here loads whole tables. Every query starts from
:func:`rectify.permissions.visible_items_clause`, so a department user's figures only ever
count the items its unit (or a unit below it) leads or co-operates on, whatever filters
the request names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import and_, case, func, select

from rectify import workflow
from rectify.extensions import db
from rectify.models import Category, Item, Unit
from rectify.models.items import local_day
from rectify.models.org import UNIT_KINDS, group_units
from rectify.permissions import Reader, visible_items_clause, visible_units_clause
from rectify.routing import MAX_ID
from rectify.services.reads.queries import scope_clauses


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


NO_FILTERS = Filters()  # a shared default: Filters is frozen and its fields immutable


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


def item_clauses(user: Reader, filters: Filters = Filters()) -> list:
    """Conditions on ``Item``: what ``user`` may see, narrowed by ``filters`` (the same
    filters the item list has, so a card's link lists exactly what it counts)."""
    return [visible_items_clause(user),
            *scope_clauses(filters.campaign_id, filters.category_id, filters.group_id,
                           filters.unit_kind, filters.start, filters.end)]


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
        return workflow.closure_rate(self.closed, self.total)


def summary(user: Reader, today: date, filters: Filters = Filters(), *extra) -> Summary:
    """Counts per status, overdue and due soon (within :func:`due_soon_days`)."""
    return breakdowns(user, today, filters, *extra).summary


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

    @property
    def closure_rate(self) -> float:
        return workflow.closure_rate(self.closed, self.open + self.closed)

    def label(self, locale: str) -> str:
        return Unit.name_for(self.name, self.name_en, locale)


def per_unit(user: Reader, today: date, filters: Filters = Filters()) -> list[UnitCounts]:
    """Open (on time, overdue) and closed items per lead unit, in the units' official order.

    Every active unit of the chosen kind/group is listed, with zeros when it has no items,
    so the chart shows the whole set of evaluated units. A department user's chart holds
    its own unit and the units below it. Each item counts once, under its lead unit (a
    town's bar holds the items the town itself leads, each station has its own bar). The
    items are counted per lead unit id alone (an index-only scan) and the units read
    apart: joining them into the GROUP BY doubled its time.
    """
    overdue = Item.overdue_clause(today)
    counts = {unit_id: (int(on_time), int(late), int(closed))
              for unit_id, on_time, late, closed in db.session.execute(
                  select(Item.lead_unit_id,
                         _count_if(and_(Item.status != workflow.CLOSED, ~overdue)),
                         _count_if(overdue), _count_if(Item.status == workflow.CLOSED))
                  .where(*item_clauses(user, filters))
                  .group_by(Item.lead_unit_id))}
    units = db.session.execute(
        select(Unit.id, Unit.name, Unit.name_en, Unit.active)
        .where(*_unit_clauses(user, filters)).order_by(*Unit.official_order()))
    return [UnitCounts(uid, name, name_en or "", *counts.get(uid, (0, 0, 0)))
            for uid, name, name_en, active in units if active or uid in counts]


def _unit_clauses(user: Reader, filters: Filters) -> list:
    clauses = [visible_units_clause(user)]
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

    @property
    def closure_rate(self) -> float:
        return workflow.closure_rate(self.closed, self.open + self.closed)

    def label(self, locale: str) -> str:
        return Unit.name_for(self.name, self.name_en, locale)


@dataclass(frozen=True)
class Breakdowns:
    """The overview's cards and its bars by category and by source."""

    summary: Summary
    categories: list[Breakdown]
    sources: list[tuple[str, int, int]]  # (source code, open, closed); callers label codes


def due_soon_days() -> int:
    """How many days ahead "due soon" looks (the ``DUE_SOON_DAYS`` setting)."""
    return current_app.config["DUE_SOON_DAYS"]


def breakdowns(user: Reader, today: date, filters: Filters = Filters(), *extra) -> Breakdowns:
    """Cards, categories and sources from one GROUP BY status, category, source (one
    index-only scan of ``ix_item_status_category_source_due`` instead of three)."""
    query = (select(Item.status, Item.category_id, Item.source, func.count(Item.id),
                    _count_if(Item.overdue_clause(today)),
                    _count_if(Item.due_within_clause(today, due_soon_days())))
             .where(*item_clauses(user, filters), *extra)
             .group_by(Item.status, Item.category_id, Item.source))
    totals = Summary()
    by_category: dict[int, list[int]] = {}
    by_source: dict[str, list[int]] = {}
    for status, category_id, source, count, overdue, due_soon in db.session.execute(query):
        if status in workflow.STATUSES:
            setattr(totals, status, getattr(totals, status) + count)
        totals.total += count
        totals.overdue += int(overdue)
        totals.due_soon += int(due_soon)
        column = 1 if status == workflow.CLOSED else 0
        by_category.setdefault(category_id, [0, 0])[column] += count
        by_source.setdefault(source, [0, 0])[column] += count
    return Breakdowns(totals, _categories(by_category),
                      [(code, n_open, n_closed)
                       for code, (n_open, n_closed) in sorted(by_source.items())])


def _categories(counts: dict[int, list[int]]) -> list[Breakdown]:
    if not counts:
        return []
    query = (select(Category.id, Category.name, Category.name_en)
             .where(Category.id.in_(counts)).order_by(Category.position, Category.id))
    return [Breakdown(str(cid), name, name_en or "", *counts[cid])
            for cid, name, name_en in db.session.execute(query)]


# Over time ----------------------------------------------------------------------------

def per_day(user: Reader, column, filters: Filters = Filters(), *extra) -> dict[date, int]:
    """Items per local calendar day of ``column`` (``Item.created_at`` or ``closed_at``)."""
    day = local_day(column)
    query = (select(day, func.count(Item.id))
             .where(*item_clauses(user, filters), column.is_not(None), *extra)
             .group_by(day).order_by(day))
    return {_sql_day(value): count for value, count in db.session.execute(query)}


def _sql_day(value: date | str) -> date:
    """A day as the database returns it: a date on PostgreSQL, text on SQLite."""
    return date.fromisoformat(str(value)[:10])


def cumulative(user: Reader, filters: Filters = Filters(), *extra) -> list[tuple[date, int, int]]:
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
