"""URL converters: ids in paths are the database's integer keys.

Werkzeug's ``int`` converter takes any number of digits, and a path such as
``/items/9223372036854775808`` then reached the database, which cannot hold the number
(SQLite raises OverflowError, PostgreSQL an out-of-range error): a 500. Here ``int``
only matches 0 to ``MAX_ID``, so a larger id is simply a page that does not exist (404).
"""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # the database's integer keys


class IdConverter(IntegerConverter):
    def __init__(self, map, fixed_digits: int = 0, min: int | None = None,  # noqa: A002
                 max: int | None = MAX_ID, signed: bool = False) -> None:  # noqa: A002
        super().__init__(map, fixed_digits, min, max, signed)


def install(app: Flask) -> None:
    """Call before any route is added (rules bind their converters when added)."""
    app.url_map.converters["int"] = IdConverter
