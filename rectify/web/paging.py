"""The page number a list was asked for (``?page=N``).

Flask-SQLAlchemy's ``paginate`` reads ``page`` from the query string with no upper bound,
and ``?page=9223372036854775808`` then overflowed the database's OFFSET (a 500). Lists
pass :func:`requested_page` instead: a page past the last one is simply empty.
"""

from __future__ import annotations

from flask import request

MAX_PAGE = 1_000_000


def requested_page() -> int:
    try:
        page = int(request.args.get("page", 1))
    except ValueError:
        return 1
    return min(max(page, 1), MAX_PAGE)
