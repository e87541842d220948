"""Transitions through the web pages: the right role moves the item, every other role is
refused, and a refused move changes nothing (status, version, audit trail)."""

import pytest
from sqlalchemy import func, select

from conftest import csrf_token, move, raise_item
from rectify.extensions import db
from rectify.models import Event, Item

# transition -> (steps to reach its start state, the user allowed, resulting status)
CASES = {
    "sign_for": ([], "dept-a", "in_progress"),
    "submit": ([("dept-a", "sign_for")], "dept-a", "submitted"),
    "return_item": ([("dept-a", "sign_for"), ("dept-a", "submit")], "committee", "in_progress"),
    "close": ([("dept-a", "sign_for"), ("dept-a", "submit")], "committee", "closed"),
    "reopen": ([("dept-a", "sign_for"), ("dept-a", "submit"), ("committee", "close")],
               "committee", "in_progress"),
}
EVERYONE = ("admin", "committee", "leader", "dept-a", "dept-b", "dept-c")


def post_transition(client, item, name, reason="整改不到位", new_due_date="2026-09-30"):
    token = csrf_token(client, f"/items/{item.id}")
    return client.post(f"/items/{item.id}/transition/{name}",
                       data={"csrf_token": token, "reason": reason, "version": item.version,
                             "new_due_date": new_due_date})


def state(item_id):
    item = db.session.get(Item, item_id)
    events = db.session.scalar(select(func.count(Event.id)).where(Event.item_id == item_id))
    return item.status, item.version, events


@pytest.mark.parametrize("name", list(CASES))
def test_each_transition_allowed_only_for_its_role(world, login, name):
    steps, allowed, result = CASES[name]
    item = move(world, raise_item(world, co=("b",)), *steps)
    for username in EVERYONE:
        if username == allowed:
            continue
        before = state(item.id)
        client = login(username)
        response = post_transition(client, item, name)
        # dept-c cannot even see the item; the others see it but may not move it.
        assert response.status_code == (404 if username == "dept-c" else 403), username
        assert state(item.id) == before, username
    before_status, before_version, before_events = state(item.id)
    response = post_transition(login(allowed), item, name)
    assert response.status_code == 302
    status, version, events = state(item.id)
    assert (status, events) == (result, before_events + 1)
    assert version > before_version
    last = db.session.scalar(
        select(Event).where(Event.item_id == item.id).order_by(Event.id.desc()))
    assert last.kind == name and last.actor_id == world.users[allowed].id
    assert last.old["status"] == before_status and last.new["status"] == result


@pytest.mark.parametrize("name,steps", [
    ("close", []),                                   # close an open item
    ("submit", [("dept-a", "sign_for"), ("dept-a", "submit"), ("committee", "close")]),
    ("sign_for", [("dept-a", "sign_for")]),
    ("reopen", [("dept-a", "sign_for")]),
])
def test_illegal_transitions_change_nothing(world, login, name, steps):
    item = move(world, raise_item(world), *steps)
    allowed = CASES[name][1]
    before = state(item.id)
    client = login(allowed)
    response = post_transition(client, item, name)
    assert response.status_code == 302
    assert state(item.id) == before
    assert "事项当前状态不允许此操作" in client.get(f"/items/{item.id}").get_data(as_text=True)


@pytest.mark.parametrize("name", ["return_item", "reopen"])
def test_return_and_reopen_need_a_reason(world, login, name):
    steps = CASES[name][0]
    item = move(world, raise_item(world), *steps)
    before = state(item.id)
    client = login("committee")
    response = post_transition(client, item, name, reason="  ")
    assert response.status_code == 302
    assert state(item.id) == before
    follow = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert "请填写理由" in follow


def test_reason_is_kept_in_the_timeline(world, login):
    item = move(world, raise_item(world), ("dept-a", "sign_for"), ("dept-a", "submit"))
    post_transition(login("committee"), item, "return_item", reason="证据不足,请补充照片")
    page = login("dept-a").get(f"/items/{item.id}").get_data(as_text=True)
    assert "证据不足,请补充照片" in page


def test_co_operating_unit_reads_and_logs_work_but_cannot_sign_or_submit(world, login):
    item = raise_item(world, co=("b",))
    client = login("dept-b")
    assert client.get(f"/items/{item.id}").status_code == 200
    assert post_transition(client, item, "sign_for").status_code == 403
    move(world, item, ("dept-a", "sign_for"))
    token = csrf_token(client, f"/items/{item.id}")
    response = client.post(f"/items/{item.id}/actions",
                           data={"csrf_token": token, "kind": "measure",
                                 "body": "配合开展联合检查"})
    assert response.status_code == 302
    assert "配合开展联合检查" in client.get(f"/items/{item.id}").get_data(as_text=True)
    assert post_transition(client, db.session.get(Item, item.id), "submit").status_code == 403
    assert db.session.get(Item, item.id).status == "in_progress"
