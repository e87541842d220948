"""Extension requests (申请延期) through the API: the web's forms, under the same rules —
the lead unit asks, the committee decides, and no decision applies to a closed item —
and the web's list of every item's requests, for the readers of every unit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import select

from ..extensions import db
from ..models import ExtensionRequest
from ..permissions import may_read_extension_requests
from ..services.tracking import items as item_service
from ..services.tracking.extensions import (
    EXTENSION_STATUSES,
    ExtensionFilters,
    count_extension_requests,
    extension_page,
)
from ..text import WITHOUT_CONTROL_CHARACTERS
from . import api_user, route
from .inputs import Body, Id, Query, Text
from .lookups import row_of_item, visible_item
from .schemas import ItemBrief, UserRef, item_brief, user_ref, utc

ANY_STATUS = "any"
ExtensionStatus = Literal[(*EXTENSION_STATUSES, ANY_STATUS)]  # type: ignore[valid-type]

EXTENSIONS = "/items/<int:item_id>/extensions"


class ExtensionCreate(Body):
    new_due_date: Annotated[date | None, Field(
        description="Later than the item's due date (or give working_days)")] = None
    working_days: Annotated[int | None, Field(
        description="Instead of new_due_date: working days after the current due date on "
                    "the holiday calendar, 1 to 2500")] = None
    reason: Text


class ExtensionDecision(Body):
    approve: Annotated[bool, Field(description="true approves (the due date changes), "
                                               "false declines")]
    note: Annotated[str, StringConstraints(max_length=2000,
                                           pattern=WITHOUT_CONTROL_CHARACTERS)] = ""
    version: Annotated[int | None, Field(description="If given, the item's version as last "
                                                     "read (409 when stale)")] = None


class ExtensionOut(BaseModel):
    id: int
    item_id: int
    status: Annotated[str, Field(description="pending, approved, declined, or withdrawn "
                                             "(the item was closed while it was pending)")]
    old_due_date: date
    new_due_date: date
    reason: str
    requested_by: UserRef
    requested_at: datetime
    decided_by: UserRef | None
    decided_at: datetime | None
    decision_note: str


def extension_out(request: ExtensionRequest) -> ExtensionOut:
    return ExtensionOut(
        id=request.id, item_id=request.item_id, status=request.status,
        old_due_date=request.old_due_date, new_due_date=request.new_due_date,
        reason=request.reason, requested_by=user_ref(request.requested_by),
        requested_at=utc(request.requested_at),
        decided_by=user_ref(request.decided_by) if request.decided_by else None,
        decided_at=utc(request.decided_at), decision_note=request.decision_note)


class ExtensionList(BaseModel):
    extensions: list[ExtensionOut]


class ExtensionQuery(Query):
    """The web list's filters, plus pagination."""

    page: Id = 1
    per_page: Annotated[int, Field(ge=1, le=100)] = 20
    status: Annotated[ExtensionStatus, Field(description="any: every status")] = "pending"
    campaign: Id | None = None
    unit: Annotated[Id | None, Field(description="Requests on items this unit leads or "
                                                 "co-operates on")] = None


class ExtensionRow(BaseModel):
    extension: ExtensionOut
    item: ItemBrief


class ExtensionPage(BaseModel):
    extensions: Annotated[list[ExtensionRow], Field(description="The longest waiting first")]
    total: int
    page: int
    per_page: int


@route("GET", "/extensions", summary="List extension requests across items (readers)",
       query=ExtensionQuery, response=ExtensionPage, guard=may_read_extension_requests)
def list_extension_requests(query: ExtensionQuery) -> ExtensionPage:
    """As the web's list of extension requests: pending ones unless ``status`` says
    otherwise; each is decided on its item."""
    filters = ExtensionFilters(status=None if query.status == ANY_STATUS else query.status,
                               campaign_id=query.campaign, unit_id=query.unit)
    rows = extension_page(api_user(), filters, query.page, query.per_page)
    return ExtensionPage(
        extensions=[ExtensionRow(extension=extension_out(request), item=item_brief(item))
                    for request, item in rows],
        total=count_extension_requests(api_user(), filters), page=query.page,
        per_page=query.per_page)


@route("GET", EXTENSIONS, summary="List an item's extension requests",
       response=ExtensionList, failures=(404,))
def list_extensions(item_id: int) -> ExtensionList:
    """Oldest first, decided or not."""
    item = visible_item(item_id)
    requests = db.session.scalars(select(ExtensionRequest).where(
        ExtensionRequest.item_id == item.id).order_by(ExtensionRequest.requested_at,
                                                      ExtensionRequest.id))
    return ExtensionList(extensions=[extension_out(request) for request in requests])


@route("POST", EXTENSIONS, summary="Ask for a later deadline (lead unit)", body=ExtensionCreate,
       response=ExtensionOut, status=201, failures=(403, 404, 409))
def request_extension(item_id: int, body: ExtensionCreate) -> ExtensionOut:
    """While the item is not signed for or in progress, and no other request waits."""
    item = visible_item(item_id)
    return extension_out(item_service.request_extension(api_user(), item, body.new_due_date,
                                                        body.reason, body.working_days))


@route("POST", EXTENSIONS + "/<int:request_id>/decision",
       summary="Approve or decline an extension (committee)", body=ExtensionDecision,
       response=ExtensionOut, failures=(403, 404, 409))
def decide_extension(item_id: int, request_id: int, body: ExtensionDecision) -> ExtensionOut:
    """A closed item takes no decision (409 ``item_closed``): closing withdrew its request.
    A request already decided gives 409 ``wrong_status``."""
    item = visible_item(item_id)
    request = row_of_item(ExtensionRequest, request_id, item)
    return extension_out(item_service.decide_extension(
        api_user(), item, request, body.approve, body.note, expected_version=body.version))
