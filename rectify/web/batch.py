"""Batch acts on the item list: the committee chases every overdue item of the current
filter with one message; a unit signs for several of its items at once."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from .. import clock, workflow
from ..labels import WORKFLOW_ERRORS
from ..permissions import may_sign_for_items
from ..routing import MAX_ID
from ..services.tracking import batch
from .errors import flash_form_errors
from .forms import PlainTextForm
from .guards import allowed_if, rule_required
from .items import filters_from, list_filter_form
from .paging import list_args

bp = Blueprint("batch", __name__, url_prefix="/items")

BATCH_ERRORS = {
    **WORKFLOW_ERRORS,
    "not_found": _l("No such item, or you may not see it."),
    "conflict": _l("Someone else changed this item in the meantime."),
}


class BatchChaseForm(PlainTextForm):
    message = TextAreaField(_l("Message to the units"),
                            validators=[DataRequired(), Length(max=2000)])


class BatchSignForm(PlainTextForm):
    """Only the CSRF token: the ticked items come as ``item_id`` values."""


@bp.route("/chase-overdue", methods=["GET", "POST"])
@rule_required(workflow.may_chase)
def chase_overdue():
    """GET: how many overdue items of the list's filter a chase would reach, and the
    message form; POST: chase them all (the filter travels in the query string)."""
    filters, today = filters_from(list_filter_form()), clock.today()
    form = BatchChaseForm()
    if request.method == "POST":
        if form.validate_on_submit():
            chased = batch.chase_overdue(current_user, filters, today, form.message.data)
            flash(_("Chased %(n)s overdue items: their units have been notified.", n=chased)
                  if chased else _("No overdue item of this list waits on its units."),
                  "success" if chased else "info")
            return redirect(url_for("items.item_list", **list_args()))
        flash_form_errors(form)
    return render_template("batch/chase.html", form=form, args=list_args(),
                           count=batch.count_overdue_to_chase(current_user, filters, today))


@bp.post("/sign-for")
@allowed_if(may_sign_for_items)
def sign_for():
    """Sign for the ticked items, each through the workflow, and report item by item."""
    form = BatchSignForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("items.item_list"))
    raw = request.form.getlist("item_id")
    ids = [int(value) for value in raw if _is_item_id(value)]
    if not ids or len(ids) != len(raw) or len(ids) > batch.MAX_BATCH:
        flash(_("Tick between 1 and %(n)s items to sign for.", n=batch.MAX_BATCH), "danger")
        return redirect(url_for("items.item_list", status=workflow.OPEN))
    results = batch.sign_for_items(current_user, ids)
    return render_template("batch/signed.html", results=results, errors=BATCH_ERRORS,
                           signed=sum(1 for r in results if r.error is None))


def _is_item_id(value: str) -> bool:
    """An id as the URLs take them: ASCII digits within the database's integer keys."""
    return value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID
