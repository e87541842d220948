"""Sign-in hardening: throttled guessing, session cookies, and a new password ending the
user's other sessions."""

from datetime import datetime, timedelta

import time_machine

from conftest import PASSWORD, csrf_token, sign_in
from rectify import create_app
from rectify.extensions import db
from rectify.models import LoginFailure


def try_password(client, username, password="wrong password", address="10.0.0.1"):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def test_guessing_at_an_account_from_one_address_meets_growing_delays(world, app):
    client = app.test_client()
    start = datetime(2026, 6, 1, 2, 0)
    with time_machine.travel(start, tick=False) as traveller:
        for _attempt in range(5):
            assert try_password(client, "dept-a").status_code == 200
        locked = try_password(client, "dept-a", PASSWORD)  # even the right password waits
        assert locked.status_code == 429
        assert "登录失败次数过多，请 1 分钟后再试" in locked.get_data(as_text=True)
        assert try_password(app.test_client(), "dept-b", PASSWORD).status_code == 302  # others may
        delays = (1, 2, 4, 8, 15, 15)  # each failure after the wait doubles it, up to 15
        # Not strict: each delay with the next one, so the last delay pairs with none.
        for waited, minutes in zip(delays, delays[1:], strict=False):
            traveller.shift(timedelta(minutes=waited, seconds=1))
            assert try_password(client, "dept-a").status_code == 200
            page = try_password(client, "dept-a", PASSWORD).get_data(as_text=True)
            assert f"请 {minutes} 分钟后再试" in page
        traveller.shift(timedelta(minutes=15, seconds=1))
        assert try_password(app.test_client(), "dept-a", PASSWORD).status_code == 302
    assert db.session.scalar(db.select(db.func.count(LoginFailure.id)).where(
        LoginFailure.username == "dept-a")) == 0  # a success clears the count


def test_failures_elsewhere_never_lock_the_owner_out(world, app):
    """Issue 14, point 6: anyone could keep ``admin`` out by failing five times."""
    attacker = app.test_client()
    with time_machine.travel(datetime(2026, 6, 1, 2, 0), tick=False):
        for _attempt in range(30):
            try_password(attacker, "admin", address="203.0.113.9")
        assert try_password(attacker, "admin", PASSWORD, address="203.0.113.9").status_code == 429
        owner = try_password(app.test_client(), "admin", PASSWORD, address="10.0.0.5")
        assert owner.status_code == 302


def test_an_address_trying_many_accounts_is_locked(world, app):
    client = app.test_client()
    with time_machine.travel(datetime(2026, 6, 1, 2, 0), tick=False):
        for number in range(20):
            try_password(client, f"guess{number}", address="10.9.9.9")
        assert try_password(client, "committee", PASSWORD, address="10.9.9.9").status_code == 429
        assert try_password(client, "committee", PASSWORD, address="10.1.1.1").status_code == 302


def test_colleagues_behind_the_same_nat_keep_signing_in(world, app):
    """An address spraying guesses does not lock out accounts already used from it."""
    with time_machine.travel(datetime(2026, 6, 1, 2, 0), tick=False):
        assert try_password(app.test_client(), "dept-a", PASSWORD,
                            address="10.8.0.1").status_code == 302
        for number in range(25):
            try_password(app.test_client(), f"guess{number}", address="10.8.0.1")
        assert try_password(app.test_client(), "dept-a", PASSWORD,
                            address="10.8.0.1").status_code == 302
        assert try_password(app.test_client(), "dept-b", PASSWORD,
                            address="10.8.0.1").status_code == 429


def test_the_client_address_comes_from_trusted_proxies_only(world, app, db_url, tmp_path):
    forwarded = {"X-Forwarded-For": "198.51.100.7"}
    client = app.test_client()
    client.post("/login", headers=forwarded, data={
        "username": "dept-a", "password": "wrong", "csrf_token": csrf_token(client)})
    proxied = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url,
                          "TRUSTED_PROXIES": 1, "UPLOAD_FOLDER": str(tmp_path)})
    with proxied.app_context():
        other = proxied.test_client()
        other.post("/login", headers=forwarded, data={
            "username": "dept-b", "password": "wrong", "csrf_token": csrf_token(other)})
    addresses = dict(db.session.execute(
        db.select(LoginFailure.username, LoginFailure.address)).all())
    assert addresses == {"dept-a": "127.0.0.1", "dept-b": "198.51.100.7"}


def test_session_cookies_are_httponly_samesite_and_secure_when_configured(world, app):
    response = sign_in(app.test_client(), "committee")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    app.config["SESSION_COOKIE_SECURE"] = True
    secure = sign_in(app.test_client(), "committee").headers["Set-Cookie"]
    assert "Secure" in secure


def test_sign_out_ends_the_session(world, login):
    client = login("dept-a")
    token = csrf_token(client, "/items/")
    client.post("/logout", data={"csrf_token": token})
    assert client.get("/items/").status_code == 302


def change_password(client, current, new):
    token = csrf_token(client, "/preferences")
    return client.post("/preferences/password", data={
        "csrf_token": token, "current_password": current, "new_password": new,
        "confirm": new})


def test_a_password_change_ends_the_users_other_sessions(world, login):
    laptop, phone = login("dept-a"), login("dept-a")
    other_user = login("dept-b")
    response = change_password(laptop, PASSWORD, "a much newer secret")
    assert response.status_code == 302
    assert laptop.get("/items/").status_code == 200   # this session continues
    assert phone.get("/items/").status_code == 302    # the other one is signed out
    assert other_user.get("/items/").status_code == 200
    assert sign_in(phone, "dept-a", "a much newer secret").status_code == 302


def test_guessing_the_current_password_on_the_change_page_is_throttled(world, login):
    client = login("dept-a")
    for _attempt in range(5):
        assert change_password(client, "a guess", "a much newer secret").status_code == 400
    response = change_password(client, PASSWORD, "a much newer secret")
    assert response.status_code == 429 and "登录失败次数过多" in response.get_data(as_text=True)
    db.session.refresh(world.users["dept-a"])
    assert world.users["dept-a"].check_password(PASSWORD)


def test_a_wrong_current_password_changes_nothing(world, login):
    client = login("dept-a")
    response = change_password(client, "not my password", "a much newer secret")
    assert response.status_code == 400 and "当前密码不正确" in response.get_data(as_text=True)
    db.session.refresh(world.users["dept-a"])
    assert world.users["dept-a"].check_password(PASSWORD)


def test_an_admin_reset_signs_the_user_out(world, login):
    victim = login("dept-a")
    admin = login("admin")
    user_id = world.users["dept-a"].id
    token = csrf_token(admin, f"/admin/users/{user_id}")
    admin.post(f"/admin/users/{user_id}/password", data={"csrf_token": token,
                                                           "password": "reset by admin 1"})
    assert victim.get("/items/").status_code == 302
