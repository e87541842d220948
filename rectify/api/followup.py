"""Following up closed items through the API (回头看 and 满意度测评): the committee's
re-checks (and their queue) and the deputies' ratings, under the web's rules in
:mod:`rectify.services.tracking.followup`; a re-check that finds the problem again reopens the
item, with its reason and new deadline, as on the web."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from .. import clock, workflow
from ..models import Rating, Recheck
from ..permissions import may_work_recheck_queue
from ..services.tracking import followup
from ..text import WITHOUT_CONTROL_CHARACTERS
from . import api_user, route
from .inputs import MAX_ID, Body
from .lookups import row_of_item, visible_item
from .schemas import ItemBrief, UserRef, item_brief, user_ref, utc

ITEM = "/items/<int:item_id>"
Count = Annotated[int, Field(ge=0, le=MAX_ID)]
RecheckResult = Literal[workflow.RECHECK_RESULTS]  # type: ignore[valid-type]


class RecheckCreate(Body):
    due_date: Annotated[date, Field(description="When the re-check is due")]


class RecheckResultBody(Body):
    result: Annotated[RecheckResult, Field(description="confirmed: the rectification lasts; "
                                                       "reopened: the problem is back")]
    note: Annotated[str, StringConstraints(max_length=2000, pattern=WITHOUT_CONTROL_CHARACTERS),
                    Field(description="The findings; required to reopen")] = ""
    new_due_date: Annotated[date | None, Field(
        description="Required to reopen: the item's new deadline, not in the past")] = None
    version: Annotated[int | None, Field(description="If given, the item's version as last "
                                                     "read (409 when stale)")] = None


class RatingBody(Body):
    satisfied: Count = 0
    basically_satisfied: Count = 0
    dissatisfied: Count = 0


class RecheckOut(BaseModel):
    id: int
    item_id: int
    due_date: date
    result: Annotated[str, Field(description="pending, confirmed or reopened")]
    result_note: str
    scheduled_by: UserRef
    scheduled_at: datetime
    decided_by: UserRef | None
    decided_at: datetime | None


class RatingOut(BaseModel):
    item_id: int
    satisfied: int
    basically_satisfied: int
    dissatisfied: int
    rate: Annotated[float | None, Field(description="满意率: the share rated satisfied or "
                                                    "basically satisfied")]
    recorded_by: UserRef
    recorded_at: datetime


class FollowUp(BaseModel):
    rechecks: list[RecheckOut]
    rating: RatingOut | None


def recheck_out(recheck: Recheck) -> RecheckOut:
    return RecheckOut(
        id=recheck.id, item_id=recheck.item_id, due_date=recheck.due_date,
        result=recheck.result, result_note=recheck.result_note,
        scheduled_by=user_ref(recheck.scheduled_by), scheduled_at=utc(recheck.scheduled_at),
        decided_by=user_ref(recheck.decided_by) if recheck.decided_by else None,
        decided_at=utc(recheck.decided_at))


def rating_out(rating: Rating) -> RatingOut:
    return RatingOut(
        item_id=rating.item_id, satisfied=rating.satisfied,
        basically_satisfied=rating.basically_satisfied, dissatisfied=rating.dissatisfied,
        rate=workflow.satisfaction_rate(rating.satisfied, rating.basically_satisfied,
                                        rating.dissatisfied),
        recorded_by=user_ref(rating.recorded_by), recorded_at=utc(rating.recorded_at))


@route("GET", ITEM + "/follow-up", summary="An item's re-checks and rating",
       response=FollowUp, failures=(404,))
def read_follow_up(item_id: int) -> FollowUp:
    """Re-checks in the order they were scheduled, and the latest tally of ratings."""
    item = visible_item(item_id)
    rating = followup.rating_of(item)
    return FollowUp(rechecks=[recheck_out(r) for r in followup.rechecks_of(item)],
                    rating=rating_out(rating) if rating else None)


@route("POST", ITEM + "/rechecks", summary="Schedule a re-check of a closed item (committee)",
       body=RecheckCreate, response=RecheckOut, status=201, failures=(403, 404, 409))
def schedule_recheck(item_id: int, body: RecheckCreate) -> RecheckOut:
    """One pending re-check per item at a time."""
    item = visible_item(item_id)
    return recheck_out(followup.schedule_recheck(api_user(), item, body.due_date))


@route("POST", ITEM + "/rechecks/<int:recheck_id>/result",
       summary="Record a re-check's result (committee)", body=RecheckResultBody,
       response=RecheckOut, failures=(403, 404, 409))
def record_recheck_result(item_id: int, recheck_id: int, body: RecheckResultBody) -> RecheckOut:
    """``reopened`` reopens the item (with ``note`` as the reason and ``new_due_date``);
    a re-check that has its result already gives 409 ``wrong_status``."""
    item = visible_item(item_id)
    recheck = row_of_item(Recheck, recheck_id, item)
    return recheck_out(followup.record_recheck_result(
        api_user(), item, recheck, body.result, body.note, expected_version=body.version,
        new_due_date=body.new_due_date))


@route("PUT", ITEM + "/rating", summary="Record the deputies' ratings of a closed item "
       "(committee)", body=RatingBody, response=RatingOut, failures=(403, 404, 409))
def record_rating(item_id: int, body: RatingBody) -> RatingOut:
    """A later tally replaces the earlier one (the audit trail keeps both); at least one
    rating in all (422 ``no_ratings``)."""
    item = visible_item(item_id)
    counts = workflow.RatingCounts(body.satisfied, body.basically_satisfied, body.dissatisfied)
    return rating_out(followup.record_rating(api_user(), item, counts))


class RecheckRow(BaseModel):
    recheck: RecheckOut
    item: ItemBrief


class RecheckQueue(BaseModel):
    due: Annotated[list[RecheckRow], Field(description="Due today or earlier, the earliest "
                                                       "first")]
    upcoming: list[RecheckRow]


@route("GET", "/rechecks", summary="The re-checks waiting (committee)", response=RecheckQueue,
       guard=may_work_recheck_queue)
def recheck_queue() -> RecheckQueue:
    """As the web's re-check queue: pending re-checks, those due first."""
    queue = followup.recheck_queue(clock.today())
    return RecheckQueue(
        due=[RecheckRow(recheck=recheck_out(r), item=item_brief(r.item)) for r in queue.due],
        upcoming=[RecheckRow(recheck=recheck_out(r), item=item_brief(r.item))
                  for r in queue.upcoming])
