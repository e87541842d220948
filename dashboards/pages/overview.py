"""Overview: KPI cards, open/closed/overdue per unit, breakdowns and the closure trend."""

from __future__ import annotations

from datetime import date
from typing import Any

from dash import Dash, Input, Output, html, no_update
from flask_babel import format_number
from flask_babel import gettext as _
from flask_login import current_user

from rectify import clock
from rectify.figures.aggregates import (
    Breakdown,
    Filters,
    Summary,
    breakdowns,
    cumulative,
    per_unit,
)
from rectify.labels import SOURCE_LABELS

from .. import figures
from ..components import (
    card_row,
    empty_state,
    filter_bar,
    filter_inputs,
    graph,
    kpi_cards,
    locale,
    register_filter_callbacks,
    section,
)

PREFIX = "ov"


def layout() -> html.Div:
    return html.Div([
        html.H1(_("Overview")),
        filter_bar(PREFIX),
        html.Div(id=f"{PREFIX}-cards"),
        section(_("Open and closed items per lead unit"),
                html.P(_("Click a unit's bar to open its page."), className="dash-hint"),
                graph(f"{PREFIX}-units")),
        html.Div([
            section(_("By category"), graph(f"{PREFIX}-category")),
            section(_("By source"), graph(f"{PREFIX}-source")),
        ], className="dash-grid"),
        section(_("Raised versus closed over time"), graph(f"{PREFIX}-trend")),
    ], className="dash-page overview")


def series_labels() -> dict[str, str]:
    return {"overdue": _("Overdue"), "on_time": _("Open, not overdue"), "closed": _("Closed"),
            "open": _("Open"), "raised": _("Raised")}


def cards(counts: Summary, filters: Filters, large: bool = False) -> html.Div:
    row = card_row(kpi_cards(counts, filters), large)
    if counts.total:
        return row
    return html.Div([row, empty_state(_("No items match these filters."))])


# A city's 44 units all show; a province's thousand would be unreadable bars and a
# payload of names, so the chart shows the units with most open items (the per-unit
# table of the progress report and the league table list them all).
MAX_UNIT_BARS = 60


def most_open(units: list, limit: int) -> list:
    """The ``limit`` units with most open items (then most closed), kept in the order given
    (the official one)."""
    if len(units) <= limit:
        return units
    ranked = sorted(range(len(units)), key=lambda i: (-units[i].open, -units[i].closed))
    return [units[i] for i in sorted(ranked[:limit])]


def unit_figure(filters: Filters, today: date, large: bool = False, hide_empty: bool = False):
    """Per-unit bars in the units' official order; past :data:`MAX_UNIT_BARS` units, the
    ones with most open items. ``hide_empty`` leaves out units without items (meeting
    mode)."""
    units = per_unit(current_user, today, filters)
    if hide_empty:
        units = [u for u in units if u.open or u.closed]
    if not any(u.open or u.closed for u in units):
        return figures.empty_figure(_("No items match these filters."), large=large)
    shown, lang = most_open(units, MAX_UNIT_BARS), locale()
    caption = "" if len(units) == len(shown) else _(
        "The %(shown)s units with most open items, of %(total)s.", shown=len(shown),
        total=format_number(len(units)))
    return figures.unit_bars(shown, [u.label(lang) for u in shown], series_labels(), large,
                             caption=caption)


def category_figure(rows: list[Breakdown], large: bool = False):
    if not rows:
        return figures.empty_figure(_("No items match these filters."), large=large)
    lang = locale()
    return figures.open_closed_bars([r.label(lang) for r in rows], [r.open for r in rows],
                                    [r.closed for r in rows], series_labels(), large)


def source_figure(rows: list[tuple[str, int, int]], large: bool = False):
    if not rows:
        return figures.empty_figure(_("No items match these filters."), large=large)
    labels = [str(SOURCE_LABELS.get(code, code)) for code, _o, _c in rows]
    return figures.open_closed_bars(labels, [r[1] for r in rows], [r[2] for r in rows],
                                    series_labels(), large)


def trend_figure(filters: Filters, large: bool = False, *extra):
    points = cumulative(current_user, filters, *extra)
    if not points:
        return figures.empty_figure(_("No items match these filters."), large=large)
    return figures.cumulative_lines(points, series_labels(), clock.today(), large)


def register_callbacks(dash_app: Dash) -> None:
    register_filter_callbacks(dash_app, PREFIX)

    @dash_app.callback(
        Output(f"{PREFIX}-cards", "children"),
        Output(f"{PREFIX}-units", "figure"),
        Output(f"{PREFIX}-category", "figure"),
        Output(f"{PREFIX}-source", "figure"),
        Output(f"{PREFIX}-trend", "figure"),
        *filter_inputs(PREFIX),
    )
    def update_overview(campaign, category, group, kind, start, end):
        filters = Filters.parse(campaign, category, group, kind, start, end)
        today = clock.today()
        counts = breakdowns(current_user, today, filters)
        return (cards(counts.summary, filters), unit_figure(filters, today),
                category_figure(counts.categories), source_figure(counts.sources),
                trend_figure(filters))

    @dash_app.callback(
        Output("url", "pathname", allow_duplicate=True),
        Input(f"{PREFIX}-units", "clickData"),
        prevent_initial_call=True,
    )
    def open_unit_page(click):
        unit_id = clicked_unit(click)
        return f"{dash_app.config.requests_pathname_prefix}unit/{unit_id}" if unit_id else no_update


def clicked_unit(click: dict[str, Any] | None) -> int | None:
    """The unit id a click on a per-unit bar carries (its ``customdata``)."""
    if click is None:
        return None
    try:
        return int(click["points"][0]["customdata"])
    except (TypeError, KeyError, IndexError, ValueError):
        return None
