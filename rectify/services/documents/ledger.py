"""The rectification ledger (整改台账) as an Excel workbook, written row by row.

The sheet is streamed straight into the .xlsx (see xlsx_stream), so memory stays flat
however many items there are. Items are read in keyset batches as plain rows of the
columns the ledger shows, not as ORM objects; their co-operating units, measures, chases
and check results are fetched per batch, and unit and category names once per export.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple

from sqlalchemy import Select, func, select

from ... import workflow
from ...extensions import db
from ...formats.xlsx_stream import StreamingSheet
from ...hookspecs import Reason
from ...models import Action, Category, Item, Unit
from ...models.items import item_co_units
from ..tracking.chasing import ChaseStats, chase_stats
from ..tracking.checks import rule_results

BATCH = 1000
ZIP64_ROWS = 200_000
# (column key, width in characters)
# The columns a problem-list import reads come first and under the same headers, so an
# exported ledger imports again (see problem_import.LEDGER_ONLY for the others).
COLUMNS = (
    ("code", 16), ("lead_unit", 22), ("co_units", 22), ("category", 10), ("source", 12),
    ("priority", 8), ("problem", 50), ("requirement", 40), ("measures", 50),
    ("responsible_leader", 14), ("responsible_person", 12), ("due_date", 12),
    ("status", 10), ("closed_date", 12), ("verification_opinion", 40), ("days_overdue", 10),
    ("check_type", 16),
    ("check_state", 40), ("chase_count", 8), ("last_chased", 12),
)
_in_column_order: Callable[[dict[str, object]], tuple[object, ...]] = itemgetter(
    *(key for key, _width in COLUMNS))


class ItemRow(NamedTuple):
    """The item columns a ledger row reads, named as on ``Item``. A plain tuple: building
    ORM objects (and eager-loading their units, categories and co-units per batch) took
    half of a 100,000-item export, and a SQLAlchemy ``Row``'s attributes are slow to read."""

    id: int
    code: str
    lead_unit_id: int
    category_id: int
    source: str
    priority: str
    problem: str
    requirement: str
    responsible_leader: str
    responsible_person: str
    due_date: date
    status: str
    closed_at: datetime | None
    verification_opinion: str
    check_type: str | None


ITEM_COLUMNS = tuple(getattr(Item, name) for name in ItemRow._fields)


@dataclass(frozen=True)
class LedgerWording:
    """How the ledger words things in the reader's language.

    ``headers`` maps column keys (and ``sheet``) to texts; ``label(kind, code)`` names a
    status, source, priority or check type; ``unit_name(name, name_en)`` names a unit or
    category from its Chinese and English names; ``check_state(reasons)`` words a plugin
    check's result (``None``: the item has no check type).
    """

    headers: dict[str, str]
    label: Callable[[str, str], str]
    unit_name: Callable[[str, str], str]
    check_state: Callable[[list[Reason] | None], str]


@dataclass(frozen=True)
class Names:
    """Unit and category display names by id, read once per export."""

    units: dict[int, str]
    categories: dict[int, str]


@dataclass(frozen=True)
class BatchDetails:
    """What a batch's rows need besides the items' own columns, each by item id."""

    co_units: dict[int, list[int]]
    measures: dict[int, list[str]]
    checks: dict[int, list[Reason]]
    chased: dict[int, ChaseStats]


def write_ledger(query: Select[Item], today: date, wording: LedgerWording) -> str:
    """Write the items of ``query`` to a temporary .xlsx file and return its path."""
    wording = _memoised(wording)
    names = _names(wording)
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
    handle.close()
    with StreamingSheet(handle.name, wording.headers["sheet"],
                        [width for _key, width in COLUMNS], zip64=_is_large(query)) as sheet:
        sheet.header(wording.headers[key] for key, _width in COLUMNS)
        for batch in _batches(query):
            details = _details(batch, today)
            for item in batch:
                sheet.append(_row(item, details, names, today, wording))
    return handle.name


def _batches(query: Select[Item]) -> Iterator[list[ItemRow]]:
    """The items of ``query`` in keyset batches (by id), so each batch is one short query.
    Only the ledger's columns are selected, so the query's loader options do not apply."""
    columns = query.with_only_columns(*ITEM_COLUMNS).order_by(None)
    last_id = 0
    while True:
        rows = db.session.execute(
            columns.where(Item.id > last_id).order_by(Item.id).limit(BATCH))
        batch = [ItemRow._make(row) for row in rows]
        if not batch:
            return
        yield batch
        last_id = batch[-1].id
        db.session.expunge_all()  # the Item objects the check rules were given


def _names(wording: LedgerWording) -> Names:
    return Names(units=_display_names(Unit, wording),
                 categories=_display_names(Category, wording))


def _display_names(model: type[Unit] | type[Category], wording: LedgerWording) -> dict[int, str]:
    rows = db.session.execute(select(model.id, model.name, model.name_en))
    return {id_: wording.unit_name(name, name_en) for id_, name, name_en in rows}


def _details(batch: list[ItemRow], today: date) -> BatchDetails:
    item_ids = [item.id for item in batch]
    return BatchDetails(
        co_units=_co_units_by_item(item_ids), measures=_measures_by_item(item_ids),
        checks=_rule_results([item.id for item in batch if item.check_type], today),
        chased=chase_stats(item_ids))


def _co_units_by_item(item_ids: list[int]) -> dict[int, list[int]]:
    """Each item's co-operating unit ids, in ``Item.co_units``' order (the official one)."""
    link = item_co_units.c
    rows = db.session.execute(
        select(link.item_id, link.unit_id).join(Unit, Unit.id == link.unit_id)
        .where(link.item_id.in_(item_ids)).order_by(*Unit.official_order()))
    co_units: dict[int, list[int]] = {}
    for item_id, unit_id in rows:
        co_units.setdefault(item_id, []).append(unit_id)
    return co_units


def _measures_by_item(item_ids: list[int]) -> dict[int, list[str]]:
    rows = db.session.execute(
        select(Action.item_id, Action.body)
        .where(Action.item_id.in_(item_ids), Action.kind == workflow.MEASURE)
        .order_by(Action.item_id, Action.created_at, Action.id))
    measures: dict[int, list[str]] = {}
    for item_id, body in rows:
        measures.setdefault(item_id, []).append(body)
    return measures


def _rule_results(item_ids: list[int], today: date) -> dict[int, list[Reason]]:
    """The plugin check results of these items (the few with a check type). Plugins are
    handed the core's ``Item`` and may read any of it, so these are loaded as objects."""
    if not item_ids:
        return {}
    items = db.session.scalars(select(Item).where(Item.id.in_(item_ids)).order_by(Item.id))
    return rule_results(list(items), today)


def _is_large(query: Select[Item]) -> bool:
    """Whether the sheet may pass zip's 2 GB limit and needs Zip64 (rows average ~1.4 KB
    of XML, so 200,000 rows leave a wide margin; Zip64 stays off for ordinary files)."""
    count = select(func.count()).select_from(query.order_by(None).subquery())
    return db.session.execute(count).scalar_one() > ZIP64_ROWS


def _memoised(wording: LedgerWording) -> LedgerWording:
    """The same wording, with each status/source/priority label looked up once per export:
    translating a label per row took a tenth of a 100,000-item export."""
    return replace(wording, label=lru_cache(maxsize=None)(wording.label))


def _row(item: ItemRow, details: BatchDetails, names: Names, today: date,
         wording: LedgerWording) -> tuple[object, ...]:
    """One item's values in column order (text, dates, numbers; ``None`` for blanks)."""
    overdue = workflow.is_overdue(item.status, item.due_date, today)
    measures = details.measures.get(item.id, ())
    chased = details.chased.get(item.id)
    by_key: dict[str, object] = {
        "code": item.code, "lead_unit": names.units[item.lead_unit_id],
        "co_units": "、".join(names.units[unit_id]
                             for unit_id in details.co_units.get(item.id, ())),
        "category": names.categories[item.category_id],
        "source": wording.label("source", item.source),
        "priority": wording.label("priority", item.priority),
        "problem": item.problem, "requirement": item.requirement,
        "measures": "\n".join(f"{n}. {m}" for n, m in enumerate(measures, 1)),
        "responsible_leader": item.responsible_leader,
        "responsible_person": item.responsible_person, "due_date": item.due_date,
        "status": wording.label("status", item.status),
        "closed_date": item.closed_at.date() if item.closed_at else None,
        "verification_opinion": item.verification_opinion or None,
        "days_overdue": -workflow.days_left(item.due_date, today) if overdue else 0,
        "check_type": wording.label("check_type", item.check_type) if item.check_type else None,
        "check_state": wording.check_state(details.checks.get(item.id)),
        "chase_count": chased.count if chased else 0,
        "last_chased": chased.last_date if chased else None,
    }
    return _in_column_order(by_key)
