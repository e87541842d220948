"""A server killed with SIGKILL in the middle of its work loses nothing it acknowledged.

gunicorn (two workers, SQLite in WAL mode, as ``rectify.database`` sets it up) serves a
copy of the demo database. Its whole process group is killed, with no chance to clean
up, in the middle of a 5,000-row import, and in the middle of a burst of records logged
with photos from several threads. After a restart the database passes SQLite's
integrity and foreign key checks, the import is all there or not there at all, and
every record whose success a client saw is stored, with its photo.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
import requests

from loadtest.payloads import problem_list, tiny_png
from loadtest.seed import action_bodies, attachment_counts, demo_database, work_targets
from loadtest.server import DEMO_PASSWORD, Gunicorn, csrf_from, signed_in
from rectify.backup import integrity_problems

IMPORT_ROWS = 5_000
WRITERS = 6
ACKS_BEFORE_KILL = 24
RECORD_SAVED = ("记录已保存", "Record added.")

pytestmark = pytest.mark.slow


@pytest.fixture
def instance(tmp_path) -> Path:
    return tmp_path / "instance"


@pytest.fixture
def database(instance) -> Path:
    instance.mkdir()
    path = instance / "rectify.sqlite"
    demo_database(path)
    return path


def url_of(path: Path) -> str:
    return f"sqlite:///{path}"


def count_items(database: Path, marker: str) -> int:
    with closing(sqlite3.connect(database)) as connection:
        return connection.execute("SELECT count(*) FROM item WHERE problem LIKE ?",
                                  (marker + "%",)).fetchone()[0]


def journal_mode(database: Path) -> str:
    with closing(sqlite3.connect(database)) as connection:
        return connection.execute("PRAGMA journal_mode").fetchone()[0]


def restart_and_check(database: Path, instance: Path) -> None:
    """A new server comes up on the database and serves the item list; then the
    database passes the integrity and foreign key checks."""
    with Gunicorn(url_of(database), instance) as server:
        client = signed_in(server.url, "committee", DEMO_PASSWORD)
        assert client.get(server.url + "/items/", timeout=60).status_code == 200
    assert integrity_problems(database) == []


def wait_for_write(wal: Path, before: tuple[int, int], request: threading.Thread) -> None:
    """Return as soon as the request writes to the WAL (its transaction is under way)."""
    while request.is_alive():
        if wal.exists() and _signature(wal) != before:
            return
        time.sleep(0.005)  # polling the file: nothing to wait on


def _signature(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def test_an_import_killed_midway_is_all_or_nothing(database, instance):
    marker = "断电测试清单"
    content = problem_list(IMPORT_ROWS, marker)
    server = Gunicorn(url_of(database), instance)
    try:
        client = signed_in(server.url, "committee", DEMO_PASSWORD)
        assert journal_mode(database) == "wal"  # set by the app's first connection
        token = csrf_from(client.get(server.url + "/items/import/", timeout=60).text)
        wal = Path(f"{database}-wal")
        before = _signature(wal) if wal.exists() else (-1, -1)
        answers: list[int] = []

        def post_import() -> None:
            try:
                response = client.post(server.url + "/items/import/", timeout=300,
                                       data={"csrf_token": token, "campaign_id": "1"},
                                       files={"file": ("问题清单.xlsx", content)})
                answers.append(response.status_code)
            except requests.RequestException:
                pass  # killed before it answered

        request = threading.Thread(target=post_import)
        request.start()
        wait_for_write(wal, before, request)
        server.kill()
        request.join(timeout=60)
    finally:
        server.kill()

    assert answers == [], "the import finished before the kill; nothing was tested"
    assert count_items(database, marker) in (0, IMPORT_ROWS)
    restart_and_check(database, instance)
    assert count_items(database, marker) in (0, IMPORT_ROWS)


class Burst:
    """Threads logging records with a photo; which ones the app acknowledged."""

    def __init__(self, base: str, targets: list) -> None:
        self.base = base
        self.targets = targets
        self.acknowledged: list[str] = []
        self.enough = threading.Event()
        self.lock = threading.Lock()
        self.photo = tiny_png()

    def write(self, index: int) -> None:
        target = self.targets[index % len(self.targets)]
        try:
            client = signed_in(self.base, target.username, DEMO_PASSWORD)
            page = client.get(f"{self.base}/items/{target.item_id}", timeout=60).text
            token = csrf_from(page)
            for number in range(10_000):
                body = f"断电测试进展 {index}-{number}"
                response = client.post(
                    f"{self.base}/items/{target.item_id}/actions", timeout=60,
                    data={"csrf_token": token, "kind": "progress", "body": body},
                    files={"files": ("现场照片.png", self.photo, "image/png")})
                if response.status_code == 200 and any(t in response.text for t in RECORD_SAVED):
                    self.acknowledged_one(body)
        except requests.RequestException:
            return  # the server is gone

    def acknowledged_one(self, body: str) -> None:
        with self.lock:
            self.acknowledged.append(body)
            if len(self.acknowledged) >= ACKS_BEFORE_KILL:
                self.enough.set()


def test_a_burst_of_writes_killed_midway_keeps_every_acknowledged_record(database, instance):
    targets = work_targets(database)
    assert len(targets) >= WRITERS
    server = Gunicorn(url_of(database), instance)
    burst = Burst(server.url, targets)
    threads = [threading.Thread(target=burst.write, args=(i,)) for i in range(WRITERS)]
    try:
        for thread in threads:
            thread.start()
        assert burst.enough.wait(timeout=120), server.log_text()
        server.kill()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        server.kill()

    acknowledged = set(burst.acknowledged)
    assert len(acknowledged) >= ACKS_BEFORE_KILL
    restart_and_check(database, instance)
    stored = action_bodies(database)
    assert acknowledged <= stored, sorted(acknowledged - stored)
    photos = attachment_counts(database)
    assert all(photos[body] == 1 for body in acknowledged)
    uploads = list((instance / "uploads").rglob("*"))
    assert len([p for p in uploads if p.is_file()]) >= len(acknowledged)
