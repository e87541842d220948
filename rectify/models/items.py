"""Rectification items (整改事项) and what is logged on them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import (
    DDL,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    and_,
    case,
    cast,
    event,
    false,
    func,
    literal_column,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.schema import SchemaItem
from sqlalchemy.sql.elements import ColumnElement, SQLCoreOperations

from .. import workflow
from ..clock import UTC_OFFSET_HOURS
from ..clock import now as utcnow
from ..extensions import Model, db
from ..working_days import SpecialDays
from .accounts import User
from .org import Campaign, Category, Unit

# Where a finding came from, as the report names its methods.
SOURCES = (
    "questionnaire",          # 问卷调查
    "deputy_evaluation",      # 代表评议
    "enterprise_evaluation",  # 企业评议
    "symposium",              # 座谈会
    "case_file_review",       # 执法案卷评查
    "town_evaluation",        # 镇街评议
    "self_check",             # 自查
)
PRIORITIES = ("high", "normal", "low")

# The offset is written into the SQL rather than bound as a parameter, so that the
# database matches the expression with the index on it (``LOCAL_DAY_INDEX``).
SQLITE_LOCAL_OFFSET = f"'+{UTC_OFFSET_HOURS} hours'"
POSTGRESQL_LOCAL_OFFSET = f"interval '{UTC_OFFSET_HOURS} hours'"


def local_day(column: SQLCoreOperations[datetime | None]) -> ColumnElement[date]:
    """The committee's calendar day of a stored (naive UTC) timestamp, in SQL."""
    if db.engine.dialect.name == "sqlite":
        return func.date(column, literal_column(SQLITE_LOCAL_OFFSET))
    return cast(column + literal_column(POSTGRESQL_LOCAL_OFFSET), Date)


item_co_units = Table(
    "item_co_unit",
    db.metadata,
    Column("item_id", Integer, ForeignKey("item.id"), primary_key=True),
    Column("unit_id", Integer, ForeignKey("unit.id"), primary_key=True, index=True),
)

# Co-operating units whose check records the committee left out of the item's checks.
item_uncounted_units = Table(
    "item_uncounted_unit",
    db.metadata,
    Column("item_id", Integer, ForeignKey("item.id"), primary_key=True),
    Column("unit_id", Integer, ForeignKey("unit.id"), primary_key=True),
)


class Item(Model):
    """A rectification item. ``version`` is an optimistic lock: a stale write fails."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), index=True)
    lead_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"), index=True)
    source: Mapped[str] = mapped_column(String(30), index=True)
    problem: Mapped[str] = mapped_column(Text)
    requirement: Mapped[str] = mapped_column(Text, default="")
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    due_date: Mapped[date] = mapped_column(index=True)
    # The deadline was given in working days ("15 个工作日内"): days left and overdue are
    # counted in working days of the holiday calendar too.
    due_in_working_days: Mapped[bool] = mapped_column(default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(20), default=workflow.OPEN, index=True)
    responsible_leader: Mapped[str] = mapped_column(String(50), default="")
    responsible_person: Mapped[str] = mapped_column(String(50), default="")
    check_type: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    signed_at: Mapped[datetime | None]
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    closed_at: Mapped[datetime | None]
    verification_opinion: Mapped[str] = mapped_column(Text, default="", server_default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    # Serve the dashboards' aggregates: counts per unit and status with the overdue test
    # on due_date, overdue lists, and raised/closed per day.
    __table_args__ = (
        Index("ix_item_lead_unit_status_due", "lead_unit_id", "status", "due_date"),
        Index("ix_item_status_due", "status", "due_date"),
        Index("ix_item_created_at", "created_at"),
        Index("ix_item_closed_at", "closed_at"),
        # Issue 7 (scale): covering indexes for the breakdowns by category and source and
        # the closures per day, and the item list's default order (due date, id).
        Index("ix_item_category_status", "category_id", "status"),
        Index("ix_item_source_status", "source", "status"),
        Index("ix_item_status_closed_at", "status", "closed_at"),
        Index("ix_item_due_id", "due_date", "id"),
        # The overview's cards, categories and sources in one index-only scan.
        Index("ix_item_status_category_source_due", "status", "category_id", "source",
              "due_date"),
    )

    campaign: Mapped[Campaign] = relationship()
    lead_unit: Mapped[Unit] = relationship(foreign_keys=[lead_unit_id])
    category: Mapped[Category] = relationship()
    co_units: Mapped[list[Unit]] = relationship(secondary=item_co_units,
                                                order_by=Unit.official_order())
    signed_by: Mapped[User | None] = relationship(foreign_keys=[signed_by_id])
    uncounted_units: Mapped[list[Unit]] = relationship(secondary=item_uncounted_units,
                                                       order_by=Unit.sort_key)

    @property
    def facts(self) -> workflow.ItemFacts:
        return workflow.ItemFacts(
            status=self.status,
            lead_unit_id=self.lead_unit_id,
            co_unit_ids=frozenset(unit.id for unit in self.co_units),
            campaign_archived=self.campaign.archived,
        )

    @staticmethod
    def overdue_clause(today: date) -> ColumnElement[bool]:
        """SQL twin of :func:`rectify.workflow.is_overdue`."""
        return and_(Item.status != workflow.CLOSED, Item.due_date < today)

    @staticmethod
    def due_within_clause(today: date, days: int) -> ColumnElement[bool]:
        """SQL twin of :func:`rectify.workflow.is_due_within`."""
        return and_(Item.status != workflow.CLOSED, Item.due_date >= today,
                    Item.due_date <= today + timedelta(days=days))

    def is_overdue(self, today: date) -> bool:
        return workflow.is_overdue(self.status, self.due_date, today)

    def days_left(self, today: date, special: SpecialDays) -> int:
        """Days to the deadline (negative: overdue), in working days if it was given so."""
        return workflow.days_left(self.due_date, today,
                                  special if self.due_in_working_days else None)

    @staticmethod
    def severe_overdue_clause(today: date, threshold_days: int) -> ColumnElement[bool]:
        """SQL twin of :func:`rectify.workflow.is_severely_overdue` (严重逾期)."""
        return and_(Item.status != workflow.CLOSED,
                    Item.due_date < today - timedelta(days=threshold_days))

    @staticmethod
    def light_clause(today: date, yellow_until_date: date, severe_days: int):
        """SQL twin of :func:`rectify.workflow.light` (亮灯)."""
        return case(
            (Item.status == workflow.CLOSED, workflow.GREEN),
            (Item.due_date < today - timedelta(days=severe_days), workflow.SEVERE),
            (Item.due_date < today, workflow.RED),
            (Item.due_date <= yellow_until_date, workflow.YELLOW),
            else_=workflow.GREEN)

    def light(self, today: date, yellow_until_date: date, severe_days: int) -> str:
        return workflow.light(self.status, self.due_date, today, yellow_until_date,
                              severe_days)

    def is_severely_overdue(self, today: date, threshold_days: int) -> bool:
        return workflow.is_severely_overdue(self.status, self.due_date, today, threshold_days)


# The items raised per local day (the overview's trend) are read from an index on the very
# expression ``local_day`` writes; on PostgreSQL it also carries created_at and id, so the
# count is an index-only scan. Written as DDL, one statement per dialect, rather than as an
# ``Index``: the expression differs by dialect and autogenerate cannot compare it, so it
# is listed in DDL_ONLY_INDEXES, which schema comparisons leave out. Migration
# 3f9d2b7c1e58 creates the same index.
LOCAL_DAY_INDEX = "ix_item_created_local_day"
LOCAL_DAY_INDEX_DDL = {
    "sqlite": f"CREATE INDEX {LOCAL_DAY_INDEX} ON item (date(created_at, {SQLITE_LOCAL_OFFSET}))",
    "postgresql": f"CREATE INDEX {LOCAL_DAY_INDEX} ON item "
                  f"((CAST(created_at + {POSTGRESQL_LOCAL_OFFSET} AS DATE))) "
                  "INCLUDE (created_at, id)",
}
for _dialect, _statement in LOCAL_DAY_INDEX_DDL.items():
    event.listen(Item.__table__, "after_create", DDL(_statement).execute_if(dialect=_dialect))
DDL_ONLY_INDEXES = frozenset({LOCAL_DAY_INDEX})


def compared_in_schema(_object: SchemaItem, name: str | None, type_: str, _reflected: bool,
                       _compare_to: SchemaItem | None) -> bool:
    """Alembic's ``include_object``: everything but the indexes written as DDL above."""
    return not (type_ == "index" and name in DDL_ONLY_INDEXES)


class Action(Model):
    """A measure, progress note, evidence, comment or leader instruction on an item."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()
    unit: Mapped[Unit | None] = relationship()
    attachments: Mapped[list[Attachment]] = relationship(back_populates="action")


class StoredFile:
    """The columns of an uploaded file kept outside ``static`` under a random name (the
    evidence of an item's records, the documents units submit)."""

    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Attachment(StoredFile, Model):
    """A file of an item's record (整改记录)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)

    action: Mapped[Action] = relationship(back_populates="attachments")


class ExtensionRequest(Model):
    """A request for a later deadline (申请延期) and the committee's decision."""

    __tablename__ = "extension_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(Text)
    old_due_date: Mapped[date]
    new_due_date: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")

    # At most one pending request per item, whatever races (issue 14).
    __table_args__ = (Index("uq_extension_request_pending", "item_id", unique=True,
                            sqlite_where=text("status = 'pending'"),
                            postgresql_where=text("status = 'pending'")),)

    requested_by: Mapped[User] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
