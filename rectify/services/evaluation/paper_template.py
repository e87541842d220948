"""The paper-sheet template (纸质评议表录入模板) of one rater group, built like the
problem-list template: the first sheet has the headers :mod:`.paper_import` reads, in the
user's language, one row per paper sheet; Excel's data validation offers the grades as a
drop-down (listed on a second sheet) or keeps points whole from 0 to each maximum.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..documents.import_template import (
    HEADER_FILL,
    HEADER_FONT,
    REQUIRED_FILL,
    VALIDATION_ROWS,
    _list_column,
    _text_cell,
)
from .paper_import import MAX_SHEET_NUMBER, NUMBER, PaperColumn


def paper_template_workbook(columns: list[PaperColumn], headers: dict[str, str],
                            sheet_names: dict[str, str], grades: list[str]) -> bytes:
    """The template as .xlsx bytes: ``headers`` maps column keys to header texts,
    ``sheet_names`` has ``sheets`` and ``values``, ``grades`` the grade labels."""
    workbook = Workbook()
    sheets = workbook.create_sheet(sheet_names["sheets"], 0)
    workbook.remove(workbook.worksheets[1])
    keys = [NUMBER, *(column.key for column in columns)]
    for index, key in enumerate(keys, start=1):
        cell = _text_cell(sheets, 1, index, headers[key])
        cell.font, cell.fill = HEADER_FONT, REQUIRED_FILL if key == NUMBER else HEADER_FILL
        sheets.column_dimensions[get_column_letter(index)].width = 10 if key == NUMBER else 18
    sheets.freeze_panes = "B2"
    _whole_range(sheets, [1], 1, MAX_SHEET_NUMBER)
    by_maximum: dict[int, list[int]] = {}
    for index, column in enumerate(columns, start=2):
        if column.max_points is not None:
            by_maximum.setdefault(column.max_points, []).append(index)
    for maximum, indexes in by_maximum.items():
        _whole_range(sheets, indexes, 0, maximum)
    grade_columns = [index for index, c in enumerate(columns, start=2) if c.max_points is None]
    if grade_columns:
        values = workbook.create_sheet(sheet_names["values"])
        _list_column(values, 1, headers["grade"], grades)
        validation = DataValidation(type="list", allow_blank=True, showErrorMessage=True,
                                    formula1=f"'{values.title}'!$A$2:$A${len(grades) + 1}")
        _cover(validation, grade_columns)
        sheets.add_data_validation(validation)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _whole_range(sheet: Worksheet, indexes: list[int], low: int, high: int) -> None:
    validation = DataValidation(type="whole", operator="between", formula1=str(low),
                                formula2=str(high), allow_blank=True, showErrorMessage=True)
    _cover(validation, indexes)
    sheet.add_data_validation(validation)


def _cover(validation: DataValidation, indexes: list[int]) -> None:
    for index in indexes:
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{VALIDATION_ROWS}")
