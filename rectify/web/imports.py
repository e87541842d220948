"""Importing a problem list (问题清单) from Excel, and its template (committee only)."""

from __future__ import annotations

import io
from collections.abc import Mapping

from flask import Blueprint, current_app, render_template, send_file
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import BooleanField, SelectField
from wtforms.validators import InputRequired

from .. import workflow
from ..extensions import db
from ..labels import FIELD_LABELS, IMPORT_ERRORS, PRIORITY_LABELS, SOURCE_LABELS
from ..models import Campaign, Category, Unit
from ..plugins import check_types
from ..services.documents.import_template import template_workbook
from ..services.documents.problem_import import ImportResult, Problem, import_problem_list
from . import choices
from .forms import PlainTextForm
from .guards import rule_required
from .i18n import language

bp = Blueprint("imports", __name__, url_prefix="/items/import")

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(PlainTextForm):
    campaign_id = SelectField(_l("Campaign"), coerce=int, validators=[InputRequired()])
    file = FileField(_l("Problem list (.xlsx)"), validators=[FileRequired()])
    new_codes = BooleanField(_l("Give the items new codes"),
                             description=_l("To copy an exported ledger into another campaign: "
                                            "the file's codes are not used."))


def problem_text(problem: Problem, messages: Mapping[str, object] = IMPORT_ERRORS) -> str:
    params = dict(problem.params)
    if problem.code == "too_large":
        params["mb"] = current_app.config["MAX_IMPORT_MB"]
    return str(messages[problem.code]) % params if params else str(messages[problem.code])


def _read_limited(upload) -> io.BytesIO | None:
    """The upload in memory, or None when it is over the import size limit."""
    limit = current_app.config["MAX_IMPORT_MB"] * 1024 * 1024
    content = upload.stream.read(limit + 1)
    return None if len(content) > limit else io.BytesIO(content)


@bp.route("/", methods=["GET", "POST"])
@rule_required(workflow.can_raise_item)
def import_items():
    form = ImportForm()
    form.campaign_id.choices = choices.raisable_campaign_choices()
    result = None
    if form.validate_on_submit():
        campaign = db.session.get(Campaign, form.campaign_id.data)
        assert campaign is not None  # the form took one of the campaigns it offered
        stream = _read_limited(form.file.data)
        if stream is None:
            result = ImportResult(problems=[Problem("too_large")])
        else:
            result = import_problem_list(current_user, campaign, stream,
                                         new_codes=form.new_codes.data)
    status = 400 if result is not None and not result.ok else 200
    return render_template("items/import.html", form=form, result=result, headers=FIELD_LABELS,
                           problem_text=problem_text), status


@bp.get("/template.xlsx")
@rule_required(workflow.can_raise_item)
def download_template():
    locale = language()
    units = db.session.scalars(select(Unit).where(Unit.active).order_by(*Unit.official_order()))
    categories = db.session.scalars(select(Category).where(Category.offered_clause())
                                    .order_by(Category.position, Category.id))
    allowed = {
        "lead_unit": [u.display_name(locale) for u in units],
        "category": [c.display_name(locale) for c in categories],
        "source": [str(label) for label in SOURCE_LABELS.values()],
        "priority": [str(label) for label in PRIORITY_LABELS.values()],
        "check_type": [ct.title(locale) for ct in check_types(current_app).values()],
    }
    content = template_workbook({k: str(v) for k, v in FIELD_LABELS.items()},
                                {"items": _("Problem list"), "values": _("Allowed values")},
                                allowed)
    return send_file(io.BytesIO(content), as_attachment=True, mimetype=XLSX_MIMETYPE,
                     download_name=f"{_('Problem list template')}.xlsx")
