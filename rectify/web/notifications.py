"""The notification centre: the list of a user's notices (opening it marks the listed
ones read), and marking all of them read."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Notification
from ..services.notices import notice_texts
from ..services.notices import notifications as notification_service
from .forms import PlainTextForm
from .paging import requested_page

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
PER_PAGE = 20


class MarkReadForm(PlainTextForm):
    """No fields: the form carries the CSRF token of a "mark read" button."""


@bp.get("/")
@login_required
def notification_list():
    """The user's notices, newest first. Opening the list marks the notices it shows read;
    those that were unread until now are flagged new on this page."""
    query = notification_service.notices_query(current_user).options(
        selectinload(Notification.item))
    page = db.paginate(query, page=requested_page(), per_page=PER_PAGE,
                       error_out=False)
    rows = [(n, notice_texts.title(n), notice_texts.detail(n)) for n in page.items]
    new_ids = {n.id for n in page.items if n.read_at is None}
    notification_service.mark_read(current_user, new_ids)
    return render_template("notifications/list.html", page=page, rows=rows, new_ids=new_ids,
                           form=MarkReadForm(),
                           unread=notification_service.unread_count(current_user))


@bp.post("/read-all")
@login_required
def mark_all_read():
    if not MarkReadForm().validate_on_submit():
        abort(400)
    notification_service.mark_read(current_user)
    return redirect(url_for("notifications.notification_list"))

