"""Adding check records on the item page (the form is generated in :mod:`.forms`).

The form only parses what the browser sends into Python values (numbers, dates, ...);
the plugin's declaration is the authority, applied by
:func:`rectify.services.checks.add_check_record` through ``validate_record``.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import workflow
from ..permissions import visible_item_or_404
from ..services import checks
from .errors import flash_workflow_error
from .forms import check_record_form, check_record_values
from .i18n import language
from .item_page import render_item_page

bp = Blueprint("check_records", __name__, url_prefix="/items")


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
            return redirect(url_for("items.item_detail", item_id=item_id, _anchor="checks"))
    except workflow.WorkflowError as error:
        return flash_workflow_error(error, item_id)
    except checks.RecordInvalid as invalid:
        form.form_errors.extend(problem.text(language()) for problem in invalid.problems)
    return render_item_page(item, record_form=form), 400
