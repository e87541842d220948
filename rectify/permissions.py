"""Who may see what: every read of items goes through here.

Which *moves* a role may make lives in :mod:`rectify.workflow`; this module holds the
visibility rule (a department sees the items its unit leads or co-operates on, and its
own unit's deliverables; the other roles see all) and the role guard for views.
"""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user
from sqlalchemy import exists, false, or_, select, true

from . import workflow
from .extensions import db
from .models import Deliverable, Item, User
from .models.items import item_co_units

READ_ALL_ROLES = (workflow.ADMIN, workflow.COMMITTEE, workflow.LEADER)


class CommandLineReader:
    """Who reads when a command (``flask report ...``) runs: the operator of the server,
    who may read everything, as an administrator."""

    role = workflow.ADMIN
    unit_id = None
    id = None


def reads_everything(user: User) -> bool:
    return user.role in READ_ALL_ROLES


def visible_items_clause(user: User):
    """SQL condition selecting the items ``user`` may read."""
    if reads_everything(user):
        return true()
    if user.role != workflow.DEPARTMENT or user.unit_id is None:
        return Item.id.is_(None)  # nothing
    co_operates = exists().where(
        item_co_units.c.item_id == Item.id, item_co_units.c.unit_id == user.unit_id
    )
    return or_(Item.lead_unit_id == user.unit_id, co_operates)


def get_visible_item(user: User, item_id: int) -> Item | None:
    return db.session.scalar(select(Item).where(Item.id == item_id, visible_items_clause(user)))


def visible_item_or_404(item_id: int) -> Item:
    """The item, if the signed-in user may read it; otherwise 404 (it might not exist)."""
    item = get_visible_item(current_user, item_id)
    if item is None:
        abort(404)
    return item


def visible_deliverables_clause(user: User):
    """SQL condition selecting the deliverables (报送材料) ``user`` may read: readers all,
    a department its own unit's only."""
    if reads_everything(user):
        return true()
    if user.role != workflow.DEPARTMENT or user.unit_id is None:
        return false()
    return Deliverable.unit_id == user.unit_id


def visible_deliverable_or_404(deliverable_id: int) -> Deliverable:
    """The deliverable, if the signed-in user may read it; otherwise 404."""
    deliverable = db.session.scalar(select(Deliverable).where(
        Deliverable.id == deliverable_id, visible_deliverables_clause(current_user)))
    if deliverable is None:
        abort(404)
    return deliverable


def role_required(*roles: str):
    """View decorator: signed-in users of other roles get 403."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                from .extensions import login_manager

                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorate
