"""Error pages and the messages users see when a rule or a form refuses their input."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError

from .. import workflow
from ..extensions import db
from ..labels import ITEM_FIELD_ERRORS, UPLOAD_ERRORS, WORKFLOW_ERRORS
from ..services.tracking.attachments import UploadRejected
from ..services.tracking.audit import ConflictError
from ..services.tracking.item_fields import FieldError
from .i18n import language

ITEM_CHANGED_MEANWHILE = _l("Someone else changed this item in the meantime. Nothing was "
                            "changed; please look at its current state and try again.")


def post_and_return(form: FlaskForm, act: Callable[[], object], done: str, back: str,
                    changed: str = ITEM_CHANGED_MEANWHILE):
    """The skeleton of a web POST that changes something and returns to its page
    (``back``): a form that does not validate, a workflow refusal, a rejected upload and
    a simultaneous writer (``changed`` says so) each come back with their message and
    change nothing; else ``act`` runs and ``done`` is flashed. The API does the same with
    its error handlers (:mod:`rectify.api.errors`)."""
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(back)
    try:
        act()
    except workflow.WorkflowError as error:
        return flash_refusal(error, back)
    except UploadRejected as rejected:
        flash(_("%(file)s: %(problem)s. Nothing was saved.", file=rejected.filename,
                problem=UPLOAD_ERRORS[rejected.code]), "danger")
        return redirect(back)
    except ConflictError:
        flash(str(changed), "danger")
        return redirect(back)
    flash(done, "success")
    return redirect(back)


def flash_workflow_error(error: workflow.WorkflowError, item_id: int):
    """A refused move: 403 when the role may never do it, else a message on the item page."""
    return flash_refusal(error, url_for("items.item_detail", item_id=item_id))


def flash_refusal(error: workflow.WorkflowError, back_url: str):
    """A refused move: 403 when the role may never do it, else a message on the page at
    ``back_url``."""
    if error.code == "forbidden":
        abort(403)
    message = WORKFLOW_ERRORS.get(error.code, error.message)
    flash(str(message), "danger")
    for detail in error.details:
        flash(detail.text(language()) if hasattr(detail, "text") else str(detail), "danger")
    return redirect(back_url)


def field_error_text(error: FieldError) -> str:
    """The item validation's refusal of one field, in the user's language."""
    return str(ITEM_FIELD_ERRORS[error.code]) % {"value": error.value}


def flash_form_errors(form) -> None:
    for field in form:
        for message in field.errors:
            flash(f"{field.label.text}: {message}", "danger")


def register_error_pages(app: Flask) -> None:
    def page(status: int, title: str, message: str):
        return render_template("error.html", status=status, title=title, message=message), status

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return page(400, _("Form expired"),
                    _("The form was missing its security token or it expired. "
                      "Reload the page and try again."))

    @app.errorhandler(400)
    def bad_request(error):
        return page(400, _("Bad request"), _("The request could not be understood."))

    @app.errorhandler(403)
    def forbidden(error):
        return page(403, _("Not allowed"), _("You are not allowed to do this."))

    @app.errorhandler(404)
    def not_found(error):
        return page(404, _("Not found"), _("There is no such page, or you may not see it."))

    @app.errorhandler(413)
    def too_large(error):
        return page(413, _("Upload too large"),
                    _("The upload is larger than allowed (%(mb)s MB per file).",
                      mb=app.config["MAX_UPLOAD_MB"]))

    @app.errorhandler(ConflictError)
    def conflict(error):
        """A simultaneous writer was first (any route of an item that does not say so
        itself): back to the item with the message, or a 409 page."""
        message = str(ITEM_CHANGED_MEANWHILE)
        item_id = (request.view_args or {}).get("item_id")
        if item_id is None:
            return page(409, _("Changed in the meantime"), message)
        flash(message, "danger")
        return redirect(url_for("items.item_detail", item_id=item_id))

    @app.errorhandler(500)
    def server_error(error):
        # The failed transaction must not break the page that reports it (a session
        # whose flush failed raises PendingRollbackError on its next query).
        db.session.rollback()
        return page(500, _("Server error"), _("Something went wrong. Nothing was saved."))
