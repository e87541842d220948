"""Keeping the dashboards behind the core's login, and Dash's hooks under its prefix.

* Every request under the prefix needs a signed-in, active user (Flask-Login's
  ``current_user``; the user loader refuses inactive users). Page loads are redirected to
  the sign-in page; Dash's own requests (``_dash-*``, ``_reload-hash``, the assets and
  component suites) get 401, since a redirect would break the renderer's XHR calls.
  The guard goes by path, not by endpoint, so Dash's assets blueprint is covered too.
* Dash's callbacks are POSTs, so the core's CSRF protection applies to them: page loads
  set a cookie with the CSRF token, which the Dash renderer echoes in a header.
* Dash registers app-wide ``before_request`` hooks (its first-request setup); they are
  wrapped to run only for dashboard requests, so the Flask pages never evaluate Dash
  layouts.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import Flask, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from rectify.extensions import login_manager

CSRF_COOKIE = "rectify_dash_csrf"
CSRF_HEADER = "X-CSRFToken"


def under(prefix: str, path: str) -> bool:
    return path == prefix.rstrip("/") or path.startswith(prefix)


def is_dash_request(prefix: str, path: str) -> bool:
    """Dash's machinery (callbacks, layout, assets) rather than a page the user opens."""
    rest = path[len(prefix):] if path.startswith(prefix) else ""
    first = rest.split("/", 1)[0]
    return first.startswith("_") or first == "assets"


def install_guard(app: Flask, prefix: str) -> None:
    """Refuse anonymous requests under ``prefix``. The guard runs first of all
    ``before_request`` hooks, so an anonymous callback gets 401 rather than a CSRF error."""

    def dashboard_login_guard():
        if not under(prefix, request.path) or current_user.is_authenticated:
            return None
        if is_dash_request(prefix, request.path):
            response = jsonify(error="unauthenticated")
            response.status_code = 401
            return response
        return login_manager.unauthorized()

    app.before_request_funcs.setdefault(None, []).insert(0, dashboard_login_guard)

    @app.after_request
    def dashboard_csrf_cookie(response):
        if (request.method == "GET" and under(prefix, request.path)
                and not is_dash_request(prefix, request.path)
                and current_user.is_authenticated):
            response.set_cookie(CSRF_COOKIE, generate_csrf(), path=prefix, samesite="Lax",
                                secure=app.config.get("SESSION_COOKIE_SECURE", False),
                                httponly=False)  # the Dash renderer reads it
        return response


def confine_hooks(app: Flask, prefix: str, before: list[Callable]) -> None:
    """Wrap the app-wide ``before_request`` hooks added since ``before`` was taken so they
    run only for requests under ``prefix``."""
    funcs = app.before_request_funcs.setdefault(None, [])
    for index, func in enumerate(funcs):
        if func not in before:
            funcs[index] = _only_under(prefix, func)


def _only_under(prefix: str, func: Callable) -> Callable:
    @wraps(func)
    def hook(*args, **kwargs):
        if under(prefix, request.path):
            return func(*args, **kwargs)
        return None

    return hook
