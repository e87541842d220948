"""Server-side sessions (issue 14, point 1): signing out, a new password, an admin reset
and disabling end a session everywhere at once, including a copy of its cookie; idle and
absolute time limits; the user's list of sessions; a fresh CSRF secret at sign-in."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import time_machine

from conftest import PASSWORD, csrf_token, sign_in
from rectify import config
from rectify.extensions import db
from rectify.models import User, UserSession

START = datetime(2026, 6, 1, 2, 0)


@pytest.fixture
def default_limits(app):
    """The time limits a deployment gets unless it sets others (conftest lengthens them)."""
    defaults = config.from_environment(app.instance_path)
    for name in ("SESSION_IDLE_MINUTES", "SESSION_MAX_HOURS"):
        app.config[name] = defaults[name]
    assert (app.config["SESSION_IDLE_MINUTES"], app.config["SESSION_MAX_HOURS"]) == (30, 12)


def copy_of(app, client):
    """Another browser holding the same cookie (as if it had been captured)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_cookie_captured_before_sign_out_is_refused_after(world, app, login):
    client = login("dept-a")
    thief = copy_of(app, client)
    assert thief.get("/items/").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/items/")})
    assert thief.get("/items/").status_code == 302
    assert db.session.scalar(db.select(UserSession.ended_at)) is not None


def test_an_admin_reset_and_disabling_end_copied_cookies_too(world, app, login):
    admin = login("admin")
    victims = {name: copy_of(app, login(name)) for name in ("dept-a", "dept-b")}
    user_a, user_b = world.users["dept-a"].id, world.users["dept-b"].id
    admin.post(f"/admin/users/{user_a}/password", data={
        "csrf_token": csrf_token(admin, f"/admin/users/{user_a}"), "password": "reset by admin 1"})
    admin.post(f"/admin/users/{user_b}", data={
        "csrf_token": csrf_token(admin, f"/admin/users/{user_b}"), "role": "department",
        "unit_id": world.units["b"].id, "display_name": "b"})  # "active" unticked
    assert victims["dept-a"].get("/items/").status_code == 302
    assert victims["dept-b"].get("/items/").status_code == 302
    db.session.get(User, user_b).active = True
    db.session.commit()
    assert victims["dept-b"].get("/items/").status_code == 302  # enabling does not revive it
    assert db.session.scalar(db.select(db.func.count(UserSession.id)).where(
        UserSession.ended_at.is_(None), UserSession.user_id.in_([user_a, user_b]))) == 0


def test_a_session_ends_after_thirty_idle_minutes(world, app, default_limits):
    client = app.test_client()
    with time_machine.travel(START, tick=False):
        assert sign_in(client, "committee").status_code == 302
    with time_machine.travel(START + timedelta(minutes=29), tick=False):
        assert client.get("/items/").status_code == 200  # used: the idle time starts again
    with time_machine.travel(START + timedelta(minutes=58), tick=False):
        assert client.get("/items/").status_code == 200
    with time_machine.travel(START + timedelta(minutes=89), tick=False):
        assert client.get("/items/").status_code == 302


def test_a_session_in_constant_use_still_ends_after_its_lifetime(world, app, default_limits):
    client = app.test_client()
    with time_machine.travel(START, tick=False):
        assert sign_in(client, "committee").status_code == 302
    for minutes in range(20, 12 * 60, 20):
        with time_machine.travel(START + timedelta(minutes=minutes), tick=False):
            assert client.get("/items/").status_code == 200
    with time_machine.travel(START + timedelta(hours=12, minutes=1), tick=False):
        assert client.get("/items/").status_code == 302


def test_a_user_sees_their_sessions_and_ends_the_others(world, app, login):
    laptop, phone, colleague = login("dept-a"), login("dept-a"), login("dept-b")
    page = laptop.get("/account/sessions").get_data(as_text=True)
    assert page.count("<tr>") == 1 + 2 and "当前会话" in page
    response = laptop.post("/account/sessions/end-others",
                           data={"csrf_token": csrf_token(laptop, "/account/sessions")})
    assert response.status_code == 302
    assert laptop.get("/items/").status_code == 200
    assert phone.get("/items/").status_code == 302
    assert colleague.get("/items/").status_code == 200


def test_ending_sessions_needs_the_csrf_token(world, login):
    laptop, phone = login("dept-a"), login("dept-a")
    assert laptop.post("/account/sessions/end-others", data={}).status_code == 400
    assert phone.get("/items/").status_code == 200


def test_a_csrf_token_issued_before_sign_in_is_refused_after(world, app):
    client = app.test_client()
    before = csrf_token(client, "/login")
    client.post("/login", data={"username": "committee", "password": PASSWORD,
                                "csrf_token": before})
    response = client.post("/preferences", data={"locale": "en", "csrf_token": before})
    assert response.status_code == 400
    assert db.session.get(User, world.users["committee"].id).locale == "zh_Hans_CN"
    fresh = csrf_token(client, "/preferences")
    assert fresh != before
    assert client.post("/preferences",
                       data={"locale": "en", "csrf_token": fresh}).status_code == 302
