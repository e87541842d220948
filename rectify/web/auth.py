"""Signing in and out, and the user's own preferences."""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import User
from .forms import LoginForm, PreferencesForm

bp = Blueprint("auth", __name__)



def _safe_next(target: str | None) -> str:
    """Only redirect to a path on this site after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("items.item_list")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("items.item_list"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username == form.username.data.strip()))
        password_ok = user.check_password(form.password.data) if user else _check_dummy(form.password.data)
        if user and password_ok and user.active:
            login_user(user)
            session["locale"] = user.locale
            return redirect(_safe_next(request.args.get("next")))
        flash(_("Wrong username or password, or the account is disabled."), "danger")
    return render_template("auth/login.html", form=form)


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
    logout_user()
    session.clear()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


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
    return render_template("auth/preferences.html", form=form)


@bp.post("/language/<code>")
def choose_language(code: str):
    """Anonymous visitors pick a language for this session (the sign-in page's switch)."""
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
    return redirect(_safe_next(request.form.get("next") or url_for("auth.login")))
