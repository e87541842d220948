"""Acting on many items at once, as the web's batch pages: a unit signs for several of
its items, the committee chases every overdue item of a list filter. Each item still
goes through its own rule and gets its own audit event
(:mod:`rectify.services.tracking.batch`)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from .. import clock, workflow
from ..models import User
from ..permissions import may_sign_for_items
from ..services.tracking import batch
from . import api_user, route
from .chases import ChaseCreate
from .inputs import Body, Id, ItemFilterQuery
from .items import item_filters


class SignForBody(Body):
    item_ids: Annotated[list[Id], Field(min_length=1, max_length=batch.MAX_BATCH)]


class SignResultOut(BaseModel):
    item_id: int
    code: Annotated[str | None, Field(description="The item's code; null for an item the "
                                                  "caller may not see")]
    error: Annotated[str | None, Field(description="null when signed for, else why not: a "
                                                   "workflow code, not_found or conflict")]


class SignForAnswer(BaseModel):
    results: Annotated[list[SignResultOut], Field(description="One per item, in the order "
                                                              "sent")]
    signed: int


class OverdueToChase(BaseModel):
    count: Annotated[int, Field(description="Overdue items of the filter waiting on their "
                                            "units")]


class ChasedOverdue(BaseModel):
    chased: int


def _may_chase(user: User) -> bool:
    return workflow.may_chase(user.actor)


@route("POST", "/items/sign-for", summary="Sign for several items (their unit)",
       body=SignForBody, response=SignForAnswer, guard=may_sign_for_items)
def sign_for_items(body: SignForBody) -> SignForAnswer:
    """Each item through the workflow: one item's refusal leaves the others signed."""
    results = batch.sign_for_items(api_user(), body.item_ids)
    return SignForAnswer(
        results=[SignResultOut(item_id=r.item_id, code=r.code, error=r.error) for r in results],
        signed=sum(1 for r in results if r.error is None))


@route("GET", "/items/chase-overdue", summary="How many overdue items a chase would reach "
       "(committee)", query=ItemFilterQuery, response=OverdueToChase, guard=_may_chase)
def count_overdue_to_chase(query: ItemFilterQuery) -> OverdueToChase:
    return OverdueToChase(count=batch.count_overdue_to_chase(
        api_user(), item_filters(query), clock.today()))


@route("POST", "/items/chase-overdue", summary="Chase every overdue item of a list filter "
       "(committee)", query=ItemFilterQuery, body=ChaseCreate, response=ChasedOverdue,
       guard=_may_chase)
def chase_overdue(query: ItemFilterQuery, body: ChaseCreate) -> ChasedOverdue:
    """The filter is the item list's, in the query string; each item's units are
    notified."""
    return ChasedOverdue(chased=batch.chase_overdue(api_user(), item_filters(query),
                                                    clock.today(), body.message))
