"""Structured check records (a patrol, a speed-camera site, ...) whose shape a plugin's
check type declares. The core stores them; the plugin validates and judges them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import now as utcnow
from ..extensions import Model
from .accounts import User
from .org import Unit


class CheckRecord(Model):
    """One record. ``unit_id`` is its author's unit when it was added (whose records count
    is decided per unit); a withdrawn record (``withdrawn_at``) is kept but no longer
    counts. Corrections and withdrawals are in the audit trail with old and new values."""

    __tablename__ = "check_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), index=True)
    check_type: Mapped[str] = mapped_column(String(60))
    values: Mapped[dict] = mapped_column(JSON)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    corrected_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]

    author: Mapped[User] = relationship()
    unit: Mapped[Unit | None] = relationship()
