"""Extension requests (申请延期) through the API: the web's forms, under the same rules —
the lead unit asks, the committee decides, and no decision applies to a closed item."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints
from sqlalchemy import select

from ..extensions import db
from ..models import ExtensionRequest
from ..services.tracking import items as item_service
from ..text import WITHOUT_CONTROL_CHARACTERS
from . import api_user, route
from .inputs import Body, Text
from .lookups import row_of_item, visible_item
from .schemas import UserRef, user_ref, utc

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
