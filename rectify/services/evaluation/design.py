"""Designing an evaluation: its sheet form, rater groups and weights, indicators and
questionnaire, then starting and closing collection. The committee designs, recorded
as campaign events; :mod:`rectify.evaluation_rules` refuses any edit once collection
has started.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select

from ... import clock, workflow
from ... import evaluation_rules as rules
from ...extensions import db
from ...models import (
    Campaign,
    Evaluation,
    Indicator,
    Question,
    RaterCode,
    RaterDraft,
    RaterGroup,
    Unit,
    User,
)
from ..tracking.audit import record_campaign_event

MAX_INDICATOR_POINTS = 100


@dataclass
class GroupFields:
    """A rater group: its name, weight (percent) and the units its raters rate."""

    name: str
    weight: int
    units: list[Unit] = field(default_factory=list)


def _require_designer(user: User, campaign: Campaign) -> None:
    workflow.check_change_campaign(user.actor, campaign.facts)


def _editing(user: User, evaluation: Evaluation) -> None:
    """Refuse the edit unless the user designs and the design is not frozen."""
    _require_designer(user, evaluation.campaign)
    rules.check_editable(evaluation.status)


def _changed(user: User, evaluation: Evaluation, part: str, new: dict[str, Any]) -> None:
    """Count a design change and record it, then commit."""
    evaluation.version += 1
    record_campaign_event(evaluation.campaign, user, "evaluation_changed",
                          new={"evaluation": evaluation.title, "part": part, **new})
    db.session.commit()


def evaluation_of(campaign: Campaign) -> Evaluation | None:
    return db.session.scalar(select(Evaluation).where(Evaluation.campaign_id == campaign.id))


def create_evaluation(user: User, campaign: Campaign, title: str,
                      sheet_form: str) -> Evaluation:
    """A campaign's evaluation (one per campaign), in design."""
    _require_designer(user, campaign)
    if evaluation_of(campaign) is not None:
        raise rules.EvaluationError("evaluation_exists")
    if sheet_form not in rules.SHEET_FORMS:
        raise rules.EvaluationError("sheet_form")
    evaluation = Evaluation(campaign=campaign, title=title.strip(), sheet_form=sheet_form,
                            status=rules.DESIGN, version=1)
    db.session.add(evaluation)
    db.session.flush()
    record_campaign_event(campaign, user, "evaluation_created",
                          new={"evaluation": evaluation.title, "sheet_form": sheet_form})
    db.session.commit()
    return evaluation


def save_sheet(user: User, evaluation: Evaluation, title: str, sheet_form: str,
               grade_points: Mapping[str, int]) -> Evaluation:
    """The evaluation's title, sheet form and the points each grade carries."""
    _editing(user, evaluation)
    if sheet_form not in rules.SHEET_FORMS:
        raise rules.EvaluationError("sheet_form")
    rules.check_grade_points(grade_points)
    evaluation.title, evaluation.sheet_form = title.strip(), sheet_form
    evaluation.points_satisfied = grade_points[rules.SATISFIED]
    evaluation.points_basically_satisfied = grade_points[rules.BASICALLY_SATISFIED]
    evaluation.points_dissatisfied = grade_points[rules.DISSATISFIED]
    _changed(user, evaluation, "sheet", {"sheet_form": sheet_form, "grade_points":
                                         dict(grade_points)})
    return evaluation


def _check_group(evaluation: Evaluation, group: RaterGroup | None, fields: GroupFields) -> None:
    if not 0 <= fields.weight <= rules.FULL_WEIGHT:
        raise rules.EvaluationError("weight_out_of_range")
    name = fields.name.strip()
    if any(g.name == name and g is not group for g in evaluation.groups):
        raise rules.EvaluationError("group_name_taken")
    evaluated = {unit.id for unit in evaluation.campaign.units}
    if any(unit.id not in evaluated for unit in fields.units):
        raise rules.EvaluationError("unit_not_evaluated")


def save_group(user: User, evaluation: Evaluation, group: RaterGroup | None,
               fields: GroupFields) -> RaterGroup:
    """Add (``group`` None) or change a rater group. The weights' sum is checked when all
    weights are saved together and when collection starts."""
    _editing(user, evaluation)
    _check_group(evaluation, group, fields)
    if group is None:
        group = RaterGroup(position=len(evaluation.groups))
        evaluation.groups.append(group)
    group.name, group.weight, group.units = fields.name.strip(), fields.weight, list(fields.units)
    _changed(user, evaluation, "group", {"group": group.name, "weight": group.weight,
                                         "units": len(group.units)})
    return group


def save_weights(user: User, evaluation: Evaluation, weights: Mapping[int, int]) -> None:
    """Every group's weight at once (by group id); they must add up to 100%."""
    _editing(user, evaluation)
    if set(weights) != {group.id for group in evaluation.groups}:
        raise rules.EvaluationError("weights_incomplete")
    rules.check_weights(list(weights.values()))
    for group in evaluation.groups:
        group.weight = weights[group.id]
    _changed(user, evaluation, "weights",
             {"weights": {group.name: group.weight for group in evaluation.groups}})


def save_indicator(user: User, evaluation: Evaluation, indicator: Indicator | None,
                   name: str, max_points: int) -> Indicator:
    """Add (``indicator`` None) or change an indicator (指标) and its maximum points."""
    _editing(user, evaluation)
    if not 1 <= max_points <= MAX_INDICATOR_POINTS:
        raise rules.EvaluationError("max_points_out_of_range")
    name = name.strip()
    if any(i.name == name and i is not indicator for i in evaluation.indicators):
        raise rules.EvaluationError("indicator_name_taken")
    if indicator is None:
        indicator = Indicator(position=len(evaluation.indicators))
        evaluation.indicators.append(indicator)
    indicator.name, indicator.max_points = name, max_points
    _changed(user, evaluation, "indicator", {"indicator": name, "max_points": max_points})
    return indicator


def save_question(user: User, evaluation: Evaluation, question: Question | None, kind: str,
                  text: str, options: Sequence[str]) -> Question:
    """Add (``question`` None) or change a questionnaire question."""
    _editing(user, evaluation)
    options = [option.strip() for option in options if option.strip()]
    rules.check_question(kind, options)
    if question is None:
        question = Question(position=len(evaluation.questions))
        evaluation.questions.append(question)
    question.kind, question.text, question.options = kind, text.strip(), options
    _changed(user, evaluation, "question", {"question": question.text, "kind": kind})
    return question


def remove_part(user: User, evaluation: Evaluation,
                part: RaterGroup | Indicator | Question) -> None:
    """Take a group, an indicator or a question out of the design."""
    _editing(user, evaluation)
    name = part.text if isinstance(part, Question) else part.name
    if isinstance(part, RaterGroup) and part in evaluation.groups:
        evaluation.groups.remove(part)
    elif isinstance(part, Indicator) and part in evaluation.indicators:
        evaluation.indicators.remove(part)
    elif isinstance(part, Question) and part in evaluation.questions:
        evaluation.questions.remove(part)
    _changed(user, evaluation, "removed", {"removed": name})


def start_collection(user: User, evaluation: Evaluation) -> Evaluation:
    """Freeze the design and open the rater codes' sheets."""
    _require_designer(user, evaluation.campaign)
    rules.check_may_start(evaluation.facts)
    evaluation.status, evaluation.collection_started_at = rules.COLLECTING, clock.now()
    record_campaign_event(evaluation.campaign, user, "evaluation_collection_started",
                          new={"evaluation": evaluation.title, "version": evaluation.version})
    db.session.commit()
    return evaluation


def close_collection(user: User, evaluation: Evaluation) -> Evaluation:
    """Stop collecting: unused codes open nothing any more, drafts are discarded."""
    _require_designer(user, evaluation.campaign)
    rules.check_may_close(evaluation.status)
    evaluation.status = rules.CLOSED
    group_ids = select(RaterGroup.id).where(RaterGroup.evaluation_id == evaluation.id)
    code_ids = select(RaterCode.id).where(RaterCode.rater_group_id.in_(group_ids))
    db.session.execute(delete(RaterDraft).where(RaterDraft.code_id.in_(code_ids)))
    record_campaign_event(evaluation.campaign, user, "evaluation_collection_closed",
                          new={"evaluation": evaluation.title})
    db.session.commit()
    return evaluation
