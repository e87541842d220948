"""Evidence files: type and size checks, byte-identical downloads, never rendered."""

import hashlib
import io

import pytest
from sqlalchemy import func, select

from conftest import csrf_token, move, raise_item
from rectify.extensions import db
from rectify.models import Action, Attachment, Event

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20
DOCX = b"PK\x03\x04" + b"\x00\xffword" * 100


def upload(client, item, files, kind="evidence", body="整改前后对比照片"):
    token = csrf_token(client, f"/items/{item.id}")
    return client.post(f"/items/{item.id}/actions", content_type="multipart/form-data",
                       data={"csrf_token": token, "kind": kind, "body": body, "files": files})


@pytest.fixture
def signed_item(world):
    return move(world, raise_item(world), ("dept-a", "sign_for"))


def test_files_come_back_identical_as_downloads(world, login, signed_item):
    client = login("dept-a")
    response = upload(client, signed_item, [(io.BytesIO(PNG), "现场照片.png"),
                                            (io.BytesIO(DOCX), "整改方案.docx")])
    assert response.status_code == 302
    stored = db.session.scalars(select(Attachment).order_by(Attachment.id)).all()
    assert [a.original_name for a in stored] == ["现场照片.png", "整改方案.docx"]
    for attachment, content in zip(stored, (PNG, DOCX), strict=True):
        download = client.get(f"/items/attachments/{attachment.id}")
        assert download.status_code == 200
        assert download.data == content
        assert hashlib.sha256(download.data).hexdigest() == attachment.sha256
        assert download.headers["Content-Disposition"].startswith("attachment")
        assert download.headers["Content-Type"] == "application/octet-stream"
        assert download.headers["X-Content-Type-Options"] == "nosniff"
    page = client.get(f"/items/{signed_item.id}").get_data(as_text=True)
    assert "现场照片.png" in page and "整改方案.docx" in page


@pytest.mark.parametrize("name,content", [
    ("页面.html", b"<html><script>alert(1)</script></html>"),
    ("脚本.exe", b"MZ\x90\x00"),
    ("伪装.pdf", b"<html>not a pdf</html>"),
    ("no-extension", b"%PDF-1.4"),
    ("空文件.pdf", b""),
])
def test_disallowed_files_are_refused_and_nothing_is_saved(world, login, signed_item, name,
                                                           content):
    client = login("dept-a")
    events_before = db.session.scalar(select(func.count(Event.id)))
    response = upload(client, signed_item, [(io.BytesIO(content), name)])
    assert response.status_code == 302
    page = client.get(f"/items/{signed_item.id}").get_data(as_text=True)
    assert "未保存任何内容" in page
    assert db.session.scalar(select(func.count(Attachment.id))) == 0
    assert db.session.scalar(select(func.count(Action.id))) == 0
    assert db.session.scalar(select(func.count(Event.id))) == events_before


def test_oversized_file_is_refused(world, login, signed_item, app):
    big = b"%PDF-1.4" + b"0" * (app.config["MAX_UPLOAD_MB"] * 1024 * 1024)
    client = login("dept-a")
    upload(client, signed_item, [(io.BytesIO(big), "大文件.pdf")])
    page = client.get(f"/items/{signed_item.id}").get_data(as_text=True)
    assert "文件过大" in page
    assert db.session.scalar(select(func.count(Attachment.id))) == 0


def test_request_beyond_the_total_limit_gets_a_clear_413(world, login, signed_item, app):
    huge = b"%PDF-1.4" + b"0" * (app.config["MAX_CONTENT_LENGTH"] + 10)
    response = upload(login("dept-a"), signed_item, [(io.BytesIO(huge), "巨大.pdf")])
    assert response.status_code == 413
    assert "上传内容过大" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Action.id))) == 0


def test_path_in_file_name_is_dropped(world, login, signed_item, app):
    upload(login("dept-a"), signed_item, [(io.BytesIO(PNG), "../../etc/照片.png")])
    attachment = db.session.scalar(select(Attachment))
    assert attachment.original_name == "照片.png"
    assert "/" not in attachment.stored_name and ".." not in attachment.stored_name
