"""What users do on an item's page: transitions, records with files, extensions, downloads."""

from __future__ import annotations

from flask import Blueprint, abort, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import workflow
from ..extensions import db
from ..labels import TRANSITION_LABELS
from ..models import Attachment, ExtensionRequest
from ..routing import row_on_item
from ..services.tracking import attachments as attachment_service
from ..services.tracking import items as item_service
from .errors import post_and_return
from .forms import (
    ActionForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    TransitionForm,
    submitted_version,
)
from .guards import visible_item_or_404

bp = Blueprint("item_actions", __name__, url_prefix="/items")


def _page(item_id: int) -> str:
    return url_for("items.item_detail", item_id=item_id)


@bp.post("/<int:item_id>/transition/<name>")
@login_required
def transition(item_id: int, name: str):
    item = visible_item_or_404(item_id)
    if name not in workflow.TRANSITIONS:
        abort(404)
    form = TransitionForm()
    return post_and_return(form, lambda: item_service.apply_transition(
        current_user, item, name, form.reason.data or "",
        expected_version=submitted_version(form.version), new_due_date=form.new_due_date.data),
        _("Done: %(action)s.", action=TRANSITION_LABELS[name]), _page(item_id))


@bp.post("/<int:item_id>/actions")
@login_required
def add_action(item_id: int):
    item = visible_item_or_404(item_id)
    form = ActionForm()
    form.kind.choices = [(k, k) for k in workflow.ACTION_KINDS]

    def add() -> None:
        # The rule first: a refused record is not worth checking its files for.
        workflow.check_add_action(form.kind.data, current_user.actor, item.facts)
        files = [attachment_service.check_upload(upload) for upload in form.files.data or []
                 if upload and upload.filename]
        item_service.add_action(current_user, item, form.kind.data, form.body.data, files)

    return post_and_return(form, add, _("Record added."), _page(item_id))


@bp.post("/<int:item_id>/extension")
@login_required
def request_extension(item_id: int):
    item = visible_item_or_404(item_id)
    form = ExtensionRequestForm()
    return post_and_return(form, lambda: item_service.request_extension(
        current_user, item, form.new_due_date.data, form.reason.data,
        form.working_days.data),
        _("Extension requested."), _page(item_id))


@bp.post("/<int:item_id>/extension/<int:request_id>")
@login_required
def decide_extension(item_id: int, request_id: int):
    item = visible_item_or_404(item_id)
    request = row_on_item(ExtensionRequest, request_id, item.id) or abort(404)
    form = ExtensionDecisionForm()
    return post_and_return(form, lambda: item_service.decide_extension(
        current_user, item, request, form.decision.data == "approve", form.note.data or "",
        expected_version=submitted_version(form.version)),
        _("Decision recorded."), _page(item_id))


@bp.get("/attachments/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    """Send a file as a download, only to users who may read its item."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        abort(404)
    visible_item_or_404(attachment.item_id)
    return attachment_service.send_stored_file(attachment.stored_name, attachment.original_name)

