"""The rectification ledger (整改台账) as an Excel workbook, written row by row.

The sheet is streamed straight into the .xlsx (see xlsx_stream), so memory stays flat
however many items there are; items are read from the database in batches with their
measures fetched per batch, not per row.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from functools import lru_cache
from datetime import date
from typing import Callable, Iterator

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from .. import workflow
from ..extensions import db
from ..hookspecs import Reason
from ..models import Action, Item
from .chasing import ChaseStats, chase_stats
from .checks import rule_results
from .xlsx_stream import StreamingSheet

BATCH = 1000
ZIP64_ROWS = 200_000
# (column key, width in characters)
# The columns a problem-list import reads come first and under the same headers, so an
# exported ledger imports again (see problem_import.LEDGER_ONLY for the others).
COLUMNS = (
    ("code", 16), ("lead_unit", 22), ("co_units", 22), ("category", 10), ("source", 12),
    ("priority", 8), ("problem", 50), ("requirement", 40), ("measures", 50),
    ("responsible_leader", 14), ("responsible_person", 12), ("due_date", 12),
    ("status", 10), ("closed_date", 12), ("days_overdue", 10), ("check_type", 16),
    ("check_state", 40), ("chase_count", 8), ("last_chased", 12),
)


def _measures_by_item(item_ids: list[int]) -> dict[int, list[str]]:
    rows = db.session.execute(
        select(Action.item_id, Action.body)
        .where(Action.item_id.in_(item_ids), Action.kind == workflow.MEASURE)
        .order_by(Action.item_id, Action.created_at, Action.id))
    measures: dict[int, list[str]] = {}
    for item_id, body in rows:
        measures.setdefault(item_id, []).append(body)
    return measures


def _batches(query: Select) -> Iterator[list[Item]]:
    """Items in keyset batches (by id), so each batch is one short query."""
    last_id = 0
    while True:
        batch = db.session.scalars(
            query.where(Item.id > last_id).order_by(None).order_by(Item.id).limit(BATCH)
            .options(selectinload(Item.lead_unit), selectinload(Item.category),
                     selectinload(Item.co_units))).all()
        if not batch:
            return
        yield batch
        last_id = batch[-1].id
        db.session.expunge_all()


@dataclass(frozen=True)
class LedgerWording:
    """How the ledger words things in the reader's language.

    ``headers`` maps column keys (and ``sheet``) to texts; ``label(kind, code)`` names a
    status, source, priority or check type; ``unit_name(unit)`` names a unit or category;
    ``check_state(reasons)``
    words a plugin check's result (``None``: the item has no check type).
    """

    headers: dict[str, str]
    label: Callable[[str, str], str]
    unit_name: Callable
    check_state: Callable[[list[Reason] | None], str]


def write_ledger(query: Select, today: date, wording: LedgerWording) -> str:
    """Write the items of ``query`` to a temporary .xlsx file and return its path."""
    wording = _memoised(wording)
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
    handle.close()
    with StreamingSheet(handle.name, wording.headers["sheet"],
                        [width for _key, width in COLUMNS], zip64=_is_large(query)) as sheet:
        sheet.header(wording.headers[key] for key, _width in COLUMNS)
        for batch in _batches(query):
            measures = _measures_by_item([item.id for item in batch])
            checks = rule_results(batch, today)
            chased = chase_stats([item.id for item in batch])
            for item in batch:
                sheet.append(_row(item, measures.get(item.id, []), checks.get(item.id),
                                  today, wording, chased.get(item.id)))
    return handle.name


def _is_large(query: Select) -> bool:
    """Whether the sheet may pass zip's 2 GB limit and needs Zip64 (rows average ~1.4 KB
    of XML, so 200,000 rows leave a wide margin; Zip64 stays off for ordinary files)."""
    count = select(func.count()).select_from(query.order_by(None).subquery())
    return db.session.scalar(count) > ZIP64_ROWS


def _memoised(wording: LedgerWording) -> LedgerWording:
    """The same wording, with each status/source/priority label looked up once per export:
    translating a label per row took a tenth of a 100,000-item export."""
    return replace(wording, label=lru_cache(maxsize=None)(wording.label))


def _row(item: Item, measures: list[str], check: list[Reason] | None, today: date,
         wording: LedgerWording, chased: ChaseStats | None = None) -> list:
    """One item's values in column order (text, dates, numbers; ``None`` for blanks)."""
    overdue_days = -workflow.days_left(item.due_date, today) if item.is_overdue(today) else 0
    by_key = {
        "code": item.code, "lead_unit": wording.unit_name(item.lead_unit),
        "co_units": "、".join(wording.unit_name(unit) for unit in item.co_units),
        "category": wording.unit_name(item.category),
        "source": wording.label("source", item.source),
        "priority": wording.label("priority", item.priority),
        "problem": item.problem, "requirement": item.requirement,
        "measures": "\n".join(f"{n}. {m}" for n, m in enumerate(measures, 1)),
        "responsible_leader": item.responsible_leader,
        "responsible_person": item.responsible_person, "due_date": item.due_date,
        "status": wording.label("status", item.status),
        "closed_date": item.closed_at.date() if item.closed_at else None,
        "days_overdue": overdue_days,
        "check_type": wording.label("check_type", item.check_type) if item.check_type else None,
        "check_state": wording.check_state(check),
        "chase_count": chased.count if chased else 0,
        "last_chased": chased.last_date if chased else None,
    }
    return [by_key[key] for key, _width in COLUMNS]
