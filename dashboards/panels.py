"""Plugin panels: what each enabled plugin contributes through ``rectify_dashboard_panels``.

A panel's ``compute(records, today, settings)`` gets only the check records of items the
viewer may see, and returns plain figure data (kind ``bar``, ``line``, ``number`` or
``table``); here that data becomes a Plotly figure, a big number or a table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dash import dcc, html
from flask import Flask
from flask_babel import gettext as _

from rectify.hookspecs import Panel
from rectify.models import User
from rectify.plugins import dashboard_panels, panel_data

from . import figures
from .lists import visible_records
from .queries import Filters


@dataclass(frozen=True)
class PanelResult:
    plugin: str
    panel: Panel
    data: dict[str, Any] | None  # None when the plugin raised

    def title(self, locale: str) -> str:
        return panel_title(self.panel, locale)


def panel_title(panel: Panel, locale: str) -> str:
    return panel.title_en if locale == "en" else panel.title_zh


def compute_panel(app: Flask, user: User, today: date, plugin: str, panel: Panel,
                  filters: Filters = Filters(), *extra) -> PanelResult:
    """One panel's figure data for ``user``; a panel that raises is recorded for the
    administrators and shown as failed."""
    records = visible_records(app, user, panel.check_type, filters, *extra)
    return PanelResult(plugin, panel, panel_data(app, plugin, panel, records, today))


def compute_panels(app: Flask, user: User, today: date, filters: Filters = Filters(),
                   *extra) -> list[PanelResult]:
    """Every enabled plugin's panels, computed for ``user``."""
    return [compute_panel(app, user, today, plugin, panel, filters, *extra)
            for plugin, panel in dashboard_panels(app)]


def panel_body(result: PanelResult, locale: str, large: bool = False) -> Any:
    """The panel's content: a graph, a number, a table, or a message."""
    data = result.data
    if data is None:
        return html.Div(_("This panel could not be computed."), className="dash-empty")
    figure = figures.plugin_figure(data, locale, _("No check records yet."), large)
    if figure is not None:
        return dcc.Graph(figure=figure, config={"displaylogo": False, "displayModeBar": False})
    if data.get("kind") == "number":
        return html.Div(str(data.get("value", "")), className="dash-number")
    if data.get("kind") == "table":
        return _table(data)
    return html.Div(_("This panel could not be computed."), className="dash-empty")


def _table(data: dict[str, Any]) -> Any:
    rows = data.get("rows") or []
    if not rows:
        return html.Div(_("No check records yet."), className="dash-empty")
    head = html.Tr([html.Th(str(c)) for c in data.get("columns") or []])
    body = [html.Tr([html.Td(str(v)) for v in row]) for row in rows]
    return html.Table([html.Thead(head), html.Tbody(body)], className="dash-table")


def panel_sections(results: list[PanelResult], locale: str, large: bool = False) -> list:
    return [html.Section([html.H2(r.title(locale)), panel_body(r, locale, large)],
                         className="dash-card plugin-panel",
                         **{"data-panel": r.panel.id, "data-plugin": r.plugin})
            for r in results]
