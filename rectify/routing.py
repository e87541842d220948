"""URL converters: ids in paths are the database's integer keys.

Werkzeug's ``int`` converter takes any number of digits, and a path such as
``/items/9223372036854775808`` then reached the database, which cannot hold the number
(SQLite raises OverflowError, PostgreSQL an out-of-range error): a 500. Here a larger
number than ``MAX_ID`` names nothing: 404, as for an id that does not exist (a converter
limit would make Werkzeug look for other routes and answer 405 for some paths).
"""

from __future__ import annotations

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


def install(app: Flask) -> None:
    """Call before any route is added (rules bind their converters when added)."""
    app.url_map.converters["int"] = IdConverter
