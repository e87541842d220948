"""Flask-Login wiring: loading users from server-side sessions, and where unauthenticated
requests go.

The signed cookie holds the user id (Flask-Login's ``_user_id``) and the key of a
:class:`~rectify.models.UserSession`; a request is signed in only while that session is
alive (see :mod:`rectify.services.accounts.user_sessions`).
"""

from __future__ import annotations

from flask import Flask, g, request, session
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, login_user, logout_user

from ..models import User
from ..services.accounts import user_sessions

SESSION_KEY = "sid"


def init_login(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in first.")
    login_manager.login_message_category = "warning"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        """The user of this request's live session: none when the session was ended or
        timed out, or the account is disabled."""
        live = user_sessions.live_session(session.get(SESSION_KEY), int(user_id)) \
            if user_id.isdigit() else None
        if live is None or not live.user.active:
            return None
        return live.user


def begin_session(user: User) -> None:
    """Sign ``user`` in with a fresh cookie session: nothing from before the sign-in is
    kept, the CSRF secret included, so a token issued to the anonymous page is refused."""
    session.clear()
    g.pop("csrf_token", None)
    login_user(user)
    session[SESSION_KEY] = user_sessions.start(user, request.remote_addr or "unknown",
                                               request.user_agent.string)
    session["locale"] = user.locale


def end_session() -> None:
    user_sessions.end(session.get(SESSION_KEY))
    logout_user()
    session.clear()


def current_session_key() -> str | None:
    return session.get(SESSION_KEY)
