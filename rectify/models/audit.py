"""The audit trail: append-only events, from which every item's timeline is read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, event
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column, relationship

from ..clock import now as utcnow
from ..extensions import Model
from .accounts import User


class Event(Model):
    """Who did what to which item (or deliverable) when, with old and new values. Never
    updated or deleted."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id"), index=True)
    # A campaign's own acts (created, stage advanced, archived, groups...) name it here.
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaign.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    old: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    new: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
    action_id: Mapped[int | None] = mapped_column(ForeignKey("action.id"))
    deliverable_id: Mapped[int | None] = mapped_column(ForeignKey("deliverable.id"), index=True)

    actor: Mapped[User | None] = relationship()


class AuditTrailIsAppendOnly(Exception):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, _context: UOWTransaction,
                          _instances: object) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, Event) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditTrailIsAppendOnly("Audit events cannot be changed or deleted.")
