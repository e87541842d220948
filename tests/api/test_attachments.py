"""Files through the API: a record with files is a multipart body checked as the web
form's files are (nothing is saved when one is refused), and downloads carry the web
download's headers, only for those who may read the item."""

import hashlib
import io

import pytest
from sqlalchemy import func, select

from conftest import move, raise_item
from rectify.extensions import db
from rectify.models import Action, Attachment

from .conftest import API, token_for

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20
PDF = b"%PDF-1.4 rectification report"


def upload(client, item, files, kind="evidence", body="整改前后对比照片", **fields):
    return client.post(f"/items/{item.id}/attachments", content_type="multipart/form-data",
                       data={"kind": kind, "body": body, "files": files, **fields})


def saved() -> tuple[int, int]:
    return (db.session.scalar(select(func.count(Action.id))),
            db.session.scalar(select(func.count(Attachment.id))))


@pytest.fixture
def signed_item(world):
    return move(world, raise_item(world, co=("b",)), ("dept-a", "sign_for"))


def download(app, world, username, attachment_id):
    return app.test_client().get(f"{API}/attachments/{attachment_id}", headers={
        "Authorization": f"Bearer {token_for(world, username)}"})


def test_a_record_with_files_comes_back_byte_for_byte_with_the_web_headers(
        world, api, app, signed_item):
    response = upload(api("dept-a"), signed_item, [(io.BytesIO(PNG), "现场照片.png"),
                                                   (io.BytesIO(PDF), "方案.pdf")])
    assert response.status_code == 201
    record = response.get_json()
    assert record["kind"] == "evidence" and record["body"] == "整改前后对比照片"
    assert [a["name"] for a in record["attachments"]] == ["现场照片.png", "方案.pdf"]
    listed = api("dept-b").get(f"/items/{signed_item.id}/attachments").get_json()["attachments"]
    assert [a["action_id"] for a in listed] == [record["id"]] * 2
    for info, content in zip(listed, (PNG, PDF), strict=True):
        got = download(app, world, "dept-b", info["id"])
        assert got.status_code == 200 and got.data == content
        assert hashlib.sha256(got.data).hexdigest() == info["sha256"]
        assert got.headers["Content-Type"] == "application/octet-stream"
        assert got.headers["Content-Disposition"].startswith("attachment")
        assert got.headers["X-Content-Type-Options"] == "nosniff"
        assert got.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize("name,content,code", [
    ("页面.html", b"<html><script>alert(1)</script></html>", "type"),
    ("伪装.pdf", b"<html>not a pdf</html>", "content"),
    ("空.png", b"", "empty"),
    ("大.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024), "size"),
])
def test_a_refused_file_is_422_naming_it_and_saves_nothing(world, api, signed_item, name,
                                                            content, code):
    response = upload(api("dept-a"), signed_item, [(io.BytesIO(PNG), "好.png"),
                                                   (io.BytesIO(content), name)])
    assert response.status_code == 422
    detail = response.get_json()["error"]["details"][0]
    assert detail["field"] == "files" and detail["code"] == code
    assert name in detail["message"] and name in detail["message_zh"]
    assert saved() == (0, 0)


def test_bad_bodies_are_refused_before_anything_is_saved(world, api, signed_item):
    client = api("dept-a")
    no_files = upload(client, signed_item, [])
    assert no_files.status_code == 422
    assert no_files.get_json()["error"]["details"][0]["code"] == "missing"
    bad_kind = upload(client, signed_item, [(io.BytesIO(PNG), "a.png")], kind="photo")
    assert bad_kind.status_code == 422
    assert bad_kind.get_json()["error"]["details"][0]["field"] == "kind"
    as_json = client.post(f"/items/{signed_item.id}/attachments",
                          json={"kind": "evidence", "body": "x"})
    assert as_json.status_code == 400
    assert saved() == (0, 0)


def test_who_may_upload_is_the_rule_for_records(world, api, signed_item):
    files = lambda: [(io.BytesIO(PNG), "a.png")]  # noqa: E731 (a fresh stream per call)
    assert upload(api("dept-c"), signed_item, files()).status_code == 404
    assert upload(api("leader"), signed_item, files()).status_code == 403
    assert upload(api("dept-a"), signed_item, files(), kind="instruction").status_code == 403
    not_signed = raise_item(world)
    assert upload(api("dept-a"), not_signed, files()).status_code == 409
    assert saved() == (0, 0)


def test_another_units_files_are_not_found(world, api, app):
    item = move(world, raise_item(world, lead="c"), ("dept-c", "sign_for"))
    record = upload(api("dept-c"), item, [(io.BytesIO(PNG), "丙.png")]).get_json()
    attachment_id = record["attachments"][0]["id"]
    assert download(app, world, "dept-a", attachment_id).status_code == 404
    assert download(app, world, "dept-a", attachment_id + 1000).status_code == 404
    assert api("dept-a").get(f"/items/{item.id}/attachments").status_code == 404
    assert download(app, world, "leader", attachment_id).data == PNG
    assert app.test_client().get(f"{API}/attachments/{attachment_id}").status_code == 401
