"""The page number a list was asked for (``?page=N``).

Flask-SQLAlchemy's ``paginate`` reads ``page`` from the query string with no upper bound,
and ``?page=9223372036854775808`` then overflowed the database's OFFSET (a 500). Lists
pass :func:`requested_page` instead: a page past the last one is simply empty.
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask_sqlalchemy.pagination import SelectPagination

MAX_PAGE = 1_000_000


def requested_page() -> int:
    try:
        page = int(request.args.get("page", 1))
    except ValueError:
        return 1
    return min(max(page, 1), MAX_PAGE)


class CappedPagination(SelectPagination):
    """One page of a list whose total was counted only up to a cap
    (:class:`rectify.services.queries.StatusCounts`).

    Below the cap it is an ordinary page. Past it the number of pages is unknown, so the
    pager ends at the page after this one while this one is full, and never shows a
    made-up last page.
    """

    def __init__(self, total: int, capped: bool, **kwargs: Any) -> None:
        super().__init__(count=False, error_out=False, **kwargs)
        self.total = total
        self.capped = capped

    @property
    def pages(self) -> int:
        if not self.capped:
            return super().pages
        return self.page + 1 if len(self.items) == self.per_page else self.page
