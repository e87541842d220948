"""Read-only lists the items refer to (units, campaigns), the caller, and the dashboard's
aggregates. The aggregates come from :mod:`rectify.figures.aggregates`, the SQL the
dashboards draw from too, scoped by the caller's visibility there."""

from __future__ import annotations

from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..figures import aggregates as figures
from ..models import Campaign, Unit
from . import api_user, route
from .inputs import DashboardQuery
from .schemas import (
    CampaignList,
    CategoryFigures,
    Dashboard,
    DayFigures,
    Me,
    SourceFigures,
    Summary,
    UnitFigures,
    UnitList,
    campaign_out,
    me_out,
    unit_out,
)


@route("GET", "/me", summary="Who the token belongs to", response=Me)
def me() -> Me:
    return me_out(api_user())


@route("GET", "/units", summary="List units", response=UnitList)
def list_units() -> UnitList:
    """Every unit, active or not, in pinyin order of their Chinese names."""
    units = db.session.scalars(select(Unit).order_by(*Unit.official_order()))
    return UnitList(units=[unit_out(unit) for unit in units])


@route("GET", "/campaigns", summary="List campaigns", response=CampaignList)
def list_campaigns() -> CampaignList:
    """Newest year first."""
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.year.desc(), Campaign.id))
    return CampaignList(campaigns=[campaign_out(campaign) for campaign in campaigns])


@route("GET", "/dashboard", summary="Dashboard aggregates", query=DashboardQuery,
       response=Dashboard)
def dashboard(query: DashboardQuery) -> Dashboard:
    """The overview's figures over the items the caller may see, with its filters."""
    user, today = api_user(), clock.today()
    filters = figures.Filters(campaign_id=query.campaign, category_id=query.category,
                              group_id=query.group, unit_kind=query.kind,
                              start=query.start, end=query.end)
    counts = figures.breakdowns(user, today, filters)
    summary = counts.summary
    return Dashboard(
        due_soon_days=figures.due_soon_days(),
        summary=Summary(total=summary.total, open=summary.open,
                        in_progress=summary.in_progress, submitted=summary.submitted,
                        closed=summary.closed, overdue=summary.overdue,
                        due_soon=summary.due_soon, closure_rate=summary.closure_rate),
        per_unit=[UnitFigures(unit_id=row.unit_id, name=row.name, name_en=row.name_en,
                              on_time=row.on_time, overdue=row.overdue, closed=row.closed)
                  for row in figures.per_unit(user, today, filters)],
        by_category=[CategoryFigures(category_id=int(row.key), name=row.name,
                                     name_en=row.name_en, open=row.open, closed=row.closed)
                     for row in counts.categories],
        by_source=[SourceFigures(source=source, open=open_, closed=closed)
                   for source, open_, closed in counts.sources],
        cumulative=[DayFigures(day=day, raised=raised, closed=closed)
                    for day, raised, closed in figures.cumulative(user, filters)],
    )
