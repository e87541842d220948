"""Listing extension requests (申请延期) across items, for the committee's decisions.

A request is decided on its item's page (:func:`rectify.services.items.decide_extension`);
this module only finds requests, within the items the reader may see.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from ..models import ExtensionRequest, Item, User
from ..permissions import visible_items_clause
from .queries import involving_unit

EXTENSION_STATUSES = ("pending", "approved", "declined")


@dataclass(frozen=True)
class ExtensionFilters:
    status: str | None = "pending"  # None: every status
    campaign_id: int | None = None
    unit_id: int | None = None      # requests on items this unit leads or co-operates on


def extension_requests(user: User, filters: ExtensionFilters) -> Select:
    """(request, item) rows matching ``filters``, the longest waiting first."""
    clauses = [visible_items_clause(user)]
    if filters.status:
        clauses.append(ExtensionRequest.status == filters.status)
    if filters.campaign_id:
        clauses.append(Item.campaign_id == filters.campaign_id)
    if filters.unit_id:
        clauses.append(involving_unit(filters.unit_id))
    return (select(ExtensionRequest, Item).join(Item, Item.id == ExtensionRequest.item_id)
            .where(*clauses)
            .order_by(ExtensionRequest.requested_at, ExtensionRequest.id)
            .options(selectinload(Item.lead_unit), selectinload(ExtensionRequest.requested_by)))
