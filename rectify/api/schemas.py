"""What the API answers, and the one place that turns models into JSON.

Each answer is a pydantic model: building it checks the shape, ``model_dump(mode="json")``
writes dates as ISO 8601 (timestamps in UTC with ``Z``), and the OpenAPI document takes
its schemas from these same classes. Codes (``status``, ``source``, ``kind``) are the
contract; display labels are left to clients.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, overload

from pydantic import BaseModel, Field

from .. import workflow
from ..models import Action, Campaign, Category, Item, Unit, User
from ..services.setup import holidays


class UnitRef(BaseModel):
    id: int
    code: str
    name: str
    name_en: str


class UnitOut(UnitRef):
    kind: str
    parent_id: int | None
    active: bool


class CategoryRef(BaseModel):
    id: int
    code: str
    name: str
    name_en: str


class CampaignRef(BaseModel):
    id: int
    title: str


class CampaignOut(CampaignRef):
    year: int
    stage: str
    default_due_date: date
    code_prefix: str


class ItemOut(BaseModel):
    id: int
    code: str
    campaign: CampaignRef
    lead_unit: UnitRef
    co_units: list[UnitRef]
    category: CategoryRef
    source: str
    priority: str
    problem: str
    requirement: str
    responsible_leader: str
    responsible_person: str
    check_type: str | None
    status: str
    due_date: date
    due_in_working_days: Annotated[bool, Field(
        description="The deadline was given in working days: days_left counts working days")]
    light: Annotated[str, Field(
        description="亮灯: green (on track or closed), yellow (due within the yellow-light "
                    "working days), red (overdue), severe (严重逾期)",
        json_schema_extra={"enum": list(workflow.LIGHTS)})]
    overdue: bool
    days_left: int
    created_at: datetime
    signed_at: datetime | None
    closed_at: datetime | None
    verification_opinion: Annotated[str, Field(
        description="The verification opinion (验收意见) it was closed with; empty if not closed")]
    version: int
    available_transitions: list[str]


class ItemBrief(BaseModel):
    """An item as a list of things on items names it."""

    id: int
    code: str
    status: str
    due_date: date
    lead_unit: UnitRef


class ItemPage(BaseModel):
    items: list[ItemOut]
    total: Annotated[int, Field(description="Counted as on the web list: only up to a cap "
                                            "(then ``total_capped`` is true)")]
    total_capped: Annotated[bool, Field(description="More items match than ``total`` says; "
                                                    "``pages`` then ends after a full page")]
    page: int
    per_page: int
    pages: int


class UserRef(BaseModel):
    id: int
    username: str
    name: str


class Me(UserRef):
    role: str
    unit: UnitRef | None


class AttachmentOut(BaseModel):
    id: int
    name: str
    content_type: str
    size: int


class ActionOut(BaseModel):
    id: int
    item_id: int
    kind: str
    body: str
    author: UserRef
    unit: UnitRef | None
    created_at: datetime
    attachments: list[AttachmentOut]


class ActionList(BaseModel):
    actions: list[ActionOut]


class UnitList(BaseModel):
    units: list[UnitOut]


class CampaignList(BaseModel):
    campaigns: list[CampaignOut]


class Summary(BaseModel):
    total: int
    open: int
    in_progress: int
    submitted: int
    closed: int
    overdue: int
    due_soon: int
    closure_rate: float


class UnitFigures(BaseModel):
    unit_id: int
    name: str
    name_en: str
    on_time: int
    overdue: int
    closed: int


class CategoryFigures(BaseModel):
    category_id: int
    name: str
    name_en: str
    open: int
    closed: int


class SourceFigures(BaseModel):
    source: str
    open: int
    closed: int


class DayFigures(BaseModel):
    day: date
    raised: int
    closed: int


class Dashboard(BaseModel):
    """The overview's aggregates; ``cumulative`` counts raised and closed items so far."""

    due_soon_days: int
    summary: Summary
    per_unit: list[UnitFigures]
    by_category: list[CategoryFigures]
    by_source: list[SourceFigures]
    cumulative: list[DayFigures]


class ErrorDetail(BaseModel):
    code: str
    message: str
    field: str | None = None
    message_zh: str | None = None


class ErrorInfo(BaseModel):
    code: str
    message: str
    details: list[ErrorDetail]


class ErrorOut(BaseModel):
    error: ErrorInfo


# Serialisers ---------------------------------------------------------------------------

@overload
def utc(moment: datetime) -> datetime: ...
@overload
def utc(moment: None) -> None: ...
@overload
def utc(moment: datetime | None) -> datetime | None: ...


def utc(moment: datetime | None) -> datetime | None:
    """Stored timestamps are naive UTC; say so in the JSON."""
    return moment.replace(tzinfo=UTC) if moment is not None else None


def unit_ref(unit: Unit) -> UnitRef:
    return UnitRef(id=unit.id, code=unit.code, name=unit.name, name_en=unit.name_en or "")


def unit_out(unit: Unit) -> UnitOut:
    return UnitOut(**unit_ref(unit).model_dump(), kind=unit.kind, parent_id=unit.parent_id,
                   active=unit.active)


def campaign_out(campaign: Campaign) -> CampaignOut:
    return CampaignOut(id=campaign.id, title=campaign.title, year=campaign.year,
                       stage=campaign.stage, default_due_date=campaign.default_due_date,
                       code_prefix=campaign.code_prefix)


def category_ref(category: Category) -> CategoryRef:
    return CategoryRef(id=category.id, code=category.code, name=category.name,
                       name_en=category.name_en or "")


def user_ref(user: User) -> UserRef:
    return UserRef(id=user.id, username=user.username, name=user.name)


def me_out(user: User) -> Me:
    return Me(**user_ref(user).model_dump(), role=user.role,
              unit=unit_ref(user.unit) if user.unit else None)


def item_out(item: Item, user: User, today: date) -> ItemOut:
    """An item as ``user`` sees it today: with its derived overdue flag and the
    transitions ``user`` may apply now (from :mod:`rectify.workflow`)."""
    return ItemOut(
        id=item.id, code=item.code,
        campaign=CampaignRef(id=item.campaign.id, title=item.campaign.title),
        lead_unit=unit_ref(item.lead_unit),
        co_units=[unit_ref(u) for u in item.co_units],
        category=category_ref(item.category),
        source=item.source, priority=item.priority,
        problem=item.problem, requirement=item.requirement,
        responsible_leader=item.responsible_leader, responsible_person=item.responsible_person,
        check_type=item.check_type, status=item.status, due_date=item.due_date,
        due_in_working_days=item.due_in_working_days, light=holidays.light_of(item, today),
        overdue=item.is_overdue(today),
        days_left=item.days_left(today, holidays.special_days_of_request()),
        created_at=utc(item.created_at), signed_at=utc(item.signed_at),
        closed_at=utc(item.closed_at), verification_opinion=item.verification_opinion,
        version=item.version,
        available_transitions=workflow.available_transitions(user.actor, item.facts),
    )


def item_brief(item: Item) -> ItemBrief:
    return ItemBrief(id=item.id, code=item.code, status=item.status, due_date=item.due_date,
                     lead_unit=unit_ref(item.lead_unit))


def action_out(action: Action) -> ActionOut:
    return ActionOut(
        id=action.id, item_id=action.item_id, kind=action.kind, body=action.body,
        author=user_ref(action.author), unit=unit_ref(action.unit) if action.unit else None,
        created_at=utc(action.created_at),
        attachments=[AttachmentOut(id=a.id, name=a.original_name, content_type=a.content_type,
                                   size=a.size) for a in action.attachments],
    )
