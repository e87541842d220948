"""View guards over the predicates of :mod:`rectify.permissions`: the rule lives there,
the refusal (sign-in first, then 403; 404 for what the user may not see) here, with the
request-long cache of the unit tree those predicates read."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort, g, has_request_context
from flask_login import current_user

from .. import workflow
from ..extensions import login_manager
from ..models import Deliverable, Item, User
from ..permissions import SubtreeCache, get_visible_deliverable, get_visible_item

View = TypeVar("View", bound=Callable[..., Any])


def allowed_if(predicate: Callable[[User], bool]) -> Callable[[View], View]:
    """View decorator: anonymous users are sent to sign in, signed-in users whom
    ``predicate`` (e.g. ``permissions.may_read_league``) refuses get 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not predicate(current_user):
                abort(403)
            return view(*args, **kwargs)

        return cast(View, wrapper)

    return decorate


def role_required(*roles: str) -> Callable[[View], View]:
    """View decorator: signed-in users of other roles get 403."""
    return allowed_if(lambda user: user.role in roles)


def rule_required(rule: Callable[[workflow.Actor], bool]) -> Callable[[View], View]:
    """View decorator: signed-in users whose actor the workflow ``rule`` (e.g.
    ``workflow.can_manage_campaigns``) refuses get 403."""
    return allowed_if(lambda user: rule(user.actor))


def visible_item_or_404(item_id: int) -> Item:
    """The item, if the signed-in user may read it; otherwise 404 (it might not exist)."""
    item = get_visible_item(current_user, item_id)
    if item is None:
        abort(404)
    return item


def visible_deliverable_or_404(deliverable_id: int) -> Deliverable:
    """The deliverable, if the signed-in user may read it; otherwise 404."""
    deliverable = get_visible_deliverable(current_user, deliverable_id)
    if deliverable is None:
        abort(404)
    return deliverable


def request_subtree_cache() -> SubtreeCache | None:
    """Where :func:`rectify.permissions.unit_subtree_ids` keeps the subtrees it read
    during this request (in ``g``), so a page scoping many queries asks once; outside a
    request, nowhere."""
    if not has_request_context():
        return None
    cache: SubtreeCache = g.setdefault("unit_subtrees", {})
    return cache
