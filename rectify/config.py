"""Configuration: defaults here, overridden by environment variables (``RECTIFY_*``).

A production deployment must set ``RECTIFY_SECRET_KEY``; the factory refuses to start
without one unless ``RECTIFY_ENV`` is ``development`` or the app is under test.
"""

from __future__ import annotations

import json
import os

from .workflow import DUE_SOON_DAYS, YELLOW_LIGHT_WORKING_DAYS

DEFAULT_UPLOAD_EXTENSIONS = (
    "jpg", "jpeg", "png", "gif", "webp", "pdf",
    "doc", "docx", "xls", "xlsx", "ppt", "pptx", "wps", "txt",
)


def from_environment(instance_path: str) -> dict:
    """Settings read from the environment, with embedded-mode defaults."""
    env = os.environ
    database_url = env.get("RECTIFY_DATABASE_URL") or env.get("DATABASE_URL")
    if not database_url:
        database_url = "sqlite:///" + os.path.join(instance_path, "rectify.sqlite")
    return {
        "ENV_NAME": env.get("RECTIFY_ENV", "production"),
        "SECRET_KEY": env.get("RECTIFY_SECRET_KEY"),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "UPLOAD_FOLDER": env.get("RECTIFY_UPLOAD_FOLDER", os.path.join(instance_path, "uploads")),
        "MAX_UPLOAD_MB": int(env.get("RECTIFY_MAX_UPLOAD_MB", "10")),
        "DEMO_PASSWORD": env.get("RECTIFY_DEMO_PASSWORD", "rectify-demo"),
        "SESSION_COOKIE_SECURE": env.get("RECTIFY_SECURE_COOKIES", "0") == "1",
        # Plugins: comma-separated names (unset allow list: every plugin), and the
        # settings overrides as JSON, e.g. {"sand_mining": {"min_patrols": 10}}.
        "RECTIFY_PLUGINS_ALLOW": env.get("RECTIFY_PLUGINS_ALLOW"),
        "RECTIFY_PLUGINS_DENY": env.get("RECTIFY_PLUGINS_DENY", ""),
        "PLUGIN_SETTINGS": _json_setting(env, "RECTIFY_PLUGIN_SETTINGS"),
        # Which units use a check type (适用单位), where this committee's unit codes differ
        # from the plugin's declaration, as JSON, e.g. {"river_patrol": ["swj"]}.
        "CHECK_TYPE_UNITS": _json_setting(env, "RECTIFY_CHECK_TYPE_UNITS"),
        # How long a rendered item list page may be served again (0: never, and writes
        # are not tracked: set it alike in every process); see rectify/web/page_cache.py.
        "PAGE_CACHE_SECONDS": float(env.get("RECTIFY_PAGE_CACHE_SECONDS", "10")),
        # Server-side sessions (rectify/services/accounts/user_sessions.py): ended after this long
        # unused, and this long after the sign-in in any case.
        "SESSION_IDLE_MINUTES": int(env.get("RECTIFY_SESSION_IDLE_MINUTES", "30")),
        "SESSION_MAX_HOURS": int(env.get("RECTIFY_SESSION_MAX_HOURS", "12")),
        # How many reverse proxies in front of the app set X-Forwarded-For/-Proto/-Host
        # (0: none; the client address is then the connection's). See the README.
        "TRUSTED_PROXIES": int(env.get("RECTIFY_TRUSTED_PROXIES", "0")),
        # Personal API tokens expire after at most this many days.
        "API_TOKEN_MAX_DAYS": int(env.get("RECTIFY_API_TOKEN_MAX_DAYS", "365")),
        **_import_settings(env),
        # Roles whose users must sign in with a second factor (TOTP), comma-separated,
        # e.g. "admin,committee"; they enrol at their next sign-in before anything else.
        "TOTP_REQUIRED_ROLES": frozenset(
            role.strip() for role in env.get("RECTIFY_TOTP_REQUIRED_ROLES", "").split(",")
            if role.strip()),
        **_notification_settings(env),
        **_evaluation_settings(env),
    }


def _evaluation_settings(env) -> dict:
    """Evaluation results (rectify/services/evaluation/results.py): the score a unit needs
    for 满意 and for 基本满意, and whether a sheet grading every unit 满意 is invalid."""
    return {
        "EVALUATION_THRESHOLDS": {
            "satisfied": float(env.get("RECTIFY_EVALUATION_SATISFIED", "90")),
            "basically_satisfied": float(env.get("RECTIFY_EVALUATION_BASICALLY_SATISFIED",
                                                 "70"))},
        "EVALUATION_ALL_SATISFIED_INVALID":
            env.get("RECTIFY_EVALUATION_ALL_SATISFIED_INVALID", "0") == "1",
    }


def _import_settings(env) -> dict:
    """What one problem-list import may cost (rectify/services/documents/problem_import.py)."""
    return {
        "IMPORT_MAX_ROWS": int(env.get("RECTIFY_IMPORT_MAX_ROWS", "20000")),
        "IMPORT_MAX_CELLS": int(env.get("RECTIFY_IMPORT_MAX_CELLS", "1000000")),
        "IMPORT_MAX_UNPACKED_MB": int(env.get("RECTIFY_IMPORT_MAX_UNPACKED_MB", "50")),
        "IMPORT_MAX_SECONDS": int(env.get("RECTIFY_IMPORT_MAX_SECONDS", "60")),
        "IMPORT_MAX_PROBLEMS": int(env.get("RECTIFY_IMPORT_MAX_PROBLEMS", "200")),
    }


def _notification_settings(env) -> dict:
    """Reminders, escalation and the optional mail server (no RECTIFY_SMTP_HOST: no mail)."""
    due_days = env.get("RECTIFY_NOTIFY_DUE_DAYS", "7,3")
    try:
        days = tuple(sorted({int(d) for d in due_days.split(",") if d.strip()}, reverse=True))
    except ValueError as error:
        raise BadSetting(f"RECTIFY_NOTIFY_DUE_DAYS must be numbers like 7,3: {error}") from error
    return {
        "NOTIFY_DUE_DAYS": days,
        # "Due soon" on the dashboard's card and its link, the API's figures and the badges.
        "DUE_SOON_DAYS": int(env.get("RECTIFY_DUE_SOON_DAYS", str(DUE_SOON_DAYS))),
        "SEVERE_OVERDUE_DAYS": int(env.get("RECTIFY_SEVERE_OVERDUE_DAYS", "30")),
        # The yellow light (亮灯): an open item due within so many working days.
        "YELLOW_LIGHT_WORKING_DAYS": int(env.get("RECTIFY_YELLOW_LIGHT_WORKING_DAYS",
                                                 str(YELLOW_LIGHT_WORKING_DAYS))),
        "SMTP_HOST": env.get("RECTIFY_SMTP_HOST") or None,
        "SMTP_PORT": int(env.get("RECTIFY_SMTP_PORT", "25")),
        "SMTP_USER": env.get("RECTIFY_SMTP_USER") or None,
        "SMTP_PASSWORD": env.get("RECTIFY_SMTP_PASSWORD") or None,
        "SMTP_FROM": env.get("RECTIFY_SMTP_FROM", "rectify@localhost"),
        "SMTP_TLS": env.get("RECTIFY_SMTP_TLS", "0") == "1",
        # Links in mails point here, e.g. https://rectify.example.gov.cn (none when unset).
        "PUBLIC_URL": env.get("RECTIFY_PUBLIC_URL", "").rstrip("/"),
    }


class BadSetting(ValueError):
    pass


def _json_setting(env, name: str) -> dict:
    text = env.get(name)
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadSetting(f"{name} is not valid JSON: {error}") from error
    if not isinstance(value, dict):
        raise BadSetting(f"{name} must be a JSON object.")
    return value


DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "BABEL_DEFAULT_LOCALE": "zh_Hans_CN",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
    "LANGUAGES": {"zh_Hans_CN": "简体中文", "en": "English"},
    "ITEMS_PER_PAGE": 20,
    # The item list counts each status up to this many ("10,000+" past it): exact counts
    # would read every matching item on every page view (issue 7).
    "LIST_COUNT_CAP": 10_000,
    "UPLOAD_EXTENSIONS": DEFAULT_UPLOAD_EXTENSIONS,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_IMPORT_MB": 10,  # size limit of an uploaded problem list (问题清单)
    # Sign-in throttling (see rectify/services/accounts/sign_in.py).
    "LOGIN_MAX_FAILURES_PER_ACCOUNT": 5,   # at one address, before the delays start
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,  # different accounts failed from one address
    "LOGIN_LOCK_MINUTES": 15,              # the longest delay
    "LOGIN_FAILURE_WINDOW_MINUTES": 60,    # how long a failure counts
    "DASHBOARD_REFRESH_SECONDS": 30,  # meeting mode refreshes its figures this often
}
