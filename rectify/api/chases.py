"""Chasing (催办) through the API: the web's chase form, under the same rule."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from ..models import Chase
from ..services.tracking import chasing
from . import api_user, route
from .inputs import Body, Text
from .lookups import visible_item
from .schemas import UserRef, user_ref, utc


class ChaseCreate(Body):
    message: Text


class ChaseOut(BaseModel):
    id: int
    item_id: int | None
    deliverable_id: Annotated[int | None, Field(description="Set when a document was chased")]
    author: UserRef
    message: str
    created_at: datetime


def chase_out(chase: Chase) -> ChaseOut:
    return ChaseOut(id=chase.id, item_id=chase.item_id, deliverable_id=chase.deliverable_id,
                    author=user_ref(chase.author), message=chase.message,
                    created_at=utc(chase.created_at))


class ChaseList(BaseModel):
    chases: list[ChaseOut]


@route("GET", "/items/<int:item_id>/chases", summary="List an item's chases",
       response=ChaseList, failures=(404,))
def list_chases(item_id: int) -> ChaseList:
    """Newest first, as on the item page."""
    chases = chasing.chases_of(visible_item(item_id))
    return ChaseList(chases=[chase_out(chase) for chase in chases])


@route("POST", "/items/<int:item_id>/chases", summary="Chase an item (committee)",
       body=ChaseCreate, response=ChaseOut, status=201, failures=(403, 404, 409))
def chase_item(item_id: int, body: ChaseCreate) -> ChaseOut:
    """The committee presses the units of an item not yet signed for or in progress; the
    units' users are notified."""
    return chase_out(chasing.chase_item(api_user(), visible_item(item_id), body.message))
