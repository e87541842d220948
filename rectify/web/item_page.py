"""The item page: facts, workflow buttons, check records and their rule results,
extensions, files and the timeline. Rendered by the item view, and again by forms on the
page that refuse their input (so the user keeps what they typed and sees why)."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import clock, workflow
from ..extensions import db
from ..labels import ACTION_LABELS
from ..models import Action, Attachment, ExtensionRequest, Item
from ..services.setup import holidays
from ..services.tracking import audit, checks
from ..services.tracking import items as item_service
from . import chases, followup
from .forms import (
    ActionForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    TransitionForm,
    check_record_form,
    counted_units_form,
    plugin_fields,
)
from .i18n import language

# Statuses in which the rule results are worth showing: work is going on or awaits checking.
RULES_SHOWN_IN = (workflow.IN_PROGRESS, workflow.SUBMITTED)


def _timeline(item: Item) -> list[dict]:
    """Every event of the item, oldest first, with the record and files it refers to."""
    events = audit.events_of(item)
    actions = {a.id: a for a in db.session.scalars(
        select(Action).where(Action.item_id == item.id)
        .options(selectinload(Action.attachments)))}  # one query, not one per action
    return [{"event": e, "action": actions.get(e.action_id) if e.action_id is not None else None}
            for e in events]


def _check_context(item: Item, record_form: FlaskForm | None) -> dict:
    """The check type, its records, the record form (if the user may add) and the rules."""
    check_type = checks.check_type_of(item)
    if check_type is None:
        return {"check_type": None, "check_type_missing": bool(item.check_type),
                "rule_results": None}
    may_add = workflow.can_add_action(workflow.EVIDENCE, current_user.actor, item.facts)
    if may_add and record_form is None:
        record_form = check_record_form(check_type, language())
    show_rules = item.status in RULES_SHOWN_IN
    may_count = workflow.can_choose_counted_units(current_user.actor, item.facts)
    records = checks.stored_records(item)
    return {
        "check_type": check_type,
        "check_type_missing": False,
        "check_records": records,
        "changeable_records": _changeable(item, records),
        "record_form": record_form if may_add else None,
        "record_inputs": plugin_fields(record_form, check_type) if may_add else [],
        "rule_results": checks.blockers_for(item, clock.today()) if show_rules else None,
        "counted_units_form": _counted_units_form(item) if may_count and item.co_units else None,
    }


def _changeable(item: Item, records: list[checks.StoredRecord]) -> set[int]:
    """The ids of the records the current user may correct or withdraw now."""
    ids = set()
    for stored in records:
        try:
            checks.check_may_change(current_user, item, stored.record)
        except workflow.WorkflowError:
            continue
        ids.add(stored.record.id)
    return ids


def _counted_units_form(item: Item) -> FlaskForm:
    uncounted = {unit.id for unit in item.uncounted_units}
    return counted_units_form(item, language(), formdata=None,
                              counted=[u.id for u in item.co_units if u.id not in uncounted])


def render_item_page(item: Item, record_form: FlaskForm | None = None) -> str:
    actor = current_user.actor
    facts = item.facts
    today = clock.today()
    action_form = ActionForm()
    action_form.kind.choices = [(k, str(ACTION_LABELS[k])) for k in workflow.ACTION_KINDS
                                if workflow.can_add_action(k, actor, facts)]
    extensions = db.session.scalars(select(ExtensionRequest).where(
        ExtensionRequest.item_id == item.id).order_by(ExtensionRequest.requested_at)).all()
    instructions = db.session.scalars(select(Action).where(
        Action.item_id == item.id, Action.kind == workflow.INSTRUCTION)
        .order_by(Action.created_at.desc())).all()
    attachments = db.session.scalars(select(Attachment).where(
        Attachment.item_id == item.id).order_by(Attachment.uploaded_at)).all()
    return render_template(
        "items/detail.html", item=item, today=today,
        days_left=item.days_left(today, holidays.special_days_of_request()),
        overdue=item.is_overdue(today),
        transitions=workflow.available_transitions(actor, facts),
        transition_form=TransitionForm(version=item.version),
        action_form=action_form,
        can_request_extension=workflow.can_request_extension(actor, facts)
        and item_service.pending_extension(item) is None,
        extension_form=ExtensionRequestForm(),
        decision_form=ExtensionDecisionForm(version=item.version),
        can_decide_extension=workflow.can_decide_extension(actor, facts),
        can_edit=workflow.can_change_item(actor, facts),
        extensions=extensions, instructions=instructions, attachments=attachments,
        timeline=_timeline(item), lang=language(),
        unanswered_return=item_service.unanswered_return(item)
        if workflow.relation(actor, facts) else None,
        **_check_context(item, record_form),
        **followup.item_page_context(item),
        **chases.item_page_context(item),
    )
