"""Item pages: the list, raising and editing items, and the item page with its timeline."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import clock, workflow
from ..labels import WORKFLOW_ERRORS
from ..models import Item
from ..permissions import readable_unit_ids
from ..services.reads.queries import ItemFilters, item_page, list_filters
from ..services.tracking import items as item_service
from ..services.tracking.audit import ConflictError
from ..services.tracking.chasing import chase_stats
from ..services.tracking.item_fields import ItemFields, ItemFieldsInvalid, item_fields_from_ids
from . import choices
from .errors import field_error_text, flash_workflow_error
from .forms import ItemForm, ListFilterForm, submitted_version
from .guards import rule_required, visible_item_or_404
from .item_page import render_item_page
from .page_cache import cached_page
from .paging import list_args, requested_page

bp = Blueprint("items", __name__, url_prefix="/items")


def list_filter_form() -> ListFilterForm:
    form = ListFilterForm(request.args)
    form.campaign.choices = choices.campaign_choices(choices.any_label())
    form.unit.choices = choices.unit_choices(choices.any_label(),
                                             within=readable_unit_ids(current_user))
    form.category.choices = choices.category_choices(choices.any_label(), every=True)
    form.group.choices = choices.group_choices(choices.any_label())
    form.kind.choices = choices.unit_kind_choices(choices.any_label())
    form.source.choices = choices.source_choices(choices.any_label())
    form.status.choices = choices.status_choices(choices.any_label())
    form.sort.choices = [("due", _("Due date")), ("unit", _("Unit")), ("status", _("Status")),
                         ("code", _("Code")), ("newest", _("Newest"))]
    return form


def _valid(field):
    """A filter field's value, or None when it is empty or invalid."""
    return None if field.errors else (field.data or None)


def filters_from(form: ListFilterForm) -> ItemFilters:
    form.validate()
    return list_filters(
        campaign_id=_valid(form.campaign),
        unit_id=_valid(form.unit),
        category_id=_valid(form.category),
        group_id=_valid(form.group),
        unit_kind=_valid(form.kind),
        raised_from=_valid(form.raised_from),
        raised_to=_valid(form.raised_to),
        source=_valid(form.source),
        status=_valid(form.status),
        overdue=bool(form.overdue.data),
        severe=bool(form.severe.data),
        due_within=_valid(form.due_within),
        text=_valid(form.q) or "",
        sort=form.sort.data,
    )


@bp.get("/")
@login_required
def item_list():
    return cached_page(_render_item_list)


def _render_item_list() -> str:
    form = list_filter_form()
    filters = filters_from(form)
    today = clock.today()
    counts, page = item_page(current_user, filters, today, requested_page(),
                             current_app.config["ITEMS_PER_PAGE"])
    args = list_args()
    unit_filter = len(form.unit.choices) > 2  # "any" and two units or more
    return render_template("items/list.html", form=form, page=page, counts=counts,
                           today=today, args=args, unit_filter=unit_filter,
                           chases=chase_stats([item.id for item in page.items]))


def _item_form(item: Item | None = None) -> ItemForm:
    form = ItemForm(obj=item)
    kept_units = [item.lead_unit_id, *(u.id for u in item.co_units)] if item else []
    form.campaign_id.choices = choices.raisable_campaign_choices(item.campaign if item else None)
    form.lead_unit_id.choices = choices.unit_choices(keeping=kept_units)
    form.co_unit_ids.choices = choices.unit_choices(keeping=kept_units)
    form.category_id.choices = choices.category_choices(offered_for=item)
    form.source.choices = choices.source_choices()
    form.priority.choices = choices.priority_choices()
    form.check_type.choices = choices.check_type_choices(item.check_type if item else None)
    if item is not None and request.method == "GET":
        form.co_unit_ids.data = [u.id for u in item.co_units]
        form.version.data = item.version
    return form


def _fields_from(form: ItemForm) -> ItemFields:
    """The form's values as item fields (:class:`ItemFieldsInvalid` for unknown ids)."""
    return item_fields_from_ids({
        "campaign_id": form.campaign_id.data, "lead_unit_id": form.lead_unit_id.data,
        "co_unit_ids": form.co_unit_ids.data or [], "category_id": form.category_id.data,
        "source": form.source.data, "problem": form.problem.data.strip(),
        "requirement": form.requirement.data.strip(), "priority": form.priority.data,
        "due_date": form.due_date.data, "due_working_days": form.due_working_days.data,
        "responsible_leader": (form.responsible_leader.data or "").strip(),
        "responsible_person": (form.responsible_person.data or "").strip(),
        "check_type": form.check_type.data or None,
    })


def _show_on_form(form: ItemForm, error: Exception) -> bool:
    """Show a refusal of the fields at the fields it is about (the item validation's, and
    a campaign that takes no items at the campaign); nothing is saved. False when the
    refusal is about no field."""
    if isinstance(error, ItemFieldsInvalid):
        for name, field_error in error.errors.items():
            form[name].errors.append(field_error_text(field_error))
        return True
    if isinstance(error, workflow.WorkflowError) and \
            error.code in ("stage_closed", "campaign_archived"):
        form.campaign_id.errors.append(str(WORKFLOW_ERRORS[error.code]))
        return True
    return False


@bp.route("/new", methods=["GET", "POST"])
@rule_required(workflow.can_raise_item)
def new_item():
    form = _item_form()
    if form.validate_on_submit():
        try:
            item = item_service.raise_item(current_user, _fields_from(form))
        except (workflow.WorkflowError, ItemFieldsInvalid) as error:
            if not _show_on_form(form, error):
                raise
        else:
            flash(_("Item %(code)s raised.", code=item.code), "success")
            return redirect(url_for("items.item_detail", item_id=item.id))
    elif not form.campaign_id.choices:
        flash(_("No campaign accepts items now: items are raised in a campaign's inspection "
                "or rectification stage."), "warning")
    return render_template("items/form.html", form=form, item=None)


@bp.route("/<int:item_id>/edit", methods=["GET", "POST"])
@rule_required(workflow.can_edit_item)
def edit_item(item_id: int):
    item = visible_item_or_404(item_id)
    try:
        workflow.check_edit_item(current_user.actor, item.facts)
    except workflow.WorkflowError as error:
        return flash_workflow_error(error, item.id)
    form = _item_form(item)
    if form.validate_on_submit():
        try:
            item_service.update_item(current_user, item, _fields_from(form),
                                     expected_version=submitted_version(form.version))
        except (workflow.WorkflowError, ItemFieldsInvalid) as error:
            if _show_on_form(form, error):
                return render_template("items/form.html", form=form, item=item)
            assert isinstance(error, workflow.WorkflowError)  # fields refusals show on the form
            return flash_workflow_error(error, item.id)
        except ConflictError:
            flash(_("Someone else changed this item after you opened the form. "
                    "Their change was kept; please review it and edit again."), "danger")
            return redirect(url_for("items.item_detail", item_id=item.id))
        flash(_("Changes saved."), "success")
        return redirect(url_for("items.item_detail", item_id=item.id))
    return render_template("items/form.html", form=form, item=item)


@bp.get("/<int:item_id>")
@login_required
def item_detail(item_id: int):
    return render_item_page(visible_item_or_404(item_id))
