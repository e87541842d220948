"""Finding items: the list's filters, sorting and overdue counts, all in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import ColumnElement, ScalarSelect, Select, case, func, or_, select
from sqlalchemy.orm import selectinload

from ... import clock, workflow
from ...extensions import db
from ...models import Item, Unit, User
from ...models.org import group_units
from ...permissions import involving_units, unit_subtree_ids, visible_items_clause

_STATUS_ORDER = case({s: i for i, s in enumerate(workflow.STATUSES)}, value=Item.status)

SORTS = {
    "due": (Item.due_date, Item.id),
    "unit": (*Unit.official_order(), Item.due_date, Item.id),
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


MAX_DUE_WITHIN_DAYS = 3650


def list_filters(*, severe: bool = False, due_within: int | None = None, sort: str | None = None,
                 **chosen: Any) -> ItemFilters:
    """The item list's filters as a user chose them, read the same way for the web list
    (and its export and batch pages) and the API: ``severe`` means overdue by more than
    the configured ``SEVERE_OVERDUE_DAYS``; a due-within outside 0 to
    :data:`MAX_DUE_WITHIN_DAYS` days and an unknown sort are ignored. ``chosen`` are
    the other fields of :class:`ItemFilters`."""
    return ItemFilters(
        severe_after_days=current_app.config["SEVERE_OVERDUE_DAYS"] if severe else None,
        due_within=due_within if due_within is not None
        and 0 <= due_within <= MAX_DUE_WITHIN_DAYS else None,
        sort=sort if sort in SORTS else "due", **chosen)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def scope_clauses(campaign_id: int | None = None, category_id: int | None = None,
                  group_id: int | None = None, unit_kind: str | None = None,
                  raised_from: date | None = None,
                  raised_to: date | None = None) -> list[ColumnElement[bool]]:
    """The filters the item list and the dashboards share, as conditions on ``Item``."""
    clauses: list[ColumnElement[bool]] = []
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
        clauses.append(Item.created_at >= _start_of(raised_from))
    if raised_to:
        clauses.append(Item.created_at < _start_of(min(raised_to, LATEST_DAY) + timedelta(days=1)))
    return clauses


# Any date a form or the API accepts may be asked for (0001-01-01, 9999-12-31), but the
# edges of Python's calendar overflow on the way to UTC: days beyond these bounds select
# the same items (none was raised before 1900 or after 9998) without the overflow.
EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(9998, 12, 31)


def _start_of(day: date) -> datetime:
    return clock.local_midnight_utc(min(max(day, EARLIEST_DAY), LATEST_DAY))


def involving_unit(unit_id: int) -> ColumnElement[bool]:
    """Items a unit or any unit below it leads or co-operates on (the list's unit filter,
    the unit dashboard): a town's figures roll up its stations', a department's its
    sub-units'."""
    return involving_units(unit_subtree_ids(unit_id))


def filter_clauses(user: User, filters: ItemFilters, today: date) -> list[ColumnElement[bool]]:
    """Conditions for ``filters``, always within what ``user`` may see."""
    clauses = [visible_items_clause(user), *scope_clauses(
        filters.campaign_id, filters.category_id, filters.group_id, filters.unit_kind,
        filters.raised_from, filters.raised_to)]
    if filters.unit_id:
        clauses.append(involving_unit(filters.unit_id))
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


def item_list_query(user: User, filters: ItemFilters, today: date) -> Select[Item]:
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


@dataclass(frozen=True)
class StatusCounts:
    """How many of the filtered items are in each status and how many are overdue, each
    counted only up to ``cap``: past it the list says "10,000+".

    Exact counts would read every matching index entry on every list page, ten times
    longer at a province's million items than at 100,000; counting up to the cap reads at
    most ``cap`` + 1 entries per status, however many items there are.
    """

    counts: dict[str, int]  # each at most cap + 1, which means "more than cap"
    cap: int

    def __getitem__(self, key: str) -> int:
        """The count to show: exact below the cap, else the cap (shown with "+")."""
        if key == "total":
            return sum(self[status] for status in workflow.STATUSES)
        return min(self.counts[key], self.cap)

    def is_capped(self, key: str) -> bool:
        if key == "total":
            return any(self.is_capped(status) for status in workflow.STATUSES)
        return self.counts[key] > self.cap


def status_counts(user: User, filters: ItemFilters, today: date, cap: int) -> StatusCounts:
    """The list's counts (see :class:`StatusCounts`).

    Each count is a subquery stopping at ``cap`` + 1 rows, all in one statement; overdue is
    counted per unclosed status, so each subquery reads a range of the (status, due_date)
    index rather than walking the due dates row by row. A text search cannot use an index
    (``LIKE '%…%'``) and reads every item whatever the cap, so its counts come from that
    one scan, grouped by status, instead of one scan per count.
    """
    clauses = filter_clauses(user, filters, today)
    if filters.text.strip():
        return _counts_of_one_scan(clauses, today, cap)
    statuses = [s for s in workflow.STATUSES if filters.status in (None, s)]
    unclosed = [s for s in statuses if s in workflow.UNCLOSED_STATUSES]

    def up_to_cap(*where: ColumnElement[bool]) -> ScalarSelect[int]:
        limited = select(Item.id).where(*clauses, *where).limit(cap + 1).subquery()
        return select(func.count()).select_from(limited).scalar_subquery()

    row = db.session.execute(select(
        *[up_to_cap(Item.status == status) for status in statuses],
        *[up_to_cap(Item.status == status, Item.overdue_clause(today)) for status in unclosed],
    )).one()
    per_status = dict(zip(statuses, row[:len(statuses)], strict=True))
    counts = dict.fromkeys(workflow.STATUSES, 0) | per_status
    counts["overdue"] = min(sum(row[len(statuses):]), cap + 1)
    return StatusCounts(counts, cap)


def _counts_of_one_scan(clauses: list[ColumnElement[bool]], today: date,
                        cap: int) -> StatusCounts:
    overdue = func.sum(case((Item.overdue_clause(today), 1), else_=0))
    query = (select(Item.status, func.count(Item.id), overdue)
             .join(Unit, Unit.id == Item.lead_unit_id)  # the text search reads unit names
             .where(*clauses).group_by(Item.status))
    counts = dict.fromkeys([*workflow.STATUSES, "overdue"], 0)
    for status, count, overdue_count in db.session.execute(query):
        counts[status] = count
        counts["overdue"] += overdue_count or 0
    return StatusCounts(counts, cap)


class CappedPagination(SelectPagination):
    """One page of a list whose total was counted only up to a cap
    (:class:`StatusCounts`).

    Below the cap it is an ordinary page. Past it the number of pages is unknown, so the
    pager ends at the page after this one while this one is full, and never shows a
    made-up last page.
    """

    def __init__(self, total: int, capped: bool, **kwargs: Any) -> None:
        super().__init__(count=False, error_out=False, **kwargs)
        self.total = total
        self.capped = capped

    @property
    def pages(self) -> int:
        if not self.capped:
            return super().pages
        return self.page + 1 if len(self.items) == self.per_page else self.page


def item_page(user: User, filters: ItemFilters, today: date, page: int,
              per_page: int) -> tuple[StatusCounts, CappedPagination]:
    """One page of the item list and its counts, capped at ``LIST_COUNT_CAP`` (the web
    list and the API count alike)."""
    counts = status_counts(user, filters, today, current_app.config["LIST_COUNT_CAP"])
    return counts, CappedPagination(
        select=item_list_query(user, filters, today), session=db.session(), page=page,
        per_page=per_page, total=counts["total"], capped=counts.is_capped("total"))
