"""Items, their records (整改记录) and their transitions.

Views find the item through :func:`rectify.permissions.get_visible_item` (another unit's
item is simply not found) and change it only through :mod:`rectify.services.tracking.items`, so the
workflow rules, the audit trail and the optimistic lock are the web's own.
"""

from __future__ import annotations

from sqlalchemy import select

from .. import clock, workflow
from ..extensions import db
from ..models import Action, Item
from ..permissions import get_visible_item
from ..services.reads.queries import ItemFilters, item_page, list_filters
from ..services.tracking import items as item_service
from ..services.tracking.item_fields import item_fields_from_ids
from . import api_user, route
from .errors import not_found
from .inputs import (
    MAX_ID,
    ActionCreate,
    ItemCreate,
    ItemFilterQuery,
    ItemListQuery,
    ItemUpdate,
    TransitionRequest,
)
from .schemas import ActionList, ActionOut, ItemOut, ItemPage, action_out, item_out

ITEM = "/items/<int:item_id>"


def _visible_item(item_id: int) -> Item:
    item = get_visible_item(api_user(), item_id) if item_id <= MAX_ID else None
    if item is None:
        raise not_found()
    return item


def item_filters(query: ItemFilterQuery, sort: str | None = None) -> ItemFilters:
    """The web list's filters, as the query string chose them."""
    return list_filters(
        campaign_id=query.campaign, unit_id=query.unit, category_id=query.category,
        group_id=query.group, unit_kind=query.kind, raised_from=query.raised_from,
        raised_to=query.raised_to, source=query.source, status=query.status,
        overdue=query.overdue, severe=query.severe,
        due_within=query.due_within, text=query.q, sort=sort,
    )


def _item_answer(item: Item) -> ItemOut:
    return item_out(item, api_user(), clock.today())


@route("GET", "/items", summary="List items", query=ItemListQuery, response=ItemPage)
def list_items(query: ItemListQuery) -> ItemPage:
    """The items the caller may see, with the web list's filters, sorting and paging, and
    counted as the web list counts."""
    user, today = api_user(), clock.today()
    _counts, page = item_page(user, item_filters(query, query.sort), today, query.page,
                              query.per_page)
    return ItemPage(items=[item_out(item, user, today) for item in page.items],
                    total=page.total or 0, total_capped=page.capped, page=page.page,
                    per_page=page.per_page, pages=page.pages)


@route("GET", ITEM, summary="Read an item", response=ItemOut, failures=(404,))
def read_item(item_id: int) -> ItemOut:
    return _item_answer(_visible_item(item_id))


@route("POST", "/items", summary="Raise an item (committee)", body=ItemCreate,
       response=ItemOut, status=201, failures=(403, 409),
       guard=lambda user: workflow.can_raise_item(user.actor))
def create_item(body: ItemCreate) -> ItemOut:
    """The new item is open, waiting for its lead unit to sign for it. A campaign that is
    archived (``campaign_archived``) or not in its inspection or rectification stage
    (``stage_closed``) takes no item: 409. Fields the item validation refuses (a due date
    in the past, an inactive unit ...): 422 naming each."""
    fields = item_fields_from_ids(body.model_dump())
    return _item_answer(item_service.raise_item(api_user(), fields))


@route("PATCH", ITEM, summary="Change an item (committee)", body=ItemUpdate, response=ItemOut,
       failures=(403, 404, 409), guard=lambda user: workflow.can_edit_item(user.actor))
def update_item(item_id: int, body: ItemUpdate) -> ItemOut:
    """Only the fields sent change. A stale ``version`` gives 409 and changes nothing."""
    item = _visible_item(item_id)
    values = _current_values(item)
    sent = body.model_dump(exclude_unset=True, exclude={"version"})
    if sent.get("due_working_days") is not None:
        values["due_date"] = None  # the working days replace the current date
    values.update(sent)
    fields = item_fields_from_ids(values)
    return _item_answer(item_service.update_item(api_user(), item, fields,
                                                 expected_version=body.version))


@route("GET", ITEM + "/actions", summary="List an item's records", response=ActionList,
       failures=(404,))
def list_actions(item_id: int) -> ActionList:
    """Measures, progress, evidence, comments and instructions, oldest first."""
    item = _visible_item(item_id)
    actions = db.session.scalars(select(Action).where(Action.item_id == item.id)
                                 .order_by(Action.created_at, Action.id))
    return ActionList(actions=[action_out(action) for action in actions])


@route("POST", ITEM + "/actions", summary="Add a record to an item", body=ActionCreate,
       response=ActionOut, status=201, failures=(403, 404, 409))
def add_action(item_id: int, body: ActionCreate) -> ActionOut:
    """Who may add which kind, and when, is the workflow's rule (files: web only)."""
    item = _visible_item(item_id)
    return action_out(item_service.add_action(api_user(), item, body.kind, body.body))


@route("POST", ITEM + "/transitions/<name>", summary="Move an item along the workflow",
       body=TransitionRequest, response=ItemOut, failures=(403, 404, 409),
       path_enums={"name": tuple(workflow.TRANSITIONS)})
def apply_transition(item_id: int, name: str, body: TransitionRequest) -> ItemOut:
    """sign_for and submit (the lead unit), return_item and close (committee), reopen
    (committee). Returning and reopening need a reason, closing the verification opinion
    (in ``reason``), reopening a ``new_due_date`` too. Submitting and closing run the
    plugin checks of the item's check type: 422 ``checks_failed`` lists every reason."""
    item = _visible_item(item_id)
    item_service.apply_transition(api_user(), item, name, body.reason,
                                  expected_version=body.version, new_due_date=body.new_due_date)
    return _item_answer(item)


def _current_values(item: Item) -> dict:
    """The item's fields as a body would name them: a PATCH sends only what changes."""
    return {
        "campaign_id": item.campaign_id, "lead_unit_id": item.lead_unit_id,
        "co_unit_ids": [unit.id for unit in item.co_units], "category_id": item.category_id,
        "source": item.source, "problem": item.problem, "requirement": item.requirement,
        "priority": item.priority, "due_date": item.due_date,
        "responsible_leader": item.responsible_leader,
        "responsible_person": item.responsible_person, "check_type": item.check_type,
    }
