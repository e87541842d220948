"""An evaluation's results per unit, computed in SQL over the submitted sheets: the
average score per rater group and per indicator, the weighted score across groups, the
grade by the thresholds of the settings, the rank, 满意率, and the valid and invalid sheets.

A sheet's score for a unit is the sum of its points (the indicators', or the grade's). A
unit's group score is the average over the group's valid sheets; the weighted score and
the grade are :mod:`rectify.evaluation_rules`'s, 满意率 is
:func:`rectify.workflow.satisfaction_rate` over the sheets' grades (on the indicator form
each sheet's score graded by the same thresholds).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import ColumnElement, Select, Subquery, case, func, literal, select

from ... import evaluation_rules as rules
from ... import workflow
from ...extensions import db
from ...models import Evaluation, RaterGroup, RatingSheet, SheetScore, Unit


@dataclass
class UnitResult:
    unit: Unit
    score: float | None = None
    grade: str | None = None
    rank: int | None = None
    by_group: dict[int, float] = field(default_factory=dict)
    by_indicator: dict[int, float] = field(default_factory=dict)
    grades: dict[str, int] = field(default_factory=lambda: dict.fromkeys(rules.GRADE_VALUES, 0))

    @property
    def satisfaction_rate(self) -> float | None:
        return workflow.satisfaction_rate(*(self.grades[g] for g in rules.GRADE_VALUES))


@dataclass
class Results:
    units: list[UnitResult]
    valid_sheets: dict[int, int]    # by rater group id
    invalid_sheets: dict[int, int]


def _sheet_units(evaluation: Evaluation, thresholds: Mapping[str, float]) -> Select[Any]:
    """One row per (sheet, unit) of the evaluation: group, score and grade bucket."""
    total = func.sum(SheetScore.points)
    graded = case((total >= thresholds[rules.SATISFIED], literal(rules.SATISFIED)),
                  (total >= thresholds[rules.BASICALLY_SATISFIED],
                   literal(rules.BASICALLY_SATISFIED)), else_=literal(rules.DISSATISFIED))
    bucket = func.max(SheetScore.grade) if evaluation.sheet_form == rules.GRADES else graded
    return (select(SheetScore.sheet_id, SheetScore.unit_id, RatingSheet.rater_group_id,
                   total.label("total"), bucket.label("bucket"))
            .join(RatingSheet, RatingSheet.id == SheetScore.sheet_id)
            .join(RaterGroup, RaterGroup.id == RatingSheet.rater_group_id)
            .where(RaterGroup.evaluation_id == evaluation.id)
            .group_by(SheetScore.sheet_id, SheetScore.unit_id, RatingSheet.rater_group_id))


def _invalid_sheets(sheet_units: Subquery) -> Select[Any]:
    """Sheets that grade every unit 满意, when the settings declare them invalid."""
    query = select(sheet_units.c.sheet_id).group_by(sheet_units.c.sheet_id)
    if not current_app.config["EVALUATION_ALL_SATISFIED_INVALID"]:
        return query.where(literal(False))
    return query.having(func.sum(case((sheet_units.c.bucket == rules.SATISFIED, 0),
                                      else_=1)) == 0)


def results_of(evaluation: Evaluation) -> Results:
    thresholds = current_app.config["EVALUATION_THRESHOLDS"]
    sheet_units = _sheet_units(evaluation, thresholds).subquery()
    invalid = _invalid_sheets(sheet_units)
    valid = sheet_units.c.sheet_id.not_in(invalid)
    results = {unit.id: UnitResult(unit) for unit in evaluation.campaign.units}
    weights = {group.id: group.weight for group in evaluation.groups}
    group_scores: dict[int, dict[int, float | None]] = defaultdict(dict)
    for unit_id, group_id, average in db.session.execute(
            select(sheet_units.c.unit_id, sheet_units.c.rater_group_id,
                   func.avg(sheet_units.c.total)).where(valid)
            .group_by(sheet_units.c.unit_id, sheet_units.c.rater_group_id)):
        group_scores[unit_id][group_id] = float(average)
    for unit_id, bucket, count in db.session.execute(
            select(sheet_units.c.unit_id, sheet_units.c.bucket, func.count()).where(valid)
            .group_by(sheet_units.c.unit_id, sheet_units.c.bucket)):
        results[unit_id].grades[bucket] = count
    indicator_scores = _indicator_scores(evaluation, valid, sheet_units) \
        if evaluation.sheet_form == rules.INDICATORS else {}
    for unit_id, result in results.items():
        result.by_group = {g: s for g, s in group_scores[unit_id].items() if s is not None}
        result.score = rules.weighted_score(
            {g: result.by_group.get(g) for g in weights}, weights)
        result.grade = None if result.score is None else rules.grade_for(result.score,
                                                                         thresholds)
        result.by_indicator = {
            indicator: score for indicator, by_group in indicator_scores.get(unit_id, {}).items()
            if (score := rules.weighted_score({g: by_group.get(g) for g in weights}, weights))
            is not None}
    ordered = list(results.values())
    for result, rank in zip(ordered, rules.ranks([r.score for r in ordered]), strict=True):
        result.rank = rank
    return Results(sorted(ordered, key=lambda r: (r.rank is None, r.rank or 0)),
                   *_sheet_counts(evaluation, invalid))


def _indicator_scores(evaluation: Evaluation, valid: ColumnElement[bool], sheet_units: Subquery
                      ) -> dict[int, dict[int, dict[int, float | None]]]:
    """unit id -> indicator id -> rater group id -> average points."""
    scores: dict[int, dict[int, dict[int, float | None]]] = defaultdict(lambda: defaultdict(dict))
    valid_sheets = select(sheet_units.c.sheet_id).where(valid)
    rows = db.session.execute(
        select(SheetScore.unit_id, SheetScore.indicator_key, RatingSheet.rater_group_id,
               func.avg(SheetScore.points))
        .join(RatingSheet, RatingSheet.id == SheetScore.sheet_id)
        .where(RatingSheet.rater_group_id.in_([g.id for g in evaluation.groups]),
               SheetScore.sheet_id.in_(valid_sheets))
        .group_by(SheetScore.unit_id, SheetScore.indicator_key, RatingSheet.rater_group_id))
    for unit_id, indicator_id, group_id, average in rows:
        scores[unit_id][indicator_id][group_id] = float(average)
    return scores


def _sheet_counts(evaluation: Evaluation,
                  invalid: Select[Any]) -> tuple[dict[int, int], dict[int, int]]:
    """Valid and invalid sheets per rater group."""
    all_sheets = dict(db.session.execute(
        select(RatingSheet.rater_group_id, func.count(RatingSheet.id))
        .where(RatingSheet.rater_group_id.in_([g.id for g in evaluation.groups]))
        .group_by(RatingSheet.rater_group_id)).all())
    bad = dict(db.session.execute(
        select(RatingSheet.rater_group_id, func.count(RatingSheet.id))
        .where(RatingSheet.id.in_(invalid)).group_by(RatingSheet.rater_group_id)).all())
    groups = [g.id for g in evaluation.groups]
    return ({g: all_sheets.get(g, 0) - bad.get(g, 0) for g in groups},
            {g: bad.get(g, 0) for g in groups})
