"""Redirect targets (issue 14, Low): one rule for every ``next``, so a tab, a line break or
a backslash cannot turn a path into another host, nor into a server error."""

from __future__ import annotations

import pytest

from conftest import PASSWORD, csrf_token
from rectify.web.redirects import local_target

HOSTILE = ["/\t/evil.example", "/\n/evil.example", "/\r\nSet-Cookie: x=1", "//evil.example",
           "/\\evil.example", "https://evil.example/", "/ /evil.example", "javascript:alert(1)"]


@pytest.mark.parametrize("target", HOSTILE)
def test_the_rule_refuses_anything_but_a_plain_local_path(target):
    assert local_target(target, "/fallback") == "/fallback"


def test_the_rule_keeps_local_paths():
    assert local_target("/notifications/?page=2", "/x") == "/notifications/?page=2"


@pytest.mark.parametrize("target", HOSTILE)
def test_sign_in_never_leaves_the_site(world, app, target):
    client = app.test_client()
    response = client.post("/login", query_string={"next": target}, data={
        "username": "committee", "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert response.status_code == 302 and response.headers["Location"] == "/"
