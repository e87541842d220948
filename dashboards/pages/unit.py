"""Unit: one unit's items by status, its deputies' satisfaction rate, its deliverables
(报送材料: owed, awaiting review, accepted, late), closures over time, its overdue items
and the state of its plugin checks. The unit page counts the items the unit or a unit
below it leads or co-operates on, as the item list's unit filter does: a town's page rolls
up its stations', a department's its sub-units' (the satisfaction rate, like the league
table, rates the items they lead; the deliverables are the unit's own). A department user
sees its own unit's page and those of the units below it, which the page links to."""

from __future__ import annotations

from dash import Dash, Input, Output, State, ctx, dcc, html
from flask import current_app, url_for
from flask_babel import format_number
from flask_babel import gettext as _
from flask_login import current_user

from rectify import clock, workflow
from rectify.figures.aggregates import Filters, Summary, summary
from rectify.figures.lists import check_states, overdue_page, shown_unit, sub_units, unit_roles
from rectify.labels import STATUS_LABELS
from rectify.models import Unit
from rectify.permissions import may_read_unit, unit_page_id
from rectify.services.reads import satisfaction
from rectify.services.reads.queries import involving_unit
from rectify.services.tracking.deliverables import DeliverableCounts, counts_by_unit

from .. import figures
from ..components import (
    Card,
    card_row,
    data_attributes,
    empty_state,
    graph,
    items_url,
    kpi_cards,
    locale,
    section,
)
from .overdue import overdue_table, pager_text, requested_page, sort_controls
from .overview import trend_figure

PREFIX = "un"


def layout(requested_unit: int | None, prefix: str) -> html.Div:
    unit = shown_unit(current_user, requested_unit)
    if unit is None:
        return html.Div([html.H1(_("Unit")), empty_state(_("There is no such unit."))],
                        className="dash-page unit")
    return html.Div([
        dcc.Store(id=f"{PREFIX}-unit", data=unit.id),
        html.H1(unit.display_name(locale()), id=f"{PREFIX}-title"),
        *hierarchy_links(unit, prefix),
        html.P(id=f"{PREFIX}-roles", className="dash-hint"),
        html.Div(id=f"{PREFIX}-cards"),
        html.Div(id=f"{PREFIX}-satisfaction"),
        section(_("Deliverables"), html.Div(id=f"{PREFIX}-deliverables")),
        html.Div([
            section(_("Items by status"), graph(f"{PREFIX}-status")),
            section(_("Raised versus closed over time"), graph(f"{PREFIX}-trend")),
        ], className="dash-grid"),
        section(_("Overdue items"), sort_controls(PREFIX), html.Div(id=f"{PREFIX}-table")),
        section(_("Plugin checks"), html.Div(id=f"{PREFIX}-checks")),
    ], className="dash-page unit")


def hierarchy_links(unit: Unit, prefix: str) -> list[html.P | html.Nav]:
    """Links up to the unit's parent (when the viewer may read it) and down to each of its
    sub-units, so a town's user can pick one of its stations."""
    lang = locale()
    links: list[html.P | html.Nav] = []
    if unit.parent is not None and may_read_unit(current_user, unit.parent.id):
        links.append(html.P([_("Part of: "), dcc.Link(unit.parent.display_name(lang),
                                                      href=f"{prefix}unit/{unit.parent.id}")],
                            className="dash-hint"))
    children = sub_units(unit.id)
    if children:
        links.append(html.Nav([
            html.Span(_("Sub-units (their items are included): ")),
            *[dcc.Link(child.display_name(lang), href=f"{prefix}unit/{child.id}",
                       className="dash-sub-unit") for child in children],
        ], id=f"{PREFIX}-sub-units", className="dash-hint dash-sub-units"))
    return links


def roles_text(unit_id: int) -> str:
    """How many of the visible items the unit (with the units below it) leads, and on how
    many it co-operates."""
    roles = unit_roles(current_user, unit_id)
    if roles.with_sub_units:
        return _("With its sub-units: leads %(lead)s items, co-operates on %(co)s.",
                 lead=roles.leads, co=roles.co_operates)
    return _("Leads %(lead)s items, co-operates on %(co)s.", lead=roles.leads,
             co=roles.co_operates)


def status_figure(counts: Summary):
    if not counts.total:
        return figures.empty_figure(_("This unit has no items."))
    keys = list(workflow.STATUSES)
    return figures.status_bars([str(STATUS_LABELS[k]) for k in keys],
                               [getattr(counts, k) for k in keys], keys)


def satisfaction_block(unit_id: int) -> html.Div:
    """The deputies' satisfaction rate (满意率) with the closed items the unit leads, over
    every campaign, and how many ratings it rests on; it opens the unit's closed items."""
    tally = satisfaction.of_unit(current_user, unit_id)
    value = "—" if tally.rate is None else f"{tally.rate:.1%}"
    hint = _("Ratings: %(ratings)s, items rated: %(items)s", ratings=tally.total,
             items=tally.items)
    card = html.A([
        html.Strong(value, className="kpi-value", **data_attributes(satisfaction=value)),
        html.Span(_("Satisfaction rate"), className="kpi-label"),
        html.Span(hint, className="kpi-label"),
    ], href=items_url(Filters(), unit_id, status=workflow.CLOSED),
        className="kpi kpi-satisfaction")
    return html.Div(card, className="kpi-row satisfaction")


def deliverable_cards(unit_id: int) -> html.Div:
    """The unit's deliverables over every campaign; each card opens the list."""
    counts = counts_by_unit(current_user, clock.today(), unit_id=unit_id).get(
        unit_id, DeliverableCounts())

    def link(status: str = "") -> str:
        return url_for("deliverables.deliverable_list", unit=unit_id, status=status or None)

    return card_row([
        Card("deliverables_owed", _("Documents owed"), format_number(counts.owed), link()),
        Card("deliverables_submitted", _("Documents awaiting review"),
             format_number(counts.submitted), link(workflow.SUBMITTED)),
        Card("deliverables_accepted", _("Documents accepted"), format_number(counts.accepted),
             link(workflow.ACCEPTED)),
        Card("deliverables_late", _("Documents late"), format_number(counts.late), link()),
    ])


def checks_table(unit_id: int) -> html.Div | html.Table:
    states = check_states(current_app, current_user, clock.today(), locale(),
                          involving_unit(unit_id))
    if not states:
        return empty_state(_("No open items of this unit have plugin checks."))
    head = html.Tr([html.Th(t) for t in (_("Code"), _("Check type"), _("Records"), _("State"))])
    rows = [html.Tr([
        html.Td(html.A(s.code, href=url_for("items.item_detail", item_id=s.item_id)),
                className="code"),
        html.Td(s.title),
        html.Td(str(s.records)),
        html.Td(html.Ul([html.Li(r) for r in s.reasons]) if s.reasons
                else html.Span(_("Checks pass"), className="dash-ok")),
    ]) for s in states]
    return html.Table([html.Thead(head), html.Tbody(rows)], className="dash-table")


def register_callbacks(dash_app: Dash) -> None:
    @dash_app.callback(
        Output(f"{PREFIX}-roles", "children"),
        Output(f"{PREFIX}-cards", "children"),
        Output(f"{PREFIX}-status", "figure"),
        Output(f"{PREFIX}-trend", "figure"),
        Output(f"{PREFIX}-checks", "children"),
        Output(f"{PREFIX}-satisfaction", "children"),
        Output(f"{PREFIX}-deliverables", "children"),
        Input(f"{PREFIX}-unit", "data"),
    )
    def update_unit(requested):
        unit_id = unit_page_id(current_user, _as_int(requested))
        if unit_id is None:
            empty = figures.empty_figure(_("There is no such unit."))
            return "", empty_state(_("There is no such unit.")), empty, empty, "", "", ""
        counts = summary(current_user, clock.today(), Filters(), involving_unit(unit_id))
        cards = card_row(kpi_cards(counts, Filters(), unit_id))
        return (roles_text(unit_id), cards, status_figure(counts),
                trend_figure(Filters(), False, involving_unit(unit_id)), checks_table(unit_id),
                satisfaction_block(unit_id), deliverable_cards(unit_id))

    @dash_app.callback(
        Output(f"{PREFIX}-table", "children"),
        Output(f"{PREFIX}-pager", "children"),
        Output(f"{PREFIX}-page", "data"),
        Input(f"{PREFIX}-unit", "data"),
        Input(f"{PREFIX}-sort", "value"),
        Input(f"{PREFIX}-desc", "value"),
        Input(f"{PREFIX}-prev", "n_clicks"),
        Input(f"{PREFIX}-next", "n_clicks"),
        State(f"{PREFIX}-page", "data"),
    )
    def update_unit_overdue(requested, sort, desc, _prev, _next, current):
        unit_id = unit_page_id(current_user, _as_int(requested))
        if unit_id is None:
            return empty_state(_("There is no such unit.")), "", 1
        page = overdue_page(current_user, clock.today(),
                            requested_page(current, ctx.triggered_id, PREFIX), sort or "days",
                            bool(desc), Filters(), involving_unit(unit_id))
        return overdue_table(page), pager_text(page), page.page


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
