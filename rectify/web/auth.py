"""Signing in and out, and the user's own preferences."""

from __future__ import annotations

from functools import cache

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import User
from ..services.accounts import accounts, sign_in, two_factor
from .forms import ChangePasswordForm, LoginForm, PreferencesForm
from .redirects import local_target
from .session import begin_session, current_session_key, end_session
from .two_factor import await_code

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only redirect to a path on this site after sign-in."""
    return local_target(target, url_for("home"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form)
    username, address = form.username.data.strip(), request.remote_addr or "unknown"
    wait = sign_in.minutes_locked(username, address)
    if wait:
        flash(_too_many_failures(wait), "danger")
        return render_template("auth/login.html", form=form), 429
    user = db.session.scalar(select(User).where(User.username == username))
    password_ok = (user.check_password(form.password.data) if user
                   else _check_dummy(form.password.data))
    if user and password_ok and user.active:
        if two_factor.is_enrolled(user):  # failures are cleared once the code passes
            await_code(user, request.args.get("next"))
            return redirect(url_for("two_factor.login_code"))
        sign_in.clear_failures(username, address)
        begin_session(user)
        return redirect(_safe_next(request.args.get("next")))
    sign_in.record_failure(username, address)
    flash(_("Wrong username or password, or the account is disabled."), "danger")
    return render_template("auth/login.html", form=form)


def _too_many_failures(minutes: int) -> str:
    return _("Too many failed sign-ins. Try again in %(minutes)s minutes.", minutes=minutes)


@cache
def _dummy_hash() -> str:
    return generate_password_hash("no such user")


def _check_dummy(password: str) -> bool:
    """Spend the same time on unknown users as on known ones, then refuse."""
    check_password_hash(_dummy_hash(), password)
    return False


@bp.post("/logout")
@login_required
def logout():
    end_session()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


def _preferences_page(form: PreferencesForm | None = None,
                      password_form: ChangePasswordForm | None = None, status: int = 200):
    form = form or PreferencesForm(locale=current_user.locale, formdata=None)
    form.locale.choices = list(current_app.config["LANGUAGES"].items())
    return render_template("auth/preferences.html", form=form,
                           password_form=password_form or ChangePasswordForm(formdata=None)), status


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    form = PreferencesForm(locale=current_user.locale)
    form.locale.choices = list(current_app.config["LANGUAGES"].items())
    if form.validate_on_submit():
        current_user.locale = form.locale.data
        db.session.commit()
        session["locale"] = form.locale.data
        flash(_("Preferences saved."), "success")
        return redirect(url_for("auth.preferences"))
    return _preferences_page(form)


@bp.post("/preferences/password")
@login_required
def change_password():
    """A new password ends every other session of the user; this one continues."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            correct = sign_in.check_current_password(user, form.current_password.data,
                                                     request.remote_addr or "unknown")
        except sign_in.Throttled as throttled:
            form.current_password.errors = [_too_many_failures(throttled.minutes)]
            return _preferences_page(password_form=form, status=429)
        if correct:
            accounts.set_password(user, form.new_password.data, actor=user,
                                  keep_session_key=current_session_key())
            flash(_("Password changed. Your other sessions have been signed out."), "success")
            return redirect(url_for("auth.preferences"))
        form.current_password.errors = [_("The current password is wrong.")]
    return _preferences_page(password_form=form, status=400)


@bp.post("/language/<code>")
def choose_language(code: str):
    """Anonymous visitors pick a language for this session (the sign-in page's switch)."""
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
    return redirect(_safe_next(request.form.get("next") or url_for("auth.login")))
