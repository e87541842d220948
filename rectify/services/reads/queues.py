"""The to-do queues of the home page: per role, what waits on the signed-in user.

A queue section is one function registered with :func:`section` for a role under a key.
It gets the reader, today and how many rows to return, and answers a :class:`Queue`: its
count (in SQL), its first rows and the link to the full list. Every item a section reads
is within :func:`rectify.permissions.visible_items_clause`, so a department sees only
its own unit's items. Adding a section is writing one such function; the home page
shows the role's sections in the order they are registered, and ``/todo/<key>`` lists
all rows of one of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import selectinload

from ... import clock, workflow
from ...extensions import db
from ...labels import DELIVERABLE_KIND_LABELS
from ...models import Action, Chase, Deliverable, Event, ExtensionRequest, Item, Recheck, Unit, User
from ...permissions import visible_items_clause
from ..tracking import deliverables
from ..tracking.chasing import chase_stats
from ..tracking.extensions import ExtensionFilters, count_extension_requests, extension_requests
from ..tracking.followup import waiting_recheck_clauses

HOME_ROWS = 5     # rows of each section on the home page
FULL_ROWS = 200   # rows of a section's own page
ANSWERED_WITHIN_DAYS = 14  # an answered extension stays on the unit's queue this long
CHASE_AGAIN_AFTER_DAYS = 7  # an overdue item not chased for this long is due a chase


@dataclass(frozen=True)
class Row:
    """One line of a queue: what it names, the page it links to, and why it is there:
    ``tag`` (a key of :data:`rectify.labels.QUEUE_TAGS`) with its day ``when``, and
    ``note``, a text users wrote (a reason, a decision) or a figure."""

    label: str
    target: tuple[str, dict[str, Any]]
    unit: Unit | None = None
    item: Item | None = None  # for the deadline and its badges
    tag: str = ""
    when: date | None = None
    note: str = ""


@dataclass(frozen=True)
class Queue:
    key: str
    title: Any  # lazy texts, translated when shown
    hint: Any
    count: int
    rows: list[Row]
    link: tuple[str, dict[str, Any]]  # the full list: endpoint and arguments


Section = Callable[[User, date, int], Queue]
_SECTIONS: dict[str, dict[str, Section]] = {role: {} for role in workflow.ROLES}


def section(role: str, key: str) -> Callable[[Section], Section]:
    """Register a queue section of ``role``'s home page under ``key``."""

    def register(function: Section) -> Section:
        _SECTIONS[role][key] = function
        return function

    return register


def section_keys(role: str) -> list[str]:
    """The keys of ``role``'s sections, in the order the home page shows them."""
    return list(_SECTIONS[role])


def queues_for(user: User, today: date, limit: int = HOME_ROWS) -> list[Queue]:
    """The user's queues, each with its first ``limit`` rows."""
    return [function(user, today, limit) for function in _SECTIONS[user.role].values()]


def queue_for(user: User, key: str, today: date, limit: int = FULL_ROWS) -> Queue | None:
    """One of the user's queues with up to ``limit`` rows; None if the role has no such."""
    function = _SECTIONS[user.role].get(key)
    return function(user, today, limit) if function else None


def _todo(key: str) -> tuple[str, dict[str, Any]]:
    return "todo", {"key": key}


def _item_list(**args: Any) -> tuple[str, dict[str, Any]]:
    return "items.item_list", args


def _count(query: Select[*tuple[Any, ...]]) -> int:
    return db.session.execute(select(func.count()).select_from(query.subquery())).scalar_one()


def _item_row(item: Item, tag: str = "", when: date | None = None, note: str = "") -> Row:
    return Row(item.code, ("items.item_detail", {"item_id": item.id}), item.lead_unit, item,
               tag, when, note)


def _plain_rows(items: Sequence[Item]) -> list[Row]:
    return [_item_row(item) for item in items]


def _item_queue(key: str, title: Any, hint: Any, clauses: list[ColumnElement[bool]], limit: int,
                link: tuple[str, dict[str, Any]],
                rows_for: Callable[[Sequence[Item]], list[Row]] = _plain_rows) -> Queue:
    """A queue of items: those matching ``clauses``, the first ``limit`` by due date, shown
    as ``rows_for`` makes their rows."""
    query = select(Item.id).where(*clauses)
    items = db.session.scalars(select(Item).where(*clauses).order_by(Item.due_date, Item.id)
                               .limit(limit).options(selectinload(Item.lead_unit))).all()
    return Queue(key, title, hint, _count(query), rows_for(items), link)


def _led_by_own_unit(user: User) -> list[ColumnElement[bool]]:
    """Items the user's unit leads (what it must sign for, resubmit, ask extensions of)."""
    return [visible_items_clause(user), Item.lead_unit_id == user.unit_id]


# Department ------------------------------------------------------------------------------

@section(workflow.DEPARTMENT, "to_sign_for")
def to_sign_for(user: User, today: date, limit: int) -> Queue:
    return _item_queue(
        "to_sign_for", _l("Awaiting sign-for"),
        _l("New items your unit leads: sign for them before logging any work."),
        [*_led_by_own_unit(user), Item.status == workflow.OPEN], limit,
        _item_list(status=workflow.OPEN))


def _latest_return_events(user: User) -> Select[Event, Item]:
    """Per item of the unit still in progress, its latest move into "in progress", kept
    when that move was a return: the items returned and not yet submitted again."""
    own_items = select(Item.id).where(*_led_by_own_unit(user),
                                      Item.status == workflow.IN_PROGRESS)
    latest = (select(func.max(Event.id).label("event_id"))
              .where(Event.kind.in_(("sign_for", "return_item", "reopen")),
                     Event.item_id.in_(own_items))
              .group_by(Event.item_id).subquery())
    return (select(Event, Item).join(latest, latest.c.event_id == Event.id)
            .join(Item, Item.id == Event.item_id)
            .where(Event.kind == "return_item", Item.status == workflow.IN_PROGRESS,
                   *_led_by_own_unit(user)))


@section(workflow.DEPARTMENT, "returned")
def returned(user: User, today: date, limit: int) -> Queue:
    query = _latest_return_events(user)
    found = db.session.execute(query.order_by(Event.at.desc()).limit(limit)
                               .options(selectinload(Item.lead_unit))).all()
    rows = [_item_row(item, "returned_on", clock.local_date(event.at), event.reason)
            for event, item in found]
    return Queue("returned", _l("Returned"),
                 _l("Items the committee returned, with its reason, until you submit them "
                    "again."), _count(query.with_only_columns(Event.id)), rows, _todo("returned"))


@section(workflow.DEPARTMENT, "extensions_answered")
def extensions_answered(user: User, today: date, limit: int) -> Queue:
    since = clock.local_midnight_utc(today - timedelta(days=ANSWERED_WITHIN_DAYS))
    query = (select(ExtensionRequest, Item).join(Item, Item.id == ExtensionRequest.item_id)
             .where(ExtensionRequest.status.in_(("approved", "declined")),
                    ExtensionRequest.decided_at >= since, *_led_by_own_unit(user)))
    found = db.session.execute(query.order_by(ExtensionRequest.decided_at.desc()).limit(limit)
                               .options(selectinload(Item.lead_unit))).all()
    rows = [_item_row(item, request.status,
                      request.new_due_date if request.status == "approved" else None,
                      request.decision_note) for request, item in found]
    return Queue("extensions_answered", _l("Extensions answered"),
                 _l("Extension requests the committee decided in the last %(n)s days.",
                    n=ANSWERED_WITHIN_DAYS),
                 _count(query.with_only_columns(ExtensionRequest.id)), rows,
                 _todo("extensions_answered"))


@section(workflow.DEPARTMENT, "deliverables_due")
def deliverables_due(user: User, today: date, limit: int) -> Queue:
    """The documents (报送材料) the user's own unit owes: asked for, or returned."""
    owed = (deliverables.owed_by_unit(user.unit_id, today, limit)
            if user.unit_id is not None  # a liaison bound to no unit owes nothing
            else deliverables.Queue([], 0))
    rows = [_deliverable_row(o.deliverable, "due_on", o.deliverable.due_date,
                             deliverables.return_reason(o.deliverable)) for o in owed.rows]
    return Queue("deliverables_due", _l("Documents due"),
                 _l("Documents the committee asked your unit for, or returned, earliest due "
                    "first."), owed.total, rows, ("deliverables.deliverable_list", {}))


# Committee -------------------------------------------------------------------------------

@section(workflow.COMMITTEE, "to_verify")
def to_verify(user: User, today: date, limit: int) -> Queue:
    return _item_queue(
        "to_verify", _l("Awaiting verification"),
        _l("Items submitted for verification: close them, or return them with a reason."),
        [visible_items_clause(user), Item.status == workflow.SUBMITTED], limit,
        _item_list(status=workflow.SUBMITTED))


@section(workflow.COMMITTEE, "extensions_pending")
def extensions_pending(user: User, today: date, limit: int) -> Queue:
    found = db.session.execute(extension_requests(user, ExtensionFilters()).limit(limit)).all()
    rows = [_item_row(item, "asks_until", request.new_due_date, request.reason)
            for request, item in found]
    return Queue("extensions_pending", _l("Extensions to decide"),
                 _l("Pending extension requests, oldest first."),
                 count_extension_requests(user, ExtensionFilters()), rows,
                 ("extensions.extension_list", {}))


@section(workflow.COMMITTEE, "rechecks_due")
def rechecks_due(user: User, today: date, limit: int) -> Queue:
    query = (select(Recheck, Item).join(Item, Item.id == Recheck.item_id)
             .where(*waiting_recheck_clauses(), Recheck.due_date <= today,
                    visible_items_clause(user)))
    found = db.session.execute(query.order_by(Recheck.due_date, Item.code).limit(limit)
                               .options(selectinload(Item.lead_unit))).all()
    rows = [_item_row(item, "recheck_on", recheck.due_date) for recheck, item in found]
    return Queue("rechecks_due", _l("Re-checks due"),
                 _l("Closed items whose re-check (回头看) is due today or earlier."),
                 _count(query.with_only_columns(Recheck.id)), rows, ("followup.queue", {}))


@section(workflow.COMMITTEE, "overdue_unchased")
def overdue_unchased(user: User, today: date, limit: int) -> Queue:
    since = clock.local_midnight_utc(today - timedelta(days=CHASE_AGAIN_AFTER_DAYS))
    chased_lately = exists().where(Chase.item_id == Item.id, Chase.created_at >= since)
    return _item_queue(
        "overdue_unchased", _l("Overdue, not chased lately"),
        _l("Overdue items waiting on their units and not chased in the last %(n)s days.",
           n=CHASE_AGAIN_AFTER_DAYS),
        [visible_items_clause(user), Item.overdue_clause(today),
         Item.status.in_(workflow.CHASEABLE_STATUSES), ~chased_lately], limit,
        _todo("overdue_unchased"), _rows_with_last_chase)


def _rows_with_last_chase(items: Sequence[Item]) -> list[Row]:
    stats = chase_stats([item.id for item in items])
    return [_item_row(item, "last_chased", stats[item.id].last_date)
            if item.id in stats else _item_row(item, "never_chased")
            for item in items]


# Leader ----------------------------------------------------------------------------------

@section(workflow.COMMITTEE, "deliverables_to_check")
def deliverables_to_check(user: User, today: date, limit: int) -> Queue:
    """Documents units submitted, waiting for the committee to accept or return them."""
    waiting = deliverables.awaiting_decision(limit)
    rows = [_deliverable_row(d, "submitted_on", clock.local_date(d.submitted_at))
            for d in waiting.rows]
    return Queue("deliverables_to_check", _l("Documents to check"),
                 _l("Documents units submitted: accept them, or return them with a reason."),
                 waiting.total, rows,
                 ("deliverables.deliverable_list", {"status": workflow.SUBMITTED}))


def _deliverable_row(deliverable: Deliverable, tag: str, when: date | None,
                     note: str = "") -> Row:
    return Row(str(DELIVERABLE_KIND_LABELS[deliverable.kind]),
               ("deliverables.deliverable_detail", {"deliverable_id": deliverable.id}),
               deliverable.unit, None, tag, when, note)


def _severe(today: date) -> ColumnElement[bool]:
    return Item.severe_overdue_clause(today, current_app.config["SEVERE_OVERDUE_DAYS"])


@section(workflow.LEADER, "severe_overdue")
def severe_overdue(user: User, today: date, limit: int) -> Queue:
    return _item_queue(
        "severe_overdue", _l("Severely overdue"),
        _l("Items overdue by more than %(n)s days.", n=current_app.config["SEVERE_OVERDUE_DAYS"]),
        [visible_items_clause(user), _severe(today)], limit, _item_list(severe="y"))


@section(workflow.LEADER, "awaiting_instruction")
def awaiting_instruction(user: User, today: date, limit: int) -> Queue:
    instructed = exists().where(Action.item_id == Item.id,
                                Action.kind == workflow.INSTRUCTION)
    return _item_queue(
        "awaiting_instruction", _l("Awaiting an instruction"),
        _l("Items not closed that are severely overdue or of high priority, and have no "
           "instruction (批示) yet."),
        [visible_items_clause(user), Item.status != workflow.CLOSED,
         or_(_severe(today), Item.priority == "high"), ~instructed], limit,
        _todo("awaiting_instruction"))


# Administrator ---------------------------------------------------------------------------

@section(workflow.ADMIN, "users_without_unit")
def users_without_unit(user: User, today: date, limit: int) -> Queue:
    clauses = (User.role == workflow.DEPARTMENT, User.unit_id.is_(None), User.active)
    users = db.session.scalars(select(User).where(*clauses).order_by(User.username)
                               .limit(limit)).all()
    rows = [Row(u.username, ("admin.edit_user", {"user_id": u.id}), note=u.name)
            for u in users]
    return Queue("users_without_unit", _l("Liaisons without a unit"),
                 _l("Active department users bound to no unit: they see no item until one "
                    "is set."), _count(select(User.id).where(*clauses)), rows,
                 _todo("users_without_unit"))


@section(workflow.ADMIN, "inactive_units_with_items")
def inactive_units_with_items(user: User, today: date, limit: int) -> Queue:
    open_items = func.count(Item.id)
    query = (select(Unit, open_items).join(Item, Item.lead_unit_id == Unit.id)
             .where(~Unit.active, Item.status != workflow.CLOSED).group_by(Unit.id))
    found = db.session.execute(query.order_by(Unit.sort_key).limit(limit)).all()
    rows = [Row(unit.code, ("admin.edit_unit", {"unit_id": unit.id}), unit, tag="open_items",
                note=str(n))
            for unit, n in found]
    return Queue("inactive_units_with_items", _l("Inactive units with open items"),
                 _l("Units switched off while items they lead are not closed: reactivate "
                    "them or have the committee move the items."),
                 _count(select(Unit.id).join(Item, Item.lead_unit_id == Unit.id)
                        .where(~Unit.active, Item.status != workflow.CLOSED).distinct()),
                 rows, _todo("inactive_units_with_items"))
