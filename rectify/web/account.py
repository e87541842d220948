"""The signed-in user's own account pages: personal API tokens, and the sessions
signed in as them (to end the ones on other devices).

A new token is shown once, on the page that answers the form (never stored in the
session or anywhere else in clear); the list shows only each token's prefix.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from .. import clock
from ..services.accounts import tokens as token_service
from ..services.accounts import user_sessions
from .forms import PlainTextForm
from .session import current_session_key

bp = Blueprint("account", __name__, url_prefix="/account")


class NewTokenForm(PlainTextForm):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=80)],
                       description=_l("What the token is for, e.g. the program that uses it."))
    expires_in = SelectField(_l("Expires"), coerce=int)


def _new_token_form(**kwargs) -> NewTokenForm:
    form = NewTokenForm(**kwargs)
    form.expires_in.choices = [(days, _("In %(days)s days", days=days))
                               for days in token_service.expiry_choices()]
    if form.expires_in.data is None:
        form.expires_in.data = 90 if 90 in token_service.expiry_choices() else \
            token_service.max_days()
    return form


class RevokeTokenForm(PlainTextForm):
    """No fields: the CSRF token is what it carries."""


class EndSessionsForm(PlainTextForm):
    """No fields: the CSRF token is what it carries."""


@bp.route("/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    form = _new_token_form()
    created = None
    if form.validate_on_submit():
        _token, created = token_service.issue_token(current_user, form.name.data,
                                                    form.expires_in.data)
        form = _new_token_form(formdata=None)
    return render_template("account/tokens.html", form=form, created=created,
                           tokens=token_service.tokens_of(current_user), now=clock.now())


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke(token_id: int):
    if not RevokeTokenForm().validate_on_submit():
        abort(400)
    if not token_service.revoke_token(current_user, token_id):
        abort(404)
    flash(_("Token revoked: programs using it can no longer call the API."), "success")
    return redirect(url_for("account.tokens"))


@bp.get("/sessions")
@login_required
def sessions():
    key = current_session_key()
    listed = [(s, user_sessions.is_key_of(s, key)) for s in user_sessions.sessions_of(current_user)]
    return render_template("account/sessions.html", sessions=listed, form=EndSessionsForm())


@bp.post("/sessions/end-others")
@login_required
def end_other_sessions():
    if not EndSessionsForm().validate_on_submit():
        abort(400)
    user_sessions.end_others(current_user, current_session_key())
    flash(_("Your other sessions have been signed out."), "success")
    return redirect(url_for("account.sessions"))
