"""The web interface: blueprints, template helpers and error pages."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from .. import clock, labels, permissions, workflow
from ..services.notices.notifications import unread_count
from ..services.setup import holidays as calendar
from ..services.setup import organisation
from . import (
    account,
    admin,
    auth,
    batch,
    campaigns,
    chases,
    check_records,
    deliverables,
    errors,
    evaluation_paper,
    evaluations,
    exports,
    extensions,
    followup,
    guards,
    holidays,
    i18n,
    imports,
    item_actions,
    items,
    league,
    notifications,
    rating,
    reports,
    security,
    todo,
    two_factor,
)
from .forms import check_field_label


def register(app: Flask) -> None:
    for blueprint in (auth.bp, items.bp, item_actions.bp, check_records.bp, exports.bp,
                      imports.bp, reports.bp, admin.bp, account.bp):
        app.register_blueprint(blueprint)
    for blueprint in (followup.bp, league.bp):
        app.register_blueprint(blueprint)
    for blueprint in (campaigns.bp, chases.bp, deliverables.bp, notifications.bp):
        app.register_blueprint(blueprint)
    for blueprint in (batch.bp, extensions.bp, evaluations.bp, rating.bp, holidays.bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(evaluation_paper.bp)
    todo.register(app)
    two_factor.register(app)
    errors.register_error_pages(app)
    security.register(app)
    # One read of each unit's subtree per request, for the pages, the API and the dashboards.
    permissions.keep_subtrees_in(guards.request_subtree_cache)

    @app.get("/healthz")
    def health():
        """For load balancers and the benchmark's floor of the stack: no login, no database."""
        return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}

    @app.get("/favicon.ico")
    def favicon():
        """The icon browsers ask for at the root of every site, whether a page links one
        or not (the pages link the same SVG)."""
        response = app.send_static_file("favicon.svg")
        response.cache_control.max_age = 86400
        return response

    app.jinja_env.filters.update(
        date=i18n.show_date, weekday=i18n.show_weekday, datetime=i18n.show_datetime,
        number=i18n.show_number,
    )

    @app.context_processor
    def template_helpers() -> dict:
        return {
            "labels": labels,
            "workflow": workflow,
            "permissions": permissions,
            "is_english": i18n.is_english,
            "today": clock.today(),
            "languages": app.config["LANGUAGES"],
            "check_field_label": check_field_label,
            "unread_notice_count": _unread_notice_count,
            "committee_short_name": _committee_short_name,
            "severe_overdue_days": app.config["SEVERE_OVERDUE_DAYS"],
            "item_days_left": _days_left,
            "item_light": calendar.light_of,
        }


def _days_left(item, today) -> int:
    """An item's days left (negative: overdue), in working days where it was due so."""
    return item.days_left(today, calendar.special_days_of_request())


def _unread_notice_count() -> int:
    """For the bell in the header: called by the template only for signed-in users."""
    return unread_count(current_user)


def _committee_short_name() -> str:
    """The organisation's short name, for the sign-in page (read only when shown)."""
    return organisation.current().short(i18n.language())
