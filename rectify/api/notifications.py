"""The caller's notices (通知) and an item's timeline through the API.

Notices are the notification centre's, with their wording in English and Chinese; the
API's list only reads (the web page marks what it shows read), and a client marks notices
read with ``POST /notifications/read``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from flask_babel import force_locale
from pydantic import BaseModel, Field

from ..extensions import db
from ..models import Event, Notification
from ..services.notices import notice_texts
from ..services.notices import notifications as notification_service
from ..services.tracking import audit
from . import api_user, route
from .inputs import Body, Id, Query
from .lookups import visible_item
from .schemas import UserRef, user_ref, utc

ZH = "zh_Hans_CN"


class NotificationQuery(Query):
    page: Id = 1
    per_page: Annotated[int, Field(ge=1, le=100)] = 20
    unread: Annotated[bool, Field(description="Only notices not yet read")] = False


class MarkRead(Body):
    ids: Annotated[list[Id] | None, Field(
        max_length=1000, description="The notices to mark read; null marks all of them")]


class NotificationOut(BaseModel):
    id: int
    kind: str
    item_id: int | None
    deliverable_id: int | None
    title: str
    title_zh: str
    detail: str
    detail_zh: str
    params: dict[str, Any]
    created_at: datetime
    read_at: datetime | None


class NotificationPage(BaseModel):
    notifications: list[NotificationOut]
    unread: Annotated[int, Field(description="How many of the caller's notices are unread")]
    total: int
    page: int
    per_page: int


class MarkedRead(BaseModel):
    marked: Annotated[int, Field(description="How many notices this marked read")]
    unread: int


class EventOut(BaseModel):
    id: int
    kind: Annotated[str, Field(description="created, updated, a transition's name, "
                                           "action_added, check_record_added, ...")]
    at: datetime
    actor: UserRef | None
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    reason: str
    action_id: int | None


class Timeline(BaseModel):
    events: list[EventOut]


def _wording(notice: Notification, locale: str) -> tuple[str, str]:
    with force_locale(locale):
        return notice_texts.title(notice), notice_texts.detail(notice)


def notification_out(notice: Notification) -> NotificationOut:
    (title, detail), (title_zh, detail_zh) = _wording(notice, "en"), _wording(notice, ZH)
    return NotificationOut(
        id=notice.id, kind=notice.kind, item_id=notice.item_id,
        deliverable_id=notice.deliverable_id, title=title, title_zh=title_zh, detail=detail,
        detail_zh=detail_zh, params=notice.params or {}, created_at=utc(notice.created_at),
        read_at=utc(notice.read_at))


def event_out(event: Event) -> EventOut:
    return EventOut(id=event.id, kind=event.kind, at=utc(event.at),
                    actor=user_ref(event.actor) if event.actor else None, old=event.old,
                    new=event.new, reason=event.reason, action_id=event.action_id)


@route("GET", "/notifications", summary="The caller's notices", query=NotificationQuery,
       response=NotificationPage)
def list_notifications(query: NotificationQuery) -> NotificationPage:
    """Newest first; only notices about items and documents the caller may still read.
    Reading them here marks nothing read."""
    user = api_user()
    notices = notification_service.notices_query(user)
    if query.unread:
        notices = notices.where(Notification.read_at.is_(None))
    page = db.paginate(notices, page=query.page, per_page=query.per_page, error_out=False)
    return NotificationPage(notifications=[notification_out(n) for n in page.items],
                            unread=notification_service.unread_count(user),
                            total=page.total or 0, page=page.page, per_page=page.per_page)


@route("POST", "/notifications/read", summary="Mark notices read", body=MarkRead,
       response=MarkedRead)
def mark_read(body: MarkRead) -> MarkedRead:
    """Ids that are not the caller's unread notices are passed over."""
    user = api_user()
    marked = notification_service.mark_read(user, None if body.ids is None else set(body.ids))
    return MarkedRead(marked=marked, unread=notification_service.unread_count(user))


@route("GET", "/items/<int:item_id>/timeline", summary="An item's timeline",
       response=Timeline, failures=(404,))
def item_timeline(item_id: int) -> Timeline:
    """Every recorded change of the item, oldest first: what the item page's timeline
    shows."""
    return Timeline(events=[event_out(event) for event in audit.events_of(visible_item(item_id))])
