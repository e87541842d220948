"""What clients send: query strings and JSON bodies, as pydantic models.

The route table (:func:`rectify.api.route`) validates every request against these before
a view runs, so a view only ever sees well-formed input; the OpenAPI document is
generated from the same models. Bodies are strict (``"5"`` is not an id, unknown fields
are refused); query strings are text, so their numbers and flags are parsed.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .. import workflow
from ..models import PRIORITIES, SOURCES, UNIT_KINDS
from ..services.reads.queries import MAX_DUE_WITHIN_DAYS, SORTS
from ..text import WITHOUT_CONTROL_CHARACTERS

MAX_ID = 2**31 - 1  # the database's integer keys
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000,
                                        pattern=WITHOUT_CONTROL_CHARACTERS)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=50,
                                             pattern=WITHOUT_CONTROL_CHARACTERS)]

Source = Literal[SOURCES]  # type: ignore[valid-type]
Priority = Literal[PRIORITIES]  # type: ignore[valid-type]
Status = Literal[workflow.STATUSES]  # type: ignore[valid-type]
ActionKind = Literal[workflow.ACTION_KINDS]  # type: ignore[valid-type]
SORT_NAMES = tuple(SORTS)
Sort = Literal[SORT_NAMES]  # type: ignore[valid-type]
UnitKind = Literal[UNIT_KINDS]  # type: ignore[valid-type]


class Query(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ItemFilterQuery(Query):
    """The web list's filters."""

    campaign: Id | None = None
    unit: Annotated[Id | None, Field(description="Items this unit leads or co-operates on")] = None
    category: Id | None = None
    group: Annotated[Id | None, Field(description="Lead unit in this inspection group")] = None
    kind: Annotated[UnitKind | None, Field(description="Lead unit of this kind")] = None
    raised_from: Annotated[date | None, Field(description="Raised on or after this day")] = None
    raised_to: Annotated[date | None, Field(description="Raised on or before this day")] = None
    source: Source | None = None
    status: Status | None = None
    overdue: Annotated[bool, Field(description="Only overdue items")] = False
    severe: Annotated[bool, Field(description="Only items overdue by more than the "
                                              "configured days (严重逾期, 30 by default)")] = False
    due_within: Annotated[int | None, Field(ge=0, le=MAX_DUE_WITHIN_DAYS,
                                            description="Not closed and due within N days")] = None
    q: Annotated[str, Field(max_length=200, pattern=WITHOUT_CONTROL_CHARACTERS,
                            description="Text in code, problem, requirement or lead unit")] = ""


class ItemListQuery(ItemFilterQuery):
    """The web list's filters, plus pagination and sorting."""

    page: Id = 1
    per_page: Annotated[int, Field(ge=1, le=100)] = 20
    sort: Sort = "due"


class ItemCreate(Body):
    campaign_id: Id
    lead_unit_id: Id
    co_unit_ids: list[Id] = []
    category_id: Id
    source: Source
    problem: Text
    requirement: Text
    priority: Priority = "normal"
    due_date: Annotated[date | None, Field(
        description="Not in the past; empty for the campaign's default deadline")] = None
    due_working_days: Annotated[int | None, Field(
        description="Instead of due_date: the deadline in working days from today "
                    "(N 个工作日内) on the holiday calendar, 1 to 2500")] = None
    responsible_leader: ShortText = ""
    responsible_person: ShortText = ""
    check_type: Annotated[str | None, Field(
        max_length=60, pattern=WITHOUT_CONTROL_CHARACTERS,
        description="A check type an enabled plugin declares")] = None


class ItemUpdate(Body):
    """Only the fields sent change; ``version`` is the one the client read (optimistic lock)."""

    version: Annotated[int, Field(description="The item's version as last read; a stale "
                                              "version gives 409 version_conflict")]
    campaign_id: Id | None = None
    lead_unit_id: Id | None = None
    co_unit_ids: list[Id] | None = None
    category_id: Id | None = None
    source: Source | None = None
    problem: Text | None = None
    requirement: Text | None = None
    priority: Priority | None = None
    due_date: date | None = None
    due_working_days: Annotated[int | None, Field(
        description="Instead of due_date: the new deadline in working days from today")] = None
    responsible_leader: ShortText | None = None
    responsible_person: ShortText | None = None
    check_type: Annotated[str | None, Field(
        max_length=60, pattern=WITHOUT_CONTROL_CHARACTERS,
        description="null or an empty string removes it")] = None

    @model_validator(mode="after")
    def _no_nulls(self) -> ItemUpdate:
        """Leaving a field out keeps it; null is only a value for ``check_type``."""
        nulls = sorted(name for name in self.model_fields_set
                       if getattr(self, name) is None and name != "check_type")
        if nulls:
            raise ValueError(f"null is not a value for: {', '.join(nulls)}")
        return self


class ActionCreate(Body):
    kind: ActionKind
    body: Text


class TransitionRequest(Body):
    reason: Annotated[str, StringConstraints(max_length=2000, pattern=WITHOUT_CONTROL_CHARACTERS),
                      Field(description="Required to return or reopen an item (the reason) "
                                        "and to close it (the verification opinion, "
                                        "验收意见)")] = ""
    new_due_date: Annotated[date | None, Field(
        description="Required to reopen an item: its new deadline, not in the past")] = None
    version: Annotated[int | None, Field(description="If given, the item's version as last "
                                                     "read (409 when stale)")] = None


class DashboardQuery(Query):
    campaign: Id | None = None
    category: Id | None = None
    group: Annotated[Id | None, Field(description="Inspection group")] = None
    kind: UnitKind | None = None
    start: Annotated[date | None, Field(description="Raised on or after")] = None
    end: Annotated[date | None, Field(description="Raised on or before")] = None
