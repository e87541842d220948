"""Simultaneous writers on a real server (issue 14, points 2 and 3): item codes are
numbered under a lock, so twenty raises for one unit at the same moment, or an import
while colleagues raise items for the same unit, all succeed with codes of their own.

The app runs under gunicorn (two workers, several threads each) on the test database,
as in tests/test_concurrency.py, so the requests race in different processes.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
import requests
from api.test_items import new_item_body
from sqlalchemy import func, select
from test_problem_import import row, workbook

from conftest import PASSWORD, move, raise_item
from loadtest.server import Gunicorn, csrf_from, signed_in
from rectify.extensions import db
from rectify.models import Event, ExtensionRequest, Item, Rating, Recheck
from rectify.services.accounts import tokens
from rectify.services.tracking import followup

WRITERS = 20
# The server's clock is not frozen: deadlines ahead of the real today (and within the
# ten years a due date may lie ahead).
DUE = date.today() + timedelta(days=365)
LATER = (DUE + timedelta(days=90)).isoformat()

pytestmark = pytest.mark.slow


@pytest.fixture
def committee_token(world) -> str:
    return tokens.issue_token(world.users["committee"], "race")[1]


@pytest.fixture(scope="module")
def server(db_url, tmp_path_factory):
    """gunicorn on the test database, one for the module: starting it takes seconds, and
    it keeps nothing between requests that each test's fresh data would contradict."""
    with Gunicorn(db_url, tmp_path_factory.mktemp("instance"), workers=2,
                  threads=WRITERS // 2) as started:
        yield started


@pytest.fixture
def gunicorn(server, world, committee_token):
    """The server, once this test's world and token are committed."""
    return server


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

    body = new_item_body(world, due_date=DUE.isoformat())
    raises = [api_raise(gunicorn.url, committee_token, body)] * (WRITERS - 1)
    imported, *raised = at_once([import_file, *raises])

    assert imported.status_code == 200 and "已导入 30 项事项" in imported.text, gunicorn.log_text()
    assert [r.status_code for r in raised] == [201] * (WRITERS - 1), gunicorn.log_text()
    assert codes_of_unit_a() == [f"T26-A-{n:03d}" for n in range(1, 30 + WRITERS)]


def web_race(base: str, username: str, page: str, action: str, data: dict) -> list:
    """WRITERS clients post the same form at the same moment; the responses. They share
    one sign-in (a copy of its cookie each: signing in twenty times costs seconds)."""
    signed = signed_in(base, username, PASSWORD)
    token = csrf_from(signed.get(base + page, timeout=60).text)
    clients = []
    for _ in range(WRITERS):
        clients.append(requests.Session())
        clients[-1].cookies.update(signed.cookies)
    return at_once([lambda c=client: c.post(base + action, timeout=120, allow_redirects=False,
                                            data={**data, "csrf_token": token})
                    for client in clients])


def closed_item(world):
    return move(world, raise_item(world), ("dept-a", "sign_for"), ("dept-a", "submit"),
                ("committee", "close"))


def count(model, **where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def assert_one_won(responses, server) -> None:
    """Every writer was answered (a redirect to the item with a message), none with 500."""
    assert [r.status_code for r in responses] == [302] * WRITERS, server.log_text()


def test_twenty_simultaneous_extension_requests_leave_one_pending(world, gunicorn):
    item = move(world, raise_item(world, due_date=DUE), ("dept-a", "sign_for"))
    responses = web_race(gunicorn.url, "dept-a", f"/items/{item.id}",
                         f"/items/{item.id}/extension",
                         {"new_due_date": LATER, "reason": "汛期施工"})
    assert_one_won(responses, gunicorn)
    assert count(ExtensionRequest, item_id=item.id, status="pending") == 1
    assert count(Event, item_id=item.id, kind="extension_requested") == 1


def test_twenty_simultaneous_recheck_schedules_leave_one_pending(world, gunicorn):
    item = closed_item(world)
    responses = web_race(gunicorn.url, "committee", f"/items/{item.id}",
                         f"/items/{item.id}/rechecks", {"due_date": LATER})
    assert_one_won(responses, gunicorn)
    assert count(Recheck, item_id=item.id, result="pending") == 1
    assert count(Event, item_id=item.id, kind="recheck_scheduled") == 1


def test_a_recheck_confirmed_by_twenty_at_once_is_confirmed_once(world, gunicorn):
    item = closed_item(world)
    recheck = followup.schedule_recheck(world.users["committee"], item, date(2026, 9, 1))
    responses = web_race(gunicorn.url, "committee", f"/items/{item.id}",
                         f"/items/{item.id}/rechecks/{recheck.id}",
                         {"result": "confirmed", "note": "整改成效巩固", "version": item.version})
    assert_one_won(responses, gunicorn)
    assert count(Event, item_id=item.id, kind="recheck_confirmed") == 1


def test_twenty_simultaneous_first_ratings_give_no_server_error(world, gunicorn):
    item = closed_item(world)
    responses = web_race(gunicorn.url, "committee", f"/items/{item.id}",
                         f"/items/{item.id}/rating",
                         {"satisfied": "30", "basically_satisfied": "5", "dissatisfied": "1"})
    assert_one_won(responses, gunicorn)
    assert count(Rating, item_id=item.id) == 1
