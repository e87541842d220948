"""What users do on an item's page: transitions, records with files, extensions, downloads."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import workflow
from ..extensions import db
from ..labels import TRANSITION_LABELS, UPLOAD_ERRORS
from ..models import Attachment, ExtensionRequest
from ..permissions import visible_item_or_404
from ..services import attachments as attachment_service
from ..services import items as item_service
from .errors import flash_form_errors, flash_workflow_error
from .forms import (
    ActionForm, ExtensionDecisionForm, ExtensionRequestForm, TransitionForm, submitted_version,
)

bp = Blueprint("item_actions", __name__, url_prefix="/items")


def _back(item_id: int):
    return redirect(url_for("items.item_detail", item_id=item_id))


def _version(form) -> int:
    return submitted_version(form.version)


def _conflict() -> None:
    flash(_("Someone else changed this item in the meantime. Nothing was changed; "
            "please look at its current state and try again."), "danger")


@bp.post("/<int:item_id>/transition/<name>")
@login_required
def transition(item_id: int, name: str):
    item = visible_item_or_404(item_id)
    if name not in workflow.TRANSITIONS:
        abort(404)
    form = TransitionForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _back(item_id)
    try:
        item_service.apply_transition(current_user, item, name, form.reason.data or "",
                                      expected_version=_version(form),
                                      new_due_date=form.new_due_date.data)
    except workflow.WorkflowError as error:
        return flash_workflow_error(error, item_id)
    except item_service.ConflictError:
        _conflict()
        return _back(item_id)
    flash(_("Done: %(action)s.", action=TRANSITION_LABELS[name]), "success")
    return _back(item_id)


@bp.post("/<int:item_id>/actions")
@login_required
def add_action(item_id: int):
    item = visible_item_or_404(item_id)
    form = ActionForm()
    form.kind.choices = [(k, k) for k in workflow.ACTION_KINDS]
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _back(item_id)
    files = []
    try:
        workflow.check_add_action(form.kind.data, current_user.actor, item.facts)
        for upload in form.files.data or []:
            if upload and upload.filename:
                files.append(attachment_service.check_upload(upload))
        item_service.add_action(current_user, item, form.kind.data, form.body.data, files)
    except workflow.WorkflowError as error:
        return flash_workflow_error(error, item_id)
    except attachment_service.UploadRejected as rejected:
        flash(_("%(file)s: %(problem)s. Nothing was saved.", file=rejected.filename,
                problem=UPLOAD_ERRORS[rejected.code]), "danger")
        return _back(item_id)
    flash(_("Record added."), "success")
    return _back(item_id)


@bp.post("/<int:item_id>/extension")
@login_required
def request_extension(item_id: int):
    item = visible_item_or_404(item_id)
    form = ExtensionRequestForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _back(item_id)
    try:
        item_service.request_extension(current_user, item, form.new_due_date.data, form.reason.data)
    except workflow.WorkflowError as error:
        return flash_workflow_error(error, item_id)
    flash(_("Extension requested."), "success")
    return _back(item_id)


@bp.post("/<int:item_id>/extension/<int:request_id>")
@login_required
def decide_extension(item_id: int, request_id: int):
    item = visible_item_or_404(item_id)
    request = db.session.get(ExtensionRequest, request_id)
    if request is None or request.item_id != item.id:
        abort(404)
    form = ExtensionDecisionForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _back(item_id)
    try:
        item_service.decide_extension(current_user, item, request, form.decision.data == "approve",
                                      form.note.data or "", expected_version=_version(form))
    except workflow.WorkflowError as error:
        return flash_workflow_error(error, item_id)
    except item_service.ConflictError:
        _conflict()
        return _back(item_id)
    flash(_("Decision recorded."), "success")
    return _back(item_id)


@bp.get("/attachments/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    """Send a file as a download, only to users who may read its item."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        abort(404)
    visible_item_or_404(attachment.item_id)
    return attachment_service.send_stored_file(attachment.stored_name, attachment.original_name)

