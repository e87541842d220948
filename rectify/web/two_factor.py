"""Two-factor sign-in pages: the code step after the password, enrolment on the user's
account, and the rule that a required role enrols before anything else.

After a right password, a user with a second factor is *not* signed in: the cookie holds
only who is waiting for the code step (for a few minutes) and where to go next, no
server-side session exists yet, and :func:`~rectify.web.session.begin_session` runs
only once the code passes. Wrong codes count as failed sign-ins (rectify/services/
sign_in.py), so guessing codes meets the same delays as guessing passwords.
"""

from __future__ import annotations

import time

from flask import (
    Blueprint,
    Flask,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Regexp

from ..extensions import db
from ..models import User
from ..services.accounts import sign_in, two_factor
from .forms import PlainTextForm
from .redirects import local_target
from .session import begin_session

bp = Blueprint("two_factor", __name__)

PENDING_USER, PENDING_SINCE, PENDING_NEXT = "2fa_user", "2fa_since", "2fa_next"
PENDING_SECONDS = 300
ENROL_SECRET = "2fa_new_secret"
# What a user who must enrol may still open: the enrolment page, signing out, languages.
ALLOWED_BEFORE_ENROLMENT = {"two_factor.enrol", "auth.logout", "auth.choose_language",
                            "static"}


class CodeForm(PlainTextForm):
    code = StringField(_l("Verification code"),
                       validators=[DataRequired(), Length(max=40),
                                   Regexp(r"^[0-9A-Za-z -]*$", message=_l(
                                       "A code has only digits, letters a–f and hyphens."))],
                       description=_l("The 6 digits your authenticator app shows, "
                                      "or one of your recovery codes."))


def await_code(user: User, next_target: str | None) -> None:
    """After a right password: remember who waits for the code step (and the language
    chosen on the sign-in page), nothing more."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    session[PENDING_USER], session[PENDING_SINCE] = user.id, time.time()
    session[PENDING_NEXT] = next_target or ""


def _pending_user() -> User | None:
    user_id, since = session.get(PENDING_USER), session.get(PENDING_SINCE, 0)
    if user_id is None or time.time() - since > PENDING_SECONDS:
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.active and two_factor.is_enrolled(user) else None


@bp.route("/login/code", methods=["GET", "POST"])
def login_code():
    user = _pending_user()
    if user is None:
        for key in (PENDING_USER, PENDING_SINCE, PENDING_NEXT):
            session.pop(key, None)
        flash(_("Please sign in first."), "danger")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("auth/login_code.html", form=form)
    address = request.remote_addr or "unknown"
    wait = sign_in.minutes_locked(user.username, address)
    if wait:
        flash(_("Too many failed sign-ins. Try again in %(minutes)s minutes.", minutes=wait),
              "danger")
        return render_template("auth/login_code.html", form=form), 429
    if not two_factor.verify(user, form.code.data):
        sign_in.record_failure(user.username, address)
        form.code.errors = [_("The code is wrong or has already been used.")]
        return render_template("auth/login_code.html", form=form), 400
    sign_in.clear_failures(user.username, address)
    next_target = session.get(PENDING_NEXT)
    begin_session(user)
    return redirect(local_target(next_target, url_for("home")))


@bp.route("/account/two-factor", methods=["GET", "POST"])
@login_required
def enrol():
    """Status, and enrolment: a new secret kept in the cookie until a code confirms it."""
    if two_factor.is_enrolled(current_user):
        if request.method == "POST":
            return redirect(url_for("two_factor.enrol"))
        return render_template("account/two_factor.html", enrolled=True,
                               unused=two_factor.unused_recovery_codes(current_user))
    form = CodeForm()
    secret = session.get(ENROL_SECRET)
    if form.validate_on_submit() and secret:
        codes = two_factor.enrol(current_user, secret, form.code.data)
        if codes is not None:
            session.pop(ENROL_SECRET)
            flash(_("Two-factor sign-in is on."), "success")
            return render_template("account/two_factor.html", enrolled=True,
                                   recovery_codes=codes, unused=len(codes))
        form.code.errors = [_("The code is wrong. Check the time on your phone and try again.")]
    if not secret:
        secret = session[ENROL_SECRET] = two_factor.new_secret()
    uri = two_factor.provisioning_uri(current_user, secret)
    return render_template("account/two_factor.html", enrolled=False, form=form, uri=uri,
                           secret=secret, qr_code=two_factor.qr_code_svg(uri),
                           required=two_factor.is_required(current_user)), \
        400 if request.method == "POST" else 200


def register(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.before_request
    def enrol_first():
        """A user whose role requires a second factor enrols before anything else."""
        if (request.endpoint not in ALLOWED_BEFORE_ENROLMENT
                and current_user.is_authenticated and two_factor.must_enrol(current_user)):
            flash(_("Your role requires two-factor sign-in: set it up to continue."), "warning")
            return redirect(url_for("two_factor.enrol"))
        return None
