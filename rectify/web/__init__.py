"""The web interface: blueprints, template helpers and error pages."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from .. import clock, labels, permissions, workflow
from ..services.notices.notifications import unread_count
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
    exports,
    extensions,
    followup,
    guards,
    i18n,
    imports,
    item_actions,
    items,
    league,
    notifications,
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
    for blueprint in (batch.bp, extensions.bp):
        app.register_blueprint(blueprint)
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

    app.jinja_env.filters.update(
        date=i18n.show_date, datetime=i18n.show_datetime, number=i18n.show_number,
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
        }


def _unread_notice_count() -> int:
    """For the bell in the header: called by the template only for signed-in users."""
    return unread_count(current_user)


def _committee_short_name() -> str:
    """The organisation's short name, for the sign-in page (read only when shown)."""
    return organisation.current().short(i18n.language())
