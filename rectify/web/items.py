"""Item pages: the list, raising and editing items, and the item page with its timeline."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import clock, workflow
from ..extensions import db
from ..models import Campaign, Category, Item, Unit
from ..permissions import readable_unit_ids, role_required, visible_item_or_404
from ..services import items as item_service
from ..services.chasing import chase_stats
from ..services.queries import ItemFilters, item_page, list_filters
from . import choices
from ..labels import WORKFLOW_ERRORS
from .errors import flash_workflow_error
from .forms import ItemForm, ListFilterForm, submitted_version
from .item_page import render_item_page
from .page_cache import cached_page
from .paging import requested_page

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
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("items/list.html", form=form, page=page, counts=counts,
                           today=today, args=args, unit_filter=len(form.unit.choices) > 2,  # "any" and two units or more
                           chases=chase_stats([item.id for item in page.items]))


def _item_form(item: Item | None = None) -> ItemForm:
    form = ItemForm(obj=item)
    form.campaign_id.choices = choices.raisable_campaign_choices(item.campaign if item else None)
    form.lead_unit_id.choices = choices.unit_choices()
    form.co_unit_ids.choices = choices.unit_choices()
    form.category_id.choices = choices.category_choices(offered_for=item)
    form.source.choices = choices.source_choices()
    form.priority.choices = choices.priority_choices()
    form.check_type.choices = choices.check_type_choices(item.check_type if item else None)
    if item is not None and request.method == "GET":
        form.co_unit_ids.data = [u.id for u in item.co_units]
        form.version.data = item.version
    return form


def _fields_from(form: ItemForm) -> item_service.ItemFields | None:
    """Turn a validated form into item fields; None (with form errors) if ids are bad."""
    campaign = db.session.get(Campaign, form.campaign_id.data)
    lead_unit = db.session.get(Unit, form.lead_unit_id.data)
    category = db.session.get(Category, form.category_id.data)
    co_units = list(db.session.scalars(select(Unit).where(Unit.id.in_(form.co_unit_ids.data or []))))
    if not (campaign and lead_unit and category):
        return None
    return item_service.ItemFields(
        campaign=campaign, lead_unit=lead_unit, category=category, source=form.source.data,
        problem=form.problem.data.strip(), requirement=form.requirement.data.strip(),
        priority=form.priority.data, due_date=form.due_date.data,
        responsible_leader=(form.responsible_leader.data or "").strip(),
        responsible_person=(form.responsible_person.data or "").strip(),
        co_units=co_units,
        check_type=form.check_type.data or None,
    )


def _due_date_is_sane(form: ItemForm) -> bool:
    if not workflow.is_acceptable_due_date(form.due_date.data, clock.today()):
        form.due_date.errors.append(_("The due date cannot be in the past."))
        return False
    return True


@bp.route("/new", methods=["GET", "POST"])
@role_required(workflow.COMMITTEE)
def new_item():
    form = _item_form()
    if form.validate_on_submit() and _due_date_is_sane(form):
        fields = _fields_from(form)
        if fields is not None:
            try:
                item = item_service.raise_item(current_user, fields)
            except workflow.WorkflowError as error:
                if not _show_on_form(form, error):
                    raise
            else:
                flash(_("Item %(code)s raised.", code=item.code), "success")
                return redirect(url_for("items.item_detail", item_id=item.id))
    elif not form.campaign_id.choices:
        flash(_("No campaign accepts items now: items are raised in a campaign's inspection "
                "or rectification stage."), "warning")
    return render_template("items/form.html", form=form, item=None)


def _show_on_form(form: ItemForm, error: workflow.WorkflowError) -> bool:
    """Show a rule refusing the fields at the field it is about (a check type not for the
    lead unit at the check type, a campaign that takes no items at the campaign); nothing
    is saved. False when the refusal is about no field."""
    field = {"check_type_not_for_unit": form.check_type,
             "stage_closed": form.campaign_id,
             "campaign_archived": form.campaign_id}.get(error.code)
    if field is None:
        return False
    field.errors.append(str(WORKFLOW_ERRORS[error.code]))
    return True


@bp.route("/<int:item_id>/edit", methods=["GET", "POST"])
@role_required(workflow.COMMITTEE)
def edit_item(item_id: int):
    item = visible_item_or_404(item_id)
    try:
        workflow.check_edit_item(current_user.actor, item.facts)
    except workflow.WorkflowError as error:
        return flash_workflow_error(error, item.id)
    form = _item_form(item)
    if form.validate_on_submit():
        fields = _fields_from(form)
        expected = submitted_version(form.version)
        if fields is not None:
            try:
                item_service.update_item(current_user, item, fields, expected_version=expected)
            except workflow.WorkflowError as error:
                if not _show_on_form(form, error):
                    return flash_workflow_error(error, item.id)
                return render_template("items/form.html", form=form, item=item)
            except item_service.ConflictError:
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
