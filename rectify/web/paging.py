"""The page number a list was asked for (``?page=N``), and the rest of its query string.

Flask-SQLAlchemy's ``paginate`` reads ``page`` from the query string with no upper bound,
and ``?page=9223372036854775808`` then overflowed the database's OFFSET (a 500). Lists
pass :func:`requested_page` instead: a page past the last one is simply empty.
"""

from __future__ import annotations

from typing import Any

from flask import request

MAX_PAGE = 1_000_000
# url_for's own keyword arguments: passed on from a query string, ``?endpoint=x`` made
# url_for fail (a TypeError) and ``?_method=POST`` build no link (a BuildError), a 500.
URL_FOR_KEYWORDS = frozenset({"endpoint", "_anchor", "_method", "_scheme", "_external"})


def requested_page() -> int:
    try:
        page = int(request.args.get("page", 1))
    except ValueError:
        return 1
    return min(max(page, 1), MAX_PAGE)


def list_args() -> dict[str, Any]:
    """The list's query arguments but its page number, for the links to its other pages
    and views (``url_for(..., **list_args())``). Any, not str: url_for takes them as its
    ``**values``, which mypy cannot tell from its own keywords that are left out here."""
    return {key: value for key, value in request.args.items()
            if key != "page" and key not in URL_FOR_KEYWORDS}
