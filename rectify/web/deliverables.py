"""Units' deliverables (报送材料) on the web: the list (a unit's own, or all with filters),
asking units for a document, a deliverable's page with its upload, decision and chase
forms, the missing-and-late list, and file downloads."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf.file import MultipleFileField
from wtforms import (
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from .. import clock, workflow
from ..extensions import db
from ..labels import DELIVERABLE_KIND_LABELS, DELIVERABLE_STATUS_LABELS
from ..models import Campaign, DeliverableFile, Unit
from ..permissions import may_read_missing_deliverables, reads_everything
from ..services.tracking import attachments as attachment_service
from ..services.tracking import chasing
from ..services.tracking import deliverables as service
from ..services.tracking.audit import ConflictError
from . import choices
from .chases import ChaseForm
from .errors import flash_form_errors, flash_refusal, post_and_return
from .forms import LongSelectField, PlainTextForm, submitted_version
from .guards import allowed_if, rule_required, visible_deliverable_or_404
from .paging import list_args, requested_page

bp = Blueprint("deliverables", __name__, url_prefix="/deliverables")
PER_PAGE = 50


class DeliverableFilterForm(PlainTextForm):
    """The list's filters, read from the query string (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    campaign = SelectField(_l("Campaign"), coerce=int, validators=[Optional()])
    kind = SelectField(_l("Document"), validators=[Optional()])
    status = SelectField(_l("Status"), validators=[Optional()])
    unit = LongSelectField(_l("Unit"), validators=[Optional()])


class RequestForm(PlainTextForm):
    campaign_id = SelectField(_l("Campaign"), coerce=int, validators=[InputRequired()])
    kind = SelectField(_l("Document"), validators=[InputRequired()])
    due_date = DateField(_l("Submit by"), validators=[InputRequired()])
    scope = RadioField(_l("Which units"), default="all", choices=[
        ("all", _l("All units of the campaign")), ("chosen", _l("The units chosen below"))])
    unit_ids = SelectMultipleField(_l("Chosen units"), coerce=int,
                                   widget=ListWidget(prefix_label=False),
                                   option_widget=CheckboxInput())


class SubmissionForm(PlainTextForm):
    files = MultipleFileField(_l("Files"))
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])


class DecisionForm(PlainTextForm):
    decision = SelectField(_l("Decision"), choices=[("accept", _l("Accept")),
                                                    ("return", _l("Return for changes"))])
    reason = TextAreaField(_l("Reason"), validators=[Length(max=2000)],
                           description=_l("Required when the document is returned."))
    version = HiddenField()


def _filter_form() -> DeliverableFilterForm:
    form = DeliverableFilterForm(request.args)
    form.campaign.choices = choices.campaign_choices(choices.any_label())
    form.kind.choices = choices.label_choices(DELIVERABLE_KIND_LABELS, choices.any_label())
    form.status.choices = choices.label_choices(DELIVERABLE_STATUS_LABELS, choices.any_label())
    form.unit.choices = choices.unit_choices(choices.any_label())
    return form


def _valid(field):
    return None if field.errors else (field.data or None)


@bp.get("/")
@login_required
def deliverable_list():
    """A department sees its own unit's deliverables; readers all of them, filtered."""
    form = _filter_form()
    form.validate()
    filters = service.DeliverableFilters(_valid(form.campaign), _valid(form.kind),
                                         _valid(form.status), _valid(form.unit))
    page = db.paginate(service.deliverables_query(current_user, filters),
                       page=requested_page(), per_page=PER_PAGE, error_out=False)
    chases = chasing.deliverable_chase_stats([d.id for d in page.items])
    return render_template("deliverables/list.html", page=page, form=form, chases=chases,
                           reasons={d.id: service.return_reason(d) for d in page.items},
                           show_filters=reads_everything(current_user),
                           args=list_args())


@bp.get("/missing")
@allowed_if(may_read_missing_deliverables)
def missing():
    campaigns = choices.campaign_choices()
    chosen = request.args.get("campaign", type=int)
    chosen = chosen if chosen in {c for c, _label in campaigns} else None
    found = service.missing_and_late(current_user, clock.today(), chosen)
    ids = [d.id for d in found.missing + found.late]
    return render_template("deliverables/missing.html", found=found, campaigns=campaigns,
                           chosen=chosen, chases=chasing.deliverable_chase_stats(ids))


def _request_form() -> RequestForm:
    form = RequestForm()
    form.campaign_id.choices = choices.campaign_choices()
    form.kind.choices = choices.label_choices(DELIVERABLE_KIND_LABELS)
    form.unit_ids.choices = choices.unit_choices()
    unit_id = request.args.get("unit", type=int)
    if request.method == "GET" and unit_id:
        form.scope.data = "chosen"
        form.unit_ids.data = [unit_id]
    return form


@bp.route("/request", methods=["GET", "POST"])
@rule_required(workflow.may_request_deliverables)
def request_documents():
    form = _request_form()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return render_template("deliverables/request.html", form=form)
    campaign = db.session.get(Campaign, form.campaign_id.data)
    assert campaign is not None  # the form took one of the campaigns it offered
    if form.scope.data == "all":
        units = service.campaign_units(campaign)
    else:
        units = list(db.session.scalars(db.select(Unit).where(Unit.id.in_(form.unit_ids.data))))
    if not units:
        flash(_("Choose at least one unit."), "danger")
        return render_template("deliverables/request.html", form=form)
    try:
        result = service.request_deliverables(current_user, campaign, form.kind.data,
                                              form.due_date.data, units)
    except workflow.WorkflowError as error:
        return flash_refusal(error, url_for("deliverables.request_documents"))
    except ConflictError:
        flash(str(DOCUMENT_CHANGED_MEANWHILE), "danger")
        return redirect(url_for("deliverables.request_documents"))
    flash(_("%(n)s unit(s) asked for the document.", n=len(result.created)), "success")
    if result.already_asked:
        flash(_("%(n)s unit(s) had been asked for it before and were left as they were.",
                n=result.already_asked), "info")
    return redirect(url_for("deliverables.deliverable_list", campaign=campaign.id,
                            kind=form.kind.data))


DOCUMENT_CHANGED_MEANWHILE = _l("Someone else changed this document in the meantime. Nothing "
                                "was changed; please look at its current state and try again.")


def _page(deliverable_id: int) -> str:
    return url_for("deliverables.deliverable_detail", deliverable_id=deliverable_id)


@bp.get("/<int:deliverable_id>")
@login_required
def deliverable_detail(deliverable_id: int):
    deliverable = visible_deliverable_or_404(deliverable_id)
    actor, facts = current_user.actor, deliverable.facts
    return render_template(
        "deliverables/detail.html", d=deliverable, today=clock.today(),
        return_reason=service.return_reason(deliverable),
        history=service.history(deliverable),
        chases=chasing.chases_of_deliverable(deliverable),
        submission_form=SubmissionForm() if workflow.can_submit_deliverable(actor, facts) else None,
        decision_form=DecisionForm(version=deliverable.version)
        if workflow.can_decide_deliverable(actor, facts) else None,
        chase_form=ChaseForm() if workflow.can_chase_deliverable(actor, facts) else None)


@bp.post("/<int:deliverable_id>/submissions")
@login_required
def submit(deliverable_id: int):
    deliverable = visible_deliverable_or_404(deliverable_id)
    form = SubmissionForm()

    def submit_files() -> None:
        files = [attachment_service.check_upload(upload) for upload in form.files.data or []
                 if upload and upload.filename]
        service.submit(current_user, deliverable, files, form.note.data or "")

    return post_and_return(form, submit_files, _("Document submitted."), _page(deliverable_id),
                           changed=DOCUMENT_CHANGED_MEANWHILE)


@bp.post("/<int:deliverable_id>/decision")
@login_required
def decide(deliverable_id: int):
    deliverable = visible_deliverable_or_404(deliverable_id)
    form = DecisionForm()
    return post_and_return(form, lambda: service.decide(
        current_user, deliverable, form.decision.data == "accept", form.reason.data or "",
        expected_version=submitted_version(form.version)),
        _("Decision recorded."), _page(deliverable_id), changed=DOCUMENT_CHANGED_MEANWHILE)


@bp.post("/<int:deliverable_id>/chase")
@login_required
def chase(deliverable_id: int):
    deliverable = visible_deliverable_or_404(deliverable_id)
    form = ChaseForm()
    return post_and_return(form, lambda: chasing.chase_deliverable(
        current_user, deliverable, form.message.data),
        _("Chased: the unit's users have been notified."), _page(deliverable_id))


@bp.get("/files/<int:file_id>")
@login_required
def download(file_id: int):
    """Send a submitted file as a download, only to users who may read its deliverable."""
    stored = db.session.get(DeliverableFile, file_id)
    if stored is None:
        abort(404)
    visible_deliverable_or_404(stored.submission.deliverable_id)
    return attachment_service.send_stored_file(stored.stored_name, stored.original_name)
