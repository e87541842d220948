"""Collecting paper scoring sheets (纸质评议表) of an evaluation: per rater group, the Excel
template to type them into and its all-or-nothing import (committee and administrators,
while the evaluation collects sheets; leaders and departments get 403)."""

from __future__ import annotations

import io
from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField
from wtforms.validators import InputRequired

from .. import evaluation_rules as rules
from ..extensions import db
from ..labels import GRADE_LABELS, PAPER_IMPORT_ERRORS
from ..models import RaterGroup
from ..services.documents.problem_import import Problem
from ..services.evaluation.paper_import import (
    PaperImportResult,
    check_may_collect_paper,
    column_headers,
    import_paper_sheets,
    paper_columns,
    paper_counts,
)
from ..services.evaluation.paper_template import paper_template_workbook
from .errors import flash_form_errors
from .evaluations import REFUSALS, designers_only, evaluation_or_404, part_or_404, refusal_text
from .forms import PlainTextForm
from .i18n import language
from .imports import XLSX_MIMETYPE, _read_limited, problem_text

bp = Blueprint("evaluation_paper", __name__, url_prefix="/evaluations")


class PaperImportForm(PlainTextForm):
    group_id = SelectField(_l("Rater group"), coerce=int, validators=[InputRequired()])
    file = FileField(_l("Paper sheets (.xlsx)"), validators=[FileRequired()])


@bp.route("/<int:evaluation_id>/paper", methods=["GET", "POST"])
@designers_only
def import_paper(evaluation_id: int):
    evaluation = evaluation_or_404(evaluation_id)
    form = PaperImportForm()
    form.group_id.choices = [(g.id, g.name) for g in evaluation.groups]
    result, group, refused = None, None, False
    if form.validate_on_submit():
        group = part_or_404(RaterGroup, evaluation, form.group_id.data) or abort(404)
        stream = _read_limited(form.file.data)
        try:
            result = PaperImportResult(problems=[Problem("too_large")]) if stream is None \
                else import_paper_sheets(current_user, group, stream)
        except REFUSALS as error:
            db.session.rollback()
            flash(refusal_text(error), "danger")
            refused = True
    elif form.is_submitted():
        flash_form_errors(form)
        refused = True
    headers = column_headers(paper_columns(group), language()) if group else {}
    status = 400 if refused or (result is not None and not result.ok) else 200
    return render_template(
        "evaluations/paper_import.html", evaluation=evaluation, form=form, result=result,
        group=group, headers=headers, collecting=rules.may_collect(evaluation.status),
        counts=paper_counts([g.id for g in evaluation.groups]),
        problem_text=partial(problem_text, messages=PAPER_IMPORT_ERRORS)), status


@bp.get("/<int:evaluation_id>/groups/<int:group_id>/paper-template.xlsx")
@designers_only
def paper_template(evaluation_id: int, group_id: int):
    evaluation = evaluation_or_404(evaluation_id)
    group = part_or_404(RaterGroup, evaluation, group_id) or abort(404)
    try:
        check_may_collect_paper(current_user, group)
    except REFUSALS as error:
        flash(refusal_text(error), "danger")
        return redirect(url_for("evaluation_paper.import_paper", evaluation_id=evaluation.id))
    columns = paper_columns(group)
    content = paper_template_workbook(
        columns, {**column_headers(columns, language()), "grade": _("Grade")},
        {"sheets": _("Paper sheets"), "values": _("Allowed values")},
        [str(label) for label in GRADE_LABELS.values()])
    name = _("Paper sheet template")
    return send_file(io.BytesIO(content), as_attachment=True, mimetype=XLSX_MIMETYPE,
                     download_name=f"{name}-{group.name}.xlsx")
