"""Meeting mode (会议模式): one full-screen page for the projector.

Large type and high contrast; the key numbers stay on screen and refresh on every tick of
a ``dcc.Interval`` (``DASHBOARD_REFRESH_SECONDS``, default 30), while the panel below
rotates through the per-unit chart, the trend, the overdue items and the plugin panels.
Nothing reloads the page: an item closed anywhere shows within one interval.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from typing import Any

from dash import Dash, Input, Output, dcc, html
from flask import current_app
from flask_babel import gettext as _
from flask_login import current_user

from rectify import clock
from rectify.figures.aggregates import Filters, summary
from rectify.figures.lists import overdue_page
from rectify.figures.panels import compute_panel, panel_title
from rectify.plugins import dashboard_panels

from ..components import card_row, data_attributes, kpi_cards, locale
from ..panels import panel_body
from .overdue import overdue_table
from .overview import trend_figure, unit_figure

PREFIX = "mt"
MEETING_CARDS = ("total", "closed", "closure_rate", "in_progress", "submitted", "overdue",
                 "due_soon")


def refresh_seconds() -> int:
    return max(1, int(current_app.config.get("DASHBOARD_REFRESH_SECONDS", 30)))


def layout(home: str) -> html.Div:
    return html.Div([
        dcc.Interval(id=f"{PREFIX}-tick", interval=refresh_seconds() * 1000, n_intervals=0),
        html.Header([
            html.H1(_("Rectification progress")),
            html.Span(id=f"{PREFIX}-updated", className="meeting-updated"),
            html.A(_("Exit meeting mode"), href=home, className="meeting-exit"),
        ], className="meeting-head"),
        html.Div(id=f"{PREFIX}-kpis"),
        html.Div(id=f"{PREFIX}-slide", className="meeting-slide"),
    ], className="dash-page meeting")


def slides() -> list[tuple[str, Callable[[], Any]]]:
    """(title, content builder) of each rotating slide; only the slide on screen is
    computed, fresh on every tick."""
    today, large, lang = clock.today(), True, locale()

    def units():
        return dcc.Graph(figure=unit_figure(Filters(), today, large, hide_empty=True),
                         config={"displayModeBar": False})

    def trend():
        return dcc.Graph(figure=trend_figure(Filters(), large), config={"displayModeBar": False})

    def overdue():
        return overdue_table(overdue_page(current_user, today, 1, "days"), large)

    def plugin_panel(plugin, panel):
        return lambda: panel_body(
            compute_panel(current_app, current_user, today, plugin, panel), lang, large)

    shown = [(_("Open and closed items per lead unit"), units),
             (_("Raised versus closed over time"), trend),
             (_("Most overdue items"), overdue)]
    shown += [(panel_title(panel, lang), plugin_panel(plugin, panel))
              for plugin, panel in dashboard_panels(current_app)]
    return shown


def slide(tick: int) -> html.Div:
    shown = slides()
    index = tick % len(shown)
    title, build = shown[index]
    return html.Div([
        html.H2([title, html.Span(f"{index + 1} / {len(shown)}", className="meeting-count")]),
        build(),
    ], **data_attributes(slide=str(index)))


def register_callbacks(dash_app: Dash) -> None:
    @dash_app.callback(
        Output(f"{PREFIX}-kpis", "children"),
        Output(f"{PREFIX}-slide", "children"),
        Output(f"{PREFIX}-updated", "children"),
        Input(f"{PREFIX}-tick", "n_intervals"),
    )
    def refresh_meeting(tick):
        counts = summary(current_user, clock.today(), Filters())
        cards = [c for c in kpi_cards(counts, Filters()) if c.key in MEETING_CARDS]
        updated = _("Updated %(time)s · every %(seconds)s s", time=local_time(),
                    seconds=refresh_seconds())
        return card_row(cards, large=True), slide(tick if isinstance(tick, int) else 0), updated


def local_time() -> str:
    """The committee's wall-clock time, for the "updated" line."""
    return clock.now().replace(tzinfo=UTC).astimezone(clock.TIMEZONE).strftime("%H:%M:%S")
