"""An evaluation (评议) of a campaign's units: its design (rater groups with weights and the
units each rates, the scoring sheet's indicators or grade points, the questionnaire), the
one-time rater codes, the drafts raters save, and the submitted sheets.

Anonymity is built into the tables: a submitted sheet (``RatingSheet``) has a random id
and no reference to the code it was filled with, nor any time; a code keeps only
whether it was used. A draft belongs to its code until the sheet is submitted, when the
draft is deleted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import evaluation_rules as rules
from ..extensions import Model, db
from .org import Campaign, Unit

rater_group_units = Table(
    "rater_group_unit",
    db.metadata,
    Column("rater_group_id", Integer, ForeignKey("rater_group.id", ondelete="CASCADE"),
           primary_key=True),
    Column("unit_id", Integer, ForeignKey("unit.id"), primary_key=True, index=True),
)


class Evaluation(Model):
    """A campaign's evaluation design and its collection state. ``version`` counts the
    design's changes; the design is frozen once ``status`` leaves 'design'."""

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    sheet_form: Mapped[str] = mapped_column(String(20), default=rules.INDICATORS)
    status: Mapped[str] = mapped_column(String(20), default=rules.DESIGN)
    version: Mapped[int] = mapped_column(default=1)
    # Points each grade carries on a grade-form sheet (满意 / 基本满意 / 不满意).
    points_satisfied: Mapped[int] = mapped_column(default=100)
    points_basically_satisfied: Mapped[int] = mapped_column(default=80)
    points_dissatisfied: Mapped[int] = mapped_column(default=60)
    collection_started_at: Mapped[datetime | None]

    campaign: Mapped[Campaign] = relationship()
    groups: Mapped[list[RaterGroup]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan",
        order_by="RaterGroup.position, RaterGroup.id")
    indicators: Mapped[list[Indicator]] = relationship(
        cascade="all, delete-orphan", order_by="Indicator.position, Indicator.id")
    questions: Mapped[list[Question]] = relationship(
        cascade="all, delete-orphan", order_by="Question.position, Question.id")

    @property
    def grade_points(self) -> dict[str, int]:
        return {rules.SATISFIED: self.points_satisfied,
                rules.BASICALLY_SATISFIED: self.points_basically_satisfied,
                rules.DISSATISFIED: self.points_dissatisfied}

    @property
    def facts(self) -> rules.DesignFacts:
        return rules.DesignFacts(
            status=self.status, sheet_form=self.sheet_form,
            groups=tuple(rules.GroupFacts(g.name, g.weight, len(g.units)) for g in self.groups),
            indicator_count=len(self.indicators))


class RaterGroup(Model):
    """A rater group (评议主体, e.g. 市级以上人大代表) with its weight in percent and the
    units its raters rate."""

    __tablename__ = "rater_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluation.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    weight: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)

    evaluation: Mapped[Evaluation] = relationship(back_populates="groups")
    units: Mapped[list[Unit]] = relationship(secondary=rater_group_units,
                                              order_by=Unit.official_order())


class Indicator(Model):
    """An indicator (指标) of the scoring sheet and its maximum points."""

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluation.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    max_points: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)


class Question(Model):
    """A questionnaire question: single or multiple choice among ``options``, 'which
    units show problem X' (the options are the rater's units), or free text."""

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluation.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(500))
    options: Mapped[list] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)


class RaterCode(Model):
    """A one-time rater code of a group. Only a keyed hash of the code is stored, and
    whether it was used — not when, so the order of use cannot be matched to sheets."""

    __tablename__ = "rater_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    rater_group_id: Mapped[int] = mapped_column(ForeignKey("rater_group.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used: Mapped[bool] = mapped_column(default=False)

    group: Mapped[RaterGroup] = relationship()


class RaterDraft(Model):
    """The answers a rater saved so far, against the code; deleted on submission."""

    __tablename__ = "rater_draft"

    code_id: Mapped[int] = mapped_column(ForeignKey("rater_code.id", ondelete="CASCADE"),
                                         primary_key=True)
    scores: Mapped[dict] = mapped_column(JSON, default=dict)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)


class RatingSheet(Model):
    """A submitted scoring sheet with its questionnaire: a random id, the group, nothing
    else — no code, no time, no person."""

    __tablename__ = "rating_sheet"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    rater_group_id: Mapped[int] = mapped_column(ForeignKey("rater_group.id"), index=True)


class SheetScore(Model):
    """One unit's points on a sheet: per indicator (``indicator_id`` set) or its grade
    (``grade`` set, ``points`` the grade's points)."""

    __tablename__ = "sheet_score"

    sheet_id: Mapped[str] = mapped_column(ForeignKey("rating_sheet.id", ondelete="CASCADE"),
                                          primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True, index=True)
    # 0 on the grade form: the key is whole without a NULL.
    indicator_key: Mapped[int] = mapped_column(primary_key=True)
    grade: Mapped[str | None] = mapped_column(String(20))
    points: Mapped[int]


class SheetAnswer(Model):
    """One chosen option, chosen unit, or text answer of a sheet's questionnaire."""

    __tablename__ = "sheet_answer"

    sheet_id: Mapped[str] = mapped_column(ForeignKey("rating_sheet.id", ondelete="CASCADE"),
                                          primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), primary_key=True,
                                             index=True)
    # The option's index, or the unit's id for a 'units' question; 0 for a text answer.
    choice: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str | None] = mapped_column(Text)
