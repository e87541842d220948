"""Concurrent writers: twenty users press the same button on the same item at once.

The app runs under gunicorn (two workers, several threads each) on the test database, so
the requests really race in different processes. Each client signs in on its own, loads
the item page, waits at a barrier and posts the same transition with the same version.
Exactly one must win; the others are told that someone else changed the item; the audit
trail holds one event and the version moved once.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
import requests
from sqlalchemy import func, select

from conftest import PASSWORD, raise_item
from loadtest.server import Gunicorn, csrf_from, signed_in
from rectify.extensions import db
from rectify.models import Event, Item
from rectify.services.tracking import items as item_service

WRITERS = 20
SUCCESS = ("已完成", "Done:")
CONFLICT = ("此事项已被他人修改", "Someone else changed this item")

pytestmark = pytest.mark.slow


@pytest.fixture
def gunicorn(app, world, db_url, tmp_path):
    """gunicorn on the test database (the world is committed before it starts)."""
    with Gunicorn(db_url, tmp_path / "instance", workers=2, threads=WRITERS // 2) as server:
        yield server


@dataclass
class Outcome:
    status: int
    page: str

    @property
    def kind(self) -> str:
        if self.status != 302:
            return f"HTTP {self.status}"
        if any(text in self.page for text in SUCCESS):
            return "success"
        if any(text in self.page for text in CONFLICT):
            return "conflict"
        return "other"


def race(base: str, item: Item, name: str, username: str) -> list[Outcome]:
    """WRITERS signed-in clients post ``name`` on ``item`` at the same moment."""
    clients = [signed_in(base, username, PASSWORD) for _ in range(WRITERS)]
    pages = [client.get(f"{base}/items/{item.id}", timeout=60).text for client in clients]
    barrier = threading.Barrier(WRITERS, timeout=60)

    def post(index: int) -> Outcome:
        client: requests.Session = clients[index]
        data = {"csrf_token": csrf_from(pages[index]), "version": str(item.version),
                "reason": "并发测试"}
        barrier.wait()
        response = client.post(f"{base}/items/{item.id}/transition/{name}", data=data,
                               allow_redirects=False, timeout=120)
        page = client.get(f"{base}/items/{item.id}", timeout=60).text if \
            response.status_code == 302 else response.text
        return Outcome(response.status_code, page)

    with ThreadPoolExecutor(WRITERS) as pool:
        return list(pool.map(post, range(WRITERS)))


def events_of(item_id: int, kind: str) -> int:
    return db.session.scalar(select(func.count(Event.id)).where(
        Event.item_id == item_id, Event.kind == kind))


def test_twenty_simultaneous_sign_fors_one_wins(world, gunicorn):
    item = raise_item(world, lead="a")
    assert (item.status, item.version) == ("open", 1)

    outcomes = race(gunicorn.url, item, "sign_for", "dept-a")

    kinds = sorted(outcome.kind for outcome in outcomes)
    assert kinds == ["conflict"] * (WRITERS - 1) + ["success"], gunicorn.log_text()
    db.session.expire_all()
    fresh = db.session.get(Item, item.id)
    assert (fresh.status, fresh.version) == ("in_progress", 2)
    assert events_of(item.id, "sign_for") == 1


def test_twenty_simultaneous_closes_one_wins(world, gunicorn):
    """The committee side: twenty staff close the same submitted item at once."""
    item = raise_item(world, lead="a")
    for step in ("sign_for", "submit"):
        item_service.apply_transition(world.users["dept-a"], item, step)
    assert item.version == 3

    outcomes = race(gunicorn.url, item, "close", "committee")

    kinds = sorted(outcome.kind for outcome in outcomes)
    assert kinds == ["conflict"] * (WRITERS - 1) + ["success"], gunicorn.log_text()
    db.session.expire_all()
    fresh = db.session.get(Item, item.id)
    assert (fresh.status, fresh.version) == ("closed", 4)
    assert events_of(item.id, "close") == 1
