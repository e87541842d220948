"""URL converters: ids in paths are the database's integer keys.

Werkzeug's ``int`` converter takes any number of digits, and a path such as
``/items/9223372036854775808`` then reached the database, which cannot hold the number
(SQLite raises OverflowError, PostgreSQL an out-of-range error): a 500. Here a larger
number than ``MAX_ID`` names nothing: 404, as for an id that does not exist (a converter
limit would make Werkzeug look for other routes and answer 405 for some paths).
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from flask import Flask
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # the database's integer keys


class IdConverter(IntegerConverter):
    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > MAX_ID:
            raise NotFound()
        return number


class OnItem(Protocol):
    """A row that belongs to an item (a check record, extension request, re-check ...)."""

    @property
    def item_id(self) -> int: ...


Row = TypeVar("Row", bound=OnItem)


def row_on_item(model: type[Row], row_id: int, item_id: int) -> Row | None:
    """The ``model`` row ``row_id`` of the item ``item_id``; None for a missing id or
    another item's row, so a path cannot reach a row by naming it under an item the
    user may see. The web answers None with 404, the API with its not-found error."""
    from .extensions import db

    row = db.session.get(model, row_id) if row_id <= MAX_ID else None
    return row if row is not None and row.item_id == item_id else None


def install(app: Flask) -> None:
    """Call before any route is added (rules bind their converters when added)."""
    app.url_map.converters["int"] = IdConverter
