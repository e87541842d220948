"""The organisation being evaluated: campaigns, units, inspection groups, categories."""

from __future__ import annotations

from datetime import date

from pypinyin import lazy_pinyin
from sqlalchemy import ForeignKey, String, Table, Column, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db

UNIT_KINDS = ("department", "institution", "town", "station")

# Campaign stages from the report: 自查 → 评议 → 检查 → 反馈整改.
STAGES = ("self_check", "evaluation", "inspection", "rectification")


def pinyin_key(text: str) -> str:
    """A sort key that orders Chinese names the way Chinese readers expect (by pinyin)."""
    return " ".join(lazy_pinyin(text)).lower()[:200]


class Campaign(db.Model):
    """An evaluation campaign (评议活动)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200), unique=True)
    year: Mapped[int]
    stage: Mapped[str] = mapped_column(String(20), default="rectification")
    default_due_date: Mapped[date]
    code_prefix: Mapped[str] = mapped_column(String(12), unique=True)


class Unit(db.Model):
    """A unit under evaluation (被评议单位); a station belongs to a town."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    name_en: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(20), default="department")
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    sort_key: Mapped[str] = mapped_column(String(200), default="", index=True)
    active: Mapped[bool] = mapped_column(default=True)

    parent: Mapped[Unit | None] = relationship(remote_side=[id])

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


group_units = Table(
    "group_unit",
    db.metadata,
    Column("group_id", Integer, ForeignKey("inspection_group.id"), primary_key=True),
    Column("unit_id", Integer, ForeignKey("unit.id"), primary_key=True),
)


class InspectionGroup(db.Model):
    """An inspection group (检查组) of a campaign and the units it covers."""

    __tablename__ = "inspection_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"))
    name: Mapped[str] = mapped_column(String(100))
    leader_name: Mapped[str] = mapped_column(String(50), default="")

    campaign: Mapped[Campaign] = relationship()
    units: Mapped[list[Unit]] = relationship(secondary=group_units, order_by=Unit.sort_key)


class Category(db.Model):
    """A problem category (问题类别), editable by admins."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    name_en: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[int] = mapped_column(default=0)

    def display_name(self, locale: str) -> str:
        return self.name_en if locale.startswith("en") and self.name_en else self.name
