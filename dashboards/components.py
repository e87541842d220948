"""Building blocks the dashboard pages share: the viewer's locale, KPI cards that open
the item list, the filter bar and empty states. Everything here runs per request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dash import Dash, Input, Output, dcc, html
from flask import url_for
from flask_babel import format_number, get_locale
from flask_babel import gettext as _

from rectify.figures.aggregates import Filters, Summary, due_soon_days
from rectify.figures.lists import filter_choices
from rectify.labels import STATUS_LABELS, UNIT_KIND_LABELS


def locale() -> str:
    """``"en"`` or ``"zh"``: the signed-in user's language."""
    return "en" if str(get_locale()).startswith("en") else "zh"


def data_attributes(**values: str) -> dict[str, Any]:
    """``data-*`` attributes of a Dash component, passed as ``**data_attributes(kpi=key)``:
    Dash takes them as keyword arguments only, which a Python name cannot spell. Any:
    mypy cannot tell these keys from the component's own typed arguments."""
    return {f"data-{name}": value for name, value in values.items()}


def graph(graph_id: str, **kwargs: Any) -> dcc.Graph:
    return dcc.Graph(id=graph_id, config={"displaylogo": False, "displayModeBar": False},
                     **kwargs)


def section(title: str, *children: Any, class_name: str = "") -> html.Section:
    return html.Section([html.H2(title), *children], className=f"dash-card {class_name}".strip())


def empty_state(message: str) -> html.Div:
    return html.Div(message, className="dash-empty")


def items_url(filters: Filters, unit_id: int | None = None, **extra: Any) -> str:
    """The item list (/items/) with the query arguments its filter form knows."""
    args = {"campaign": filters.campaign_id, "category": filters.category_id,
            "group": filters.group_id, "kind": filters.unit_kind, "unit": unit_id,
            "raised_from": filters.start and filters.start.isoformat(),
            "raised_to": filters.end and filters.end.isoformat(), **extra}
    return url_for("items.item_list", **{k: v for k, v in args.items() if v})


# KPI cards ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Card:
    key: str
    label: str
    value: str
    href: str


def kpi_cards(counts: Summary, filters: Filters, unit_id: int | None = None) -> list[Card]:
    """The overview's cards; each opens the item list filtered to what it counts."""
    def link(**extra: Any) -> str:
        return items_url(filters, unit_id, **extra)

    days = due_soon_days()

    return [
        Card("total", _("Total items"), format_number(counts.total), link()),
        Card("closed", _("Closed"), format_number(counts.closed), link(status="closed")),
        Card("closure_rate", _("Closure rate"), f"{counts.closure_rate:.0%}",
             link(status="closed")),
        Card("open", str(STATUS_LABELS["open"]), format_number(counts.open), link(status="open")),
        Card("in_progress", str(STATUS_LABELS["in_progress"]), format_number(counts.in_progress),
             link(status="in_progress")),
        Card("submitted", str(STATUS_LABELS["submitted"]), format_number(counts.submitted),
             link(status="submitted")),
        Card("overdue", _("Overdue"), format_number(counts.overdue), link(overdue="y")),
        Card("due_soon", _("Due within %(n)s days", n=days), format_number(counts.due_soon),
             link(due_within=days)),
    ]


def card_row(cards: list[Card], large: bool = False) -> html.Div:
    return html.Div(
        [html.A([html.Strong(card.value, className="kpi-value"),
                 html.Span(card.label, className="kpi-label")],
                href=card.href, className=f"kpi kpi-{card.key}", **data_attributes(kpi=card.key))
         for card in cards],
        className="kpi-row large" if large else "kpi-row")


# Filters --------------------------------------------------------------------------------

def filter_id(prefix: str, name: str) -> str:
    """The element id of the filter ``name`` of a page: ``{prefix}-filter-{name}``. Filters
    have their own namespace so that a filter and the figure it filters (the category
    dropdown and the by-category chart) never share an id; a browser gives a callback the
    first element of a duplicated id, which made a filter do nothing."""
    return f"{prefix}-filter-{name}"


def filter_bar(prefix: str) -> html.Div:
    """Campaign, category, inspection group, unit kind and date range dropdowns; the ids
    come from :func:`filter_id`."""
    lang = locale()
    choices = filter_choices()

    def dropdown(name: str, label: str, options: list[dict]) -> html.Label:
        return html.Label([label, dcc.Dropdown(id=filter_id(prefix, name), options=options,
                                               placeholder=_("All"), clearable=True)],
                          className="dash-filter")

    return html.Div([
        dropdown("campaign", _("Campaign"),
                 [{"label": c.title, "value": c.id} for c in choices.campaigns]),
        dropdown("category", _("Category"),
                 [{"label": c.display_name(lang), "value": c.id} for c in choices.categories]),
        dropdown("group", _("Inspection group"),
                 [{"label": g.name, "value": g.id} for g in choices.groups]),
        dropdown("kind", _("Unit kind"),
                 [{"label": str(label), "value": kind}
                  for kind, label in UNIT_KIND_LABELS.items()]),
        html.Label([_("Raised between"), date_range(prefix, lang)],
                   className="dash-filter dates"),
        html.Button(_("Clear dates"), id=filter_id(prefix, "dates-clear"), n_clicks=0,
                    type="button", className="dash-button dash-clear-dates"),
    ], className="dash-filters")


def date_range(prefix: str, lang: str) -> dcc.DatePickerRange:
    """The raised-date picker. Its month and weekday names come from the date-fns locale
    that assets/date-picker-locale.js keeps for the page's language; weeks start on Monday
    and the month reads 2026年12月 in Chinese. Its own clear button is labelled in English
    only, so the filter bar has a "Clear dates" button instead
    (:func:`register_filter_callbacks`)."""
    return dcc.DatePickerRange(
        id=filter_id(prefix, "dates"), clearable=False, display_format="YYYY-MM-DD",
        month_format="MMMM YYYY" if lang == "en" else "YYYY年MMM", first_day_of_week=1,
        start_date_placeholder_text=_("Start"), end_date_placeholder_text=_("End"))


FILTER_FIELDS = ("campaign", "category", "group", "kind")


def filter_inputs(prefix: str) -> list:
    """The Inputs of a filter bar, in the order :meth:`Filters.parse` takes them."""
    dates = filter_id(prefix, "dates")
    return [Input(filter_id(prefix, name), "value") for name in FILTER_FIELDS] + [
        Input(dates, "start_date"), Input(dates, "end_date")]


def register_filter_callbacks(dash_app: Dash, prefix: str) -> None:
    """The filter bar's own callback: "Clear dates" empties the date range."""
    dates = filter_id(prefix, "dates")

    @dash_app.callback(Output(dates, "start_date"), Output(dates, "end_date"),
                       Input(filter_id(prefix, "dates-clear"), "n_clicks"),
                       prevent_initial_call=True)
    def clear_dates(_clicks: int | None) -> tuple[None, None]:
        return None, None
