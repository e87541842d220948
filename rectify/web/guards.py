"""View guards over the predicates of :mod:`rectify.permissions`: the rule lives there,
the refusal (sign-in first, then 403) here."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user

from ..extensions import login_manager
from ..models import User


def allowed_if(predicate: Callable[[User], bool]):
    """View decorator: anonymous users are sent to sign in, signed-in users whom
    ``predicate`` (e.g. ``permissions.may_read_league``) refuses get 403."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not predicate(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorate
