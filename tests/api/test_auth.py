"""API tokens: made and revoked on the user's page, shown once, stored hashed, and refused
when missing, wrong, revoked, expired or belonging to a disabled user."""

import hashlib
import re
from datetime import timedelta

from sqlalchemy import select

from conftest import PASSWORD, csrf_token, raise_item
from rectify import clock
from rectify.extensions import db
from rectify.models import ApiToken
from rectify.services.accounts import tokens

from .conftest import token_for

TOKEN_ON_PAGE = re.compile(r'class="new-token">(rct_[^<]+)<')


def create_on_page(client, name="nightly sync", expires_in="90"):
    token = csrf_token(client, "/account/tokens")
    return client.post("/account/tokens", data={"csrf_token": token, "name": name,
                                                "expires_in": expires_in})


def test_token_is_shown_once_and_stored_hashed(world, login, api):
    client = login("dept-a")
    response = create_on_page(client)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    plain = TOKEN_ON_PAGE.search(response.get_data(as_text=True)).group(1)

    stored = db.session.scalar(select(ApiToken))
    assert stored.user_id == world.users["dept-a"].id and stored.name == "nightly sync"
    assert stored.token_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert plain.startswith(stored.prefix + "_") and plain != stored.token_hash
    assert stored.expires_at == clock.now() + timedelta(days=90)

    again = client.get("/account/tokens").get_data(as_text=True)
    assert plain not in again and stored.prefix in again and "nightly sync" in again
    me = api(None, token=plain).get("/me")
    assert me.status_code == 200 and me.get_json()["username"] == "dept-a"
    assert db.session.get(ApiToken, stored.id).last_used_at == clock.now()


def test_token_page_needs_sign_in_and_csrf(world, login, app):
    anonymous = app.test_client()
    assert anonymous.get("/account/tokens").status_code == 302
    client = login("leader")
    assert client.post("/account/tokens", data={"name": "x", "expires_in": "0"}).status_code == 400
    assert db.session.scalar(select(ApiToken)) is None
    response = create_on_page(client, name="", expires_in="0")
    assert response.status_code == 200 and db.session.scalar(select(ApiToken)) is None


def test_preferences_link_to_the_token_page(world, login):
    assert "/account/tokens" in login("committee").get("/preferences").get_data(as_text=True)


def test_every_token_expires_within_the_maximum(world, login, app):
    """Issue 14, point 5: "never" is not offered, nor accepted, nor longer than the maximum."""
    client = login("committee")
    page = client.get("/account/tokens").get_data(as_text=True)
    assert "永不" not in page and 'value="365"' in page
    assert create_on_page(client, expires_in="0").status_code == 200
    assert create_on_page(client, expires_in="3650").status_code == 200
    assert db.session.scalar(select(ApiToken)) is None  # both refused by the form
    app.config["API_TOKEN_MAX_DAYS"] = 60
    assert 'value="365"' not in client.get("/account/tokens").get_data(as_text=True)
    assert create_on_page(client, expires_in="60").status_code == 200
    _token, _plain = tokens.issue_token(world.users["committee"], "script", 3650)
    assert {t.expires_at for t in db.session.scalars(select(ApiToken))} == {
        clock.now() + timedelta(days=60)}


def test_a_new_password_or_an_admin_reset_revokes_the_users_tokens(world, login, api):
    own, reset, other = (token_for(world, name) for name in ("dept-a", "dept-b", "dept-c"))
    client = login("dept-a")
    client.post("/preferences/password", data={
        "csrf_token": csrf_token(client, "/preferences"), "current_password": PASSWORD,
        "new_password": "a much newer secret", "confirm": "a much newer secret"})
    admin = login("admin")
    user_b = world.users["dept-b"].id
    admin.post(f"/admin/users/{user_b}/password", data={
        "csrf_token": csrf_token(admin, f"/admin/users/{user_b}"), "password": "reset by admin 1"})
    assert api(None, token=own).get("/me").status_code == 401
    assert api(None, token=reset).get("/me").status_code == 401
    assert api(None, token=other).get("/me").status_code == 200


def test_an_admin_lists_and_revokes_another_users_tokens(world, login, api):
    plain = token_for(world, "dept-a")
    stored = db.session.scalar(select(ApiToken))
    admin = login("admin")
    user_a = world.users["dept-a"].id
    page = admin.get(f"/admin/users/{user_a}").get_data(as_text=True)
    assert stored.prefix in page and "test" in page
    url = f"/admin/users/{user_a}/tokens/{stored.id}/revoke"
    assert admin.post(url, data={}).status_code == 400  # no CSRF token
    assert admin.post(f"/admin/users/{world.users['dept-b'].id}/tokens/{stored.id}/revoke",
                      data={"csrf_token": csrf_token(admin, "/admin/users")}).status_code == 404
    assert api(None, token=plain).get("/me").status_code == 200
    response = admin.post(url, data={"csrf_token": csrf_token(admin, "/admin/users")})
    assert response.status_code == 302
    assert api(None, token=plain).get("/me").status_code == 401


def test_revoked_token_stops_working(world, login, api):
    client = login("dept-a")
    plain = TOKEN_ON_PAGE.search(create_on_page(client).get_data(as_text=True)).group(1)
    token_id = db.session.scalar(select(ApiToken.id))
    assert api(None, token=plain).get("/me").status_code == 200

    response = client.post(f"/account/tokens/{token_id}/revoke",
                           data={"csrf_token": csrf_token(client, "/account/tokens")})
    assert response.status_code == 302
    assert db.session.get(ApiToken, token_id).revoked_at is not None
    refused = api(None, token=plain).get("/me")
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "unauthenticated"
    assert f"/account/tokens/{token_id}/revoke" not in client.get("/account/tokens").get_data(
        as_text=True)


def test_only_the_owner_revokes_a_token(world, login, api):
    plain = token_for(world, "dept-a")
    token_id = db.session.scalar(select(ApiToken.id))
    other = login("dept-b")
    response = other.post(f"/account/tokens/{token_id}/revoke",
                          data={"csrf_token": csrf_token(other, "/account/tokens")})
    assert response.status_code == 404
    assert db.session.get(ApiToken, token_id).revoked_at is None
    assert api(None, token=plain).get("/me").status_code == 200


def test_missing_malformed_and_wrong_tokens_get_401(world, api):
    plain = token_for(world, "committee")
    wrong_secret = plain[:-4] + ("aaaa" if not plain.endswith("aaaa") else "bbbb")
    for client in (api(None), api(None, token="nonsense"), api(None, token=wrong_secret),
                   api(None, token="rct_00000000_" + "x" * 43)):
        response = client.get("/items")
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "unauthenticated"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    basic = api(None).get("/items", headers={"Authorization": f"Basic {plain}"})
    assert basic.status_code == 401


def test_expired_token_gets_401(world, api, frozen_today):
    plain = token_for(world, "committee", expires_in_days=1)
    assert api(None, token=plain).get("/me").status_code == 200
    frozen_today.shift(timedelta(days=1))
    assert api(None, token=plain).get("/me").status_code == 401


def test_disabled_users_tokens_stop_working(world, api):
    plain = token_for(world, "dept-a")
    assert api(None, token=plain).get("/me").status_code == 200
    world.users["dept-a"].active = False
    db.session.commit()
    assert api(None, token=plain).get("/me").status_code == 401


def test_session_cookie_is_not_accepted_and_no_csrf_is_needed(world, login, api):
    """The API reads only the bearer token: a signed-in browser gets 401, and a token
    request needs no CSRF token even though the app protects its forms."""
    browser = login("committee")
    response = browser.get("/api/v1/items")
    assert response.status_code == 401
    item = raise_item(world)
    moved = api("dept-a").post(f"/items/{item.id}/transitions/sign_for", json={})
    assert moved.status_code == 200 and moved.get_json()["status"] == "in_progress"
