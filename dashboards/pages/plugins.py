"""Plugin panels: every panel the enabled plugins contribute, on the viewer's records."""

from __future__ import annotations

from dash import html
from flask import current_app
from flask_babel import gettext as _
from flask_login import current_user

from rectify import clock
from rectify.figures.panels import compute_panels

from ..components import empty_state, locale
from ..panels import panel_sections


def layout() -> html.Div:
    """Computed while the page is rendered (the router is itself a callback)."""
    results = compute_panels(current_app, current_user, clock.today())
    body = (panel_sections(results, locale()) if results
            else [empty_state(_("No plugin contributes a dashboard panel."))])
    return html.Div([html.H1(_("Plugin panels")), html.Div(body, className="dash-grid")],
                    className="dash-page plugins")
