"""Lost updates, extensions, leader instructions and the append-only audit trail."""

from datetime import date

import pytest
from sqlalchemy import func, select
from test_items_web import item_form

from conftest import csrf_token, move, raise_item
from rectify.extensions import db
from rectify.models import AuditTrailIsAppendOnly, Event, ExtensionRequest, Item


def test_second_writer_gets_a_conflict_and_the_first_change_stays(world, login):
    item = raise_item(world)
    first, second = login("committee"), login("committee")
    # Both load the edit form at the same version.
    token1 = csrf_token(first, f"/items/{item.id}/edit")
    token2 = csrf_token(second, f"/items/{item.id}/edit")
    version = item.version
    first.post(f"/items/{item.id}/edit", data=item_form(
        world, csrf_token=token1, problem="第一位修改", version=version))
    response = second.post(f"/items/{item.id}/edit", data=item_form(
        world, csrf_token=token2, problem="第二位修改", version=version))
    assert response.status_code == 302
    page = second.get(response.headers["Location"]).get_data(as_text=True)
    assert "他人已修改了此事项" in page
    assert db.session.get(Item, item.id).problem == "第一位修改"
    assert db.session.scalar(select(func.count(Event.id)).where(Event.kind == "updated")) == 1


def test_stale_transition_is_a_conflict(world, login):
    item = move(world, raise_item(world), ("dept-a", "sign_for"), ("dept-a", "submit"))
    client = login("committee")
    token = csrf_token(client, f"/items/{item.id}")
    stale = item.version - 1
    response = client.post(f"/items/{item.id}/transition/close",
                           data={"csrf_token": token, "version": stale, "reason": "同意销号"})
    assert "此事项已被他人修改" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert db.session.get(Item, item.id).status == "submitted"


def _request_extension(client, item, new_due="2026-09-15", reason="汛期无法施工"):
    token = csrf_token(client, f"/items/{item.id}")
    return client.post(f"/items/{item.id}/extension",
                       data={"csrf_token": token, "new_due_date": new_due, "reason": reason})


@pytest.mark.parametrize("approve", [True, False])
def test_extension_request_and_decision(world, login, approve):
    item = move(world, raise_item(world, co=("b",)), ("dept-a", "sign_for"))
    assert _request_extension(login("dept-b"), item).status_code == 403  # co-operating unit
    dept = login("dept-a")
    _request_extension(dept, item)
    request = db.session.scalar(select(ExtensionRequest))
    assert request.status == "pending" and request.old_due_date == date(2026, 8, 1)
    _request_extension(dept, item, new_due="2026-10-01")  # a second one waits for the first
    assert db.session.scalar(select(func.count(ExtensionRequest.id))) == 1
    for username in ("dept-a", "leader"):
        client = login(username)
        token = csrf_token(client, f"/items/{item.id}")
        response = client.post(f"/items/{item.id}/extension/{request.id}",
                               data={"csrf_token": token, "decision": "approve",
                                     "version": item.version})
        assert response.status_code == 403
    committee = login("committee")
    token = csrf_token(committee, f"/items/{item.id}")
    committee.post(f"/items/{item.id}/extension/{request.id}", data={
        "csrf_token": token, "decision": "approve" if approve else "decline",
        "note": "同意延期" if approve else "理由不充分", "version": item.version})
    item = db.session.get(Item, item.id)
    assert item.due_date == (date(2026, 9, 15) if approve else date(2026, 8, 1))
    decided = db.session.get(ExtensionRequest, request.id)
    assert decided.status == ("approved" if approve else "declined")
    event = db.session.scalar(
        select(Event).where(Event.kind.in_(["extension_approved", "extension_declined"])))
    assert event.old == {"due_date": "2026-08-01"}
    assert event.new == {"due_date": "2026-09-15" if approve else "2026-08-01"}


def test_extension_date_must_be_later(world, login):
    item = move(world, raise_item(world), ("dept-a", "sign_for"))
    client = login("dept-a")
    response = _request_extension(client, item, new_due="2026-07-01")
    assert "新的期限必须晚于当前整改期限" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert db.session.scalar(select(func.count(ExtensionRequest.id))) == 0


def test_leader_instruction_stands_out(world, login):
    item = move(world, raise_item(world), ("dept-a", "sign_for"))
    leader = login("leader")
    token = csrf_token(leader, f"/items/{item.id}")
    leader.post(f"/items/{item.id}/actions", data={
        "csrf_token": token, "kind": "instruction", "body": "请市城管局务必月底前整改到位"})
    page = login("dept-a").get(f"/items/{item.id}").get_data(as_text=True)
    assert '<aside class="instruction">' in page and "请市城管局务必月底前整改到位" in page
    assert "kind-instruction" in page
    # Nobody else may write an instruction.
    committee = login("committee")
    token = csrf_token(committee, f"/items/{item.id}")
    assert committee.post(f"/items/{item.id}/actions", data={
        "csrf_token": token, "kind": "instruction", "body": "冒充批示"}).status_code == 403


def test_work_cannot_be_logged_before_signing(world, login):
    item = raise_item(world)
    client = login("dept-a")
    token = csrf_token(client, f"/items/{item.id}")
    response = client.post(f"/items/{item.id}/actions",
                           data={"csrf_token": token, "kind": "measure", "body": "提前登记"})
    assert "牵头单位须先签收该事项" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert "提前登记" not in client.get(f"/items/{item.id}").get_data(as_text=True)


def test_audit_trail_cannot_be_changed_or_deleted(world):
    item = raise_item(world)
    event = db.session.scalar(select(Event).where(Event.item_id == item.id))
    event.reason = "篡改"
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(Event, event.id))
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(Event, event.id).reason == ""


def test_timeline_lists_every_event_in_order(world, login):
    item = move(world, raise_item(world), ("dept-a", "sign_for"), ("dept-a", "submit"),
                ("committee", "return_item"))
    page = login("committee").get(f"/items/{item.id}").get_data(as_text=True)
    timeline = page[page.index('class="timeline"'):]
    positions = [timeline.index(label) for label in ("<strong>退回", "<strong>申请销号",
                                                      "<strong>签收", "<strong>交办")]
    assert positions == sorted(positions)  # newest first
