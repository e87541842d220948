"""Language choice and locale-aware formatting for Chinese and English users."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_login import current_user


def select_locale() -> str:
    """The signed-in user's language, else the one chosen this session, else Chinese
    (also for commands, which run outside any request)."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale") or request.args.get("lang")
    if isinstance(chosen, str) and chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def is_english() -> bool:
    return str(get_locale()).startswith("en")


def language() -> str:
    """``"en"`` or ``"zh"``: which of a plugin's or a unit's two names to show."""
    return "en" if is_english() else "zh"


def show_date(value: date | str | None) -> str:
    """2026年11月27日 in Chinese, Nov 27, 2026 in English; also for the ISO dates the
    audit trail stores (2026-11-27)."""
    if isinstance(value, str):
        value = date.fromisoformat(value) if value else None
    return format_date(value, "medium") if value else ""


def show_weekday(value: date) -> str:
    """星期六 in Chinese, Saturday in English."""
    return format_date(value, "EEEE")


def show_datetime(value: datetime | None) -> str:
    """Stored UTC shown in the committee's time zone (Flask-Babel converts)."""
    return format_datetime(value, "medium") if value else ""


def show_number(value: float | int) -> str:
    return format_decimal(value)
