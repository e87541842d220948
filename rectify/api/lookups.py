"""Finding what a path names, as the caller may see it: another unit's item, and anything
on it, is simply not found (404), so ids reveal nothing."""

from __future__ import annotations

from typing import Protocol, TypeVar

from ..extensions import db
from ..models import Item
from ..permissions import get_visible_item
from . import api_user
from .errors import not_found
from .inputs import MAX_ID


class OnItem(Protocol):
    """A row that belongs to an item (a record, request, re-check ...)."""

    @property
    def item_id(self) -> int: ...


Row = TypeVar("Row", bound=OnItem)


def visible_item(item_id: int) -> Item:
    """The item, if the caller may see it."""
    item = get_visible_item(api_user(), item_id) if item_id <= MAX_ID else None
    if item is None:
        raise not_found()
    return item


def row_of_item(model: type[Row], row_id: int, item: Item) -> Row:
    """The row of ``model`` (a record, request, re-check ...) with this id on ``item``."""
    row = db.session.get(model, row_id) if row_id <= MAX_ID else None
    if row is None or row.item_id != item.id:
        raise not_found()
    return row
