"""Check records on the item page: adding them (the form is generated in :mod:`.forms`),
their author correcting or withdrawing them, and the committee's choice of whose records
count.

The form only parses what the browser sends into Python values (numbers, dates, ...);
the plugin's declaration is the authority, applied by :mod:`rectify.services.tracking.checks`
through ``validate_record``.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from .. import workflow
from ..hookspecs import CheckType
from ..models import CheckRecord, Item
from ..routing import row_on_item
from ..services.tracking import checks
from .errors import flash_form_errors, flash_workflow_error, post_and_return
from .forms import PlainTextForm, check_record_form, check_record_values, counted_units_form
from .guards import visible_item_or_404
from .i18n import language
from .item_page import render_item_page

bp = Blueprint("check_records", __name__, url_prefix="/items")


class WithdrawRecordForm(PlainTextForm):
    reason = TextAreaField(_l("Why it is withdrawn"), validators=[DataRequired(), Length(max=2000)])


def _to_checks(item_id: int):
    return redirect(url_for("items.item_detail", item_id=item_id, _anchor="checks"))


@bp.post("/<int:item_id>/checks")
@login_required
def add_check_record(item_id: int):
    item = visible_item_or_404(item_id)
    check_type = checks.check_type_of(item)
    if check_type is None:
        abort(404)
    form = check_record_form(check_type, language())
    try:
        workflow.check_add_action(workflow.EVIDENCE, current_user.actor, item.facts)
        if form.validate_on_submit():
            checks.add_check_record(current_user, item, check_record_values(form, check_type))
            flash(_("Check record added."), "success")
            return _to_checks(item_id)
    except workflow.WorkflowError as error:
        return flash_workflow_error(error, item_id)
    except checks.RecordInvalid as invalid:
        form.form_errors.extend(problem.text(language()) for problem in invalid.problems)
    return render_item_page(item, record_form=form), 400


def _record_of(item: Item, record_id: int) -> tuple[CheckRecord, CheckType]:
    """The item's record and the item's check type (else 404)."""
    record = row_on_item(CheckRecord, record_id, item.id)
    check_type = checks.check_type_of(item)
    if record is None or check_type is None:
        abort(404)
    return record, check_type


@bp.route("/<int:item_id>/checks/<int:record_id>/edit", methods=["GET", "POST"])
@login_required
def edit_check_record(item_id: int, record_id: int):
    """Its author corrects a record (or, below the form, withdraws it)."""
    item = visible_item_or_404(item_id)
    record, check_type = _record_of(item, record_id)
    try:
        checks.check_may_change(current_user, item, record)
    except workflow.WorkflowError as error:
        return flash_workflow_error(error, item_id)
    form = check_record_form(check_type, language(), values=None if _posted() else
                             checks.typed_values(check_type, record.values))
    status = 200
    if form.validate_on_submit():
        try:
            checks.correct_check_record(current_user, item, record,
                                        check_record_values(form, check_type))
        except workflow.WorkflowError as error:
            return flash_workflow_error(error, item_id)
        except checks.RecordInvalid as invalid:
            form.form_errors.extend(problem.text(language()) for problem in invalid.problems)
            status = 400
        else:
            flash(_("Check record corrected."), "success")
            return _to_checks(item_id)
    elif _posted():
        status = 400
    return render_template("items/check_record_edit.html", item=item, record=record,
                           check_type=check_type, form=form, lang=language(),
                           withdraw_form=WithdrawRecordForm(formdata=None)), status


def _posted() -> bool:
    return request.method == "POST"


@bp.post("/<int:item_id>/checks/<int:record_id>/withdraw")
@login_required
def withdraw_check_record(item_id: int, record_id: int):
    item = visible_item_or_404(item_id)
    record, _check_type = _record_of(item, record_id)
    form = WithdrawRecordForm()
    try:
        checks.check_may_change(current_user, item, record)
        if not form.validate_on_submit():
            flash_form_errors(form)
            return redirect(url_for("check_records.edit_check_record", item_id=item_id,
                                    record_id=record_id))
        checks.withdraw_check_record(current_user, item, record, form.reason.data)
    except workflow.WorkflowError as error:
        return flash_workflow_error(error, item_id)
    flash(_("Check record withdrawn: it no longer counts."), "success")
    return _to_checks(item_id)


@bp.post("/<int:item_id>/counted-units")
@login_required
def set_counted_units(item_id: int):
    """The committee's choice of the co-units whose records count (unticked: left out)."""
    item = visible_item_or_404(item_id)
    form = counted_units_form(item, language())
    counted = set(form.counted.data or [])
    uncounted = frozenset(unit.id for unit in item.co_units if unit.id not in counted)
    return post_and_return(form, lambda: checks.set_uncounted_units(current_user, item, uncounted),
                           _("Saved whose check records count."),
                           url_for("items.item_detail", item_id=item_id, _anchor="checks"))
