"""A rater's side: opening a sheet with a one-time code, saving a draft against the code,
and submitting the sheet once.

Submitting copies the answers into a ``RatingSheet`` with a random id and no reference
to the code, deletes the draft and marks the code used, in one transaction: afterwards no
row ties the sheet to the code. Nothing here logs a code or an answer.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from sqlalchemy import delete, select, update

from ... import evaluation_rules as rules
from ...extensions import db
from ...models import (
    RaterCode,
    RaterDraft,
    RaterGroup,
    RatingSheet,
    SheetAnswer,
    SheetScore,
)
from .codes import code_hash


class CodeRefused(Exception):
    """The code opens nothing: ``unknown``, ``used`` or ``closed`` (not collecting)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class SheetIncomplete(Exception):
    """The sheet may not be submitted yet; ``problems`` are the rules' (problem, id) pairs."""

    def __init__(self, problems: list[tuple[str, int]]):
        super().__init__(problems)
        self.problems = problems


def open_code(typed: str) -> RaterCode:
    """The unused code of an evaluation that is collecting, or :class:`CodeRefused`."""
    code: RaterCode | None = db.session.scalar(
        select(RaterCode).where(RaterCode.code_hash == code_hash(typed)))
    if code is None:
        raise CodeRefused("unknown")
    if code.used:
        raise CodeRefused("used")
    if not rules.may_collect(code.group.evaluation.status):
        raise CodeRefused("closed")
    return code


def sheet_design(group: RaterGroup) -> rules.SheetDesign:
    evaluation = group.evaluation
    return rules.SheetDesign(
        sheet_form=evaluation.sheet_form, unit_ids=tuple(unit.id for unit in group.units),
        indicator_max={i.id: i.max_points for i in evaluation.indicators},
        questions=tuple(rules.QuestionFacts(q.id, q.kind, len(q.options))
                        for q in evaluation.questions))


def _draft(code: RaterCode) -> RaterDraft:
    draft = db.session.get(RaterDraft, code.id)
    if draft is None:
        draft = RaterDraft(code_id=code.id, scores={}, answers={})
        db.session.add(draft)
    return draft


def draft_scores(code: RaterCode) -> dict[int, dict[int, int | str]]:
    """The draft's scores by unit id and indicator id (``GRADE_KEY`` for a grade)."""
    draft = db.session.get(RaterDraft, code.id)
    stored = draft.scores if draft else {}
    return {int(unit): {int(key): value for key, value in scores.items()}
            for unit, scores in stored.items()}


def draft_answers(code: RaterCode) -> dict[int, rules.Answer]:
    draft = db.session.get(RaterDraft, code.id)
    return {int(question): answer for question, answer in (draft.answers if draft else {}).items()}


def save_unit(code: RaterCode, unit_id: int, scores: Mapping[int, int | str]) -> str | None:
    """Keep one unit's scores in the draft; the rules' problem with them (then nothing is
    kept), or ``None``."""
    design = sheet_design(code.group)
    if unit_id not in design.unit_ids:
        return "unit_not_rated_by_group"
    problem = rules.unit_problem(design, scores)
    if problem:
        return problem
    draft = _draft(code)
    draft.scores = {**draft.scores, str(unit_id): {str(k): v for k, v in scores.items()}}
    db.session.commit()
    return None


def save_answers(code: RaterCode, answers: Mapping[int, rules.Answer]) -> list[tuple[str, int]]:
    """Keep the questionnaire's answers in the draft, dropping invalid ones; the problems
    of the answers given (an unanswered single choice is a problem only on submission)."""
    design = sheet_design(code.group)
    problems, kept = [], {}
    for question in design.questions:
        answer = answers.get(question.id)
        problem = rules.answer_problem(question, answer, design.unit_ids)
        if problem == "answer_invalid":
            problems.append((problem, question.id))
        elif answer not in (None, "", []):
            kept[str(question.id)] = answer
    _draft(code).answers = kept
    db.session.commit()
    return problems


def submit(code: RaterCode) -> None:
    """File the draft as an anonymous sheet and use up the code, or :class:`SheetIncomplete`
    (then nothing changes). A second submission with the same code, even a concurrent one,
    finds the code used."""
    design = sheet_design(code.group)
    scores, answers = draft_scores(code), draft_answers(code)
    problems = rules.sheet_problems(design, scores, answers)
    if problems:
        raise SheetIncomplete(problems)
    taken = db.session.execute(update(RaterCode).where(RaterCode.id == code.id,
                                                       RaterCode.used.is_(False))
                               .values(used=True))
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        raise CodeRefused("used")
    sheet = RatingSheet(id=secrets.token_hex(16), rater_group_id=code.rater_group_id)
    db.session.add(sheet)
    db.session.add_all(_score_rows(sheet.id, design, scores, code.group.evaluation.grade_points))
    db.session.add_all(_answer_rows(sheet.id, design, answers))
    db.session.execute(delete(RaterDraft).where(RaterDraft.code_id == code.id))
    db.session.commit()


def _score_rows(sheet_id: str, design: rules.SheetDesign,
                scores: Mapping[int, Mapping[int, int | str]],
                grade_points: Mapping[str, int]) -> list[SheetScore]:
    rows = []
    for unit_id in design.unit_ids:
        for key, value in scores[unit_id].items():
            if design.sheet_form == rules.GRADES:
                rows.append(SheetScore(sheet_id=sheet_id, unit_id=unit_id, indicator_key=0,
                                       grade=value, points=grade_points[str(value)]))
            else:
                rows.append(SheetScore(sheet_id=sheet_id, unit_id=unit_id, indicator_key=key,
                                       points=value))
    return rows


def _answer_rows(sheet_id: str, design: rules.SheetDesign,
                 answers: Mapping[int, rules.Answer]) -> list[SheetAnswer]:
    rows = []
    for question in design.questions:
        answer = answers.get(question.id)
        if answer in (None, "", []):
            continue
        if question.kind == rules.TEXT:
            rows.append(SheetAnswer(sheet_id=sheet_id, question_id=question.id, choice=0,
                                    text=answer))
            continue
        chosen = [answer] if isinstance(answer, int) else [int(c) for c in answer]
        rows.extend(SheetAnswer(sheet_id=sheet_id, question_id=question.id, choice=choice)
                    for choice in sorted(set(chosen)))
    return rows
