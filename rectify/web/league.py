"""The unit league table (单位排名) of a campaign, on a page and as Excel.

The committee, leaders and administrators see it. Department liaisons get 403: the
table ranks every unit against the others, and a department never reads another unit's
items (its own figures are on its dashboard unit page).
"""

from __future__ import annotations

import os

from flask import Blueprint, after_this_request, render_template, request, send_file
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..models import Campaign
from ..permissions import may_read_league
from ..services.documents.league_export import write_league
from ..services.reads import league
from .guards import allowed_if
from .i18n import language

bp = Blueprint("league", __name__, url_prefix="/league")

HEADERS = {
    "rank": _l("Rank"),
    "unit": _l("Unit"),
    "raised": _l("Items raised"),
    "on_time": _l("Closed on time"),
    "closure_rate": _l("Closure rate"),
    "avg_days": _l("Average days to close"),
    "returns": _l("Returns"),
    "chases": _l("Chases"),
    "overdue": _l("Overdue now"),
    "satisfaction": _l("Satisfaction rate"),
    "ratings": _l("Ratings"),
    "deliverables_late": _l("Documents late"),
    "deliverables_owed": _l("Documents owed"),
    "deliverables_submitted": _l("Documents awaiting review"),
    "deliverables_accepted": _l("Documents accepted"),
}


def _campaigns() -> list[Campaign]:
    return list(db.session.scalars(select(Campaign).order_by(Campaign.year.desc(), Campaign.id)))


def _choice() -> tuple[list[Campaign], Campaign | None, str, bool]:
    """The campaigns, the chosen one (default: the latest), the sort column and direction
    from the query string; anything unknown falls back to the defaults."""
    campaigns = _campaigns()
    chosen = next((c for c in campaigns if str(c.id) == request.args.get("campaign")),
                  campaigns[0] if campaigns else None)
    sort = request.args.get("sort", league.DEFAULT_SORT)
    if sort not in league.COLUMNS:
        sort = league.DEFAULT_SORT
    direction = request.args.get("dir")
    descending = league.COLUMNS[sort] if direction not in ("asc", "desc") else direction == "desc"
    return campaigns, chosen, sort, descending


def _rows(chosen: Campaign | None, sort: str, descending: bool) -> list[league.LeagueRow]:
    if chosen is None:
        return []
    return league.league_table(current_user, chosen.id, clock.today(), sort, descending)


@bp.get("/")
@allowed_if(may_read_league)
def index():
    campaigns, chosen, sort, descending = _choice()
    return render_template("league/index.html", campaigns=campaigns, chosen=chosen,
                           rows=_rows(chosen, sort, descending), sort=sort,
                           descending=descending, headers=HEADERS, columns=league.COLUMNS,
                           lang=language())


@bp.get("/export.xlsx")
@allowed_if(may_read_league)
def export():
    """The table as shown, in the same order, as an Excel workbook."""
    _campaigns_list, chosen, sort, descending = _choice()
    headers = {key: str(text) for key, text in HEADERS.items()}
    headers["sheet"] = _("League table")
    lang = language()
    path = write_league(_rows(chosen, sort, descending), headers, lambda row: row.label(lang))

    @after_this_request
    def _remove_file(response):
        os.remove(path)
        return response

    name = f"{_('League table')}-{clock.today():%Y%m%d}.xlsx"
    return send_file(path, as_attachment=True, download_name=name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
