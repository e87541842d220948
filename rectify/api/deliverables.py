"""Documents units submit (报送材料) through the API: the committee asks units for them,
a unit submits its own (files as a multipart body, checked as on the web), the committee
accepts or returns them and chases what is owed, all under the rules of
:mod:`rectify.services.tracking.deliverables`. A department sees only its own unit's documents;
the overview of what is missing and late at every unit is for the readers of every unit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from flask import Response
from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from .. import clock, workflow
from ..extensions import db
from ..models import Campaign, Deliverable, DeliverableFile, Unit
from ..permissions import get_visible_deliverable, may_read_missing_deliverables
from ..services.tracking import attachments as attachment_service
from ..services.tracking import chasing
from ..services.tracking import deliverables as service
from ..text import WITHOUT_CONTROL_CHARACTERS
from . import Download, api_user, route
from .attachments import FILES, checked_files
from .chases import ChaseCreate, ChaseOut, chase_out
from .errors import ApiError, not_found
from .inputs import MAX_ID, Body, Id, Query
from .schemas import CampaignRef, UnitRef, UserRef, unit_ref, user_ref, utc

DELIVERABLE = "/deliverables/<int:deliverable_id>"
Kind = Literal[workflow.DELIVERABLE_KINDS]  # type: ignore[valid-type]
DocumentStatus = Literal[workflow.DELIVERABLE_STATUSES]  # type: ignore[valid-type]
Note = Annotated[str, StringConstraints(max_length=2000, pattern=WITHOUT_CONTROL_CHARACTERS)]


class DeliverableQuery(Query):
    page: Id = 1
    per_page: Annotated[int, Field(ge=1, le=100)] = 20
    campaign: Id | None = None
    kind: Kind | None = None
    status: DocumentStatus | None = None
    unit: Id | None = None


class DeliverableRequest(Body):
    campaign_id: Id
    kind: Kind
    due_date: Annotated[date, Field(description="Not in the past")]
    unit_ids: Annotated[list[Id] | None, Field(
        max_length=1000, description="The units asked; null asks every unit the campaign "
                                     "evaluates")] = None


class SubmissionBody(Body):
    note: Note = ""


class DeliverableDecision(Body):
    accept: Annotated[bool, Field(description="true accepts (final), false returns it")]
    reason: Annotated[Note, Field(description="Required to return it")] = ""
    version: Annotated[int | None, Field(description="If given, the document's version as "
                                                     "last read (409 when stale)")] = None


class FileOut(BaseModel):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str


class SubmissionOut(BaseModel):
    id: int
    uploaded_by: UserRef
    uploaded_at: datetime
    note: str
    decision: Annotated[str | None, Field(description="accepted, returned, or null "
                                                      "while undecided")]
    decision_reason: str
    decided_by: UserRef | None
    decided_at: datetime | None
    files: list[FileOut]


class DeliverableOut(BaseModel):
    id: int
    campaign: CampaignRef
    unit: UnitRef
    kind: str
    stage: str
    due_date: date
    status: str
    requested_at: datetime
    submitted_at: datetime | None
    version: int
    submissions: Annotated[list[SubmissionOut], Field(description="Newest first")]


class DeliverablePage(BaseModel):
    deliverables: list[DeliverableOut]
    total: int
    page: int
    per_page: int


class RequestAnswer(BaseModel):
    created: list[DeliverableOut]
    already_asked: Annotated[int, Field(description="Units asked for it before, left as "
                                                    "they were")]


def deliverable_out(deliverable: Deliverable) -> DeliverableOut:
    return DeliverableOut(
        id=deliverable.id,
        campaign=CampaignRef(id=deliverable.campaign.id, title=deliverable.campaign.title),
        unit=unit_ref(deliverable.unit), kind=deliverable.kind, stage=deliverable.stage,
        due_date=deliverable.due_date, status=deliverable.status,
        requested_at=utc(deliverable.requested_at), submitted_at=utc(deliverable.submitted_at),
        version=deliverable.version,
        submissions=[SubmissionOut(
            id=s.id, uploaded_by=user_ref(s.uploaded_by), uploaded_at=utc(s.uploaded_at),
            note=s.note, decision=s.decision, decision_reason=s.decision_reason,
            decided_by=user_ref(s.decided_by) if s.decided_by else None,
            decided_at=utc(s.decided_at),
            files=[FileOut(id=f.id, name=f.original_name, content_type=f.content_type,
                           size=f.size, sha256=f.sha256) for f in s.files])
            for s in deliverable.submissions])


class OverviewQuery(Query):
    campaign: Id | None = None


class UnitCounts(BaseModel):
    unit: UnitRef
    owed: Annotated[int, Field(description="Asked for or returned, not (re-)submitted")]
    submitted: Annotated[int, Field(description="Awaiting the committee's decision")]
    accepted: int
    late: Annotated[int, Field(description="Of these, past due and owed, or submitted "
                                           "after the due date")]


class DeliverableOverview(BaseModel):
    missing: Annotated[list[DeliverableOut], Field(
        description="Asked for and not submitted yet, or returned and not submitted again")]
    late: Annotated[list[DeliverableOut], Field(
        description="Past the due date and still missing, or submitted after it")]
    units: Annotated[list[UnitCounts], Field(description="Each unit asked for a document, "
                                                         "in the units' order")]


def _visible(deliverable_id: int) -> Deliverable:
    deliverable = get_visible_deliverable(api_user(), deliverable_id) \
        if deliverable_id <= MAX_ID else None
    if deliverable is None:
        raise not_found()
    return deliverable


@route("GET", "/deliverables", summary="List documents", query=DeliverableQuery,
       response=DeliverablePage)
def list_deliverables(query: DeliverableQuery) -> DeliverablePage:
    """What is owed first, then by due date and unit; a department sees its own unit's."""
    filters = service.DeliverableFilters(query.campaign, query.kind, query.status, query.unit)
    page = db.paginate(service.deliverables_query(api_user(), filters), page=query.page,
                       per_page=query.per_page, error_out=False)
    return DeliverablePage(deliverables=[deliverable_out(d) for d in page.items],
                           total=page.total or 0, page=page.page, per_page=page.per_page)


@route("GET", "/deliverables/overview", summary="Missing and late documents, per unit "
       "(readers)", query=OverviewQuery, response=DeliverableOverview,
       guard=may_read_missing_deliverables)
def deliverable_overview(query: OverviewQuery) -> DeliverableOverview:
    """As the web's page of missing and late documents, with each unit's counts."""
    today = clock.today()
    found = service.missing_and_late(api_user(), today, query.campaign)
    counts = service.counts_by_unit(api_user(), today, query.campaign)
    units = db.session.scalars(select(Unit).where(Unit.id.in_(sorted(counts)))
                               .order_by(*Unit.official_order()))
    return DeliverableOverview(
        missing=[deliverable_out(d) for d in found.missing],
        late=[deliverable_out(d) for d in found.late],
        units=[UnitCounts(unit=unit_ref(unit), owed=counts[unit.id].owed,
                          submitted=counts[unit.id].submitted,
                          accepted=counts[unit.id].accepted, late=counts[unit.id].late)
               for unit in units])


@route("GET", DELIVERABLE, summary="Read a document", response=DeliverableOut, failures=(404,))
def read_deliverable(deliverable_id: int) -> DeliverableOut:
    return deliverable_out(_visible(deliverable_id))


@route("POST", "/deliverables", summary="Ask units for a document (committee)",
       body=DeliverableRequest, response=RequestAnswer, status=201, failures=(403, 409),
       guard=lambda user: workflow.may_request_deliverables(user.actor))
def request_deliverables(body: DeliverableRequest) -> RequestAnswer:
    """A unit already asked for this document in this campaign is left as it is."""
    campaign = db.session.get(Campaign, body.campaign_id)
    units = service.campaign_units(campaign) if campaign and body.unit_ids is None else \
        list(db.session.scalars(select(Unit).where(Unit.id.in_(body.unit_ids or []))))
    problems = [{"field": "campaign_id", "code": "unknown_id", "message": "No such record."}] \
        if campaign is None else []
    if body.unit_ids is not None and len(units) != len(set(body.unit_ids)):
        problems.append({"field": "unit_ids", "code": "unknown_id", "message": "No such unit."})
    if not units and not problems:
        problems.append({"field": "unit_ids", "code": "empty", "message": "Name a unit."})
    if problems or campaign is None:
        raise ApiError(422, "invalid_input", "The body is not valid.", problems)
    result = service.request_deliverables(api_user(), campaign, body.kind, body.due_date, units)
    return RequestAnswer(created=[deliverable_out(d) for d in result.created],
                         already_asked=result.already_asked)


@route("POST", DELIVERABLE + "/submissions", summary="Submit a document (its unit)",
       body=SubmissionBody, upload=FILES, response=DeliverableOut, status=201,
       failures=(403, 404, 409, 413))
def submit_deliverable(deliverable_id: int, body: SubmissionBody,
                       files: list[FileStorage]) -> DeliverableOut:
    """A multipart body: an optional ``note`` and one or more ``files``, checked as the
    web form's. While the document is owed (asked for, or returned)."""
    deliverable = _visible(deliverable_id)
    service.submit(api_user(), deliverable, checked_files(files), body.note)
    return deliverable_out(deliverable)


@route("POST", DELIVERABLE + "/decision", summary="Accept or return a document (committee)",
       body=DeliverableDecision, response=DeliverableOut, failures=(403, 404, 409))
def decide_deliverable(deliverable_id: int, body: DeliverableDecision) -> DeliverableOut:
    """Returning needs a reason; the unit then submits again."""
    deliverable = _visible(deliverable_id)
    return deliverable_out(service.decide(api_user(), deliverable, body.accept, body.reason,
                                          expected_version=body.version))


@route("POST", DELIVERABLE + "/chases", summary="Chase an owed document (committee)",
       body=ChaseCreate, response=ChaseOut, status=201, failures=(403, 404, 409))
def chase_deliverable(deliverable_id: int, body: ChaseCreate) -> ChaseOut:
    """The unit's users are notified."""
    return chase_out(chasing.chase_deliverable(api_user(), _visible(deliverable_id),
                                               body.message))


@route("GET", "/deliverables/files/<int:file_id>", summary="Download a submitted file",
       response=Download, failures=(404,))
def download_deliverable_file(file_id: int) -> Response:
    """As the web download: the bytes as uploaded, never rendered."""
    stored = db.session.get(DeliverableFile, file_id) if file_id <= MAX_ID else None
    if stored is None:
        raise not_found()
    _visible(stored.submission.deliverable_id)
    return attachment_service.send_stored_file(stored.stored_name, stored.original_name)
