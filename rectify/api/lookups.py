"""Finding what a path names, as the caller may see it: another unit's item, and anything
on it, is simply not found (404), so ids reveal nothing."""

from __future__ import annotations

from ..models import Item
from ..permissions import get_visible_item
from ..routing import Row, row_on_item
from . import api_user
from .errors import not_found
from .inputs import MAX_ID


def visible_item(item_id: int) -> Item:
    """The item, if the caller may see it."""
    item = get_visible_item(api_user(), item_id) if item_id <= MAX_ID else None
    if item is None:
        raise not_found()
    return item


def row_of_item(model: type[Row], row_id: int, item: Item) -> Row:
    """The row of ``model`` (a record, request, re-check ...) with this id on ``item``."""
    row = row_on_item(model, row_id, item.id)
    if row is None:
        raise not_found()
    return row
