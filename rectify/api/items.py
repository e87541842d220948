"""Items, their records (整改记录) and their transitions.

Views find the item through :func:`rectify.permissions.get_visible_item` (another unit's
item is simply not found) and change it only through :mod:`rectify.services.items`, so the
workflow rules, the audit trail and the optimistic lock are the web's own.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from .. import clock, workflow
from ..extensions import db
from ..models import Action, Campaign, Category, Item, Unit
from ..permissions import get_visible_item
from ..plugins import check_types
from ..services import items as item_service
from ..services.queries import item_page, list_filters
from . import api_user, route
from .errors import ApiError, not_found
from .inputs import MAX_ID, ActionCreate, ItemCreate, ItemListQuery, ItemUpdate, TransitionRequest
from .schemas import ActionList, ActionOut, ItemOut, ItemPage, action_out, item_out

ITEM = "/items/<int:item_id>"


def _visible_item(item_id: int) -> Item:
    item = get_visible_item(api_user(), item_id) if item_id <= MAX_ID else None
    if item is None:
        raise not_found()
    return item


def _item_answer(item: Item) -> ItemOut:
    return item_out(item, api_user(), clock.today())


@route("GET", "/items", summary="List items", query=ItemListQuery, response=ItemPage)
def list_items(query: ItemListQuery) -> ItemPage:
    """The items the caller may see, with the web list's filters, sorting and paging, and
    counted as the web list counts."""
    filters = list_filters(
        campaign_id=query.campaign, unit_id=query.unit, category_id=query.category,
        group_id=query.group, unit_kind=query.kind, raised_from=query.raised_from,
        raised_to=query.raised_to, source=query.source, status=query.status,
        overdue=query.overdue, severe=query.severe,
        due_within=query.due_within, text=query.q, sort=query.sort,
    )
    user, today = api_user(), clock.today()
    _counts, page = item_page(user, filters, today, query.page, query.per_page)
    return ItemPage(items=[item_out(item, user, today) for item in page.items],
                    total=page.total, total_capped=page.capped, page=page.page,
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
    (``stage_closed``) takes no item: 409."""
    if not workflow.is_acceptable_due_date(body.due_date, clock.today()):
        raise _invalid("due_date", "in_past", "The due date cannot be in the past.")
    fields = _item_fields(body.model_dump(), current=None)
    return _item_answer(item_service.raise_item(api_user(), fields))


@route("PATCH", ITEM, summary="Change an item (committee)", body=ItemUpdate, response=ItemOut,
       failures=(403, 404, 409), guard=lambda user: workflow.can_edit_item(user.actor))
def update_item(item_id: int, body: ItemUpdate) -> ItemOut:
    """Only the fields sent change. A stale ``version`` gives 409 and changes nothing."""
    item = _visible_item(item_id)
    values = _current_values(item)
    values.update(body.model_dump(exclude_unset=True, exclude={"version"}))
    fields = _item_fields(values, current=item)
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


# Turning ids into rows ------------------------------------------------------------------

def _current_values(item: Item) -> dict:
    return {
        "campaign_id": item.campaign_id, "lead_unit_id": item.lead_unit_id,
        "co_unit_ids": [unit.id for unit in item.co_units], "category_id": item.category_id,
        "source": item.source, "problem": item.problem, "requirement": item.requirement,
        "priority": item.priority, "due_date": item.due_date,
        "responsible_leader": item.responsible_leader,
        "responsible_person": item.responsible_person, "check_type": item.check_type,
    }


def _invalid(field: str, code: str, message: str) -> ApiError:
    return ApiError(422, "invalid_input", "The body is not valid.",
                    [{"field": field, "code": code, "message": message}])


def _item_fields(values: dict, current: Item | None) -> item_service.ItemFields:
    """Look up the ids the body names; 422 naming every unknown one. As on the web form, a
    newly chosen unit and category must be active and a check type must be declared by
    an enabled plugin, while an item keeps the ones it already has."""
    campaign = db.session.get(Campaign, values["campaign_id"])
    lead_unit = db.session.get(Unit, values["lead_unit_id"])
    category = db.session.get(Category, values["category_id"])
    wanted = set(values["co_unit_ids"])
    co_units = list(db.session.scalars(select(Unit).where(Unit.id.in_(wanted))
                                       .order_by(*Unit.official_order())))
    problems = [{"field": name, "code": "unknown_id", "message": "No such record."}
                for name, row in (("campaign_id", campaign), ("lead_unit_id", lead_unit),
                                  ("category_id", category)) if row is None]
    missing = wanted - {unit.id for unit in co_units}
    if missing:
        problems.append({"field": "co_unit_ids", "code": "unknown_id",
                         "message": f"No such unit: {sorted(missing)}"})
    kept = {current.lead_unit_id, *(u.id for u in current.co_units)} if current else set()
    inactive = [u.id for u in [lead_unit, *co_units] if u and not u.active and u.id not in kept]
    if inactive:
        problems.append({"field": "lead_unit_id" if lead_unit and lead_unit.id in inactive
                         else "co_unit_ids", "code": "inactive_unit",
                         "message": f"Inactive unit: {inactive}"})
    if category and not category.may_be_given(current.category_id if current else None):
        problems.append({"field": "category_id", "code": "inactive_category",
                         "message": "This category is no longer in use."})
    check_type = values["check_type"] or None
    if check_type and check_type != (current.check_type if current else None) \
            and check_type not in check_types(current_app):
        problems.append({"field": "check_type", "code": "unknown_check_type",
                         "message": "No enabled plugin declares this check type."})
    if problems:
        raise ApiError(422, "invalid_input", "The body is not valid.", problems)
    return item_service.ItemFields(
        campaign=campaign, lead_unit=lead_unit, category=category, co_units=co_units,
        source=values["source"], problem=values["problem"], requirement=values["requirement"],
        priority=values["priority"], due_date=values["due_date"],
        responsible_leader=values["responsible_leader"],
        responsible_person=values["responsible_person"], check_type=check_type,
    )
