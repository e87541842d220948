"""Chases (催办): the committee pressing an item's units, or a unit for a document it owes
(a deliverable), with a message. Each chase names either an item or a deliverable."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import now as utcnow
from ..extensions import Model
from .accounts import User


class Chase(Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id"))
    deliverable_id: Mapped[int | None] = mapped_column(ForeignKey("deliverable.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()

    # Count and latest chase per item, for the list, the item page and the ledger.
    __table_args__ = (Index("ix_chase_item_created", "item_id", "created_at"),)
