"""Campaign pages: the list, a campaign's page (stage timeline, groups, evaluated units,
history), creating and editing campaigns and their inspection groups, moving to the next
stage, archiving, and starting next year's campaign from this one.

Administrators and the committee manage campaigns; leaders read them; department
liaisons get 403 (the rules are :mod:`rectify.workflow`'s).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from .. import workflow
from ..extensions import db
from ..labels import CAMPAIGN_ERRORS, WORKFLOW_ERRORS
from ..models import Campaign, InspectionGroup, Unit, User
from ..services.setup import campaigns as campaign_service
from . import choices
from .errors import flash_form_errors
from .forms import CampaignForm, ConfirmForm, GroupForm, NextCampaignForm
from .guards import rule_required
from .i18n import language

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")

readers_only = rule_required(workflow.can_read_campaigns)
managers_only = rule_required(workflow.can_manage_campaigns)


def _campaign_or_404(campaign_id: int) -> Campaign:
    return db.session.get(Campaign, campaign_id) or abort(404)


def _refused(error: workflow.WorkflowError | campaign_service.CampaignError) -> None:
    """Flash why a rule or the input refused the change (403 for a role that never may)."""
    if isinstance(error, workflow.WorkflowError):
        if error.code == "forbidden":
            abort(403)
        flash(str(WORKFLOW_ERRORS.get(error.code, error.message)), "danger")
    else:
        flash(str(CAMPAIGN_ERRORS[error.code]), "danger")


def _may_change(campaign: Campaign) -> bool:
    """Whether the campaign's forms may be used now; if not, say why (an archived one)."""
    try:
        workflow.check_change_campaign(current_user.actor, campaign.facts)
    except workflow.WorkflowError as error:
        _refused(error)
        return False
    return True


def _units(ids: list[int] | None) -> list[Unit]:
    return list(db.session.scalars(select(Unit).where(Unit.id.in_(ids or []))))


@bp.get("/")
@readers_only
def campaign_list():
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.archived_at.is_not(None),
                                                             Campaign.year.desc(), Campaign.id))
    return render_template("campaigns/list.html", campaigns=list(campaigns))


@bp.get("/<int:campaign_id>")
@readers_only
def campaign_detail(campaign_id: int):
    campaign = _campaign_or_404(campaign_id)
    return render_template("campaigns/detail.html", campaign=campaign,
                           groups=campaign_service.groups_of(campaign),
                           history=campaign_service.campaign_history(campaign),
                           next_stage=workflow.next_stage(campaign.stage))


def _campaign_form(campaign: Campaign | None) -> CampaignForm:
    form = CampaignForm(obj=campaign)
    form.unit_ids.choices = choices.unit_choices()
    if request.method == "GET":
        form.unit_ids.data = [u.id for u in campaign.units] if campaign else \
            [unit_id for unit_id, _name in form.unit_ids.choices]
        for stage in campaign.stage_dates if campaign else ():
            starts, ends = form.stage_fields(stage.stage)
            starts.data, ends.data = stage.starts_on, stage.ends_on
    return form


def _campaign_fields(form: CampaignForm) -> campaign_service.CampaignFields:
    return campaign_service.CampaignFields(
        title=form.title.data, year=form.year.data, theme=form.theme.data or "",
        code_prefix=form.code_prefix.data, default_due_date=form.default_due_date.data,
        units=_units(form.unit_ids.data),
        stage_dates=[tuple(f.data for f in form.stage_fields(stage))
                     for stage in workflow.STAGES])


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:campaign_id>/edit", methods=["GET", "POST"])
@managers_only
def edit_campaign(campaign_id: int | None = None):
    campaign = _campaign_or_404(campaign_id) if campaign_id else None
    if campaign is not None and not _may_change(campaign):
        return redirect(url_for("campaigns.campaign_detail", campaign_id=campaign.id))
    form = _campaign_form(campaign)
    if form.validate_on_submit():
        try:
            saved = campaign_service.save_campaign(current_user, campaign, _campaign_fields(form))
        except (workflow.WorkflowError, campaign_service.CampaignError) as error:
            db.session.rollback()
            _refused(error)
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("campaigns.campaign_detail", campaign_id=saved.id))
    return render_template("campaigns/form.html", form=form, campaign=campaign,
                           stages=workflow.STAGES)


def _confirmed_act(campaign_id: int, act, done: str):
    """Run a consequential act after its confirmation box was ticked."""
    campaign = _campaign_or_404(campaign_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    else:
        try:
            act(current_user, campaign)
        except workflow.WorkflowError as error:
            db.session.rollback()
            _refused(error)
        else:
            flash(done, "success")
    return redirect(url_for("campaigns.campaign_detail", campaign_id=campaign_id))


@bp.post("/<int:campaign_id>/advance")
@managers_only
def advance_stage(campaign_id: int):
    return _confirmed_act(campaign_id, campaign_service.advance_stage,
                          _("The campaign moved to its next stage."))


@bp.post("/<int:campaign_id>/archive")
@managers_only
def archive_campaign(campaign_id: int):
    return _confirmed_act(campaign_id, campaign_service.archive_campaign,
                          _("The campaign is archived; it and its items are now read-only."))


@bp.route("/<int:campaign_id>/next", methods=["GET", "POST"])
@managers_only
def start_next(campaign_id: int):
    """Next year's campaign from this one (units, groups and stage dates copied)."""
    source = _campaign_or_404(campaign_id)
    form = NextCampaignForm()
    if request.method == "GET":
        form.year.data = source.year + 1
        form.default_due_date.data = campaign_service.years_later(source.default_due_date, 1)
    if form.validate_on_submit():
        wanted = campaign_service.NextCampaign(
            title=form.title.data, year=form.year.data, code_prefix=form.code_prefix.data,
            default_due_date=form.default_due_date.data)
        try:
            campaign = campaign_service.start_from(current_user, source, wanted)
        except (workflow.WorkflowError, campaign_service.CampaignError) as error:
            db.session.rollback()
            _refused(error)
        else:
            flash(_("Campaign %(title)s started from %(source)s.", title=campaign.title,
                    source=source.title), "success")
            return redirect(url_for("campaigns.campaign_detail", campaign_id=campaign.id))
    return render_template("campaigns/next.html", form=form, source=source)


def _group_form(campaign: Campaign, group: InspectionGroup | None) -> GroupForm:
    form = GroupForm(obj=group)
    form.unit_ids.choices = [(u.id, u.display_name(language())) for u in campaign.units]
    form.member_ids.choices = choices.committee_user_choices()
    if group is not None and request.method == "GET":
        form.unit_ids.data = [u.id for u in group.units]
        form.member_ids.data = [m.id for m in group.members]
    return form


@bp.route("/<int:campaign_id>/groups/new", methods=["GET", "POST"])
@bp.route("/<int:campaign_id>/groups/<int:group_id>", methods=["GET", "POST"])
@managers_only
def edit_group(campaign_id: int, group_id: int | None = None):
    campaign = _campaign_or_404(campaign_id)
    group = None
    if group_id is not None:
        group = db.session.get(InspectionGroup, group_id)
        if group is None or group.campaign_id != campaign.id:
            abort(404)
    if not _may_change(campaign):
        return redirect(url_for("campaigns.campaign_detail", campaign_id=campaign.id))
    form = _group_form(campaign, group)
    if form.validate_on_submit():
        members = list(db.session.scalars(select(User).where(User.id.in_(form.member_ids.data))))
        fields = campaign_service.GroupFields(
            name=form.name.data, leader_name=form.leader_name.data or "", members=members,
            units=_units(form.unit_ids.data))
        try:
            campaign_service.save_group(current_user, campaign, group, fields)
        except (workflow.WorkflowError, campaign_service.CampaignError) as error:
            db.session.rollback()
            _refused(error)
        else:
            flash(_("Changes saved."), "success")
            return redirect(url_for("campaigns.campaign_detail", campaign_id=campaign.id))
    return render_template("campaigns/group_form.html", form=form, campaign=campaign,
                           group=group)
