"""The committee's evaluation pages (评议): the list, creating a campaign's evaluation, its
design (sheet form and grade points, rater groups and weights, indicators, questionnaire),
starting and closing collection, and issuing rater codes with printable slips.

Administrators and the committee design; leaders read; department liaisons get 403 (the
rules are :mod:`rectify.workflow`'s campaign rules and :mod:`rectify.evaluation_rules`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import segno
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from .. import evaluation_rules as rules
from .. import workflow
from ..extensions import db
from ..labels import EVALUATION_ERRORS, WORKFLOW_ERRORS
from ..models import Campaign, Evaluation, Indicator, Question, RaterGroup, Unit
from ..services.evaluation import codes as code_service
from ..services.evaluation import design
from ..services.evaluation.results import results_of
from .errors import flash_form_errors
from .evaluation_forms import (
    IndicatorForm,
    IssueCodesForm,
    NewEvaluationForm,
    QuestionForm,
    RaterGroupForm,
    SheetForm,
)
from .forms import ConfirmForm, PlainTextForm
from .guards import rule_required
from .i18n import language

bp = Blueprint("evaluations", __name__, url_prefix="/evaluations")

readers_only = rule_required(workflow.can_read_campaigns)
designers_only = rule_required(workflow.can_manage_campaigns)
REFUSALS = (rules.EvaluationError, code_service.CodeError, workflow.WorkflowError)
PARTS: dict[str, Any] = {"groups": RaterGroup, "indicators": Indicator, "questions": Question}


def refusal_text(error: Exception) -> str:
    """The message for a refused design change (403 for a role that never may)."""
    if isinstance(error, workflow.WorkflowError):
        if error.code == "forbidden":
            abort(403)
        return str(WORKFLOW_ERRORS.get(error.code, error.message))
    params = getattr(error, "params", {})
    text = str(EVALUATION_ERRORS[getattr(error, "code", "")])
    return text % params if params else text


def evaluation_or_404(evaluation_id: int) -> Evaluation:
    return db.session.get(Evaluation, evaluation_id) or abort(404)


Part = TypeVar("Part", RaterGroup, Indicator, Question)


def part_or_404(model: type[Part], evaluation: Evaluation, part_id: int | None) -> Part | None:
    """The evaluation's group, indicator or question of that id (404 for another's); None
    for a new one."""
    if part_id is None:
        return None
    part = db.session.get(model, part_id)
    if part is None or part.evaluation_id != evaluation.id:
        abort(404)
    return part


def _detail(evaluation: Evaluation):
    return redirect(url_for("evaluations.evaluation_detail", evaluation_id=evaluation.id))


def _saved_or_form(form: PlainTextForm, act: Callable[[], object], evaluation: Evaluation,
                   template: str, **context):
    """Run ``act`` for a valid form and go back to the evaluation; a refusal or bad input
    shows the form again with its message, and nothing is changed."""
    if form.validate_on_submit():
        try:
            act()
        except REFUSALS as error:
            db.session.rollback()
            flash(refusal_text(error), "danger")
        else:
            flash(_("Changes saved."), "success")
            return _detail(evaluation)
    return render_template(template, form=form, evaluation=evaluation, **context)


@bp.get("/")
@readers_only
def evaluation_list():
    rows = db.session.execute(select(Campaign, Evaluation).outerjoin(
        Evaluation, Evaluation.campaign_id == Campaign.id)
        .order_by(Campaign.archived_at.is_not(None), Campaign.year.desc(), Campaign.id))
    return render_template("evaluations/list.html", rows=list(rows))


@bp.route("/new", methods=["GET", "POST"])
@designers_only
def new_evaluation():
    form = NewEvaluationForm()
    without = select(Campaign).where(Campaign.archived_at.is_(None), ~Campaign.id.in_(
        select(Evaluation.campaign_id))).order_by(Campaign.year.desc(), Campaign.id)
    campaigns = list(db.session.scalars(without))
    form.campaign_id.choices = [(c.id, c.title) for c in campaigns]
    if request.method == "GET" and campaigns:
        form.campaign_id.data = request.args.get("campaign", campaigns[0].id, type=int)
        form.title.data = _("%(campaign)s: evaluation", campaign=campaigns[0].title)
    if form.validate_on_submit():
        campaign = db.session.get(Campaign, form.campaign_id.data) or abort(404)
        try:
            evaluation = design.create_evaluation(current_user, campaign, form.title.data,
                                                  form.sheet_form.data)
        except REFUSALS as error:
            db.session.rollback()
            flash(refusal_text(error), "danger")
        else:
            flash(_("Evaluation created. Now add its rater groups and its sheet."), "success")
            return _detail(evaluation)
    return render_template("evaluations/new.html", form=form)


@bp.get("/<int:evaluation_id>")
@readers_only
def evaluation_detail(evaluation_id: int):
    evaluation = evaluation_or_404(evaluation_id)
    counts = code_service.code_counts([group.id for group in evaluation.groups])
    return render_template("evaluations/detail.html", evaluation=evaluation, counts=counts,
                           editable=evaluation.status == rules.DESIGN and
                           workflow.can_manage_campaigns(current_user.actor),
                           total_weight=sum(g.weight for g in evaluation.groups),
                           loc=language())


@bp.get("/<int:evaluation_id>/results")
@readers_only
def evaluation_results(evaluation_id: int):
    """Per unit: weighted score, per group and per indicator, grade, rank, 满意率."""
    evaluation = evaluation_or_404(evaluation_id)
    return render_template("evaluations/results.html", evaluation=evaluation,
                           results=results_of(evaluation), loc=language())


@bp.route("/<int:evaluation_id>/sheet", methods=["GET", "POST"])
@designers_only
def edit_sheet(evaluation_id: int):
    evaluation = evaluation_or_404(evaluation_id)
    form = SheetForm(obj=evaluation)

    def act():
        design.save_sheet(current_user, evaluation, form.title.data, form.sheet_form.data, {
            rules.SATISFIED: form.points_satisfied.data,
            rules.BASICALLY_SATISFIED: form.points_basically_satisfied.data,
            rules.DISSATISFIED: form.points_dissatisfied.data})

    return _saved_or_form(form, act, evaluation, "evaluations/sheet_form.html")


@bp.route("/<int:evaluation_id>/groups/new", methods=["GET", "POST"])
@bp.route("/<int:evaluation_id>/groups/<int:group_id>", methods=["GET", "POST"])
@designers_only
def edit_group(evaluation_id: int, group_id: int | None = None):
    evaluation = evaluation_or_404(evaluation_id)
    group = part_or_404(RaterGroup, evaluation, group_id)
    form = RaterGroupForm(obj=group)
    form.unit_ids.choices = [(u.id, u.display_name(language())) for u in evaluation.campaign.units]
    if request.method == "GET":
        form.unit_ids.data = [u.id for u in (group.units if group else evaluation.campaign.units)]

    def act():
        units = list(db.session.scalars(select(Unit).where(Unit.id.in_(form.unit_ids.data))))
        design.save_group(current_user, evaluation, group,
                          design.GroupFields(form.name.data, form.weight.data, units))

    return _saved_or_form(form, act, evaluation, "evaluations/group_form.html", group=group)


@bp.post("/<int:evaluation_id>/weights")
@designers_only
def save_weights(evaluation_id: int):
    evaluation = evaluation_or_404(evaluation_id)
    form = PlainTextForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _detail(evaluation)
    weights = {group.id: request.form.get(f"weight-{group.id}", type=int)
               for group in evaluation.groups}
    if any(weight is None for weight in weights.values()):
        flash(str(EVALUATION_ERRORS["weights_incomplete"]), "danger")
        return _detail(evaluation)
    try:
        design.save_weights(current_user, evaluation, weights)  # type: ignore[arg-type]
    except REFUSALS as error:
        db.session.rollback()
        flash(refusal_text(error), "danger")
    else:
        flash(_("Changes saved."), "success")
    return _detail(evaluation)


@bp.route("/<int:evaluation_id>/indicators/new", methods=["GET", "POST"])
@bp.route("/<int:evaluation_id>/indicators/<int:indicator_id>", methods=["GET", "POST"])
@designers_only
def edit_indicator(evaluation_id: int, indicator_id: int | None = None):
    evaluation = evaluation_or_404(evaluation_id)
    indicator = part_or_404(Indicator, evaluation, indicator_id)
    form = IndicatorForm(obj=indicator)
    return _saved_or_form(form, lambda: design.save_indicator(
        current_user, evaluation, indicator, form.name.data, form.max_points.data),
        evaluation, "evaluations/indicator_form.html", indicator=indicator)


@bp.route("/<int:evaluation_id>/questions/new", methods=["GET", "POST"])
@bp.route("/<int:evaluation_id>/questions/<int:question_id>", methods=["GET", "POST"])
@designers_only
def edit_question(evaluation_id: int, question_id: int | None = None):
    evaluation = evaluation_or_404(evaluation_id)
    question = part_or_404(Question, evaluation, question_id)
    form = QuestionForm(obj=question)
    if request.method == "GET" and question is not None:
        form.options.data = "\n".join(question.options)
    return _saved_or_form(form, lambda: design.save_question(
        current_user, evaluation, question, form.kind.data, form.text.data,
        (form.options.data or "").splitlines()),
        evaluation, "evaluations/question_form.html", question=question)


@bp.post("/<int:evaluation_id>/<any(groups, indicators, questions):kind>/<int:part_id>/remove")
@designers_only
def remove_part(evaluation_id: int, kind: str, part_id: int):
    evaluation = evaluation_or_404(evaluation_id)
    part = part_or_404(PARTS[kind], evaluation, part_id) or abort(404)
    return _confirmed(evaluation, lambda: design.remove_part(current_user, evaluation, part),
                      _("Removed from the design."))


def _confirmed(evaluation: Evaluation, act: Callable[[], object], done: str):
    """A consequential act, run after its confirmation box was ticked."""
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _detail(evaluation)
    try:
        act()
    except REFUSALS as error:
        db.session.rollback()
        flash(refusal_text(error), "danger")
    else:
        flash(done, "success")
    return _detail(evaluation)


@bp.post("/<int:evaluation_id>/start")
@designers_only
def start_collection(evaluation_id: int):
    evaluation = evaluation_or_404(evaluation_id)
    return _confirmed(evaluation, lambda: design.start_collection(current_user, evaluation),
                      _("Collection started: the design is frozen and the codes open sheets."))


@bp.post("/<int:evaluation_id>/close")
@designers_only
def close_collection(evaluation_id: int):
    evaluation = evaluation_or_404(evaluation_id)
    return _confirmed(evaluation, lambda: design.close_collection(current_user, evaluation),
                      _("Collection closed: the codes open nothing any more."))


@bp.post("/<int:evaluation_id>/groups/<int:group_id>/codes")
@designers_only
def issue_codes(evaluation_id: int, group_id: int):
    """Issue a batch of codes and show their slips, this once: only hashes are kept."""
    evaluation = evaluation_or_404(evaluation_id)
    group = part_or_404(RaterGroup, evaluation, group_id) or abort(404)
    form = IssueCodesForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _detail(evaluation)
    try:
        issued = code_service.issue_codes(current_user, group, form.count.data)
    except REFUSALS as error:
        db.session.rollback()
        flash(refusal_text(error), "danger")
        return _detail(evaluation)
    slips = [_slip(code) for code in issued]
    return render_template("evaluations/slips.html", evaluation=evaluation, group=group,
                           slips=slips, rate_url=url_for("rating.enter_code", _external=True))


def _slip(code: str) -> dict[str, object]:
    """A printed slip: the QR code of the link that opens the sheet, and the code to type."""
    link = url_for("rating.enter_code", code=code_service.shown(code), _external=True)
    qr = segno.make(link, error="m")
    return {"code": code_service.shown(code),
            "qr": Markup(qr.svg_inline(scale=3, border=2, omitsize=False))}
