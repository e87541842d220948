"""Word documents for download: feedback letters (反馈意见书) and progress reports.

The committee, leaders and administrators get every document; a department gets only
the feedback letters of its own unit and of the units below it (a town's letter holds
its stations' items; another unit's is 404, the progress report 403).
"""

from __future__ import annotations

import io

from flask import Blueprint, abort, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import clock
from ..extensions import db
from ..models import Campaign, Unit
from ..permissions import may_read_campaign_reports, may_read_unit
from ..services.documents.reports import (
    feedback_letter,
    feedback_letter_name,
    feedback_letters_zip,
    progress_report,
    units_with_items,
)
from ..text import safe_file_name
from .guards import allowed_if

bp = Blueprint("reports", __name__, url_prefix="/reports")

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(content: bytes, name: str):
    return send_file(io.BytesIO(content), mimetype=DOCX_MIMETYPE, as_attachment=True,
                     download_name=f"{name}.docx")


def _campaign_or_404(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        abort(404)
    return campaign


@bp.get("/")
@login_required
def index():
    campaigns = db.session.scalars(
        select(Campaign).order_by(Campaign.year.desc(), Campaign.id)).all()
    chosen = next((c for c in campaigns if str(c.id) == request.args.get("campaign")),
                  campaigns[0] if campaigns else None)
    units = []
    if chosen is not None:
        units = units_with_items(current_user, chosen)
    return render_template("reports/index.html", campaigns=campaigns, chosen=chosen,
                           units=units)


@bp.get("/<int:campaign_id>/feedback/<int:unit_id>.docx")
@login_required
def feedback(campaign_id: int, unit_id: int):
    campaign = _campaign_or_404(campaign_id)
    unit = db.session.get(Unit, unit_id)
    if unit is None or not may_read_unit(current_user, unit_id):
        abort(404)
    content = feedback_letter(current_user, campaign, unit, clock.today())
    return send_file(io.BytesIO(content), mimetype=DOCX_MIMETYPE, as_attachment=True,
                     download_name=feedback_letter_name(unit))


@bp.get("/<int:campaign_id>/feedback.zip")
@allowed_if(may_read_campaign_reports)
def feedback_zip(campaign_id: int):
    """Every unit's feedback letter of the campaign in one archive."""
    campaign = _campaign_or_404(campaign_id)
    content = feedback_letters_zip(current_user, campaign, clock.today())
    name = safe_file_name(f"{campaign.title}-" + _("Feedback letters")) + ".zip"
    return send_file(io.BytesIO(content), mimetype="application/zip", as_attachment=True,
                     download_name=name)


@bp.get("/<int:campaign_id>/progress.docx")
@allowed_if(may_read_campaign_reports)
def progress(campaign_id: int):
    campaign = _campaign_or_404(campaign_id)
    content = progress_report(current_user, campaign, clock.today())
    return _docx(content, _("Progress report") + f"-{clock.today():%Y%m%d}")
