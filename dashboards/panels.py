"""Plugin panels on the page: the figure data :mod:`rectify.figures.panels` computes
becomes a Plotly figure, a big number or a table."""

from __future__ import annotations

from typing import Any

from dash import dcc, html
from flask_babel import gettext as _

from rectify.figures.panels import PanelResult

from . import figures
from .components import data_attributes


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
                         **data_attributes(panel=r.panel.id, plugin=r.plugin))
            for r in results]
