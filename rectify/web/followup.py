"""Following up closed items on the web: the re-check and rating forms of the item page,
what they post to, and the committee's re-check queue (回头看)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import DateField, HiddenField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from .. import clock, workflow
from ..labels import RECHECK_RESULT_LABELS
from ..models import Item, Recheck
from ..permissions import may_work_recheck_queue
from ..routing import row_on_item
from ..services.tracking import followup
from .errors import post_and_return
from .forms import PlainTextForm, submitted_version
from .guards import allowed_if, visible_item_or_404

bp = Blueprint("followup", __name__)

MAX_RATINGS = 100000  # more deputies than any congress has: a typing slip


class RecheckForm(PlainTextForm):
    due_date = DateField(_l("Re-check date"), validators=[InputRequired()])


class RecheckResultForm(PlainTextForm):
    result = SelectField(_l("Result"), choices=[
        (workflow.RECHECK_CONFIRMED, _l("Confirmed: the rectification lasts")),
        (workflow.RECHECK_REOPENED, _l("Problem found again: reopen the item"))])
    note = TextAreaField(_l("Findings"), validators=[Length(max=2000)],
                         description=_l("Required when the item is reopened."))
    new_due_date = DateField(_l("New due date"), validators=[Optional()],
                             description=_l("Required when the item is reopened."))
    version = HiddenField()


def _count(label) -> IntegerField:
    return IntegerField(label, default=0,
                        validators=[InputRequired(), NumberRange(min=0, max=MAX_RATINGS)])


class RatingForm(PlainTextForm):
    satisfied = _count(_l("Satisfied"))
    basically_satisfied = _count(_l("Basically satisfied"))
    dissatisfied = _count(_l("Dissatisfied"))


def item_page_context(item: Item) -> dict:
    """What the item page shows of the follow-up: the re-checks, the rating and, for the
    committee on a closed item, the forms."""
    may_follow_up = workflow.can_follow_up(current_user.actor, item.facts)
    pending = followup.pending_recheck(item)
    rating = followup.rating_of(item)
    counts = {key: getattr(rating, key) for key in ("satisfied", "basically_satisfied",
                                                     "dissatisfied")} if rating else {}
    return {
        "rechecks": followup.rechecks_of(item),
        "rating": rating,
        "may_follow_up": may_follow_up,
        "recheck_form": RecheckForm() if may_follow_up and pending is None else None,
        "recheck_result_form": RecheckResultForm(version=item.version)
        if may_follow_up and pending is not None else None,
        "pending_recheck": pending,
        "rating_form": RatingForm(**counts) if may_follow_up else None,
        "recheck_result_labels": RECHECK_RESULT_LABELS,
    }


def _follow_up(item_id: int) -> str:
    return url_for("items.item_detail", item_id=item_id) + "#follow-up"


@bp.post("/items/<int:item_id>/rechecks")
@login_required
def schedule_recheck(item_id: int):
    item = visible_item_or_404(item_id)
    form = RecheckForm()
    return post_and_return(form, lambda: followup.schedule_recheck(
        current_user, item, form.due_date.data), _("Re-check scheduled."), _follow_up(item_id))


@bp.post("/items/<int:item_id>/rechecks/<int:recheck_id>")
@login_required
def record_recheck_result(item_id: int, recheck_id: int):
    item = visible_item_or_404(item_id)
    recheck = row_on_item(Recheck, recheck_id, item.id) or abort(404)
    form = RecheckResultForm()
    done = (_("The item was reopened.") if form.result.data == workflow.RECHECK_REOPENED
            else _("Re-check result recorded."))
    return post_and_return(form, lambda: followup.record_recheck_result(
        current_user, item, recheck, form.result.data, form.note.data or "",
        expected_version=submitted_version(form.version), new_due_date=form.new_due_date.data),
        done, _follow_up(item_id))


@bp.post("/items/<int:item_id>/rating")
@login_required
def record_rating(item_id: int):
    item = visible_item_or_404(item_id)
    form = RatingForm()
    return post_and_return(form, lambda: followup.record_rating(
        current_user, item, workflow.RatingCounts(form.satisfied.data,
                                                  form.basically_satisfied.data,
                                                  form.dissatisfied.data)),
        _("Ratings recorded."), _follow_up(item_id))


@bp.get("/rechecks/")
@allowed_if(may_work_recheck_queue)
def queue():
    """Pending re-checks: those due today or earlier first, then the upcoming ones."""
    today = clock.today()
    return render_template("followup/queue.html", queue=followup.recheck_queue(today),
                           today=today)
