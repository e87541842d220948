"""Every extension request (申请延期) across items, filtered; decided on each item's page."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectField
from wtforms.validators import Optional

from .. import clock
from ..labels import EXTENSION_STATUS_LABELS
from ..permissions import may_read_extension_requests
from ..services.tracking.extensions import (
    EXTENSION_STATUSES,
    ExtensionFilters,
    count_extension_requests,
    extension_page,
)
from . import choices
from .forms import LongSelectField, PlainTextForm
from .guards import allowed_if
from .paging import list_args, requested_page

bp = Blueprint("extensions", __name__, url_prefix="/extensions")

ANY_STATUS = "any"


class ExtensionFilterForm(PlainTextForm):
    """Read from the query string (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Status"), default="pending", validators=[Optional()])
    campaign = SelectField(_l("Campaign"), coerce=int, validators=[Optional()])
    unit = LongSelectField(_l("Unit"), validators=[Optional()])


def _filter_form() -> ExtensionFilterForm:
    form = ExtensionFilterForm(request.args)
    form.status.choices = [*((s, str(EXTENSION_STATUS_LABELS[s])) for s in EXTENSION_STATUSES),
                           (ANY_STATUS, choices.any_label())]
    form.campaign.choices = choices.campaign_choices(choices.any_label())
    form.unit.choices = choices.unit_choices(choices.any_label())
    return form


def _filters(form: ExtensionFilterForm) -> ExtensionFilters:
    form.validate()
    status = "pending" if form.status.errors or not form.status.data else form.status.data
    return ExtensionFilters(
        status=None if status == ANY_STATUS else status,
        campaign_id=None if form.campaign.errors else form.campaign.data or None,
        unit_id=None if form.unit.errors else form.unit.data or None)


@bp.get("/")
@allowed_if(may_read_extension_requests)
def extension_list():
    form = _filter_form()
    filters = _filters(form)
    total = count_extension_requests(current_user, filters)
    per_page, page = current_app.config["ITEMS_PER_PAGE"], requested_page()
    rows = extension_page(current_user, filters, page, per_page)
    args = list_args()
    pages = {"prev": url_for(".extension_list", page=page - 1, **args) if page > 1 else None,
             "next": url_for(".extension_list", page=page + 1, **args)
             if page * per_page < total else None}
    return render_template("extensions/list.html", form=form, rows=rows, total=total,
                           pages=pages, today=clock.today())
