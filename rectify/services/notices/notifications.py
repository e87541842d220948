"""Notifications: who hears of what happens to an item, and the notification centre.

Two sources create notices:

* the audited item and deliverable events (:func:`notices_for_events`,
  :func:`notices_for_deliverable_events`), which :func:`rectify.services.tracking.audit.commit`
  calls for every change it commits, so no business path (web, API, CLI, import) can
  forget to notify;
* the daily reminders (:mod:`rectify.services.notices.reminders`, through :func:`add_notices`):
  due soon and overdue, of items and of deliverables.

Who hears what is one table, :data:`EVENT_NOTICES` (:data:`DELIVERABLE_NOTICES` for
deliverables). A department user only ever hears
of the items its unit leads or co-operates on; whoever acted is never told of their own
act. Mail (:mod:`rectify.services.notices.mailer`) goes out only after the notices are committed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, insert, or_, select, update

from ... import clock, workflow
from ...extensions import db
from ...models import Deliverable, Item, Notification, User
from ...permissions import visible_deliverables_clause, visible_items_clause
from .. import rows_changed


@dataclass(frozen=True)
class Audience:
    """Who hears a notice: the item's units' department users (``"lead"``: the lead unit
    only, ``"all"``: lead and co-operating units, ``"none"``), and maybe the committee."""

    units: str = "none"
    committee: bool = False


UNITS = Audience("all")
LEAD = Audience("lead")
COMMITTEE = Audience(committee=True)
UNITS_AND_COMMITTEE = Audience("all", committee=True)

# Audited event kind -> (notice kind, audience). Events not named here notify nobody.
EVENT_NOTICES: dict[str, tuple[str, Audience]] = {
    "created": ("raised", UNITS),
    "submit": ("submitted", COMMITTEE),
    "return_item": ("returned", LEAD),
    "close": ("closed", UNITS),
    "reopen": ("reopened", UNITS),
    "extension_requested": ("extension_requested", COMMITTEE),
    "extension_approved": ("extension_approved", LEAD),
    "extension_declined": ("extension_declined", LEAD),
    "chased": ("chased", UNITS),
}
INSTRUCTION = ("instruction", UNITS_AND_COMMITTEE)  # an action_added of kind instruction
DUE_SOON = ("due_soon", UNITS)
OVERDUE = ("overdue", UNITS_AND_COMMITTEE)

# Audited deliverable (报送材料) event kind -> (notice kind, audience); for a deliverable,
# "the units" are its one unit. The reminders send DELIVERABLE_DUE_SOON and _OVERDUE.
DELIVERABLE_NOTICES: dict[str, tuple[str, Audience]] = {
    "deliverable_requested": ("deliverable_requested", UNITS),
    "deliverable_submitted": ("deliverable_submitted", COMMITTEE),
    "deliverable_accepted": ("deliverable_accepted", UNITS),
    "deliverable_returned": ("deliverable_returned", UNITS),
    "deliverable_chased": ("deliverable_chased", UNITS),
}
DELIVERABLE_DUE_SOON = ("deliverable_due_soon", UNITS)
DELIVERABLE_OVERDUE = ("deliverable_overdue", UNITS_AND_COMMITTEE)


class Directory:
    """The active department users by unit and the committee users, read once, so
    notifying about many items costs two queries rather than two per item."""

    def __init__(self) -> None:
        users = db.session.execute(select(User.id, User.role, User.unit_id).where(
            User.active, User.role.in_((workflow.DEPARTMENT, workflow.COMMITTEE)))).all()
        self.by_unit: dict[int, list[int]] = defaultdict(list)
        self.committee: list[int] = []
        for user in users:
            if user.role == workflow.COMMITTEE:
                self.committee.append(user.id)
            elif user.unit_id is not None:
                self.by_unit[user.unit_id].append(user.id)

    def recipients(self, item: Item, audience: Audience, actor_id: int | None = None) -> list[int]:
        """The ids of the users ``audience`` names for ``item``, without the actor."""
        unit_ids = []
        if audience.units in ("lead", "all"):
            unit_ids.append(item.lead_unit_id)
        if audience.units == "all":
            unit_ids.extend(unit.id for unit in item.co_units)
        return self._users(unit_ids, audience, actor_id)

    def deliverable_recipients(self, deliverable: Deliverable, audience: Audience,
                               actor_id: int | None = None) -> list[int]:
        """The ids of the users ``audience`` names for a deliverable (its unit's users,
        maybe the committee), without the actor."""
        unit_ids = [deliverable.unit_id] if audience.units != "none" else []
        return self._users(unit_ids, audience, actor_id)

    def _users(self, unit_ids: list[int], audience: Audience, actor_id: int | None) -> list[int]:
        user_ids = [uid for unit_id in unit_ids for uid in self.by_unit.get(unit_id, [])]
        if audience.committee:
            user_ids.extend(self.committee)
        return list(dict.fromkeys(uid for uid in user_ids if uid != actor_id))


@dataclass(frozen=True)
class Notice:
    """One notice to write: to whom, about which item (or deliverable), what, and its
    reminder key."""

    user_id: int
    item: Item | None
    kind: str
    params: dict[str, Any]
    dedupe_key: str | None = None
    deliverable: Deliverable | None = None


def add_notices(notices: Iterable[Notice]) -> list[Notification]:
    """Add the notices to the session (the caller commits); returns the new rows."""
    rows = [Notification(**_row_values(n)) for n in notices]
    db.session.add_all(rows)
    return rows


def _row_values(notice: Notice) -> dict[str, Any]:
    return {"user_id": notice.user_id, "kind": notice.kind, "params": notice.params,
            "item_id": notice.item.id if notice.item is not None else None,
            "deliverable_id": notice.deliverable.id if notice.deliverable is not None else None,
            "dedupe_key": notice.dedupe_key, "created_at": clock.now()}


def item_params(item: Item, **extra: Any) -> dict[str, Any]:
    """What every notice keeps of its item; dates as ISO text (JSON)."""
    params = {"code": item.code, "problem": item.problem[:200]}
    for key, value in extra.items():
        if value not in (None, ""):
            params[key] = value.isoformat() if isinstance(value, date) else value
    return params


def deliverable_params(deliverable: Deliverable, **extra: Any) -> dict[str, Any]:
    """What every notice keeps of its deliverable: the kind of document, the unit, the
    campaign and the due date (ISO text)."""
    params = {"document": deliverable.kind, "unit": deliverable.unit.name,
              "unit_en": deliverable.unit.name_en, "campaign": deliverable.campaign.title,
              "due_date": deliverable.due_date.isoformat()}
    params.update({key: value for key, value in extra.items() if value not in (None, "")})
    return params


# Item events ----------------------------------------------------------------------------

def _notice_kind(event: Any) -> tuple[str, Audience] | None:
    if event.kind == "action_added":
        is_instruction = (event.payload.get("new") or {}).get("kind") == workflow.INSTRUCTION
        return INSTRUCTION if is_instruction else None
    return EVENT_NOTICES.get(event.kind)


def _event_params(event: Any) -> dict[str, Any]:
    """The item, who acted, and the event's text (reason, message, instruction) and date."""
    new = event.payload.get("new") or {}
    text = event.payload.get("reason") or new.get("message") or new.get("body") or ""
    # An extension's notice names the date asked for; the others the item's due date.
    due = new.get("due_date") if event.kind.startswith("extension") else event.item.due_date
    params = item_params(event.item, text=text, due_date=due)
    if event.actor is not None:
        params["actor"] = event.actor.name
    return params


def notices_for_events(events: list[Any]) -> list[Notification]:
    """Write the notices the committed-to-be ``events`` (``audit.ItemEvent``) call for."""
    relevant = [(event, found) for event in events if (found := _notice_kind(event))]
    if not relevant:
        return []
    directory = Directory()
    notices: list[Notice] = []
    for event, (kind, audience) in relevant:
        actor_id = event.actor.id if event.actor is not None else None
        params = _event_params(event)
        notices.extend(Notice(user_id, event.item, kind, params)
                       for user_id in directory.recipients(event.item, audience, actor_id))
    return _insert_notices(notices)


def notices_for_deliverable_events(events: list[Any]) -> list[Notification]:
    """Write the notices the committed-to-be deliverable events
    (``audit.DeliverableEvent``) call for."""
    relevant = [(event, DELIVERABLE_NOTICES[event.kind]) for event in events
                if event.kind in DELIVERABLE_NOTICES]
    if not relevant:
        return []
    directory = Directory()
    notices: list[Notice] = []
    for event, (kind, audience) in relevant:
        actor_id = event.actor.id if event.actor is not None else None
        text = event.payload.get("reason") or event.payload["new"].get("message") or ""
        params = deliverable_params(event.deliverable, text=text,
                                    actor=event.actor.name if event.actor else None)
        notices.extend(Notice(user_id, None, kind, params, deliverable=event.deliverable)
                       for user_id in directory.deliverable_recipients(
                           event.deliverable, audience, actor_id))
    return _insert_notices(notices)


def _insert_notices(notices: list[Notice]) -> list[Notification]:
    """Write the notices now, in multi-row INSERTs, and return them as rows in that order.

    :func:`add_notices` leaves them to the flush, which inserts them one statement each
    (seconds for an import of thousands of items) and where the reminders catch a
    concurrent run's duplicates; notices of events have no such duplicates."""
    if not notices:
        return []
    values = [_row_values(n) for n in notices]
    return list(db.session.scalars(
        insert(Notification).returning(Notification, sort_by_parameter_order=True), values))


# The notification centre ------------------------------------------------------------------

def visible_clause(user: User) -> ColumnElement[bool]:
    """A user's own notices about items and deliverables they may still read (a department
    user moved to another unit no longer sees the old unit's items, nor notices about
    them)."""
    readable_item = exists().where(Item.id == Notification.item_id, visible_items_clause(user))
    readable_deliverable = exists().where(Deliverable.id == Notification.deliverable_id,
                                          visible_deliverables_clause(user))
    about_nothing = and_(Notification.item_id.is_(None), Notification.deliverable_id.is_(None))
    return (Notification.user_id == user.id) & or_(about_nothing, readable_item,
                                                   readable_deliverable)


def notices_query(user: User) -> Select[Notification]:
    """A user's notices, newest first."""
    return (select(Notification).where(visible_clause(user))
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


def unread_count(user: User) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        visible_clause(user), Notification.read_at.is_(None))) or 0


def mark_read(user: User, notification_ids: set[int] | None = None) -> int:
    """Mark some of the user's notices (or all of them) read; returns how many changed."""
    if notification_ids is not None and not notification_ids:
        return 0
    statement = update(Notification).where(Notification.user_id == user.id,
                                           Notification.read_at.is_(None))
    if notification_ids is not None:
        statement = statement.where(Notification.id.in_(notification_ids))
    changed = rows_changed(statement.values(read_at=clock.now()))
    db.session.commit()
    return changed
