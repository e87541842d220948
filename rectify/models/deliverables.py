"""Units' deliverables (报送材料): a document the committee asks a unit for, by a date, in
a campaign stage (自查报告, 整改方案, 整改情况报告), and the unit's submissions of it.

The rules live in :mod:`rectify.workflow`; the writes, each audited, in
:mod:`rectify.services.tracking.deliverables`. Files are stored by
:mod:`rectify.services.tracking.attachments`, as items' evidence is.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, and_, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.elements import ColumnElement

from .. import workflow
from ..clock import local_date
from ..clock import now as utcnow
from ..extensions import Model
from .accounts import User
from .items import StoredFile, local_day
from .org import Campaign, Unit


class Deliverable(Model):
    """One document asked of one unit. ``submitted_at`` is the latest submission's time;
    ``version`` is an optimistic lock: a decision on a stale page fails."""

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    stage: Mapped[str] = mapped_column(String(20))
    due_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default=workflow.REQUESTED)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    # One request per unit and kind of document in a campaign; the lists and counts
    # select by status and due date.
    __table_args__ = (
        UniqueConstraint("campaign_id", "unit_id", "kind",
                         name="uq_deliverable_campaign_unit_kind"),
        Index("ix_deliverable_status_due", "status", "due_date"),
    )

    campaign: Mapped[Campaign] = relationship()
    unit: Mapped[Unit] = relationship()
    requested_by: Mapped[User] = relationship()
    submissions: Mapped[list[DeliverableSubmission]] = relationship(
        back_populates="deliverable", order_by="DeliverableSubmission.id.desc()")

    @property
    def facts(self) -> workflow.DeliverableFacts:
        return workflow.DeliverableFacts(status=self.status, unit_id=self.unit_id)

    def submitted_on(self) -> date | None:
        """The committee's calendar day of the latest submission."""
        return local_date(self.submitted_at) if self.submitted_at else None

    def is_late(self, today: date) -> bool:
        return workflow.is_deliverable_late(self.status, self.due_date, self.submitted_on(),
                                            today)

    @staticmethod
    def owed_clause() -> ColumnElement[bool]:
        return Deliverable.status.in_(workflow.OWED_STATUSES)

    @staticmethod
    def late_clause(today: date) -> ColumnElement[bool]:
        """SQL twin of :func:`rectify.workflow.is_deliverable_late`."""
        return or_(and_(Deliverable.owed_clause(), Deliverable.due_date < today),
                   and_(Deliverable.status.in_((workflow.SUBMITTED, workflow.ACCEPTED)),
                        local_day(Deliverable.submitted_at) > Deliverable.due_date))


class DeliverableSubmission(Model):
    """One upload of a deliverable (its files, who, when, a note) and the committee's
    decision on it: ``accepted`` or ``returned`` with the reason, or none yet."""

    __tablename__ = "deliverable_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    deliverable_id: Mapped[int] = mapped_column(ForeignKey("deliverable.id"), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str | None] = mapped_column(String(20))
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None]

    deliverable: Mapped[Deliverable] = relationship(back_populates="submissions")
    uploaded_by: Mapped[User] = relationship(foreign_keys=[uploaded_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    files: Mapped[list[DeliverableFile]] = relationship(back_populates="submission",
                                                        order_by="DeliverableFile.id")


class DeliverableFile(StoredFile, Model):
    """A file of a submission."""

    __tablename__ = "deliverable_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("deliverable_submission.id"),
                                               index=True)

    submission: Mapped[DeliverableSubmission] = relationship(back_populates="files")
