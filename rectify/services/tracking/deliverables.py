"""Units' deliverables (报送材料): the committee asks units for a document by a date, the
unit uploads it, the committee accepts it or returns it with a reason.

Every change is checked by the rules in :mod:`rectify.workflow` and written with an
audit event (:func:`rectify.services.tracking.audit.record_deliverable_event`), whose notices
:func:`rectify.services.tracking.audit.commit` writes in the same transaction. Files go through
the same checks and store as items' evidence (:mod:`rectify.services.tracking.attachments`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from ... import clock, workflow
from ...extensions import db
from ...models import (
    Campaign,
    Deliverable,
    DeliverableFile,
    DeliverableSubmission,
    Event,
    Unit,
    User,
)
from ...permissions import visible_deliverables_clause
from . import attachments, audit
from .audit import ConflictError

QUEUE_LIMIT = 10  # rows of a to-do queue on the home page


# Asking for documents -------------------------------------------------------------------

def campaign_units(campaign: Campaign) -> list[Unit]:
    """The units a campaign evaluates (its evaluated units that are active), or, for a
    campaign that names none, every active unit; in the official order."""
    evaluated = [unit for unit in campaign.units if unit.active]
    if evaluated:
        return evaluated
    return list(db.session.scalars(select(Unit).where(Unit.active)
                                   .order_by(*Unit.official_order())))


@dataclass(frozen=True)
class RequestResult:
    created: list[Deliverable]
    already_asked: int  # units that had been asked for this document before


def request_deliverables(user: User, campaign: Campaign, kind: str, due_date: date,
                         units: list[Unit]) -> RequestResult:
    """Ask each of ``units`` for the document ``kind`` of ``campaign`` by ``due_date``;
    a unit already asked for it in this campaign is left as it is."""
    workflow.check_request_deliverable(user.actor, kind, due_date, clock.today())
    asked = set(db.session.scalars(select(Deliverable.unit_id).where(
        Deliverable.campaign_id == campaign.id, Deliverable.kind == kind)))
    created = [Deliverable(campaign=campaign, unit=unit, kind=kind, due_date=due_date,
                           stage=workflow.DELIVERABLE_STAGES[kind], requested_by_id=user.id,
                           requested_at=clock.now())
               for unit in dict.fromkeys(units) if unit.id not in asked]
    db.session.add_all(created)
    try:
        db.session.flush()
    except IntegrityError as error:  # another request asked some of these units meanwhile
        db.session.rollback()
        raise ConflictError() from error
    for deliverable in created:
        audit.record_deliverable_event(deliverable, user, "deliverable_requested",
                                       new={"kind": kind, "due_date": due_date})
    audit.commit()
    return RequestResult(created, len(set(units)) - len(created))


# The unit submits; the committee decides ---------------------------------------------------

def submit(user: User, deliverable: Deliverable, files: list[tuple[str, bytes]],
           note: str = "") -> DeliverableSubmission:
    """The unit uploads its document (checked files, see ``attachments.check_upload``)."""
    workflow.check_submit_deliverable(user.actor, deliverable.facts, len(files))
    submission = DeliverableSubmission(deliverable=deliverable, uploaded_by_id=user.id,
                                       uploaded_at=clock.now(), note=note.strip())
    db.session.add(submission)
    db.session.flush()
    stored = [attachments.store(name, content) for name, content in files]
    try:
        for s in stored:
            db.session.add(DeliverableFile(submission_id=submission.id, **s.__dict__))
        deliverable.status = workflow.SUBMITTED
        deliverable.submitted_at = submission.uploaded_at
        audit.record_deliverable_event(deliverable, user, "deliverable_submitted", new={
            "files": [s.original_name for s in stored], "note": submission.note})
        audit.commit()
    except Exception as error:
        db.session.rollback()
        attachments.remove_stored(stored)
        if isinstance(error, StaleDataError):  # submitted or decided meanwhile, elsewhere
            raise ConflictError() from error
        raise
    attachments.publish(stored)
    return submission


def decide(user: User, deliverable: Deliverable, accept: bool, reason: str = "",
           expected_version: int | None = None) -> Deliverable:
    """The committee accepts the latest submission (final) or returns it with a reason
    (the unit submits again)."""
    try:
        workflow.check_decide_deliverable(user.actor, deliverable.facts, accept, reason)
    except workflow.WorkflowError as error:
        if error.code == "wrong_document_status":  # someone decided first, seen from a stale page
            _check_version(deliverable, expected_version)
        raise
    _check_version(deliverable, expected_version)
    submission = deliverable.submissions[0]
    submission.decision = workflow.ACCEPTED if accept else workflow.RETURNED
    submission.decision_reason = reason.strip()
    submission.decided_by_id = user.id
    submission.decided_at = clock.now()
    deliverable.status = submission.decision
    audit.record_deliverable_event(
        deliverable, user, "deliverable_accepted" if accept else "deliverable_returned",
        new={"status": deliverable.status}, reason=submission.decision_reason)
    try:
        audit.commit()
    except StaleDataError as error:
        db.session.rollback()
        raise ConflictError() from error
    return deliverable


def _check_version(deliverable: Deliverable, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != deliverable.version:
        raise ConflictError()


def return_reason(deliverable: Deliverable) -> str:
    """Why the committee returned the document, while the unit owes it again."""
    if deliverable.status != workflow.RETURNED:
        return ""
    return deliverable.submissions[0].decision_reason


def history(deliverable: Deliverable) -> list[Event]:
    """The deliverable's audit events, oldest first."""
    return list(db.session.scalars(select(Event).where(Event.deliverable_id == deliverable.id)
                                   .options(selectinload(Event.actor))
                                   .order_by(Event.at, Event.id)))


# Lists --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DeliverableFilters:
    campaign_id: int | None = None
    kind: str | None = None
    status: str | None = None
    unit_id: int | None = None


def deliverables_query(user: User, filters: DeliverableFilters = DeliverableFilters(),
                       ) -> Select[Deliverable]:
    """The deliverables ``user`` may read that match ``filters``: what the unit owes
    first, then by due date and unit."""
    query = (select(Deliverable).join(Unit, Unit.id == Deliverable.unit_id)
             .where(visible_deliverables_clause(user))
             .options(selectinload(Deliverable.unit), selectinload(Deliverable.campaign)))
    for column, value in ((Deliverable.campaign_id, filters.campaign_id),
                          (Deliverable.kind, filters.kind), (Deliverable.status, filters.status),
                          (Deliverable.unit_id, filters.unit_id)):
        if value:
            query = query.where(column == value)
    owed_first = case((Deliverable.owed_clause(), 0), else_=1)
    return query.order_by(owed_first, Deliverable.due_date, Unit.sort_key, Deliverable.id)


@dataclass(frozen=True)
class MissingAndLate:
    missing: list[Deliverable]  # owed: asked for or returned, not (re-)submitted
    late: list[Deliverable]     # past due and owed, or submitted after the due date


def missing_and_late(user: User, today: date, campaign_id: int | None = None) -> MissingAndLate:
    base = deliverables_query(user, DeliverableFilters(campaign_id=campaign_id))
    return MissingAndLate(
        missing=list(db.session.scalars(base.where(Deliverable.owed_clause()))),
        late=list(db.session.scalars(base.where(Deliverable.late_clause(today)))))


# Counts -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class DeliverableCounts:
    """A unit's deliverables: owed (asked for or returned), submitted (awaiting a
    decision), accepted, and late (of any of these; see ``workflow.is_deliverable_late``)."""

    owed: int = 0
    submitted: int = 0
    accepted: int = 0
    late: int = 0

    @property
    def total(self) -> int:
        return self.owed + self.submitted + self.accepted


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def counts_by_unit(user: User, today: date, campaign_id: int | None = None,
                   unit_id: int | None = None) -> dict[int, DeliverableCounts]:
    """Per unit, in one GROUP BY, the counts of the deliverables ``user`` may read."""
    query = (select(Deliverable.unit_id, _count_if(Deliverable.owed_clause()),
                    _count_if(Deliverable.status == workflow.SUBMITTED),
                    _count_if(Deliverable.status == workflow.ACCEPTED),
                    _count_if(Deliverable.late_clause(today)))
             .where(visible_deliverables_clause(user)).group_by(Deliverable.unit_id))
    if campaign_id is not None:
        query = query.where(Deliverable.campaign_id == campaign_id)
    if unit_id is not None:
        query = query.where(Deliverable.unit_id == unit_id)
    return {row[0]: DeliverableCounts(*(int(n) for n in row[1:]))
            for row in db.session.execute(query)}


# To-do queues for the home page -------------------------------------------------------------

@dataclass(frozen=True)
class OwedDeliverable:
    deliverable: Deliverable
    days_left: int  # negative: overdue by that many days


@dataclass(frozen=True)
class Queue:
    """The first rows of a to-do queue and how many there are in all."""

    rows: list[Any]
    total: int


def owed_by_unit(unit_id: int, today: date, limit: int = QUEUE_LIMIT) -> Queue:
    """What ``unit_id`` owes (asked for or returned), the most urgent (earliest due)
    first, each with its days left; ``rows`` holds at most ``limit`` of ``total``."""
    where = (Deliverable.unit_id == unit_id, Deliverable.owed_clause())
    rows = db.session.scalars(select(Deliverable).where(*where)
                              .options(selectinload(Deliverable.campaign))
                              .order_by(Deliverable.due_date, Deliverable.id).limit(limit))
    return Queue([OwedDeliverable(d, workflow.days_left(d.due_date, today)) for d in rows],
                 _count(*where))


def awaiting_decision(limit: int = QUEUE_LIMIT) -> Queue:
    """Deliverables submitted and waiting for the committee's decision, the longest
    waiting first; ``rows`` (Deliverable) holds at most ``limit`` of ``total``."""
    where = (Deliverable.status == workflow.SUBMITTED,)
    rows = db.session.scalars(select(Deliverable).where(*where)
                              .options(selectinload(Deliverable.unit))
                              .order_by(Deliverable.submitted_at, Deliverable.id).limit(limit))
    return Queue(list(rows), _count(*where))


def _count(*where: ColumnElement[bool]) -> int:
    return db.session.execute(select(func.count(Deliverable.id)).where(*where)).scalar_one()
