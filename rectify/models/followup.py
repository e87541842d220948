"""Following up closed items: re-checks (回头看) and the deputies' satisfaction ratings
(满意度测评).

The rules live in :mod:`rectify.workflow`; every change here also writes an audit event,
so it shows in the item's timeline.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import workflow
from ..clock import now as utcnow
from ..extensions import Model
from .accounts import User
from .items import Item


class Recheck(Model):
    """A re-check of a closed item, scheduled for a day, and its result: ``pending`` until
    the committee records ``confirmed`` or ``reopened`` (with the reason in ``result_note``).
    An item may be re-checked several times, one at a time."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), index=True)
    due_date: Mapped[date]
    scheduled_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    scheduled_at: Mapped[datetime] = mapped_column(default=utcnow)
    result: Mapped[str] = mapped_column(String(20), default=workflow.RECHECK_PENDING)
    result_note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None]

    # The committee's queue: pending re-checks by due date; and at most one pending
    # re-check per item, whatever races (issue 14).
    __table_args__ = (Index("ix_recheck_result_due", "result", "due_date"),
                      Index("uq_recheck_pending", "item_id", unique=True,
                            sqlite_where=text("result = 'pending'"),
                            postgresql_where=text("result = 'pending'")))

    item: Mapped[Item] = relationship()
    scheduled_by: Mapped[User] = relationship(foreign_keys=[scheduled_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class Rating(Model):
    """The deputies' ratings of one item's rectification, as counts.

    One row per item: recording again replaces the counts (the latest tally wins), and
    the audit trail keeps every earlier tally with who recorded it.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), unique=True)
    satisfied: Mapped[int] = mapped_column(default=0)             # 满意
    basically_satisfied: Mapped[int] = mapped_column(default=0)   # 基本满意
    dissatisfied: Mapped[int] = mapped_column(default=0)          # 不满意
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    recorded_by: Mapped[User] = relationship()

    @property
    def counts(self) -> workflow.RatingCounts:
        return workflow.RatingCounts(self.satisfied, self.basically_satisfied, self.dissatisfied)

    @property
    def total(self) -> int:
        return self.counts.total

    @property
    def rate(self) -> float | None:
        return self.counts.rate
