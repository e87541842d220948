"""The organisation running Rectify and the one being evaluated: the committee's
settings, campaigns, units (with their official order, short names and aliases),
inspection groups, categories."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from pypinyin import lazy_pinyin
from sqlalchemy import Column, ForeignKey, Integer, String, Table, and_, or_, true
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from sqlalchemy.sql.elements import ColumnElement

from .. import workflow
from ..extensions import Model, db
from ..workflow import STAGES  # noqa: F401  (re-exported by rectify.models)

if TYPE_CHECKING:
    from .accounts import User

UNIT_KINDS = ("department", "institution", "town", "station")


def pinyin_key(text: str) -> str:
    """A sort key that orders Chinese names the way Chinese readers expect (by pinyin)."""
    return " ".join(lazy_pinyin(text)).lower()[:200]


class Unit(Model):
    """A unit under evaluation (被评议单位); a station belongs to a town."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    name_en: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(20), default="department")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    sort_key: Mapped[str] = mapped_column(String(200), default="", index=True)
    active: Mapped[bool] = mapped_column(default=True)
    # The official order (排序号) in which the committee's documents list the units.
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    short_name: Mapped[str] = mapped_column(String(50), default="", server_default="")

    parent: Mapped[Unit | None] = relationship(remote_side=[id])
    aliases: Mapped[list[UnitAlias]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", order_by="UnitAlias.name")

    @classmethod
    def official_order(cls) -> tuple[ColumnElement[Any], ...]:
        """The order units are listed in everywhere: the official order number, then (for
        units sharing a number, e.g. all 0 before anyone set one) pinyin, then id."""
        return (cls.position.expression, cls.sort_key.expression, cls.id.expression)

    @property
    def alias_names(self) -> list[str]:
        return [alias.name for alias in self.aliases]

    @validates("name")
    def _keep_sort_key(self, _key: str, name: str) -> str:
        self.sort_key = pinyin_key(name)
        return name

    def display_name(self, locale: str) -> str:
        return self.name_for(self.name, self.name_en, locale)

    @staticmethod
    def name_for(name: str, name_en: str, locale: str) -> str:
        """The English name for English readers when there is one, else the Chinese."""
        return name_en if locale.startswith("en") and name_en else name


class UnitAlias(Model):
    """Another name a unit goes by (别名), e.g. in problem lists people type; unique
    across units, so a name always points at one unit."""

    __tablename__ = "unit_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)

    unit: Mapped[Unit] = relationship(back_populates="aliases")


campaign_units = Table(
    "campaign_unit",
    db.metadata,
    Column("campaign_id", Integer, ForeignKey("campaign.id"), primary_key=True),
    Column("unit_id", Integer, ForeignKey("unit.id"), primary_key=True, index=True),
)


class Campaign(Model):
    """An evaluation campaign (评议活动): its current stage, the units it evaluates, its
    stages' dates. An archived campaign (``archived_at`` set) is read-only."""

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), unique=True)
    year: Mapped[int]
    theme: Mapped[str] = mapped_column(String(200), default="", server_default="")
    stage: Mapped[str] = mapped_column(String(20), default="rectification")
    default_due_date: Mapped[date]
    code_prefix: Mapped[str] = mapped_column(String(12), unique=True)
    archived_at: Mapped[datetime | None]

    units: Mapped[list[Unit]] = relationship(secondary=campaign_units,
                                              order_by=Unit.official_order())
    stage_dates: Mapped[list[CampaignStage]] = relationship(
        cascade="all, delete-orphan", order_by="CampaignStage.position")

    @property
    def archived(self) -> bool:
        return self.archived_at is not None

    @property
    def facts(self) -> workflow.CampaignFacts:
        return workflow.CampaignFacts(stage=self.stage, archived=self.archived)

    @staticmethod
    def raisable_clause() -> ColumnElement[bool]:
        """SQL twin of :func:`rectify.workflow.may_raise_in`."""
        return and_(Campaign.archived_at.is_(None), Campaign.stage.in_(workflow.RAISING_STAGES))

    def dates_of(self, stage: str) -> CampaignStage | None:
        return next((s for s in self.stage_dates if s.stage == stage), None)


class CampaignStage(Model):
    """One of a campaign's four stages (自查, 评议, 检查, 反馈整改) with its dates."""

    __tablename__ = "campaign_stage"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), primary_key=True)
    stage: Mapped[str] = mapped_column(String(20), primary_key=True)
    position: Mapped[int]  # the stage's place in STAGES, for ordering
    starts_on: Mapped[date]
    ends_on: Mapped[date]


group_units = Table(
    "group_unit",
    db.metadata,
    Column("group_id", Integer, ForeignKey("inspection_group.id"), primary_key=True),
    Column("unit_id", Integer, ForeignKey("unit.id"), primary_key=True),
)


group_members = Table(
    "group_member",
    db.metadata,
    Column("group_id", Integer, ForeignKey("inspection_group.id"), primary_key=True),
    Column("user_id", Integer, ForeignKey("user.id"), primary_key=True, index=True),
)


class InspectionGroup(Model):
    """An inspection group (检查组) of a campaign and the units it covers."""

    __tablename__ = "inspection_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    name: Mapped[str] = mapped_column(String(100))
    leader_name: Mapped[str] = mapped_column(String(50), default="")

    campaign: Mapped[Campaign] = relationship()
    units: Mapped[list[Unit]] = relationship(secondary=group_units,
                                              order_by=Unit.official_order())
    # Committee staff in the group (its 组长 is ``leader_name``, who need not be a user).
    members: Mapped[list[User]] = relationship(secondary=group_members,
                                                 order_by="User.username")


class Category(Model):
    """A problem category (问题类别), editable by admins."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    name_en: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True, server_default=true())

    def display_name(self, locale: str) -> str:
        return Unit.name_for(self.name, self.name_en, locale)

    @classmethod
    def offered_clause(cls, kept_id: int | None = None) -> ColumnElement[bool]:
        """Categories an item may be given: the active ones, and the one it has (an item
        keeps a category that was retired after it was raised)."""
        return or_(cls.active, cls.id == kept_id) if kept_id else cls.active.expression

    def may_be_given(self, kept_id: int | None = None) -> bool:
        """The same rule as :meth:`offered_clause`, for one category in hand."""
        return self.active or self.id == kept_id


class Organisation(Model):
    """The committee running Rectify (one row): its names and the 发文 settings its
    documents print. Read it with :func:`rectify.services.setup.organisation.current`, which
    answers sensible defaults before an administrator has set it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(100))
    short_name: Mapped[str] = mapped_column(String(50), default="")
    name_en: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(50), default="")
    sender_name: Mapped[str] = mapped_column(String(100), default="")  # 落款
    doc_prefix: Mapped[str] = mapped_column(String(30), default="")  # 文号 prefix
