"""The SQL behind the dashboards' lists: the overdue items (one page at a time), overdue
counts per unit, the check records plugin panels and unit pages read, a unit page's unit
and what it leads, and the choices of the filter bar.

Like :mod:`rectify.figures.aggregates`, every query is scoped with the viewer's visibility
rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Flask, current_app
from sqlalchemy import func, select

from rectify import workflow
from rectify.extensions import db
from rectify.models import Campaign, Category, CheckRecord, InspectionGroup, Item, Unit, User
from rectify.permissions import unit_page_id, unit_subtree_ids
from rectify.plugins import check_types
from rectify.services.reads.queries import involving_unit
from rectify.services.tracking.checks import rule_results, typed_values

from .aggregates import NO_FILTERS, Filters, item_clauses

OVERDUE_PAGE_SIZE = 15

# Sort keys of the overdue table: most days overdue first, by unit, by code, by status.
OVERDUE_SORTS = {
    "days": (Item.due_date, Item.id),
    "unit": (*Unit.official_order(), Item.due_date, Item.id),
    "code": (Item.code,),
    "status": (Item.status, Item.due_date, Item.id),
}


@dataclass(frozen=True)
class OverdueRow:
    item_id: int
    code: str
    problem: str
    due_date: date
    status: str
    unit_name: str
    unit_name_en: str
    days_overdue: int
    severe: bool = False  # overdue by more than SEVERE_OVERDUE_DAYS (严重逾期)

    def unit_label(self, locale: str) -> str:
        return Unit.name_for(self.unit_name, self.unit_name_en, locale)


@dataclass(frozen=True)
class OverduePage:
    rows: list[OverdueRow]
    total: int
    page: int
    pages: int


def overdue_page(user: User, today: date, page: int = 1, sort: str = "days",
                 descending: bool = False, filters: Filters = NO_FILTERS, *extra) -> OverduePage:
    """One page of the overdue items; ``page`` is clamped to the pages there are."""
    clauses = [*item_clauses(user, filters), Item.overdue_clause(today), *extra]
    # Naming the unclosed statuses (implied by the overdue rule) lets the count read a
    # range of the (status, due_date) index per status: 52 -> 1 ms at 100,000 items.
    total = db.session.scalar(select(func.count(Item.id)).where(
        *clauses, Item.status.in_(workflow.UNCLOSED_STATUSES))) or 0
    pages = max(1, -(-total // OVERDUE_PAGE_SIZE))
    page = min(max(1, page), pages)
    order = OVERDUE_SORTS.get(sort if isinstance(sort, str) else "days", OVERDUE_SORTS["days"])
    if descending:
        order = tuple(column.desc() for column in order)
    query = (select(Item.id, Item.code, Item.problem, Item.due_date, Item.status,
                    Unit.name, Unit.name_en)
             .join(Unit, Unit.id == Item.lead_unit_id)
             .where(*clauses).order_by(*order)
             .limit(OVERDUE_PAGE_SIZE).offset((page - 1) * OVERDUE_PAGE_SIZE))
    threshold = current_app.config["SEVERE_OVERDUE_DAYS"]
    rows = [OverdueRow(iid, code, problem, due, status, name, name_en or "",
                       workflow.days_left(due, today) * -1,
                       workflow.is_severely_overdue(status, due, today, threshold))
            for iid, code, problem, due, status, name, name_en in db.session.execute(query)]
    return OverduePage(rows, total, page, pages)


def overdue_per_unit(user: User, today: date, filters: Filters = NO_FILTERS,
                     *extra) -> list[tuple[int, str, str, int]]:
    """(unit id, name, English name, overdue items) per lead unit, most first.

    Counted per lead unit id alone (an index-only scan), then joined to the units: grouping
    the join by unit read every overdue item's row (138 -> 7 ms at 100,000 items).
    """
    per_lead = (select(Item.lead_unit_id, func.count(Item.id).label("overdue"))
                .where(*item_clauses(user, filters), Item.overdue_clause(today), *extra)
                .group_by(Item.lead_unit_id).subquery())
    query = (select(Unit.id, Unit.name, Unit.name_en, per_lead.c.overdue)
             .join(per_lead, per_lead.c.lead_unit_id == Unit.id)
             .order_by(per_lead.c.overdue.desc(), *Unit.official_order()))
    return [(uid, name, name_en or "", n) for uid, name, name_en, n in db.session.execute(query)]


# Check records ------------------------------------------------------------------------

def visible_records(app: Flask, user: User, check_type_id: str, filters: Filters = NO_FILTERS,
                    *extra) -> list[dict[str, Any]]:
    """Check records of one type on the items ``user`` may see, oldest first."""
    declaration = check_types(app).get(check_type_id)
    query = (select(CheckRecord.values)
             .join(Item, Item.id == CheckRecord.item_id)
             .where(CheckRecord.check_type == check_type_id, *item_clauses(user, filters), *extra)
             .order_by(CheckRecord.created_at, CheckRecord.id))
    return [typed_values(declaration, values) for values in db.session.scalars(query)]


@dataclass(frozen=True)
class CheckState:
    item_id: int
    code: str
    check_type: str
    title: str
    records: int
    reasons: list[str]


def check_states(app: Flask, user: User, today: date, locale: str, *extra) -> list[CheckState]:
    """For each open item with a check type: how many records it has and what still blocks
    its submission (the plugin's own rule). Bounded by the unit's open items."""
    declared = check_types(app)
    items = db.session.scalars(
        select(Item).where(*item_clauses(user), Item.check_type.is_not(None),
                           Item.status != workflow.CLOSED, *extra).order_by(Item.code)).all()
    results = rule_results(list(items), today)
    counts = dict(db.session.execute(
        select(CheckRecord.item_id, func.count(CheckRecord.id))
        .join(Item, Item.id == CheckRecord.item_id)
        .where(CheckRecord.item_id.in_([item.id for item in items]),
               CheckRecord.check_type == Item.check_type)
        .group_by(CheckRecord.item_id)).all())
    states = []
    for item in items:
        check_type = item.check_type
        assert check_type is not None  # the query selects items with a check type
        declaration = declared.get(check_type)
        title = declaration.title(locale) if declaration else check_type
        states.append(CheckState(item.id, item.code, check_type, title,
                                 counts.get(item.id, 0),
                                 [reason.text(locale) for reason in results[item.id]]))
    return states


# Unit pages and filters -------------------------------------------------------------------

def shown_unit(user: User, requested: int | None) -> Unit | None:
    """The unit a unit page shows ``user`` (:func:`rectify.permissions.unit_page_id`)."""
    unit_id = unit_page_id(user, requested)
    return db.session.get(Unit, unit_id) if unit_id else None


def sub_units(unit_id: int) -> list[Unit]:
    """The units directly below ``unit_id``, in their sort order."""
    return list(db.session.scalars(
        select(Unit).where(Unit.parent_id == unit_id).order_by(Unit.sort_key, Unit.id)))


@dataclass(frozen=True)
class UnitRoles:
    leads: int           # visible items the unit, or a unit below it, leads
    co_operates: int     # the other visible items it (or a unit below it) is involved in
    with_sub_units: bool


def unit_roles(user: User, unit_id: int) -> UnitRoles:
    """How many of the items ``user`` may see the unit (with the units below it) leads,
    and on how many it co-operates."""
    clauses = item_clauses(user)
    subtree = sorted(unit_subtree_ids(unit_id))
    leads = db.session.scalar(select(func.count(Item.id)).where(
        *clauses, Item.lead_unit_id.in_(subtree))) or 0
    involved = db.session.scalar(select(func.count(Item.id)).where(
        *clauses, involving_unit(unit_id))) or 0
    return UnitRoles(leads, involved - leads, len(subtree) > 1)


@dataclass(frozen=True)
class FilterChoices:
    campaigns: list[Campaign]
    categories: list[Category]
    groups: list[InspectionGroup]


def filter_choices() -> FilterChoices:
    """What the filter bar offers: campaigns newest first, categories, inspection groups."""
    return FilterChoices(
        list(db.session.scalars(select(Campaign).order_by(Campaign.year.desc(), Campaign.id))),
        list(db.session.scalars(select(Category).order_by(Category.position, Category.id))),
        list(db.session.scalars(select(InspectionGroup).order_by(InspectionGroup.id))))
