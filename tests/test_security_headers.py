"""Security headers on every kind of response: pages, errors, downloads, the API and the
dashboards (the browser test checks that the pages work under the policy)."""

import io

import pytest

from conftest import csrf_token, move, raise_item
from rectify.services.accounts import tokens
from rectify.web.security import content_security_policy

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def assert_protected(response):
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/login", "/no-such-page", "/api/v1/openapi.json",
                                  "/api/v1/items", "/dashboard/", "/dashboard/_dash-layout"])
def test_anonymous_responses_carry_the_headers(app, path):
    assert_protected(app.test_client().get(path))


@pytest.mark.parametrize("path", ["/items/", "/items/new", "/dashboard/", "/reports/",
                                  "/items/export.xlsx"])
def test_signed_in_pages_carry_the_headers(world, login, path):
    response = login("committee").get(path)
    assert response.status_code == 200
    assert_protected(response)


def test_scripts_only_from_this_site_and_the_dash_bootstrap(world, login, app):
    policy = login("committee").get("/items/").headers["Content-Security-Policy"]
    scripts = next(part for part in policy.split("; ") if part.startswith("script-src"))
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "'sha256-" in scripts  # Dash's inline renderer bootstrap, by hash
    assert content_security_policy([]).startswith("default-src 'self'")


def test_downloads_keep_their_stricter_policy(world, login):
    item = move(world, raise_item(world), ("dept-a", "sign_for"))
    client = login("dept-a")
    client.post(f"/items/{item.id}/actions", data={
        "csrf_token": csrf_token(client, f"/items/{item.id}"), "kind": "evidence",
        "body": "现场照片", "files": [(io.BytesIO(PNG), "现场.png")]},
        content_type="multipart/form-data")
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    attachment = page.split("/items/attachments/")[1].split('"')[0]
    response = client.get(f"/items/attachments/{attachment}")
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.headers["X-Frame-Options"] == "DENY"


PRIVATE_PAGES = ["/items/", "/items/{item}", "/items/export.xlsx", "/dashboard/",
                 "/dashboard/_dash-layout", "/reports/", "/preferences", "/account/tokens",
                 "/account/sessions", "/notifications/", "/admin/users", "/admin/units"]


@pytest.mark.parametrize("path", PRIVATE_PAGES)
def test_nothing_shown_to_a_signed_in_user_may_be_cached(world, login, path):
    """Issue 14, point 4: Back after signing out on a shared computer shows nothing."""
    item = raise_item(world)
    response = login("admin").get(path.format(item=item.id))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_files_and_api_answers_may_not_be_cached_either(world, login, app):
    item = move(world, raise_item(world), ("dept-a", "sign_for"))
    client = login("dept-a")
    client.post(f"/items/{item.id}/actions", data={
        "csrf_token": csrf_token(client, f"/items/{item.id}"), "kind": "evidence",
        "body": "现场照片", "files": [(io.BytesIO(PNG), "现场.png")]},
        content_type="multipart/form-data")
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    attachment = page.split("/items/attachments/")[1].split('"')[0]
    assert client.get(f"/items/attachments/{attachment}").headers["Cache-Control"] == "no-store"
    token = tokens.issue_token(world.users["dept-a"], "t")[1]
    answer = app.test_client().get("/api/v1/items", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"


def test_the_sites_own_styles_stay_cacheable(world, login):
    assert "no-store" not in login("committee").get("/static/app.css").headers.get(
        "Cache-Control", "")
