"""The unit league table (单位排名): how each lead unit of a campaign is doing, so the
committee can rank units as the evaluation requires.

Every figure is aggregated in SQL per lead unit (one GROUP BY for the items, one for the
audit events, one for the ratings); the rows are then rolled up the unit hierarchy, merged
and sorted here. A unit's row holds the items it leads and those the units below it lead
(a town's row counts its stations' items, which also have rows of their own). Only units
with at least one such item of the campaign are listed.

- raised: items of the campaign the unit leads;
- closed on time: closed items whose closing day (in the committee's time zone) is on or
  before their current due date (an approved extension moves the due date);
- closure rate: closed / raised;
- average days to close: mean of ``closed_at - created_at`` over the closed items;
- returns: how often its items were returned (``return_item`` events);
- chases: how often its items were chased (the stored :class:`~rectify.models.Chase`
  records of :mod:`rectify.services.tracking.chasing`, one per chase, each also audited);
- overdue: not closed and past the due date today;
- satisfaction rate: :mod:`rectify.services.reads.satisfaction`;
- deliverables (报送材料): owed, submitted, accepted and late documents of the campaign
  (:func:`rectify.services.tracking.deliverables.counts_by_unit`); the table sorts by the late ones.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, Float, SQLColumnExpression, and_, case, cast, func, select

from ... import workflow
from ...extensions import db
from ...models import Chase, Event, Item, Unit, User
from ...models.items import local_day
from ...permissions import visible_items_clause
from ..setup import hierarchy
from ..tracking.deliverables import DeliverableCounts, counts_by_unit
from . import satisfaction

RETURN_EVENT = "return_item"


@dataclass(frozen=True)
class LeagueRow:
    unit_id: int
    name: str
    name_en: str
    order_key: tuple[int, str, int]  # the unit's place in the official order
    raised: int
    closed: int
    on_time: int
    avg_days: float | None  # None: nothing closed yet
    returns: int
    chases: int
    overdue: int
    satisfaction: float | None  # None: no rating yet
    ratings: int  # how many ratings the satisfaction rate rests on
    deliverables: DeliverableCounts

    @property
    def closure_rate(self) -> float:
        return workflow.closure_rate(self.closed, self.raised)

    @property
    def deliverables_late(self) -> int:
        return self.deliverables.late

    @property
    def deliverables_owed(self) -> int:
        return self.deliverables.owed

    @property
    def deliverables_submitted(self) -> int:
        return self.deliverables.submitted

    @property
    def deliverables_accepted(self) -> int:
        return self.deliverables.accepted

    def label(self, locale: str) -> str:
        return Unit.name_for(self.name, self.name_en, locale)


# Column key -> whether "best first" means descending. The web page and the export show
# the columns in this order.
COLUMNS = {
    "unit": False, "raised": True, "on_time": True, "closure_rate": True, "avg_days": False,
    "returns": False, "chases": False, "overdue": False, "satisfaction": True,
    "deliverables_late": False,
}
DEFAULT_SORT = "closure_rate"


# An item figure per lead unit: raised, closed, closed on time, days to close summed, overdue.
ItemFigures = tuple[int, int, int, float, int]


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _days_between(start: SQLColumnExpression[datetime],
                  end: SQLColumnExpression[datetime | None]) -> ColumnElement[float]:
    """``end - start`` in days, as a real number, on SQLite and PostgreSQL."""
    if db.engine.dialect.name == "sqlite":
        return func.julianday(end) - func.julianday(start)
    return cast(func.extract("epoch", end - start), Float()) / 86400.0


def _item_figures(user: User, campaign_id: int, today: date) -> dict[int, ItemFigures]:
    """(raised, closed, closed on time, days to close summed, overdue) per lead unit."""
    closed = Item.status == workflow.CLOSED
    on_time = and_(closed, local_day(Item.closed_at) <= Item.due_date)
    days = case((closed, _days_between(Item.created_at, Item.closed_at)), else_=None)
    rows = db.session.execute(
        select(Item.lead_unit_id, func.count(Item.id), _count_if(closed), _count_if(on_time),
               func.coalesce(func.sum(days), 0.0), _count_if(Item.overdue_clause(today)))
        .where(Item.campaign_id == campaign_id, visible_items_clause(user))
        .group_by(Item.lead_unit_id))
    return {unit_id: (int(raised), int(n_closed), int(n_on_time), float(day_sum), int(late))
            for unit_id, raised, n_closed, n_on_time, day_sum, late in rows}


def _count_per_unit(user: User, campaign_id: int, model: type[Event] | type[Chase],
                    *where: ColumnElement[bool]) -> dict[int, int]:
    """How many rows of ``model`` (with an ``item_id``) each lead unit's items have."""
    query = (select(Item.lead_unit_id, func.count(model.id))
             .join(Item, Item.id == model.item_id)
             .where(Item.campaign_id == campaign_id, visible_items_clause(user), *where)
             .group_by(Item.lead_unit_id))
    return {unit_id: int(n) for unit_id, n in db.session.execute(query)}


def _add(first: ItemFigures, second: ItemFigures) -> ItemFigures:
    raised, closed, on_time, day_sum, overdue = first
    more_raised, more_closed, more_on_time, more_days, more_overdue = second
    return (raised + more_raised, closed + more_closed, on_time + more_on_time,
            day_sum + more_days, overdue + more_overdue)


def league_table(user: User, campaign_id: int, today: date, sort: str = DEFAULT_SORT,
                 descending: bool | None = None) -> list[LeagueRow]:
    """One row per unit with items of the campaign (its own or its sub-units'), sorted by
    ``sort`` (a key of :data:`COLUMNS`; ``descending`` defaults to best first). Units
    without a figure in the sorted column (no closure, no rating) come last either way.
    Deliverables (报送材料) are each unit's own."""
    figures = hierarchy.roll_up(_item_figures(user, campaign_id, today), _add)
    returns = hierarchy.roll_up(
        _count_per_unit(user, campaign_id, Event, Event.kind == RETURN_EVENT), operator.add)
    chases = hierarchy.roll_up(_count_per_unit(user, campaign_id, Chase), operator.add)
    ratings = hierarchy.roll_up(satisfaction.by_unit(user, campaign_id), operator.add)
    documents = counts_by_unit(user, today, campaign_id)
    units = db.session.execute(select(Unit.id, Unit.name, Unit.name_en, Unit.position,
                                      Unit.sort_key).where(Unit.id.in_(figures)))
    rows = []
    for unit_id, name, name_en, position, sort_key in units:
        raised, closed, on_time, day_sum, overdue = figures[unit_id]
        tally = ratings.get(unit_id, satisfaction.Tally())
        rows.append(LeagueRow(
            unit_id, name, name_en or "", (position, sort_key, unit_id), raised, closed,
            on_time, day_sum / closed if closed else None, returns.get(unit_id, 0),
            chases.get(unit_id, 0), overdue, tally.rate, tally.total,
            documents.get(unit_id, DeliverableCounts())))
    return sort_rows(rows, sort, descending)


def sort_rows(rows: list[LeagueRow], sort: str, descending: bool | None = None) -> list[LeagueRow]:
    """Sort by a column (unknown keys fall back to the default); ties in the units'
    official order."""
    if sort not in COLUMNS:
        sort = DEFAULT_SORT
    if descending is None:
        descending = COLUMNS[sort]
    rows = sorted(rows, key=lambda row: row.order_key)
    if sort == "unit":
        return list(reversed(rows)) if descending else rows
    present = [row for row in rows if getattr(row, sort) is not None]
    missing = [row for row in rows if getattr(row, sort) is None]
    return sorted(present, key=lambda row: getattr(row, sort), reverse=descending) + missing
