"""``flask backup`` copies the database consistently while the app serves and writes;
``flask restore`` brings the copy back into a new instance, which starts and shows it."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest

from loadtest.payloads import tiny_png
from loadtest.seed import action_bodies, demo_database, work_targets
from loadtest.server import DEMO_PASSWORD, Gunicorn, csrf_from, flask_command, signed_in
from rectify import create_app
from rectify.backup import integrity_problems

BACKUPS = 2

pytestmark = pytest.mark.slow


def url_of(path: Path) -> str:
    return f"sqlite:///{path}"


def unmatched_actions(database: Path) -> int:
    """Actions without their audit event: a copy taken mid-transaction would have some."""
    with closing(sqlite3.connect(database)) as connection:
        return connection.execute("""
            SELECT count(*) FROM action WHERE NOT EXISTS (
              SELECT 1 FROM event WHERE event.action_id = action.id
                                    AND event.kind = 'action_added')""").fetchone()[0]


def keep_writing(base: str, target, stop: threading.Event, written: list[str]) -> None:
    """Log records with a photo until ``stop`` is set."""
    client = signed_in(base, target.username, DEMO_PASSWORD)
    token = csrf_from(client.get(f"{base}/items/{target.item_id}", timeout=60).text)
    number = 0
    while not stop.is_set():
        number += 1
        body = f"备份期间的进展 {target.item_id}-{number}"
        response = client.post(f"{base}/items/{target.item_id}/actions", timeout=60,
                               data={"csrf_token": token, "kind": "progress", "body": body},
                               files={"files": ("照片.png", tiny_png(), "image/png")})
        assert response.status_code == 200
        written.append(body)


def test_backup_while_serving_and_restore_into_a_new_instance(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    database = instance / "rectify.sqlite"
    url = demo_database(database)
    targets = work_targets(database)[:3]
    stop, written = threading.Event(), []
    backups = [tmp_path / "backups" / f"copy-{n}.sqlite" for n in range(BACKUPS)]
    with Gunicorn(url, instance) as server:
        writers = [threading.Thread(target=keep_writing, args=(server.url, t, stop, written))
                   for t in targets]
        for writer in writers:
            writer.start()
        try:
            for backup in backups:
                result = flask_command(url, instance, "backup", "--out", str(backup))
                assert "integrity check: ok" in result.stdout
        finally:
            stop.set()
            for writer in writers:
                writer.join(timeout=120)
    assert written, "nothing was written while backing up"

    for backup in backups:
        assert integrity_problems(backup) == []
        assert unmatched_actions(backup) == 0
    last = backups[-1]
    in_backup = action_bodies(last) & set(written)
    assert in_backup, "the writes before the last backup are not in it"

    restored_instance = tmp_path / "restored"
    restored = restored_instance / "rectify.sqlite"
    result = flask_command(url_of(restored), restored_instance, "restore", str(last))
    assert "integrity check: ok" in result.stdout
    assert integrity_problems(restored) == []
    assert action_bodies(restored) == action_bodies(last)
    with Gunicorn(url_of(restored), restored_instance) as server:
        client = signed_in(server.url, targets[0].username, DEMO_PASSWORD)
        page = client.get(f"{server.url}/items/{targets[0].item_id}", timeout=60).text
        shown = [body for body in in_backup if body in page]
        assert shown, "the restored app does not show the restored records"


def cli(tmp_path: Path, database_url: str, *args: str):
    """Run a command in-process (quicker than a subprocess) on ``database_url``."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    return app.test_cli_runner().invoke(args=list(args))


def test_restore_refuses_a_damaged_backup(tmp_path):
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4096)
    target = tmp_path / "instance" / "rectify.sqlite"
    result = cli(tmp_path, url_of(target), "restore", "--yes", str(damaged))
    assert result.exit_code != 0
    assert "damaged" in result.output or "not a database" in result.output
    assert not target.exists() or target.stat().st_size == 0


def test_postgresql_backups_are_refused_with_pg_dump_instructions(tmp_path):
    url = "postgresql+psycopg://rectify:secret@127.0.0.1:1/rectify"
    result = cli(tmp_path, url, "backup")
    assert result.exit_code != 0
    assert "pg_dump" in result.output and "pg_restore" in result.output


def test_backup_refuses_a_missing_database(tmp_path):
    result = cli(tmp_path, url_of(tmp_path / "none.sqlite"), "backup",
                 "--out", str(tmp_path / "b.sqlite"))
    assert result.exit_code != 0 and "No database" in result.output
    assert not (tmp_path / "b.sqlite").exists()
