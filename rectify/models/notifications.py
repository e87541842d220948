"""Notifications (通知): what a user is told about the items that concern them.

A notice names the item (or the deliverable, 报送材料) and its kind; its wording is
produced when it is shown (or mailed) in the reader's language from ``params``, so a
notice reads right whichever language its user picks later. ``dedupe_key`` makes
time-driven reminders idempotent: the same reminder ("due in 7 days for this due date") is
stored at most once per user.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import now as utcnow
from ..extensions import Model
from .accounts import User
from .deliverables import Deliverable
from .items import Item


class Notification(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id"), index=True)
    deliverable_id: Mapped[int | None] = mapped_column(ForeignKey("deliverable.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    dedupe_key: Mapped[str | None] = mapped_column(String(120))

    user: Mapped[User] = relationship()
    item: Mapped[Item | None] = relationship()
    deliverable: Mapped[Deliverable | None] = relationship()

    # The reminders look their keys up (dedupe_key first); the bell counts a user's unread
    # notices; the list pages through them newest first.
    __table_args__ = (
        UniqueConstraint("dedupe_key", "user_id", name="uq_notification_dedupe_user"),
        Index("ix_notification_user_read", "user_id", "read_at"),
        Index("ix_notification_user_created", "user_id", "created_at"),
    )
