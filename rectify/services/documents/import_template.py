"""The problem-list template (问题清单模板) the committee downloads, fills and imports.

The first sheet has the headers :mod:`.problem_import` reads, in the user's language,
with drop-down lists for the columns that name something; a second sheet lists the
allowed values, so the file explains itself.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .problem_import import COLUMNS

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="B3261E")
REQUIRED_FILL = PatternFill("solid", fgColor="7A1712")
WIDTHS = {"problem": 50, "requirement": 40, "co_units": 24, "lead_unit": 22}
VALIDATION_ROWS = 5000


def template_workbook(headers: dict[str, str], sheet_names: dict[str, str],
                      allowed: dict[str, list[str]]) -> bytes:
    """The template as .xlsx bytes.

    ``headers`` maps column keys to header texts; ``sheet_names`` has ``items`` and
    ``values``; ``allowed`` maps column keys (lead_unit, category, ...) to the values a
    cell may take, listed on the second sheet and offered as drop-downs.
    """
    workbook = Workbook()
    items = workbook.active
    assert isinstance(items, Worksheet)  # a new workbook starts with one worksheet
    items.title = sheet_names["items"]
    values: Worksheet = workbook.create_sheet(sheet_names["values"])
    for index, (key, required) in enumerate(COLUMNS, start=1):
        cell = _text_cell(items, 1, index, headers[key])
        cell.font, cell.fill = HEADER_FONT, REQUIRED_FILL if required else HEADER_FILL
        items.column_dimensions[get_column_letter(index)].width = WIDTHS.get(key, 14)
    items.freeze_panes = "A2"
    for offset, (key, options) in enumerate(allowed.items(), start=1):
        _list_column(values, offset, headers[key], options)
        _drop_down(items, values.title, key, offset, len(options))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet: Worksheet, row: int, column: int, text: str) -> Cell:
    """A cell holding ``text`` as text: openpyxl would store a value beginning with ``=``
    (an admin-typed unit name ``=HYPERLINK(…)``) as a formula, which the ledger never does."""
    cell = sheet.cell(row=row, column=column, value=text)
    cell.data_type = "s"
    return cell


def _list_column(sheet: Worksheet, column: int, title: str, options: list[str]) -> None:
    _text_cell(sheet, 1, column, title).font = Font(bold=True)
    for row, option in enumerate(options, start=2):
        _text_cell(sheet, row, column, option)
    sheet.column_dimensions[get_column_letter(column)].width = 28


def _drop_down(items: Worksheet, values_title: str, key: str, column: int, count: int) -> None:
    if key == "co_units" or not count:
        return  # several units in one cell: a list cannot express that
    letter = get_column_letter(column)
    target = get_column_letter([k for k, _ in COLUMNS].index(key) + 1)
    validation = DataValidation(type="list", allow_blank=True,
                                formula1=f"'{values_title}'!${letter}$2:${letter}${count + 1}")
    validation.add(f"{target}2:{target}{VALIDATION_ROWS}")
    items.add_data_validation(validation)
