"""Flask-Login wiring: loading users, and where unauthenticated requests go."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager

from ..extensions import db
from ..models import User


def init_login(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in first.")
    login_manager.login_message_category = "warning"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        """The user of a session id ``<id>.<password stamp>`` (see ``User.get_id``): none
        when the account is disabled or its password changed since the sign-in."""
        user_id, _, stamp = session_id.partition(".")
        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        if user is None or not user.active or stamp != user.session_stamp:
            return None
        return user
