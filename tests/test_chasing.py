"""Chasing (催办): only the committee chases, only items waiting on their units; the
chase reaches that item's units' users and nobody else, and its count and last date
show on the item, in the list and in the ledger."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
import time_machine
from openpyxl import load_workbook
from sqlalchemy import event

from conftest import csrf_token, move, raise_item
from rectify import workflow
from rectify.extensions import db
from rectify.labels import LEDGER_ONLY_LABELS
from rectify.models import Chase, Event, Notification
from rectify.services.tracking import chasing
from rectify.workflow import Actor, ItemFacts, WorkflowError

COMMITTEE = Actor(workflow.COMMITTEE)


@pytest.mark.parametrize("status, allowed", [
    ("open", True), ("in_progress", True), ("submitted", False), ("closed", False)])
def test_the_committee_chases_items_that_wait_on_their_units(status, allowed):
    assert workflow.can_chase(COMMITTEE, ItemFacts(status, lead_unit_id=1)) is allowed


@pytest.mark.parametrize("actor", [Actor(workflow.LEADER), Actor(workflow.ADMIN),
                                   Actor(workflow.DEPARTMENT, unit_id=1)])
def test_no_other_role_chases(actor):
    with pytest.raises(WorkflowError) as refused:
        workflow.check_chase(actor, ItemFacts("in_progress", lead_unit_id=1), "请抓紧")
    assert refused.value.code == "forbidden"


def test_a_chase_needs_a_message():
    with pytest.raises(WorkflowError) as refused:
        workflow.check_chase(COMMITTEE, ItemFacts("in_progress", lead_unit_id=1), "  ")
    assert refused.value.code == "empty"


def chase(client, item, message="请于本周内报送整改进展"):
    token = csrf_token(client, f"/items/{item.id}")
    return client.post(f"/items/{item.id}/chase", data={"csrf_token": token, "message": message})


def chased_users(world) -> set[str]:
    rows = db.session.scalars(db.select(Notification).where(Notification.kind == "chased"))
    return {n.user.username for n in rows}


def test_a_chase_notifies_that_items_units_only(world, login):
    item = raise_item(world, lead="a", co=("b",))
    other = raise_item(world, lead="c")
    assert chase(login("committee"), item).status_code == 302
    assert chased_users(world) == {"dept-a", "dept-b"}
    notice = db.session.scalar(db.select(Notification).where(Notification.kind == "chased"))
    assert notice.item_id == item.id and notice.params["text"] == "请于本周内报送整改进展"
    assert db.session.scalar(
        db.select(db.func.count(Chase.id)).where(Chase.item_id == other.id)) == 0


def test_the_chase_shows_on_the_item_in_its_timeline(world, login):
    item = raise_item(world)
    client = login("committee")
    chase(client, item, "第一次催办")
    chase(client, item, "第二次催办")
    page = login("dept-a").get(f"/items/{item.id}").get_data(as_text=True)
    assert 'data-chases="2"' in page and "第二次催办" in page and "第一次催办" in page
    assert 'data-action="chase"' not in page          # the form is the committee's
    assert 'data-action="chase"' in client.get(f"/items/{item.id}").get_data(as_text=True)
    kinds = db.session.scalars(db.select(Event.kind).where(Event.item_id == item.id)).all()
    assert kinds.count("chased") == 2


@pytest.mark.parametrize("username", ["dept-a", "leader"])
def test_other_roles_may_not_chase(world, login, username):
    item = raise_item(world)
    assert chase(login(username), item).status_code == 403
    assert db.session.scalar(db.select(db.func.count(Chase.id))) == 0


def test_a_closed_item_is_not_chased_and_nobody_hears(world, login):
    item = raise_item(world)
    move(world, item, ("dept-a", "sign_for"), ("dept-a", "submit"), ("committee", "close"))
    response = chase(login("committee"), item)
    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count(Chase.id))) == 0
    assert chased_users(world) == set()


def test_a_department_cannot_chase_through_another_units_item(world, login):
    item = raise_item(world, lead="a")
    assert chase(login("dept-c"), item).status_code == 404


def test_the_list_shows_chase_counts_with_one_query_for_the_page(world, login, frozen_today):
    items = [raise_item(world, problem=f"问题{n}") for n in range(3)]
    committee = world.users["committee"]
    chasing.chase_item(committee, items[0], "催一次")
    chasing.chase_item(committee, items[0], "催两次")
    chasing.chase_item(committee, items[2], "催一次")
    ids = [item.id for item in items]
    statements = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        stats = chasing.chase_stats(ids)
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    assert len(statements) == 1
    assert {k: v.count for k, v in stats.items()} == {items[0].id: 2, items[2].id: 1}
    assert stats[items[0].id].last_date.isoformat() == "2026-06-01"
    page = login("dept-a").get("/items/").get_data(as_text=True)
    assert page.count('data-chases="2"') == 1 and page.count('data-chases="1"') == 1


def test_the_ledger_has_the_chase_count_and_last_chase_date(world, login):
    item = raise_item(world)
    plain = raise_item(world, problem="另一问题")
    with time_machine.travel(datetime(2026, 6, 3, 1, 0), tick=False):
        chasing.chase_item(world.users["committee"], item, "请尽快整改")
    client = login("committee")
    sheet = load_workbook(io.BytesIO(client.get("/items/export.xlsx").data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    count_at = header.index(str(LEDGER_ONLY_LABELS["chase_count"]))   # the committee's
    last_at = header.index(str(LEDGER_ONLY_LABELS["last_chased"]))    # language: Chinese
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code[item.code][count_at] == 1
    assert by_code[item.code][last_at].date().isoformat() == "2026-06-03"
    assert by_code[plain.code][count_at] == 0 and by_code[plain.code][last_at] is None
