"""Importing a problem list (问题清单) from Excel: every row checked, then all or nothing.

Units are named by their name, short name (简称), an alias (别名), English name or code;
categories by name, English name or code, and only active ones are taken.

The file is checked as a whole before anything is written: a wrong header, an unknown
unit or category, a bad or past date, an empty problem or a duplicate code anywhere
means nothing is imported, and the report names each bad row and column. A clean file is
raised in one transaction by :func:`rectify.services.tracking.items.raise_items`.

Importing the same file twice creates nothing new: a row whose item already exists (the
same code, or without a code the same campaign, lead unit and problem) is skipped. An
exported ledger imports too: its progress columns (measures, status, ...) are read past.

Problems are reported as codes with parameters (see ``labels.IMPORT_ERRORS``) so the
web page and the command line word them in the user's language.

What one import may cost is bounded by settings (``IMPORT_*`` in rectify/config.py): the
zip's declared unpacked sizes are checked before openpyxl parses anything (``zipfile``
stops a member that unpacks past its declared size, so the declaration cannot lie); only
the columns up to the last known header are read, and every cell read counts, empty rows
included; non-empty rows, seconds and the problems listed are capped too. Past the problem
cap the rest are counted, not kept, so a file of bad rows gives a short report.
"""

from __future__ import annotations

import re
import time
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any, TypeVar

from flask import current_app
from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ... import clock
from ...extensions import db
from ...labels import FIELD_LABELS, LEDGER_ONLY_LABELS, PRIORITY_LABELS, SOURCE_LABELS
from ...models import PRIORITIES, SOURCES, Campaign, Category, Item, Unit, User
from ...plugins import check_types
from ..setup.holidays import special_days
from ..tracking.item_fields import MAX_NAME, MAX_TEXT, ItemFields, validate_item_fields
from ..tracking.items import raise_items

# Column keys in template order, and whether a value is required.
COLUMNS: tuple[tuple[str, bool], ...] = (
    ("code", False), ("lead_unit", True), ("co_units", False), ("category", True),
    ("source", True), ("problem", True), ("requirement", True), ("due_date", False),
    ("priority", False), ("responsible_leader", False), ("responsible_person", False),
    ("check_type", False),
)
MAX_LENGTHS = {"code": 40, "problem": MAX_TEXT, "requirement": MAX_TEXT,
               "responsible_leader": MAX_NAME, "responsible_person": MAX_NAME}
# The item validation's field names as the import's column keys.
COLUMN_OF_FIELD = {"lead_unit_id": "lead_unit", "co_unit_ids": "co_units",
                   "category_id": "category", "due_working_days": "due_date"}
# A due date cell may give the deadline in working days: "15个工作日", "15 个工作日内".
WORKING_DAYS_CELL = re.compile(r"^\s*(\d{1,6})\s*个?\s*工作日内?\s*$")
MAX_ZIP_MEMBERS = 1000
LIST_SEPARATORS = re.compile(r"[、,，;；\s]+")
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Problem:
    """One reason the file cannot be imported. ``row`` is the Excel row number (the
    header is row 1); ``column`` a column key; both ``None`` for the whole file."""

    code: str
    row: int | None = None
    column: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, existing code)
    problems: list[Problem] = field(default_factory=list)
    problems_left_off: int = 0  # found past the ``max_problems`` listed
    max_problems: int = 200

    @property
    def ok(self) -> bool:
        return not self.problems

    def add_problem(self, problem: Problem) -> None:
        """Keep the first ``max_problems`` row problems and count the rest; a problem of
        the whole file (no row) is always kept."""
        if problem.row is None or len(self.problems) < self.max_problems:
            self.problems.append(problem)
        else:
            self.problems_left_off += 1


@dataclass(frozen=True)
class Limits:
    """What one import may cost (see the module docstring)."""

    max_rows: int
    max_cells: int
    max_unpacked_bytes: int
    max_seconds: int
    max_problems: int

    @classmethod
    def from_config(cls) -> Limits:
        config = current_app.config
        return cls(max_rows=config["IMPORT_MAX_ROWS"], max_cells=config["IMPORT_MAX_CELLS"],
                   max_unpacked_bytes=config["IMPORT_MAX_UNPACKED_MB"] * 1024 * 1024,
                   max_seconds=config["IMPORT_MAX_SECONDS"],
                   max_problems=config["IMPORT_MAX_PROBLEMS"])


class Budget:
    """Counts the cells read and the time spent; refuses the file past either limit."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.cells = 0
        self.deadline = time.monotonic() + limits.max_seconds

    def spend(self, cells: int) -> None:
        self.cells += cells
        if self.cells > self.limits.max_cells:
            raise FileRefused("too_many_cells", max=self.limits.max_cells)
        if time.monotonic() > self.deadline:
            raise FileRefused("too_slow", seconds=self.limits.max_seconds)


class Vocabulary:
    """What header and value cells may say, in Chinese or English or as codes."""

    def __init__(self) -> None:
        keys = tuple(key for key, _required in COLUMNS)
        self.headers = _lookup(_both_languages(FIELD_LABELS, keys))
        self.ledger_only = _lookup(_both_languages(LEDGER_ONLY_LABELS, tuple(LEDGER_ONLY_LABELS)))
        self.sources = _lookup(_both_languages(SOURCE_LABELS, SOURCES))
        self.priorities = _lookup(_both_languages(PRIORITY_LABELS, PRIORITIES))
        self.declared = check_types(current_app)
        self.special = special_days()
        self.check_types = _lookup({ct: [ct.id, ct.title_zh, ct.title_en]
                                    for ct in self.declared.values()})
        # Inactive units too: the item validation refuses them by name.
        units = db.session.scalars(select(Unit).options(selectinload(Unit.aliases))).all()
        self.units = _lookup({u: [u.name, u.short_name, *u.alias_names, u.name_en, u.code]
                              for u in units})
        categories = db.session.scalars(select(Category)).all()
        self.categories = _lookup({c: [c.name, c.name_en, c.code] for c in categories})


def _both_languages(labels: Mapping[str, Any], codes: tuple[str, ...]) -> dict[str, list[str]]:
    """Each code with its label in every interface language, and the code itself."""
    names: dict[str, list[str]] = {code: [code] for code in codes}
    for locale in current_app.config["LANGUAGES"]:
        with force_locale(locale):
            for code in codes:
                names[code].append(str(labels[code]))
    return names


_Value = TypeVar("_Value")


def _lookup(names_by_value: Mapping[_Value, Sequence[str | None]]) -> dict[str, _Value]:
    return {_key(name): value for value, names in names_by_value.items()
            for name in names if name}


def _key(text: Any) -> str:
    return re.sub(r"\s+", "", str(text)).lower()


# Reading the file -----------------------------------------------------------------------

class Sheet:
    """A workbook's first sheet, read lazily: its header, then rows of known width."""

    def __init__(self, stream: IO[bytes], budget: Budget):
        """Raises :class:`FileRefused` for anything that is not a sane .xlsx file."""
        self.budget = budget
        head = stream.read(4)
        stream.seek(0)
        if head != ZIP_MAGIC:
            raise FileRefused("not_xlsx")
        try:
            _check_archive(stream, budget.limits.max_unpacked_bytes)
            stream.seek(0)
            self.worksheet = load_workbook(stream, read_only=True, data_only=True).worksheets[0]
            # The sheet's declared size (A1:XFD1048576 costs as many empty cells) is not
            # trusted: only the rows present are read.
            self.worksheet.reset_dimensions()
            first = next(self.worksheet.iter_rows(max_row=1, values_only=True), ()) or ()
            self.header = _without_trailing_blanks(list(first))
        except FileRefused:
            raise
        except Exception as error:  # openpyxl and zipfile raise many kinds on broken files
            raise FileRefused("not_xlsx") from error
        budget.spend(len(self.header))

    def rows(self, width: int) -> Iterator[tuple[int, list[Any]]]:
        """(Excel row number, the first ``width`` cells) after the header; a sheet that
        breaks while being read is refused."""
        try:
            rows = self.worksheet.iter_rows(min_row=2, max_col=max(width, 1), values_only=True)
            for number, cells in enumerate(rows, start=2):
                self.budget.spend(max(width, 1))
                yield number, list(cells)
        except FileRefused:
            raise
        except Exception as error:  # e.g. XML with characters XML does not allow
            raise FileRefused("not_xlsx") from error


def _check_archive(stream: IO[bytes], max_unpacked_bytes: int) -> None:
    """Refuse a zip that is no workbook, or whose members (the sheet and the shared
    strings among them) declare more unpacked bytes than allowed."""
    with zipfile.ZipFile(stream) as archive:
        members = archive.infolist()
        if "xl/workbook.xml" not in {info.filename for info in members}:
            raise FileRefused("not_xlsx")
        if len(members) > MAX_ZIP_MEMBERS or \
                sum(info.file_size for info in members) > max_unpacked_bytes:
            raise FileRefused("too_large_unpacked")


def _without_trailing_blanks(cells: list[Any]) -> list[Any]:
    while cells and (cells[-1] is None or not str(cells[-1]).strip()):
        cells.pop()
    return cells


class FileRefused(Exception):
    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


# Checking and importing -----------------------------------------------------------------

def import_problem_list(user: User, campaign: Campaign, stream: IO[bytes],
                        new_codes: bool = False) -> ImportResult:
    """Check every row of the workbook; raise all its new items, or none.

    ``new_codes`` ignores the file's codes and numbers the items afresh, to copy an
    exported ledger into another campaign.
    """
    limits = Limits.from_config()
    result = ImportResult(max_problems=limits.max_problems)
    vocabulary = Vocabulary()
    try:
        sheet = Sheet(stream, Budget(limits))
    except FileRefused as refused:
        result.add_problem(Problem(refused.code, params=refused.params))
        return result
    columns = _columns(sheet.header, vocabulary, result)
    if new_codes:
        columns.pop("code", None)
    if not result.ok:
        return result
    try:
        rows = sheet.rows(max(columns.values()) + 1)
        parsed = _parse_rows(rows, columns, campaign, vocabulary, result, limits.max_rows)
    except FileRefused as refused:
        return ImportResult(problems=[Problem(refused.code, params=refused.params)])
    new_rows = _without_existing(parsed, campaign, result)
    if not result.ok:
        return result
    items = raise_items(user, [(fields, code) for _row, fields, code in new_rows])
    result.created = [item.code for item in items]
    return result


def _columns(header: list[Any], vocabulary: Vocabulary, result: ImportResult) -> dict[str, int]:
    """Column key -> index; reports unknown, repeated and missing required headers."""
    columns: dict[str, int] = {}
    for index, text in enumerate(header):
        if text is None or not str(text).strip():
            continue
        key = vocabulary.headers.get(_key(text))
        if key is None and _key(text) in vocabulary.ledger_only:
            continue  # an exported ledger's progress columns: not part of the problem
        if key is None:
            result.add_problem(Problem("unknown_column", params={"value": str(text)}))
        elif key in columns:
            result.add_problem(Problem("repeated_column", column=key))
        else:
            columns[key] = index
    for key, required in COLUMNS:
        if required and key not in columns:
            result.add_problem(Problem("missing_column", column=key))
    return columns


def _parse_rows(rows: Iterable[tuple[int, list[Any]]], columns: dict[str, int],
                campaign: Campaign, vocabulary: Vocabulary, result: ImportResult,
                max_rows: int) -> list[tuple[int, ItemFields, str | None]]:
    """Check each non-empty row (at most ``max_rows`` of them, good or bad)."""
    parsed = []
    codes_seen: dict[str, int] = {}
    for number, values in filled_rows(rows, columns, result, max_rows):
        row = _RowReader(number, values, vocabulary, result)
        fields, code = row.item_fields(campaign)
        if code:
            if code in codes_seen:
                result.add_problem(Problem("duplicate_code_in_file", number, "code",
                                               {"value": code, "other": codes_seen[code]}))
            codes_seen.setdefault(code, number)
        if fields is not None:
            parsed.append((number, fields, code))
    if not parsed and result.ok:
        result.add_problem(Problem("no_rows"))
    return parsed


def filled_rows(rows: Iterable[tuple[int, list[Any]]], columns: Mapping[str, int],
                result: ImportResult, max_rows: int) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {column key: cell}) of each row with any value in ``columns``, blank
    rows skipped; after ``max_rows`` of them, a ``too_many_rows`` problem ends the file."""
    filled = 0
    for number, cells in rows:
        values = {key: _cell(cells, index) for key, index in columns.items()}
        if all(value is None for value in values.values()):
            continue
        filled += 1
        if filled > max_rows:
            result.add_problem(Problem("too_many_rows", params={"max": max_rows}))
            return
        yield number, values


def _cell(cells: list[Any], index: int) -> Any:
    value = cells[index] if index < len(cells) else None
    if isinstance(value, str):
        value = value.strip() or None
    return value


class _RowReader:
    """Turns one row's cells into :class:`ItemFields`, reporting each bad cell."""

    def __init__(self, number: int, values: dict[str, Any], vocabulary: Vocabulary,
                 result: ImportResult):
        self.number, self.values, self.vocabulary, self.result = number, values, vocabulary, result
        self.bad = False

    def problem(self, code: str, column: str, **params: Any) -> None:
        self.result.add_problem(Problem(code, self.number, column, params))
        self.bad = True

    def text(self, key: str, required: bool = False) -> str:
        value = self.values.get(key)
        text = "" if value is None else str(value).strip()
        if required and not text:
            self.problem("required", key)
        elif key in MAX_LENGTHS and len(text) > MAX_LENGTHS[key]:
            self.problem("too_long", key, value=MAX_LENGTHS[key])
        return text

    def named(self, key: str, table: dict[str, Any], required: bool = False) -> Any:
        text = self.text(key, required)
        if not text:
            return None
        found = table.get(_key(text))
        if found is None:
            self.problem("unknown_" + key, key, value=text)
        return found

    def units(self, key: str) -> list[Unit]:
        names = [n for n in LIST_SEPARATORS.split(self.text(key)) if n]
        found = []
        for name in names:
            unit = self.vocabulary.units.get(_key(name))
            if unit is None:
                self.problem("unknown_co_units", key, value=name)
            else:
                found.append(unit)
        return found

    def due_working_days(self) -> int | None:
        """The working days a due date cell gives ("15个工作日"), None for a date."""
        match = WORKING_DAYS_CELL.match(str(self.values.get("due_date") or ""))
        return int(match.group(1)) if match else None

    def due_date(self) -> date | None:
        value = self.values.get("due_date")
        if value is None or self.due_working_days() is not None:
            return None
        if isinstance(value, datetime):
            value = value.date()
        elif not isinstance(value, date):
            try:
                value = date.fromisoformat(str(value).strip().replace("/", "-"))
            except ValueError:
                self.problem("bad_date", "due_date", value=str(value))
                return None
        return value

    def item_fields(self, campaign: Campaign) -> tuple[ItemFields | None, str | None]:
        v = self.vocabulary
        code = self.text("code") or None
        fields = ItemFields(
            campaign=campaign,
            lead_unit=self.named("lead_unit", v.units, required=True),
            co_units=self.units("co_units"),
            category=self.named("category", v.categories, required=True),
            source=self.named("source", v.sources, required=True),
            problem=self.text("problem", required=True),
            requirement=self.text("requirement", required=True),
            due_date=self.due_date(), due_working_days=self.due_working_days(),
            priority=self.named("priority", v.priorities) or "normal",
            responsible_leader=self.text("responsible_leader"),
            responsible_person=self.text("responsible_person"),
            check_type=getattr(self.named("check_type", v.check_types), "id", None),
        )
        if not self.bad:
            self.judge(fields)
        return (None if self.bad else fields), code

    def judge(self, fields: ItemFields) -> None:
        """Report what the item validation refuses, at its column, naming the cell as
        typed (a date cell, and of a list of units the refused ones, as the rule says)."""
        for name, error in validate_item_fields(fields, today=clock.today(),
                                                declared=self.vocabulary.declared,
                                                special=self.vocabulary.special).items():
            column = COLUMN_OF_FIELD.get(name, name)
            typed = self.values.get(column)
            named = typed if isinstance(typed, str) and column != "co_units" else error.value
            self.problem(error.code, column, value=named)


def _without_existing(parsed: list[tuple[int, ItemFields, str | None]], campaign: Campaign,
                      result: ImportResult) -> list[tuple[int, ItemFields, str | None]]:
    """Drop rows already imported; a code used by a different item is a problem."""
    by_code = _existing_by_code([code for _, _, code in parsed if code])
    by_problem = _existing_by_problem(campaign, {f.lead_unit.id for _, f, _ in parsed})
    new_rows = []
    for number, fields, code in parsed:
        same = (campaign.id, fields.lead_unit.id, fields.problem)
        if code and code in by_code:
            if by_code[code] != same:
                result.add_problem(Problem("code_taken", number, "code", {"value": code}))
            else:
                result.skipped.append((number, code))
        elif not code and same[1:] in by_problem:
            result.skipped.append((number, by_problem[same[1:]]))
        else:
            new_rows.append((number, fields, code))
    return new_rows


def _existing_by_code(codes: list[str]) -> dict[str, tuple[int, int, str]]:
    found = {}
    for start in range(0, len(codes), 500):
        rows = db.session.execute(
            select(Item.code, Item.campaign_id, Item.lead_unit_id, Item.problem)
            .where(Item.code.in_(codes[start:start + 500])))
        found.update({code: (campaign, unit, problem) for code, campaign, unit, problem in rows})
    return found


def _existing_by_problem(campaign: Campaign, unit_ids: set[int]) -> dict[tuple[int, str], str]:
    rows = db.session.execute(select(Item.lead_unit_id, Item.problem, Item.code).where(
        Item.campaign_id == campaign.id, Item.lead_unit_id.in_(unit_ids)))
    return {(unit, problem): code for unit, problem, code in rows}
