"""Raising, editing and moving items through the workflow, with the audit trail."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from ... import clock, workflow
from ...extensions import db
from ...models import (
    Action,
    Attachment,
    Campaign,
    CodeCounter,
    Event,
    ExtensionRequest,
    Item,
    Unit,
    User,
)
from ...models.items import item_co_units
from ...plugins import check_types
from ..setup.holidays import special_days
from . import attachments, audit, checks
from .audit import ConflictError, record_event
from .item_fields import ItemFields, check_item_fields, in_working_days

LOAD_BATCH = 1000  # items read back per query


class ItemCodes:
    """Hands out item codes to say aloud at a meeting: campaign prefix, unit code, running
    number (``ZG26-CGJ-001``). Each prefix's number comes from its :class:`CodeCounter`
    row, locked for the rest of the transaction, so simultaneous raises and imports for
    one unit each get their own numbers (issue 14). Codes given explicitly (an imported
    file's) are skipped, and move the counter past them."""

    def __init__(self) -> None:
        self._last: dict[str, int] = {}
        self._reserved: set[str] = set()

    @staticmethod
    def prefix(campaign: Campaign, unit: Unit) -> str:
        return f"{campaign.code_prefix}-{unit.code.upper()}-"

    def reserve(self, code: str) -> None:
        """A code given explicitly (e.g. in an imported file) is not handed out."""
        self._reserved.add(code)

    def lock(self, prefixes: set[str]) -> None:
        """Lock the counters of ``prefixes`` and of the reserved codes' prefixes, in a fixed
        order (two writers locking in different orders could deadlock)."""
        for prefix in sorted((prefixes | set(_reserved_numbers(self._reserved)))
                             - self._last.keys()):
            self._last[prefix] = _locked_counter(prefix)

    def next(self, campaign: Campaign, unit: Unit) -> str:
        prefix = self.prefix(campaign, unit)
        self.lock({prefix})
        while True:
            self._last[prefix] += 1
            code = f"{prefix}{self._last[prefix]:03d}"
            if code not in self._reserved:
                return code

    def save(self) -> None:
        """Write each counter's new last number (past every reserved code too)."""
        reserved = _reserved_numbers(self._reserved)
        for prefix, last in self._last.items():
            db.session.execute(update(CodeCounter).where(CodeCounter.prefix == prefix)
                               .values(last=max(last, reserved.get(prefix, 0))))


# A numbered code: everything up to its last hyphen (the prefix), then only digits.
NUMBERED_CODE = re.compile(r"(.*-)(\d+)", re.DOTALL)


def _reserved_numbers(codes: set[str]) -> dict[str, int]:
    """The highest number of each prefix among ``codes``."""
    highest: dict[str, int] = {}
    for code in codes:
        match = NUMBERED_CODE.fullmatch(code)
        if match:
            prefix, number = match.group(1), int(match.group(2))
            highest[prefix] = max(highest.get(prefix, 0), number)
    return highest


def _locked_counter(prefix: str) -> int:
    """The prefix's last number, its counter row locked until commit. A prefix without a
    row starts from the highest number among the items' codes (items raised before the
    counters existed); a writer creating the same row at the same moment waits on the
    primary key and then takes the row the other one wrote."""
    # The statement is built first: written inside the call, mypy types its row as Any.
    lock = (update(CodeCounter).where(CodeCounter.prefix == prefix)
            .values(last=CodeCounter.last).returning(CodeCounter.last))
    locked = db.session.scalar(lock)
    if locked is not None:
        return locked
    dialect = db.session.get_bind().dialect.name
    insert_ = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert_(CodeCounter).values(prefix=prefix, last=_highest_number(prefix))
    upsert = (statement.on_conflict_do_update(index_elements=[CodeCounter.prefix],
                                              set_={"last": CodeCounter.last})
              .returning(CodeCounter.last))
    return db.session.execute(upsert).scalar_one()


def _highest_number(prefix: str) -> int:
    """The highest number among the codes of ``prefix`` (0 if none)."""
    codes = db.session.scalars(select(Item.code).where(Item.code.startswith(prefix,
                                                                            autoescape=True)))
    return _reserved_numbers(set(codes)).get(prefix, 0)


def _require(check: bool, code: str, message: str) -> None:
    if not check:
        raise workflow.WorkflowError(code, message)


def raise_item(user: User, fields: ItemFields, code: str | None = None) -> Item:
    """The committee raises a new item (status open, waiting for the unit to sign for it)."""
    return raise_items(user, [(fields, code)])[0]


def raise_items(user: User, rows: list[tuple[ItemFields, str | None]]) -> list[Item]:
    """Raise several items in one transaction (all or none); a ``None`` code is allocated.
    Every entry point (web form, API, import, demo) comes here, so each inherits the rule
    that a campaign accepts items only in its raising stages and never once archived, and
    the validation of the fields
    (:func:`~rectify.services.tracking.item_fields.validate_item_fields`)."""
    _require(workflow.can_raise_item(user.actor), "forbidden", "Only the committee raises items.")
    for campaign in {fields.campaign.id: fields.campaign for fields, _code in rows}.values():
        workflow.check_raise_item(user.actor, campaign.facts)
    declared = check_types(current_app)
    special = special_days() if any(f.due_working_days is not None for f, _code in rows) else None
    for fields, _code in rows:
        check_item_fields(fields, declared=declared, special=special)
    items = _insert_items(user, [fields for fields, _code in rows], _allocate_codes(rows))
    audit.record_events(user, "created", [(item, None, snapshot(item)) for item in items])
    audit.commit()
    return items


def _allocate_codes(rows: list[tuple[ItemFields, str | None]]) -> list[str]:
    """Each row's code: its own, or the next free one of its campaign and lead unit."""
    codes = ItemCodes()
    for _fields, code in rows:
        if code:
            codes.reserve(code)
    codes.lock({codes.prefix(fields.campaign, fields.lead_unit) for fields, code in rows
                if not code})
    allocated = [code or codes.next(fields.campaign, fields.lead_unit) for fields, code in rows]
    codes.save()
    return allocated


def _insert_items(user: User, rows: list[ItemFields], codes: list[str]) -> list[Item]:
    """Insert new items and their co-units with multi-row INSERTs; return the items in the
    order of ``rows``, read back, with their co-units set (the events and notices then
    need no query per item). The unit of work would insert each item with a statement
    of its own: seconds for an import of thousands of rows."""
    if not rows:
        return []
    db.session.execute(insert(Item), [_item_values(user, fields, code)
                                      for fields, code in zip(rows, codes, strict=True)])
    by_code = _items_by_code(codes)
    items = [by_code[code] for code in codes]
    links: list[dict[str, int]] = []
    for item, fields in zip(items, rows, strict=True):
        co_units = fields.co_operating_units()
        set_committed_value(item, "co_units", co_units)
        links.extend({"item_id": item.id, "unit_id": unit.id} for unit in co_units)
    if links:
        db.session.execute(insert(item_co_units), links)
    return items


def _items_by_code(codes: list[str]) -> dict[str, Item]:
    found: dict[str, Item] = {}
    for start in range(0, len(codes), LOAD_BATCH):
        batch = codes[start:start + LOAD_BATCH]
        found.update((item.code, item) for item in
                     db.session.scalars(select(Item).where(Item.code.in_(batch))))
    return found


def _item_values(user: User, fields: ItemFields, code: str) -> dict[str, Any]:
    return {
        "code": code,
        "campaign_id": fields.campaign.id,
        "lead_unit_id": fields.lead_unit.id,
        "category_id": fields.category.id,
        "source": fields.source,
        "problem": fields.problem,
        "requirement": fields.requirement,
        "priority": fields.priority,
        "due_date": fields.due_date or fields.campaign.default_due_date,
        "due_in_working_days": in_working_days(fields),
        "responsible_leader": fields.responsible_leader,
        "responsible_person": fields.responsible_person,
        "check_type": fields.check_type,
        "status": workflow.OPEN,
        "created_by_id": user.id,
        "created_at": clock.now(),
    }


def snapshot(item: Item) -> dict[str, Any]:
    """The item's editable fields as plain values, for audit events."""
    return {
        "code": item.code,
        "lead_unit": item.lead_unit.name,
        "co_units": [u.name for u in item.co_units],
        "category": item.category.name,
        "source": item.source,
        "problem": item.problem,
        "requirement": item.requirement,
        "priority": item.priority,
        "due_date": item.due_date,
        "responsible_leader": item.responsible_leader,
        "responsible_person": item.responsible_person,
        "check_type": item.check_type,
        "status": item.status,
    }


def _check_version(item: Item, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != item.version:
        raise ConflictError()


def _commit() -> None:
    try:
        audit.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise ConflictError() from error


def update_item(user: User, item: Item, fields: ItemFields, expected_version: int | None) -> Item:
    """The committee edits an item; only changed fields are recorded. Moving it to another
    campaign is raising it there, by the same rule."""
    workflow.check_edit_item(user.actor, item.facts)
    if fields.campaign.id != item.campaign_id:
        workflow.check_raise_item(user.actor, fields.campaign.facts)
    _check_version(item, expected_version)
    working_days = in_working_days(fields, item)
    check_item_fields(fields, current=item)
    before = snapshot(item)
    item.campaign = fields.campaign
    item.lead_unit = fields.lead_unit
    item.category = fields.category
    item.source = fields.source
    item.problem = fields.problem
    item.requirement = fields.requirement
    item.priority = fields.priority
    item.due_date = fields.due_date or item.due_date
    item.due_in_working_days = working_days
    item.responsible_leader = fields.responsible_leader
    item.responsible_person = fields.responsible_person
    item.co_units = fields.co_operating_units()
    item.check_type = fields.check_type
    after = snapshot(item)
    changed = [k for k in after if after[k] != before[k]]
    if not changed:
        db.session.rollback()
        return item
    record_event(item, user, "updated",
                 old={k: before[k] for k in changed}, new={k: after[k] for k in changed})
    _commit()
    return item


def apply_transition(
    user: User, item: Item, name: str, reason: str = "", expected_version: int | None = None,
    new_due_date: date | None = None,
) -> Item:
    """Move ``item`` along the workflow. Submitting and closing also run the plugin rules
    of the item's check type: any failing rule refuses the move, with every reason in
    ``WorkflowError.details`` (plugin :class:`~rectify.hookspecs.Reason` objects).

    Closing keeps the verification opinion (``reason``) on the item and withdraws a
    pending extension request; reopening sets the new deadline ``new_due_date``."""
    try:
        transition = workflow.check_transition(name, user.actor, item.facts, reason,
                                               new_due_date, clock.today())
    except workflow.WorkflowError as error:
        # A status that no longer allows the move, seen from a stale page, means someone
        # else moved the item first (two users pressing the same button): say so.
        if error.code == "wrong_status":
            _check_version(item, expected_version)
        raise
    _check_version(item, expected_version)
    if transition.needs_checks_passed:
        reasons = checks.blockers_for(item, clock.today())
        if reasons:
            raise workflow.WorkflowError("checks_failed", "; ".join(r.en for r in reasons),
                                         tuple(reasons))
    # Read before the item changes: a query would flush the change early, outside the
    # optimistic lock's conflict handling in _commit.
    withdrawn = pending_extension(item) if name == "close" else None
    old: dict[str, Any] = {"status": item.status}
    new: dict[str, Any] = {"status": transition.target}
    if name == "reopen":
        old["due_date"], new["due_date"] = item.due_date, new_due_date
    item.status = transition.target
    for column, value in workflow.transition_stamps(name, user.id, clock.now(), reason,
                                                    new_due_date).items():
        setattr(item, column, value)
    record_event(item, user, name, old=old, new=new, reason=reason.strip())
    if withdrawn is not None:
        _withdraw_extension(user, item, withdrawn)
    _commit()
    return item


def _withdraw_extension(user: User, item: Item, request: ExtensionRequest) -> None:
    """A closed item needs no later deadline: its pending request is withdrawn (recorded),
    so it cannot be approved afterwards."""
    request.status = "withdrawn"
    request.decided_by_id = user.id
    request.decided_at = clock.now()
    record_event(item, user, "extension_withdrawn", old={"due_date": item.due_date},
                 new={"due_date": request.new_due_date})


def unanswered_return(item: Item) -> Event | None:
    """The return (退回) of the item that its unit has not answered by submitting it
    again, if any: its reason is what the unit must work on now."""
    last = db.session.scalar(
        select(Event).where(Event.item_id == item.id, Event.kind.in_(tuple(workflow.TRANSITIONS)))
        .order_by(Event.at.desc(), Event.id.desc()).limit(1))
    if last is not None and workflow.awaits_resubmission(item.status, last.kind):
        return last
    return None


def add_action(
    user: User, item: Item, kind: str, body: str,
    files: list[tuple[str, bytes]] | None = None,
) -> Action:
    """Log a measure, progress note, evidence, comment or instruction, with files."""
    workflow.check_add_action(kind, user.actor, item.facts)
    _require(bool(body.strip()), "empty", "The text is empty.")
    action = Action(item_id=item.id, kind=kind, body=body.strip(), author_id=user.id,
                    unit_id=user.unit_id, created_at=clock.now())
    db.session.add(action)
    db.session.flush()
    stored = [attachments.store(name, content) for name, content in files or []]
    try:
        for s in stored:
            db.session.add(Attachment(item_id=item.id, action_id=action.id, **s.__dict__))
        record_event(item, user, "action_added", action_id=action.id,
                     new={"kind": kind, "body": action.body,
                          "attachments": [s.original_name for s in stored]})
        audit.commit()
    except Exception:
        db.session.rollback()
        attachments.remove_stored(stored)
        raise
    attachments.publish(stored)
    return action


def pending_extension(item: Item) -> ExtensionRequest | None:
    return db.session.scalar(select(ExtensionRequest).where(
        ExtensionRequest.item_id == item.id, ExtensionRequest.status == "pending"))


def request_extension(user: User, item: Item, new_due: date | None, reason: str,
                      working_days: int | None = None) -> ExtensionRequest:
    """The lead unit asks for a later deadline (申请延期): a date, or ``working_days``
    working days after the current deadline."""
    new_due = workflow.extended_due_date(
        item.due_date, new_due, working_days,
        special_days() if working_days is not None else {})
    workflow.check_request_extension(user.actor, item.facts, new_due, item.due_date, reason,
                                     has_pending=pending_extension(item) is not None)
    request = ExtensionRequest(item_id=item.id, requested_by_id=user.id, reason=reason.strip(),
                               old_due_date=item.due_date, new_due_date=new_due,
                               requested_at=clock.now())
    db.session.add(request)
    record_event(item, user, "extension_requested", new={"due_date": new_due},
                 old={"due_date": item.due_date}, reason=reason.strip())
    audit.commit()
    return request


def decide_extension(
    user: User, item: Item, request: ExtensionRequest, approve: bool, note: str = "",
    expected_version: int | None = None,
) -> ExtensionRequest:
    """The committee approves (the due date changes) or declines an extension."""
    workflow.check_decide_extension(user.actor, item.facts)
    _require(request.item_id == item.id and request.status == "pending",
             "wrong_status", "This request has already been decided.")
    _check_version(item, expected_version)
    request.status = "approved" if approve else "declined"
    request.decided_by_id = user.id
    request.decided_at = clock.now()
    request.decision_note = note.strip()
    old_due = item.due_date
    if approve:
        item.due_date = request.new_due_date
    record_event(item, user, "extension_approved" if approve else "extension_declined",
                 old={"due_date": old_due}, new={"due_date": item.due_date}, reason=note.strip())
    _commit()
    return request
