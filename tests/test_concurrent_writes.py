"""Simultaneous writers on a real server (issue 14, points 2 and 3): item codes are
numbered under a lock, so twenty raises for one unit at the same moment, or an import
while colleagues raise items for the same unit, all succeed with codes of their own.

The app runs under gunicorn (two workers, several threads each) on the test database,
as in tests/test_concurrency.py, so the requests race in different processes.
"""

from __future__ import annotations

import threading
from datetime import date
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import select

from api.test_items import new_item_body
from conftest import PASSWORD
from loadtest.server import Gunicorn, csrf_from, signed_in
from rectify.extensions import db
from rectify.models import Item
from rectify.services import tokens
from test_problem_import import row, workbook

WRITERS = 20
# The server's clock is not frozen: deadlines far enough ahead of any real today.
DUE = date(2099, 9, 30)


@pytest.fixture
def committee_token(world) -> str:
    return tokens.issue_token(world.users["committee"], "race")[1]


@pytest.fixture
def gunicorn(app, world, committee_token, db_url, tmp_path):
    """gunicorn on the test database (the world and token are committed before it starts)."""
    with Gunicorn(db_url, tmp_path / "instance", workers=2, threads=WRITERS // 2) as server:
        yield server


def at_once(tasks: list) -> list:
    """Run the callables together, released by one barrier; their results in order."""
    barrier = threading.Barrier(len(tasks), timeout=60)

    def run(task):
        barrier.wait()
        return task()

    with ThreadPoolExecutor(len(tasks)) as pool:
        return list(pool.map(run, tasks))


def api_raise(base: str, token: str, body: dict):
    return lambda: requests.post(f"{base}/api/v1/items", json=body, timeout=120,
                                 headers={"Authorization": f"Bearer {token}"})


def codes_of_unit_a() -> list[str]:
    db.session.expire_all()
    return sorted(db.session.scalars(select(Item.code).where(Item.code.startswith("T26-A-"))))


def test_twenty_simultaneous_raises_for_one_unit_all_succeed(world, gunicorn, committee_token):
    body = new_item_body(world, due_date=DUE.isoformat())
    responses = at_once([api_raise(gunicorn.url, committee_token, body)] * WRITERS)

    assert [r.status_code for r in responses] == [201] * WRITERS, gunicorn.log_text()
    assert sorted(r.json()["code"] for r in responses) == codes_of_unit_a()
    assert codes_of_unit_a() == [f"T26-A-{n:03d}" for n in range(1, WRITERS + 1)]


def test_an_import_while_colleagues_raise_items_for_the_same_unit(world, gunicorn,
                                                                 committee_token):
    importer = signed_in(gunicorn.url, "committee", PASSWORD)
    token = csrf_from(importer.get(f"{gunicorn.url}/items/import/", timeout=60).text)
    content = workbook(*(row(problem=f"导入问题{n}", 整改期限=DUE) for n in range(30)))

    def import_file() -> requests.Response:
        return importer.post(f"{gunicorn.url}/items/import/", timeout=120, data={
            "csrf_token": token, "campaign_id": world.campaign.id},
            files={"file": ("问题清单.xlsx", content)})

    raises = [api_raise(gunicorn.url, committee_token, new_item_body(world, due_date=DUE.isoformat()))] * (WRITERS - 1)
    imported, *raised = at_once([import_file, *raises])

    assert imported.status_code == 200 and "已导入 30 项事项" in imported.text, gunicorn.log_text()
    assert [r.status_code for r in raised] == [201] * (WRITERS - 1), gunicorn.log_text()
    assert codes_of_unit_a() == [f"T26-A-{n:03d}" for n in range(1, 30 + WRITERS)]
