"""Two-factor sign-in: enrolling with a TOTP app, the code step after the password
(throttled, and no session until it passes), recovery codes that work once, roles forced
to enrol, an administrator's audited reset, and API tokens that are not affected."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine
from sqlalchemy import func, select

from conftest import PASSWORD, csrf_token, sign_in
from rectify import clock
from rectify.extensions import db
from rectify.models import Event, RecoveryCode, User, UserSession
from rectify.services.accounts import tokens

START = datetime(2026, 6, 1, 2, 0)


def code_for(secret: str, steps_later: int = 0) -> str:
    totp = pyotp.TOTP(secret)
    now = int(clock.now().replace(tzinfo=UTC).timestamp())
    return totp.generate_otp(now // totp.interval + steps_later)


def enrol(client) -> tuple[str, list[str]]:
    """Enrol through the account page; (secret, recovery codes)."""
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'class="totp-secret">([A-Z2-7]+)<', page).group(1)
    response = client.post("/account/two-factor", data={
        "code": code_for(secret), "csrf_token": csrf_token(client, "/account/two-factor")})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([0-9a-f]{8}-[0-9a-f]{8})</code></li>",
                       response.get_data(as_text=True))
    return secret, codes


def send_code(client, code: str, address: str = "127.0.0.1"):
    return client.post("/login/code", data={"code": code,
                                            "csrf_token": csrf_token(client, "/login/code")},
                       environ_base={"REMOTE_ADDR": address})


def user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def live_sessions(username: str) -> int:
    return db.session.scalar(select(func.count(UserSession.id)).where(
        UserSession.user_id == user(username).id, UserSession.ended_at.is_(None)))


@pytest.fixture
def traveller():
    with time_machine.travel(START, tick=False) as moving:
        yield moving


def test_enrolling_shows_the_uri_and_qr_code_and_needs_a_right_code(world, login, traveller):
    client = login("dept-a")
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = re.search(r'class="totp-secret">([A-Z2-7]+)<', page).group(1)
    assert f"otpauth://totp/Rectify:dept-a?secret={secret}" in page.replace("&amp;", "&")
    assert "<svg" in page
    wrong = client.post("/account/two-factor", data={
        "code": "000000" if code_for(secret) != "000000" else "111111",
        "csrf_token": csrf_token(client, "/account/two-factor")})
    assert wrong.status_code == 400 and user("dept-a").totp_secret is None
    assert secret in wrong.get_data(as_text=True)  # the same secret, to try again
    secret_again, codes = enrol(client)
    assert secret_again == secret and user("dept-a").totp_secret == secret
    assert len(set(codes)) == 10
    stored = db.session.scalars(select(RecoveryCode.code_hash).where(
        RecoveryCode.user_id == user("dept-a").id)).all()
    assert len(stored) == 10 and not set(codes) & set(stored)  # hashed
    assert "</code></li>" not in client.get("/account/two-factor").get_data(as_text=True)
    assert db.session.scalar(select(func.count(Event.id)).where(
        Event.kind == "two_factor_enrolled")) == 1


def test_sign_in_asks_the_code_and_is_not_signed_in_before_it(world, app, login, traveller):
    secret, _codes = enrol(login("dept-a"))
    traveller.shift(timedelta(seconds=60))
    client = app.test_client()
    client.post("/language/en", data={"csrf_token": csrf_token(client)})
    response = sign_in(client, "dept-a")
    assert response.status_code == 302 and response.headers["Location"] == "/login/code"
    assert "Enter the code from your authenticator app" in \
        client.get("/login/code").get_data(as_text=True)  # the language chosen is kept
    assert live_sessions("dept-a") == 1  # only the enrolling client's
    assert client.get("/").status_code == 302  # not signed in yet
    assert client.get("/dashboard/_dash-layout").status_code == 401
    assert send_code(client, code_for(secret)).status_code == 302
    assert live_sessions("dept-a") == 2 and client.get("/").status_code == 200
    again = app.test_client()
    sign_in(again, "dept-a")
    assert send_code(again, code_for(secret)).status_code == 400  # a code is used once


def test_wrong_codes_are_refused_and_throttled_like_passwords(world, app, login, traveller):
    secret, _codes = enrol(login("dept-a"))
    traveller.shift(timedelta(seconds=60))
    client = app.test_client()
    sign_in(client, "dept-a")
    wrong = "000000" if code_for(secret) != "000000" else "111111"
    for _attempt in range(5):
        response = send_code(client, wrong)
        assert response.status_code == 400
        assert "验证码错误或已使用" in response.get_data(as_text=True)
    assert send_code(client, code_for(secret)).status_code == 429  # even the right one waits
    assert live_sessions("dept-a") == 1
    traveller.shift(timedelta(minutes=1, seconds=1))
    sign_in(client, "dept-a")  # the right password does not clear the count
    assert send_code(client, wrong).status_code == 400
    assert send_code(client, code_for(secret)).status_code == 429


def test_the_code_step_expires(world, app, login, traveller):
    secret, _codes = enrol(login("dept-a"))
    client = app.test_client()
    sign_in(client, "dept-a")
    token = csrf_token(client, "/login/code")
    traveller.shift(timedelta(minutes=6))
    response = client.post("/login/code", data={"code": code_for(secret), "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/login"


def test_a_recovery_code_signs_in_once(world, app, login, traveller):
    _secret, codes = enrol(login("dept-a"))
    first = app.test_client()
    sign_in(first, "dept-a")
    assert send_code(first, codes[0].upper()).status_code == 302
    second = app.test_client()
    sign_in(second, "dept-a")
    assert send_code(second, codes[0]).status_code == 400
    assert send_code(second, codes[1]).status_code == 302
    assert "剩余可用恢复码：8" in second.get("/account/two-factor").get_data(as_text=True)


def test_a_required_role_enrols_before_anything_else(world, app, traveller):
    app.config["TOTP_REQUIRED_ROLES"] = frozenset({"admin", "committee"})
    client = app.test_client()
    assert sign_in(client, "committee").status_code == 302
    for path in ("/", "/items", "/preferences", "/admin/users", "/dashboard/"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == \
            "/account/two-factor", path
    assert "您的角色要求两步验证" in client.get("/account/two-factor").get_data(as_text=True)
    enrol(client)
    assert client.get("/").status_code == 200
    department = app.test_client()
    sign_in(department, "dept-a")
    assert department.get("/").status_code == 200  # not a required role


def test_api_tokens_are_unaffected(world, app, login, traveller):
    app.config["TOTP_REQUIRED_ROLES"] = frozenset({"committee"})
    _token, plain = tokens.issue_token(world.users["committee"], "cli", 30)
    response = app.test_client().get("/api/v1/me",
                                     headers={"Authorization": f"Bearer {plain}"})
    assert response.status_code == 200  # a required role not yet enrolled
    enrol(login("dept-a"))
    _token, plain = tokens.issue_token(world.users["dept-a"], "cli", 30)
    response = app.test_client().get("/api/v1/me",
                                     headers={"Authorization": f"Bearer {plain}"})
    assert response.status_code == 200  # enrolled: no code asked of the token


def test_an_admin_resets_a_users_two_factor_and_it_is_audited(world, app, login, traveller):
    enrol(login("dept-a"))
    admin = login("admin")
    page = f"/admin/users/{user('dept-a').id}"
    assert "重置两步验证" in admin.get(page).get_data(as_text=True)
    response = admin.post(f"{page}/two-factor/reset", data={"csrf_token": csrf_token(admin, page)})
    assert response.status_code == 302
    assert user("dept-a").totp_secret is None
    assert db.session.scalar(select(func.count(RecoveryCode.id))) == 0
    event = db.session.scalar(select(Event).where(Event.kind == "two_factor_reset"))
    assert event.actor_id == world.users["admin"].id and event.new == {"user": "dept-a"}
    client = app.test_client()
    assert sign_in(client, "dept-a", PASSWORD).headers["Location"] == "/"  # password only


@pytest.mark.parametrize("typed", ["１２３４５６", "٣٤٥٦٧٨", "12345\u00e9"])
def test_a_code_in_other_digits_is_refused_with_a_message_not_a_500(world, app, login,
                                                                     traveller, typed):
    """Full-width or Arabic-Indic digits (a Chinese input method types the first) are not
    a code: the form says so; the service, asked directly, answers no."""
    from rectify.services.accounts import two_factor
    secret, _codes = enrol(login("dept-a"))
    traveller.shift(timedelta(seconds=60))
    client = app.test_client()
    sign_in(client, "dept-a")
    response = send_code(client, typed)
    assert response.status_code == 200 and "验证码只含数字" in response.get_data(as_text=True)
    assert not two_factor.verify(user("dept-a"), typed)
    assert live_sessions("dept-a") == 1
