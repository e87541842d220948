"""Live dashboards (Dash) on the Flask server, under ``/dashboard/``.

:func:`init_dashboards` builds a fresh Dash instance for each Flask app: Dash is created
with ``server=False`` and bound with ``init_app``, callbacks are registered on that
instance (never the global ``dash.callback``) and there are no module-level Dash objects,
so several apps in one process each work (plotly/dash#2398).
"""

from __future__ import annotations

import os

from dash import Dash
from flask import Flask, url_for
from flask_babel import gettext as _

from rectify.web.security import allow_inline_scripts

from . import auth, shell
from .components import locale
from .request_checks import install_request_checks

PREFIX = "/dashboard/"
EXTENSION_KEY = "rectify_dashboards"
FAVICON_LINK = '<link rel="icon" type="image/svg+xml" href="{}">'
ASSETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "assets")


def init_dashboards(app: Flask) -> Dash:
    """Mount the dashboards on ``app`` behind its login; return the Dash instance."""
    dash_app = _Dashboards(
        __name__, server=False, url_base_pathname=PREFIX, use_pages=False,
        assets_folder=ASSETS, suppress_callback_exceptions=True, serve_locally=True,
        title="Rectify", update_title="", csrf_token_name=auth.CSRF_COOKIE,
        csrf_header_name=auth.CSRF_HEADER,
    )
    auth.install_guard(app, PREFIX)
    hooks_before = list(app.before_request_funcs.get(None, []))
    dash_app.init_app(app)
    auth.confine_hooks(app, PREFIX, hooks_before)
    install_request_checks(app, dash_app, PREFIX)
    dash_app.layout = lambda: shell.shell_layout(PREFIX)
    shell.register_callbacks(dash_app)
    allow_inline_scripts(app, dash_app.csp_hashes())
    app.extensions[EXTENSION_KEY] = dash_app
    return dash_app


class _Dashboards(Dash):
    """Dash whose index page has the viewer's language in ``<html lang>`` and the title
    and the app's icon instead of Dash's (overriding ``interpolate_index`` is Dash's
    documented way to change that page)."""

    def interpolate_index(self, metas: str = "", title: str = "", css: str = "",
                          config: str = "", scripts: str = "", app_entry: str = "",
                          favicon: str = "", renderer: str = "") -> str:
        html: str = super().interpolate_index(
            metas=metas, title=f"{_('Dashboard')} · {_('Rectify')}", css=css, config=config,
            scripts=scripts, app_entry=app_entry, renderer=renderer,
            favicon=FAVICON_LINK.format(url_for("static", filename="favicon.svg")))
        return html.replace("<html>", f'<html lang="{"en" if locale() == "en" else "zh-CN"}">', 1)
