"""Listing extension requests (申请延期) across items, for the committee's decisions.

A request is decided on its item's page (:func:`rectify.services.tracking.items.decide_extension`);
this module only finds requests, within the items the reader may see.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import selectinload

from ...extensions import db
from ...models import ExtensionRequest, Item, User
from ...permissions import visible_items_clause
from ..reads.queries import involving_unit

EXTENSION_STATUSES = ("pending", "approved", "declined")


@dataclass(frozen=True)
class ExtensionFilters:
    status: str | None = "pending"  # None: every status
    campaign_id: int | None = None
    unit_id: int | None = None      # requests on items this unit leads or co-operates on


def extension_requests(user: User,
                       filters: ExtensionFilters) -> Select[ExtensionRequest, Item]:
    """(request, item) rows matching ``filters``, the longest waiting first."""
    return (select(ExtensionRequest, Item).join(Item, Item.id == ExtensionRequest.item_id)
            .where(*_clauses(user, filters))
            .order_by(ExtensionRequest.requested_at, ExtensionRequest.id)
            .options(selectinload(Item.lead_unit), selectinload(ExtensionRequest.requested_by)))


def count_extension_requests(user: User, filters: ExtensionFilters) -> int:
    return db.session.execute(select(func.count(ExtensionRequest.id))
                              .join(Item, Item.id == ExtensionRequest.item_id)
                              .where(*_clauses(user, filters))).scalar_one()


def extension_page(user: User, filters: ExtensionFilters, page: int,
                   per_page: int) -> list[tuple[ExtensionRequest, Item]]:
    """One page (numbered from 1) of :func:`extension_requests`."""
    query = extension_requests(user, filters).offset((page - 1) * per_page).limit(per_page)
    return [(request, item) for request, item in db.session.execute(query)]


def _clauses(user: User, filters: ExtensionFilters) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = [visible_items_clause(user)]
    if filters.status:
        clauses.append(ExtensionRequest.status == filters.status)
    if filters.campaign_id:
        clauses.append(Item.campaign_id == filters.campaign_id)
    if filters.unit_id:
        clauses.append(involving_unit(filters.unit_id))
    return clauses
