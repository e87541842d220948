"""Hostile files and raw requests: evidence uploads, problem-list imports, malformed API
bodies and query strings (cases from tests/hostile/corpus.py). Each is refused with a
clear message and nothing is written, or — a file name that climbs out of the folder —
stored safely under a random name."""

from __future__ import annotations

import os

import pytest
from flask_babel import force_locale
from hostile.corpus import FAKE_WORKBOOKS, PNG, REFUSED_UPLOADS, TRAVERSAL_NAMES, zip_bomb
from sqlalchemy import select
from test_hostile_inputs import multipart, snapshot
from test_route_access import workbook

from conftest import csrf_token, move, raise_item
from rectify.extensions import db
from rectify.labels import IMPORT_ERRORS, UPLOAD_ERRORS
from rectify.models import Action, Attachment
from rectify.services.accounts.tokens import issue_token


def in_chinese(label) -> str:
    with force_locale("zh_Hans_CN"):
        return str(label)


def signed_for_item(world):
    return move(world, raise_item(world), ("dept-a", "sign_for"))


def post_record_with_file(client, item_id: int, name: str, content: bytes):
    body, content_type = multipart({"kind": "evidence", "body": "现场照片",
                                    "csrf_token": csrf_token(client, f"/items/{item_id}"),
                                    "files": (content, name)})
    return client.post(f"/items/{item_id}/actions", data=body, content_type=content_type)


# Evidence uploads ------------------------------------------------------------------------

@pytest.mark.parametrize("case", REFUSED_UPLOADS, ids=list(REFUSED_UPLOADS))
def test_a_refused_upload_saves_nothing_and_says_why(app, world, login, case):
    (name, content), reason = REFUSED_UPLOADS[case]
    client = login("dept-a")
    item = signed_for_item(world)
    before = snapshot()
    response = post_record_with_file(client, item.id, name, content)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert in_chinese(UPLOAD_ERRORS[reason]) in page
    assert snapshot() == before
    folder = app.config["UPLOAD_FOLDER"]
    assert not os.path.isdir(folder) or not os.listdir(folder)


def test_an_upload_over_the_size_limit_is_refused(app, world, login):
    client = login("dept-a")
    item = signed_for_item(world)
    before = snapshot()
    too_big = PNG + b"\x00" * (app.config["MAX_UPLOAD_MB"] * 1024 * 1024)
    response = post_record_with_file(client, item.id, "big.png", too_big)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert in_chinese(UPLOAD_ERRORS["size"]) in page
    assert snapshot() == before


@pytest.mark.parametrize("case", TRAVERSAL_NAMES, ids=list(TRAVERSAL_NAMES))
def test_a_path_in_a_file_name_never_leaves_the_upload_folder(app, world, login, case):
    name, shown_as = TRAVERSAL_NAMES[case]
    client = login("dept-a")
    item = signed_for_item(world)
    response = post_record_with_file(client, item.id, name, PNG)
    assert response.status_code == 302
    attachment = db.session.scalar(select(Attachment).where(Attachment.item_id == item.id))
    assert attachment.original_name == shown_as
    folder = os.path.realpath(app.config["UPLOAD_FOLDER"])
    assert os.listdir(folder) == [attachment.stored_name]
    assert os.path.dirname(os.path.realpath(os.path.join(folder, attachment.stored_name))) == folder
    assert all(c in "0123456789abcdef" for c in attachment.stored_name)
    download = client.get(f"/items/attachments/{attachment.id}")
    assert download.data == PNG
    assert "attachment" in download.headers["Content-Disposition"]


# Problem-list imports ----------------------------------------------------------------------

def post_import(client, world, name: str, content: bytes):
    body, content_type = multipart({"campaign_id": str(world.campaign.id),
                                    "csrf_token": csrf_token(client, "/items/import/"),
                                    "file": (content, name)})
    return client.post("/items/import/", data=body, content_type=content_type)


@pytest.mark.parametrize("case", FAKE_WORKBOOKS, ids=list(FAKE_WORKBOOKS))
def test_a_file_that_is_not_a_workbook_imports_nothing(world, login, case):
    client = login("committee")
    before = snapshot()
    response = post_import(client, world, "问题清单.xlsx", FAKE_WORKBOOKS[case])
    assert response.status_code == 400
    assert in_chinese(IMPORT_ERRORS["not_xlsx"]) in response.get_data(as_text=True)
    assert snapshot() == before


def test_a_zip_bomb_is_refused_before_it_is_unpacked(app, world, login):
    app.config["IMPORT_MAX_UNPACKED_MB"] = 1
    client = login("committee")
    bomb = zip_bomb(2 * 1024 * 1024)
    assert len(bomb) < 10 * 1024  # small on the wire, large unpacked
    before = snapshot()
    response = post_import(client, world, "问题清单.xlsx", bomb)
    assert response.status_code == 400
    assert in_chinese(IMPORT_ERRORS["too_large_unpacked"]) in response.get_data(as_text=True)
    assert snapshot() == before


def test_a_real_workbook_with_an_exe_name_is_still_read_as_a_workbook(world, login):
    """The import judges the content, not the name: the control case for the fakes."""
    client = login("committee")
    response = post_import(client, world, "问题清单.exe", workbook())
    assert response.status_code == 200


# Malformed API bodies --------------------------------------------------------------------

DEEP = b"[" * 100_000 + b"]" * 100_000
BAD_BODIES = {
    "text_plain": ('{"kind": "comment", "body": "x"}', "text/plain"),
    "form_encoded": ("kind=comment&body=x", "application/x-www-form-urlencoded"),
    "broken_utf8": (b'{"kind": "comment", "body": "\xff\xfe\xfa"}', "application/json"),
    "not_json": (b"<script>alert(1)</script>", "application/json"),
    "json_array": (b'[{"kind": "comment", "body": "x"}]', "application/json"),
    "empty": (b"", "application/json"),
    "deeply_nested": (DEEP, "application/json"),
    "duplicate_keys": (b'{"kind": "comment", "body": "x", "body": "\\u0000"}', "application/json"),
    "lone_surrogate": (b'{"kind": "comment", "body": "\\udcff"}', "application/json"),
}


@pytest.mark.parametrize("case", BAD_BODIES, ids=list(BAD_BODIES))
def test_a_malformed_api_body_is_a_4xx_and_writes_nothing(app, world, case):
    item = raise_item(world)
    _token, plain = issue_token(world.users["committee"], "hostile")
    client = app.test_client()
    body, content_type = BAD_BODIES[case]
    before = snapshot()
    response = client.post(f"/api/v1/items/{item.id}/actions", data=body,
                           content_type=content_type,
                           headers={"Authorization": f"Bearer {plain}"})
    assert response.status_code in (400, 415, 422), response.get_data(as_text=True)[:300]
    assert response.get_json()["error"]["code"]
    assert snapshot() == before


# Query strings -----------------------------------------------------------------------------

HOSTILE_QUERIES = ["q=%ff%fe%fa", "q=%00", "q=" + "长" * 2000, "unit=9223372036854775808",
                   "unit=-1", "page=9223372036854775808", "page=-5", "due_within=99999999999",
                   "raised_from=9999-99-99", "sort=%27%3B+DROP+TABLE+item%3B+--",
                   "status=%3Cscript%3E", "per_page=9223372036854775808"]
LISTS = ["/items/", "/items/export.xlsx", "/notifications/", "/league/", "/reports/",
         "/admin/users", "/api/v1/items", "/api/v1/dashboard"]


@pytest.mark.parametrize("path", LISTS)
def test_hostile_query_strings_never_break_a_list(app, world, login, path):
    raise_item(world)
    client = login("admin")
    _token, plain = issue_token(world.users["admin"], "hostile")
    failures = []
    for query in HOSTILE_QUERIES:
        response = client.get(f"{path}?{query}", headers={"Authorization": f"Bearer {plain}"})
        if response.status_code >= 500 or (path.startswith("/api/") and
                                           response.status_code not in (200, 422)):
            failures.append(f"{query[:40]}: {response.status_code}")
    assert not failures


def test_broken_utf8_in_a_url_encoded_form_is_kept_as_its_escapes(world, login):
    """Werkzeug leaves undecodable %-escapes as they are: the text "%FF%FE%FA", stored
    like any text, never as damaged characters (multipart bytes are refused instead)."""
    client = login("committee")
    item = raise_item(world)
    client.post(f"/items/{item.id}/actions", data={
        "kind": "comment", "body": b"\xff\xfe\xfa", "csrf_token": csrf_token(client, "/items/")})
    bodies = db.session.scalars(select(Action.body).where(Action.item_id == item.id)).all()
    assert bodies == ["%FF%FE%FA"]
