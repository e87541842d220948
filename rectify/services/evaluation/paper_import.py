"""Importing paper scoring sheets (纸质评议表) of one rater group from Excel, all or nothing.

The committee types each paper sheet into one row of the group's template
(:mod:`.paper_template`): its sheet number (表号), then one cell per unit × indicator (the
points, 0 to the indicator's maximum) or per unit (the grade, 满意 / 基本满意 / 不满意), in
the official order of the units the group rates. Every cell is required: a paper sheet
follows the same completeness rule as an online one (:func:`rules.unit_problem`).

The file is read with the problem-list import's machinery (size, cell, row and time
limits, the row/column problem report) and checked as a whole: one bad cell anywhere
and nothing is stored. A clean file is stored in one transaction as anonymous
``RatingSheet`` and ``SheetScore`` rows, the same an online sheet makes, each marked as
paper by a ``PaperSheet`` row holding its group and sheet number.

Re-importing replaces: a row whose sheet number the group already has overwrites that
sheet's scores, so importing the same file twice stores the same sheets once, and a
corrected file fixes the typed values without duplicating sheets.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, insert, select

from ... import evaluation_rules as rules
from ... import workflow
from ...extensions import Model, db
from ...labels import GRADE_LABELS
from ...models import PaperSheet, RaterGroup, RatingSheet, SheetScore, Unit, User
from ..documents.problem_import import (
    Budget,
    FileRefused,
    ImportResult,
    Limits,
    Problem,
    Sheet,
    _both_languages,
    _key,
    _lookup,
    filled_rows,
)
from ..tracking.audit import record_campaign_event

NUMBER = "number"  # the sheet number column's key
MAX_SHEET_NUMBER = 999_999


@dataclass(frozen=True)
class PaperColumn:
    """A score column of the template: a unit's indicator (``max_points`` set) or, on the
    grade form, the unit's grade (``indicator_key`` is ``rules.GRADE_KEY``)."""

    key: str
    unit_id: int
    indicator_key: int
    unit_name: str
    unit_name_en: str
    indicator_name: str = ""
    max_points: int | None = None

    def header(self, locale: str) -> str:
        unit = Unit.name_for(self.unit_name, self.unit_name_en, locale)
        if self.max_points is None:
            return unit
        return str(_("%(unit)s · %(indicator)s (%(max)s points)", unit=unit,
                     indicator=self.indicator_name, max=self.max_points))


@dataclass
class PaperImportResult(ImportResult):
    """The problem-list import's result; ``created`` holds the new sheets' numbers and
    ``replaced`` the numbers of sheets the file overwrote."""

    replaced: list[int] = field(default_factory=list)


def paper_columns(group: RaterGroup) -> list[PaperColumn]:
    """The group's score columns: its units in official order, each with every indicator
    of the sheet in order, or one grade column per unit on the grade form."""
    evaluation = group.evaluation
    columns = []
    for unit in group.units:
        names = (unit.name, unit.name_en)
        if evaluation.sheet_form == rules.GRADES:
            columns.append(PaperColumn(f"u{unit.id}", unit.id, rules.GRADE_KEY, *names))
            continue
        columns.extend(PaperColumn(f"u{unit.id}-i{indicator.id}", unit.id, indicator.id, *names,
                                   indicator.name, indicator.max_points)
                       for indicator in evaluation.indicators)
    return columns


def column_headers(columns: list[PaperColumn], locale: str) -> dict[str, str]:
    """Column key -> header text in ``locale`` (the locale must be the active one)."""
    return {NUMBER: _("Sheet number"), **{c.key: c.header(locale) for c in columns}}


def check_may_collect_paper(user: User, group: RaterGroup) -> None:
    """Paper sheets are typed in by the committee while the evaluation collects sheets."""
    workflow.check_change_campaign(user.actor, group.evaluation.campaign.facts)
    if not rules.may_collect(group.evaluation.status):
        raise rules.EvaluationError("not_collecting")


def import_paper_sheets(user: User, group: RaterGroup, stream: IO[bytes]) -> PaperImportResult:
    """Check every row of the workbook; store all its sheets, or none."""
    check_may_collect_paper(user, group)
    limits = Limits.from_config()
    result = PaperImportResult(max_problems=limits.max_problems)
    try:
        sheet = Sheet(stream, Budget(limits))
    except FileRefused as refused:
        result.add_problem(Problem(refused.code, params=refused.params))
        return result
    columns = paper_columns(group)
    positions = _positions(sheet.header, columns, result)
    if not result.ok:
        return result
    reader = _RowReader(columns, _lookup(_both_languages(GRADE_LABELS, rules.GRADE_VALUES)),
                        result)
    try:
        parsed = reader.read(sheet.rows(max(positions.values()) + 1), positions, limits.max_rows)
    except FileRefused as refused:
        return PaperImportResult(problems=[Problem(refused.code, params=refused.params)])
    if result.ok:
        _store(user, group, parsed, result)
    return result


def _positions(header: list[Any], columns: list[PaperColumn],
               result: ImportResult) -> dict[str, int]:
    """Column key -> index, the headers read in either language; reports unknown,
    repeated and missing columns (every column of the template is required)."""
    known: dict[str, str] = {}
    for locale in current_app.config["LANGUAGES"]:
        with force_locale(locale):
            known.update({_key(text): key for key, text in column_headers(columns, locale).items()})
    positions: dict[str, int] = {}
    for index, text in enumerate(header):
        if text is None or not str(text).strip():
            continue
        key = known.get(_key(text))
        if key is None:
            result.add_problem(Problem("unknown_column", params={"value": str(text)}))
        elif key in positions:
            result.add_problem(Problem("repeated_column", column=key))
        else:
            positions[key] = index
    for key in (NUMBER, *(column.key for column in columns)):
        if key not in positions:
            result.add_problem(Problem("missing_column", column=key))
    return positions


# A parsed row: (Excel row, sheet number, {unit id: {indicator key: points or grade}}).
ParsedSheet = tuple[int, int, dict[int, dict[int, int | str]]]


class _RowReader:
    """Turns rows into sheets, reporting each bad cell at its row and column."""

    def __init__(self, columns: list[PaperColumn], grades: dict[str, str],
                 result: ImportResult):
        self.columns, self.grades, self.result = columns, grades, result
        # Each points cell is judged by the rules as a sheet of its one indicator.
        self.designs = {c.key: rules.SheetDesign(rules.INDICATORS, (c.unit_id,),
                                                 {c.indicator_key: c.max_points})
                        for c in columns if c.max_points is not None}

    def read(self, rows: Iterator[tuple[int, list[Any]]], positions: dict[str, int],
             max_rows: int) -> list[ParsedSheet]:
        parsed: list[ParsedSheet] = []
        numbers_seen: dict[int, int] = {}
        filled = False
        for row, values in filled_rows(rows, positions, self.result, max_rows):
            filled = True
            number = self.sheet_number(row, values[NUMBER], numbers_seen)
            scores = self.scores(row, values)
            if number is not None and scores is not None:
                parsed.append((row, number, scores))
        if not filled:
            self.result.add_problem(Problem("no_rows"))
        return parsed

    def problem(self, code: str, row: int, column: str, **params: Any) -> None:
        self.result.add_problem(Problem(code, row, column, params))

    def sheet_number(self, row: int, value: Any, seen: dict[int, int]) -> int | None:
        if value is None:
            self.problem("required", row, NUMBER)
            return None
        number = _whole(value)
        if number is None or not 1 <= number <= MAX_SHEET_NUMBER:
            self.problem("bad_sheet_number", row, NUMBER, value=value, max=MAX_SHEET_NUMBER)
            return None
        if number in seen:
            self.problem("duplicate_sheet_number", row, NUMBER, value=number, other=seen[number])
            return None
        seen[number] = row
        return number

    def scores(self, row: int, values: dict[str, Any]) -> dict[int, dict[int, int | str]] | None:
        """The row's scores by unit, or ``None`` when any cell is bad (each reported)."""
        scores: dict[int, dict[int, int | str]] = {}
        bad = False
        for column in self.columns:
            score = self.score(row, column, values[column.key])
            if score is None:
                bad = True
            else:
                scores.setdefault(column.unit_id, {})[column.indicator_key] = score
        return None if bad else scores

    def score(self, row: int, column: PaperColumn, value: Any) -> int | str | None:
        if value is None:
            self.problem("required", row, column.key)
            return None
        if column.max_points is None:
            grade = self.grades.get(_key(value))
            if grade is None:
                self.problem("unknown_grade", row, column.key, value=value)
            return grade
        points = _whole(value)
        if points is None or rules.unit_problem(self.designs[column.key],
                                                {column.indicator_key: points}):
            self.problem("points_out_of_range", row, column.key, value=value,
                         max=column.max_points)
            return None
        return points


def _whole(value: Any) -> int | None:
    """A cell as a whole number (25, 25.0 or "25"), else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _store(user: User, group: RaterGroup, parsed: list[ParsedSheet],
           result: PaperImportResult) -> None:
    """Store the file's sheets in one transaction, replacing those already imported. The
    rows go in as bulk inserts: a file of a thousand sheets has ~200,000 scores."""
    existing = _existing_sheets(group, [number for _row, number, _scores in parsed])
    replaced_ids = [existing[number] for _row, number, _s in parsed if number in existing]
    for start in range(0, len(replaced_ids), 500):
        db.session.execute(delete(SheetScore).where(
            SheetScore.sheet_id.in_(replaced_ids[start:start + 500])))
    grade_points = group.evaluation.grade_points
    new_sheets, scores_rows = [], []
    for _row, number, scores in parsed:
        sheet_id = existing.get(number)
        if sheet_id is None:
            sheet_id = secrets.token_hex(16)
            new_sheets.append({"id": sheet_id, "number": number})
            result.created.append(str(number))
        else:
            result.replaced.append(number)
        scores_rows += _score_values(sheet_id, scores, grade_points)
    _insert(RatingSheet,
            [{"id": s["id"], "rater_group_id": group.id} for s in new_sheets])
    _insert(PaperSheet, [{"sheet_id": s["id"], "rater_group_id": group.id,
                                    "number": s["number"]} for s in new_sheets])
    _insert(SheetScore, scores_rows)
    record_campaign_event(group.evaluation.campaign, user, "paper_sheets_imported",
                          new={"evaluation": group.evaluation.title, "group": group.name,
                               "created": len(result.created), "replaced": len(result.replaced)})
    db.session.commit()


def _score_values(sheet_id: str, scores: dict[int, dict[int, int | str]],
                  grade_points: dict[str, int]) -> list[dict[str, Any]]:
    """The sheet's ``sheet_score`` rows, as the online sheet's are: a grade with the
    points it carries, or an indicator's points."""
    return [{"sheet_id": sheet_id, "unit_id": unit_id, "indicator_key": key,
             "grade": value if isinstance(value, str) else None,
             "points": grade_points[value] if isinstance(value, str) else value}
            for unit_id, unit_scores in scores.items() for key, value in unit_scores.items()]


def _insert(model: type[Model], rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` of ``model``'s table in batches (one executemany each)."""
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(model), rows[start:start + 5000])


def _existing_sheets(group: RaterGroup, numbers: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for start in range(0, len(numbers), 500):
        rows = db.session.execute(select(PaperSheet.number, PaperSheet.sheet_id).where(
            PaperSheet.rater_group_id == group.id,
            PaperSheet.number.in_(numbers[start:start + 500])))
        found.update({number: sheet_id for number, sheet_id in rows})
    return found


def paper_counts(group_ids: list[int]) -> dict[int, int]:
    """Per rater group: the paper sheets imported (zero for a group without any)."""
    rows = db.session.execute(select(PaperSheet.rater_group_id, db.func.count())
                              .where(PaperSheet.rater_group_id.in_(group_ids))
                              .group_by(PaperSheet.rater_group_id))
    counts: dict[int, int] = {group_id: count for group_id, count in rows}
    return {group_id: counts.get(group_id, 0) for group_id in group_ids}
