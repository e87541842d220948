"""Chasing (催办) an item from its page."""

from __future__ import annotations

from flask import Blueprint, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from .. import workflow
from ..models import Item
from ..services.tracking import chasing
from .errors import post_and_return
from .forms import PlainTextForm
from .guards import visible_item_or_404

bp = Blueprint("chases", __name__, url_prefix="/items")


class ChaseForm(PlainTextForm):
    message = TextAreaField(_l("Message to the units"),
                            validators=[DataRequired(), Length(max=2000)])


def item_page_context(item: Item) -> dict:
    """What the item page shows of chasing: the chases so far, newest first, and the form
    (only for those who may chase the item now)."""
    may_chase = workflow.can_chase(current_user.actor, item.facts)
    return {"chases": chasing.chases_of(item), "chase_form": ChaseForm() if may_chase else None}


@bp.post("/<int:item_id>/chase")
@login_required
def chase(item_id: int):
    item = visible_item_or_404(item_id)
    form = ChaseForm()
    return post_and_return(form, lambda: chasing.chase_item(current_user, item, form.message.data),
                           _("Chased: the item's units have been notified."),
                           url_for("items.item_detail", item_id=item_id))
