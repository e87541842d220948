"""The page frame every dashboard URL loads, and the router that fills it.

Dash serves one HTML page for every path under the prefix; ``dcc.Location`` tells the
router callback which page to render. Layouts are functions, evaluated per request, so
the viewer's language and unit scope apply to every page.
"""

from __future__ import annotations

from typing import Any

from dash import Dash, Input, Output, dcc, html
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from rectify.permissions import home_unit_id

from .components import empty_state
from .pages import meeting, overdue, overview, plugins, unit


def shell_layout(prefix: str) -> html.Div:
    """The frame: navigation, and the ``page`` container the router fills."""
    return html.Div([
        dcc.Location(id="url", refresh="callback-nav"),
        html.Header([
            html.A(_("Rectify"), href=url_for("home"), className="dash-brand"),
            html.Nav([
                dcc.Link(_("Overview"), href=prefix),
                dcc.Link(_("Overdue"), href=f"{prefix}overdue"),
                *unit_link(prefix),
                dcc.Link(_("Plugin panels"), href=f"{prefix}plugins"),
                dcc.Link(_("Meeting mode"), href=f"{prefix}meeting"),
                html.A(_("Items"), href=url_for("items.item_list")),
            ], className="dash-nav"),
        ], className="dash-topbar"),
        html.Main(id="page", className="dash-main"),
    ], id="shell", className="dash-shell")


def unit_link(prefix: str) -> list:
    """A department user's own unit page; other roles open unit pages from the charts."""
    unit_id = home_unit_id(current_user)
    if unit_id is None:
        return []
    return [dcc.Link(_("My unit"), href=f"{prefix}unit/{unit_id}")]


def route(prefix: str, pathname: str | None) -> tuple[Any, str]:
    """(page content, shell class) for ``pathname``."""
    path = pathname if isinstance(pathname, str) and pathname else prefix
    rest = path[len(prefix):] if path.startswith(prefix) else path.lstrip("/")
    parts = [p for p in rest.split("/") if p]
    if not parts:
        return overview.layout(), "dash-shell"
    if parts == ["overdue"]:
        return overdue.layout(), "dash-shell"
    if parts == ["plugins"]:
        return plugins.layout(), "dash-shell"
    if parts == ["meeting"]:
        return meeting.layout(prefix), "dash-shell meeting-mode"
    if parts[0] == "unit" and len(parts) == 2:
        number = parts[1]
        return unit.layout(int(number) if number.isascii() and number.isdigit() else None,
                           prefix), \
            "dash-shell"
    return html.Div([html.H1(_("Not found")),
                     empty_state(_("There is no such page, or you may not see it."))]), "dash-shell"


def register_callbacks(dash_app: Dash) -> None:
    prefix = dash_app.config.requests_pathname_prefix

    @dash_app.callback(Output("page", "children"), Output("shell", "className"),
                       Input("url", "pathname"))
    def render_page(pathname):
        return route(prefix, pathname)

    for page in (overview, overdue, unit, meeting):
        page.register_callbacks(dash_app)
