"""The rules of an evaluation (评议), in one pure module with no Flask or SQLAlchemy import.

An evaluation's design (rater groups with weights, the scoring sheet, the questionnaire)
is edited while it is in design and frozen once collection starts; a rater's sheet is
complete when every unit of the rater's group is scored and every single-choice question
answered; a score becomes a grade by thresholds; 满意率 is
:func:`rectify.workflow.satisfaction_rate`'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

# An evaluation's life: designed, then collecting sheets (design frozen), then closed.
DESIGN = "design"
COLLECTING = "collecting"
CLOSED = "closed"
STATUSES = (DESIGN, COLLECTING, CLOSED)

# The two forms of scoring sheet (评议打分表).
INDICATORS = "indicators"  # points per indicator (依法行政 30, 服务质量 30 ...)
GRADES = "grades"          # one grade per unit: 满意 / 基本满意 / 不满意
SHEET_FORMS = (INDICATORS, GRADES)

SATISFIED = "satisfied"
BASICALLY_SATISFIED = "basically_satisfied"
DISSATISFIED = "dissatisfied"
GRADE_VALUES = (SATISFIED, BASICALLY_SATISFIED, DISSATISFIED)

# Questionnaire (调查问卷) question kinds; a ``units`` question's options are the units.
SINGLE = "single"
MULTIPLE = "multiple"
UNITS = "units"
TEXT = "text"
QUESTION_KINDS = (SINGLE, MULTIPLE, UNITS, TEXT)
CHOICE_KINDS = (SINGLE, MULTIPLE)

FULL_WEIGHT = 100  # rater groups' weights are whole percentages adding up to this
MAX_TEXT_ANSWER = 2000

Key = TypeVar("Key")


class EvaluationError(Exception):
    """A change the evaluation's rules refuse; ``code`` keys the message in
    :data:`rectify.labels.EVALUATION_ERRORS`."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


def check_editable(status: str) -> None:
    """The design may change only before collection starts: every sheet is then filled
    against the same groups, weights, indicators and questions."""
    if status != DESIGN:
        raise EvaluationError("design_frozen")


def check_weights(weights: Sequence[int]) -> None:
    """Rater groups' weights: whole percentages from 0 to 100 that add up to 100."""
    if any(weight < 0 or weight > FULL_WEIGHT for weight in weights):
        raise EvaluationError("weight_out_of_range")
    if sum(weights) != FULL_WEIGHT:
        raise EvaluationError("weights_not_full", total=sum(weights))


def check_grade_points(points: Mapping[str, int]) -> None:
    """满意 carries more points than 基本满意, which carries more than 不满意 (none below 0)."""
    ordered = [points[grade] for grade in GRADE_VALUES]
    if ordered[-1] < 0 or not ordered[0] > ordered[1] > ordered[2]:
        raise EvaluationError("grade_points_order")


def check_question(kind: str, options: Sequence[str]) -> None:
    """A choice question needs at least two options; other kinds take none."""
    if kind not in QUESTION_KINDS:
        raise EvaluationError("question_kind")
    if kind in CHOICE_KINDS and len(options) < 2:
        raise EvaluationError("question_options")
    if kind not in CHOICE_KINDS and options:
        raise EvaluationError("question_no_options")


@dataclass(frozen=True)
class GroupFacts:
    name: str
    weight: int
    unit_count: int


@dataclass(frozen=True)
class DesignFacts:
    """What starting collection needs to know of a design."""

    status: str
    sheet_form: str
    groups: tuple[GroupFacts, ...]
    indicator_count: int


def check_may_start(design: DesignFacts) -> None:
    """Collection starts from a design in which the weights add up, every group rates at
    least one unit and an indicator sheet has indicators."""
    check_editable(design.status)
    if not design.groups:
        raise EvaluationError("no_groups")
    check_weights([group.weight for group in design.groups])
    empty = next((group.name for group in design.groups if not group.unit_count), None)
    if empty is not None:
        raise EvaluationError("group_without_units", group=empty)
    if design.sheet_form == INDICATORS and not design.indicator_count:
        raise EvaluationError("no_indicators")


def check_may_close(status: str) -> None:
    if status != COLLECTING:
        raise EvaluationError("not_collecting")


def may_collect(status: str) -> bool:
    """Rater codes open sheets only while the evaluation collects."""
    return status == COLLECTING


# A rater's sheet ----------------------------------------------------------------------

@dataclass(frozen=True)
class QuestionFacts:
    id: int
    kind: str
    option_count: int = 0


@dataclass(frozen=True)
class SheetDesign:
    """What a rater of one group fills: the units (in order), the indicators' maximum
    points by id (indicator form) or the grades (grade form), the questions."""

    sheet_form: str
    unit_ids: tuple[int, ...]
    indicator_max: Mapping[int, int] = field(default_factory=dict)
    questions: tuple[QuestionFacts, ...] = ()


# A unit's scores: {indicator id: points} (indicator form) or {0: grade} (grade form).
GRADE_KEY = 0
UnitScores = Mapping[int, int | str]
# A question's answer: an option index (single), option indexes or unit ids (multiple,
# units), or text.
Answer = int | list[int] | str


def unit_problem(design: SheetDesign, scores: UnitScores | None) -> str | None:
    """Why one unit's scores are not complete and valid, or ``None``."""
    if not scores:
        return "unit_unscored"
    if design.sheet_form == GRADES:
        return None if scores.get(GRADE_KEY) in GRADE_VALUES and len(scores) == 1 \
            else "grade_invalid"
    if set(scores) != set(design.indicator_max):
        return "unit_unscored"
    for indicator_id, points in scores.items():
        if not isinstance(points, int) or not 0 <= points <= design.indicator_max[indicator_id]:
            return "points_out_of_range"
    return None


def answer_problem(question: QuestionFacts, answer: Answer | None,
                   unit_ids: Sequence[int]) -> str | None:
    """Why one answer is not valid, or ``None``. A single-choice question must be answered;
    the others may be left empty."""
    if answer is None or answer == [] or answer == "":
        return "question_unanswered" if question.kind == SINGLE else None
    if question.kind == SINGLE:
        valid = isinstance(answer, int) and 0 <= answer < question.option_count
    elif question.kind == MULTIPLE:
        valid = isinstance(answer, list) and all(
            isinstance(a, int) and 0 <= a < question.option_count for a in answer)
    elif question.kind == UNITS:
        valid = isinstance(answer, list) and set(answer) <= set(unit_ids)
    else:
        valid = isinstance(answer, str) and len(answer) <= MAX_TEXT_ANSWER
    return None if valid else "answer_invalid"


def sheet_problems(design: SheetDesign, scores: Mapping[int, UnitScores],
                   answers: Mapping[int, Answer]) -> list[tuple[str, int]]:
    """Everything that keeps a sheet from being submitted: (problem, unit or question id)
    pairs, units first in the sheet's order; an empty list when it may be submitted."""
    problems = [(problem, unit_id) for unit_id in design.unit_ids
                if (problem := unit_problem(design, scores.get(unit_id)))]
    if set(scores) - set(design.unit_ids):
        problems.append(("unit_not_rated_by_group", 0))
    problems += [(problem, question.id) for question in design.questions
                 if (problem := answer_problem(question, answers.get(question.id),
                                               design.unit_ids))]
    return problems


# Results -------------------------------------------------------------------------------

def grade_for(score: float, thresholds: Mapping[str, float]) -> str:
    """The grade a unit's score earns: 满意 at or above ``thresholds["satisfied"]``, 基本满意
    at or above ``thresholds["basically_satisfied"]``, else 不满意."""
    if score >= thresholds[SATISFIED]:
        return SATISFIED
    if score >= thresholds[BASICALLY_SATISFIED]:
        return BASICALLY_SATISFIED
    return DISSATISFIED


def weighted_score(group_scores: Mapping[Key, float | None],
                   weights: Mapping[Key, int]) -> float | None:
    """A unit's score across rater groups: each group's average weighted by the group's
    share; groups with no sheet for the unit are left out and the others' weights scaled
    up, so a missing group neither counts as zero nor breaks the result."""
    present = {name: score for name, score in group_scores.items() if score is not None}
    total_weight = sum(weights[name] for name in present)
    if not total_weight:
        return None
    return sum(score * weights[name] for name, score in present.items()) / total_weight


def ranks(scores: Sequence[float | None]) -> list[int | None]:
    """Competition ranks (1, 2, 2, 4) of scores, highest first; no rank without a score."""
    ordered = sorted((score for score in scores if score is not None), reverse=True)
    first: dict[float, int] = {}
    for position, score in enumerate(ordered, start=1):
        first.setdefault(score, position)
    return [None if score is None else first[score] for score in scores]
