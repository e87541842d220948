"""Development setup (issue 14, Low): the secret key, the SQLite database and uploads are
created readable by the app's user only (0600 files, 0700 folders), whatever the umask."""

from __future__ import annotations

import os
import stat
from types import SimpleNamespace

import pytest

from rectify import _require_secret_key, create_app
from rectify.extensions import db
from rectify.services.tracking.attachments import publish, store


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_development_secret_key_is_the_owners_only(tmp_path, open_umask):
    app = SimpleNamespace(config={"ENV_NAME": "development"}, instance_path=str(tmp_path))
    _require_secret_key(app)
    assert len(app.config["SECRET_KEY"]) == 64
    assert mode(tmp_path / "secret_key") == 0o600


def test_uploads_are_the_owners_only(app, tmp_path, open_umask):
    stored = store("现场.png", b"\x89PNG\r\n\x1a\n")
    publish([stored])
    folder = app.config["UPLOAD_FOLDER"]
    assert mode(folder) == 0o700
    assert mode(os.path.join(folder, stored.stored_name)) == 0o600


def test_the_sqlite_database_is_the_owners_only(tmp_path, open_umask):
    path = tmp_path / "rectify.sqlite"
    path.touch(mode=0o644)
    embedded = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    with embedded.app_context():
        db.session.execute(db.text("CREATE TABLE t (x INTEGER)"))
        db.session.commit()
        db.engine.dispose()
    assert mode(path) == 0o600
