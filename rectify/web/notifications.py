"""The notification centre: the list of a user's notices, and marking them read."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Notification
from ..services import notice_texts
from ..services import notifications as notification_service
from .forms import PlainTextForm
from .paging import requested_page
from .redirects import local_target

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
PER_PAGE = 20


class MarkReadForm(PlainTextForm):
    """No fields: the form carries the CSRF token of a "mark read" button."""


@bp.get("/")
@login_required
def notification_list():
    query = notification_service.notices_query(current_user).options(
        selectinload(Notification.item))
    page = db.paginate(query, page=requested_page(), per_page=PER_PAGE,
                       error_out=False)
    rows = [(n, notice_texts.title(n), notice_texts.detail(n)) for n in page.items]
    return render_template("notifications/list.html", page=page, rows=rows,
                           form=MarkReadForm(),
                           unread=notification_service.unread_count(current_user))


@bp.post("/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int):
    if not MarkReadForm().validate_on_submit():
        abort(400)
    if not notification_service.mark_read(current_user, notification_id):
        notice = db.session.get(Notification, notification_id)
        if notice is None or notice.user_id != current_user.id:
            abort(404)
    return redirect(local_target(request.form.get("next"),
                                 url_for("notifications.notification_list")))


@bp.post("/read-all")
@login_required
def mark_all_read():
    if not MarkReadForm().validate_on_submit():
        abort(400)
    notification_service.mark_read(current_user)
    return redirect(url_for("notifications.notification_list"))

