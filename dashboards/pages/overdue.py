"""Overdue: every overdue item, one page at a time, and overdue counts per unit."""

from __future__ import annotations

from datetime import date

from dash import Dash, Input, Output, State, ctx, dcc, html, no_update
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from rectify import clock
from rectify.figures.aggregates import Filters
from rectify.figures.lists import OverduePage, OverdueRow, overdue_page, overdue_per_unit
from rectify.labels import STATUS_LABELS
from rectify.models import Unit

from .. import figures
from ..components import (
    data_attributes,
    empty_state,
    filter_bar,
    filter_inputs,
    graph,
    locale,
    register_filter_callbacks,
    section,
)
from .overview import clicked_unit

PREFIX = "od"


def sort_options() -> list[dict]:
    return [{"label": _("Days overdue"), "value": "days"}, {"label": _("Unit"), "value": "unit"},
            {"label": _("Code"), "value": "code"}, {"label": _("Status"), "value": "status"}]


def layout() -> html.Div:
    return html.Div([
        html.H1(_("Overdue items")),
        filter_bar(PREFIX),
        section(_("Overdue items per unit"), graph(f"{PREFIX}-units")),
        section(_("Overdue items"), sort_controls(PREFIX), html.Div(id=f"{PREFIX}-table")),
    ], className="dash-page overdue")


def sort_controls(prefix: str) -> html.Div:
    return html.Div([
        html.Label([_("Sort by"), dcc.Dropdown(id=f"{prefix}-sort", options=sort_options(),
                                               value="days", clearable=False)],
                   className="dash-filter"),
        dcc.Checklist(id=f"{prefix}-desc", options=[{"label": _("Reverse order"), "value": "desc"}],
                      value=[], className="dash-check"),
        html.Button(_("Previous page"), id=f"{prefix}-prev", n_clicks=0, className="dash-button"),
        html.Span(id=f"{prefix}-pager", className="dash-pager"),
        html.Button(_("Next page"), id=f"{prefix}-next", n_clicks=0, className="dash-button"),
        dcc.Store(id=f"{prefix}-page", data=1),
    ], className="dash-table-controls")


def overdue_table(page: OverduePage, large: bool = False) -> html.Div | html.Table:
    """The page's rows as an HTML table; each code links to the item page."""
    if not page.total:
        return empty_state(_("No overdue items. Well done."))
    lang = locale()
    head = html.Tr([html.Th(t) for t in (_("Unit"), _("Code"), _("Problem"), _("Due date"),
                                          _("Days overdue"), _("Status"))])
    body = [html.Tr([
        html.Td(row.unit_label(lang)),
        html.Td(html.A(row.code, href=url_for("items.item_detail", item_id=row.item_id)),
                className="code"),
        html.Td(row.problem[:80] + ("…" if len(row.problem) > 80 else ""), className="problem"),
        html.Td(row.due_date.isoformat(), className="nowrap"),
        html.Td([str(row.days_overdue), *severe_flag(row)], className="days"),
        html.Td(str(STATUS_LABELS.get(row.status, row.status)), className="nowrap"),
    ], className="severe" if row.severe else None,
        **data_attributes(item=str(row.item_id))) for row in page.rows]
    return html.Table([html.Thead(head), html.Tbody(body)],
                      className="dash-table large" if large else "dash-table")


def severe_flag(row: OverdueRow) -> list:
    """The 严重逾期 flag of a row overdue by more than the configured days."""
    if not row.severe:
        return []
    return [" ", html.Span(_("Severely overdue"), className="dash-badge severe")]


def pager_text(page: OverduePage) -> str:
    return _("Page %(page)s of %(pages)s · %(total)s overdue items", page=page.page,
             pages=page.pages, total=page.total)


def count_figure(filters: Filters, today: date, *extra):
    rows = overdue_per_unit(current_user, today, filters, *extra)
    if not rows:
        return figures.empty_figure(_("No overdue items. Well done."))
    lang = locale()
    labels = [Unit.name_for(name, name_en, lang) for _i, name, name_en, _n in rows]
    return figures.count_bars(labels, [r[3] for r in rows], _("Overdue"), [r[0] for r in rows])


def requested_page(current: int | None, trigger: str | None, prefix: str) -> int:
    """The page to show after ``trigger`` (a pager button, or a filter that resets it)."""
    current = current if isinstance(current, int) else 1
    if trigger == f"{prefix}-prev":
        return current - 1
    if trigger == f"{prefix}-next":
        return current + 1
    return 1


def register_callbacks(dash_app: Dash) -> None:
    register_filter_callbacks(dash_app, PREFIX)

    @dash_app.callback(
        Output(f"{PREFIX}-table", "children"),
        Output(f"{PREFIX}-pager", "children"),
        Output(f"{PREFIX}-page", "data"),
        Output(f"{PREFIX}-units", "figure"),
        *filter_inputs(PREFIX),
        Input(f"{PREFIX}-sort", "value"),
        Input(f"{PREFIX}-desc", "value"),
        Input(f"{PREFIX}-prev", "n_clicks"),
        Input(f"{PREFIX}-next", "n_clicks"),
        State(f"{PREFIX}-page", "data"),
    )
    def update_overdue(campaign, category, group, kind, start, end, sort, desc, _prev, _next,
                       current):
        filters = Filters.parse(campaign, category, group, kind, start, end)
        today = clock.today()
        page = overdue_page(current_user, today, requested_page(current, ctx.triggered_id, PREFIX),
                            sort or "days", bool(desc), filters)
        return overdue_table(page), pager_text(page), page.page, count_figure(filters, today)

    @dash_app.callback(
        Output("url", "pathname", allow_duplicate=True),
        Input(f"{PREFIX}-units", "clickData"),
        prevent_initial_call=True,
    )
    def open_unit_page(click):
        unit_id = clicked_unit(click)
        return f"{dash_app.config.requests_pathname_prefix}unit/{unit_id}" if unit_id else no_update
