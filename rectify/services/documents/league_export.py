"""The unit league table as an Excel workbook (openpyxl's write-only mode: one row per
unit, so speed does not matter here): a frozen header row in the reader's language, then
one row per unit with real numbers — counts as integers, rates as percentages, days with
one decimal — so the committee can sort and compute on them in Excel."""

from __future__ import annotations

import tempfile
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ..reads.league import COLUMNS, LeagueRow
from .import_template import HEADER_FILL, HEADER_FONT

WIDTHS = {"rank": 6, "unit": 30, "ratings": 10}
FORMATS = {"closure_rate": "0.0%", "satisfaction": "0.0%", "avg_days": "0.0"}
# The sheet's columns: a rank, the table's columns, how many ratings the rate rests on, and
# the other counts of the units' deliverables (the table shows the late ones).
SHEET_COLUMNS = ("rank", *COLUMNS, "ratings", "deliverables_owed", "deliverables_submitted",
                 "deliverables_accepted")


CellValue = str | float | None  # what a sheet's cells hold (an int is a float to mypy)


def _value(row: LeagueRow, key: str, rank: int, unit_name: str) -> CellValue:
    if key == "rank":
        return rank
    if key == "unit":
        return unit_name
    figure: CellValue = getattr(row, key)  # a count, rate or days of SHEET_COLUMNS
    return figure


def _cell(sheet: WriteOnlyWorksheet, value: CellValue, key: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=value)
    if cell.data_type == "f":  # a unit named "=..." is text, never a formula Excel runs
        cell.data_type = "s"
    if isinstance(value, (int, float)):
        cell.number_format = FORMATS.get(key, "0")
    return cell


def write_league(rows: list[LeagueRow], headers: dict[str, str],
                 unit_name: Callable[[LeagueRow], str]) -> str:
    """Write ``rows`` in their order to a temporary .xlsx file and return its path.
    ``headers`` maps each of :data:`SHEET_COLUMNS` and ``sheet`` to a text."""
    workbook = Workbook(write_only=True)
    sheet: WriteOnlyWorksheet = workbook.create_sheet(headers["sheet"])
    sheet.freeze_panes = "A2"
    for index, key in enumerate(SHEET_COLUMNS, start=1):
        # The stubs omit the column_dimensions a write-only sheet gets from Worksheet._setup.
        sheet.column_dimensions[  # type: ignore[attr-defined]
            get_column_letter(index)].width = WIDTHS.get(key, 12)
    header = []
    for key in SHEET_COLUMNS:
        cell = WriteOnlyCell(sheet, value=headers[key])
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        header.append(cell)
    sheet.append(header)
    for rank, row in enumerate(rows, start=1):
        sheet.append([_cell(sheet, _value(row, key, rank, unit_name(row)), key)
                      for key in SHEET_COLUMNS])
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
    workbook.save(handle.name)
    return handle.name
