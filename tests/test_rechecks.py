"""Re-checks (回头看): the rules, scheduling on a closed item, the committee's queue of due
and upcoming re-checks, and recording the result — confirmed, or reopened with a reason
through the core's reopen transition."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from conftest import TODAY, csrf_token, move, raise_item
from rectify import workflow
from rectify.extensions import db
from rectify.models import Event, Item, Recheck
from rectify.services.tracking import followup
from rectify.workflow import Actor, ItemFacts, WorkflowError

COMMITTEE = Actor(workflow.COMMITTEE)
CLOSED = ItemFacts(status=workflow.CLOSED, lead_unit_id=1)


def closed_item(world, **fields) -> Item:
    item = raise_item(world, **fields)
    return move(world, item, ("dept-a", "sign_for"), ("dept-a", "submit"), ("committee", "close"))


def events(item: Item) -> list[Event]:
    return db.session.scalars(select(Event).where(Event.item_id == item.id)
                              .order_by(Event.at, Event.id)).all()


# The rules ----------------------------------------------------------------------------

@pytest.mark.parametrize("actor", [Actor(workflow.LEADER), Actor(workflow.ADMIN),
                                   Actor(workflow.DEPARTMENT, unit_id=1)])
def test_only_the_committee_schedules_rechecks(actor):
    with pytest.raises(WorkflowError) as refused:
        workflow.check_schedule_recheck(actor, CLOSED, TODAY, TODAY, has_pending=False)
    assert refused.value.code == "forbidden"


@pytest.mark.parametrize("status", [workflow.OPEN, workflow.IN_PROGRESS, workflow.SUBMITTED])
def test_only_closed_items_are_rechecked(status):
    item = ItemFacts(status=status, lead_unit_id=1)
    with pytest.raises(WorkflowError) as refused:
        workflow.check_schedule_recheck(COMMITTEE, item, TODAY, TODAY, has_pending=False)
    assert refused.value.code == "wrong_status"
    assert not workflow.can_follow_up(COMMITTEE, item)


def test_recheck_date_today_or_later_and_one_at_a_time():
    workflow.check_schedule_recheck(COMMITTEE, CLOSED, TODAY, TODAY, has_pending=False)
    with pytest.raises(WorkflowError) as past:
        workflow.check_schedule_recheck(COMMITTEE, CLOSED, date(2026, 5, 31), TODAY, False)
    assert past.value.code == "date_in_past"
    with pytest.raises(WorkflowError) as pending:
        workflow.check_schedule_recheck(COMMITTEE, CLOSED, TODAY, TODAY, has_pending=True)
    assert pending.value.code == "recheck_pending"


def test_result_rules():
    workflow.check_recheck_result(COMMITTEE, CLOSED, workflow.RECHECK_CONFIRMED, "")
    workflow.check_recheck_result(COMMITTEE, CLOSED, workflow.RECHECK_REOPENED, "又出现",
                                  new_due_date=TODAY, today=TODAY)
    for result, reason, code in ((workflow.RECHECK_REOPENED, "  ", "reason_required"),
                                 ("maybe", "x", "unknown_result")):
        with pytest.raises(WorkflowError) as refused:
            workflow.check_recheck_result(COMMITTEE, CLOSED, result, reason, TODAY, TODAY)
        assert refused.value.code == code
    with pytest.raises(WorkflowError) as refused:
        workflow.check_recheck_result(Actor(workflow.LEADER), CLOSED, "confirmed", "")
    assert refused.value.code == "forbidden"


# Scheduling and the queue -------------------------------------------------------------

def test_committee_schedules_on_the_item_page(world, login):
    item = closed_item(world)
    client = login("committee")
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert 'id="follow-up"' in page and 'class="recheck-form"' in page
    response = client.post(f"/items/{item.id}/rechecks", data={
        "csrf_token": csrf_token(client, f"/items/{item.id}"), "due_date": "2026-06-15"})
    assert response.status_code == 302
    recheck = db.session.scalar(select(Recheck).where(Recheck.item_id == item.id))
    assert recheck.due_date == date(2026, 6, 15) and recheck.result == "pending"
    assert recheck.scheduled_by_id == world.users["committee"].id
    last = events(item)[-1]
    assert (last.kind, last.new) == ("recheck_scheduled", {"due_date": "2026-06-15"})
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert 'class="recheck-result-form"' in page and 'class="recheck-form"' not in page


def test_a_past_date_or_an_unclosed_item_is_refused(world, login):
    item = closed_item(world)
    open_item = raise_item(world)
    client = login("committee")
    token = csrf_token(client, f"/items/{item.id}")
    client.post(f"/items/{item.id}/rechecks", data={"csrf_token": token, "due_date": "2026-05-31"})
    client.post(f"/items/{open_item.id}/rechecks", data={"csrf_token": token,
                                                         "due_date": "2026-06-15"})
    assert db.session.scalars(select(Recheck)).all() == []


@pytest.mark.parametrize("username", ["leader", "admin", "dept-a"])
def test_other_roles_may_not_schedule_or_decide(world, login, username):
    item = closed_item(world)
    recheck = followup.schedule_recheck(world.users["committee"], item, date(2026, 6, 15))
    client = login(username)
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert "2026" in page and "recheck-result-form" not in page and "rating-form" not in page
    token = csrf_token(client, f"/items/{item.id}")
    assert client.post(f"/items/{item.id}/rechecks", data={
        "csrf_token": token, "due_date": "2026-07-01"}).status_code == 403
    assert client.post(f"/items/{item.id}/rechecks/{recheck.id}", data={
        "csrf_token": token, "result": "reopened", "note": "x",
        "version": item.version}).status_code == 403
    assert client.get("/rechecks/").status_code == 403


def test_another_units_department_gets_404(world, login):
    item = closed_item(world)
    client = login("dept-b")
    token = csrf_token(client, "/items/")
    response = client.post(f"/items/{item.id}/rechecks", data={"csrf_token": token,
                                                              "due_date": "2026-07-01"})
    assert response.status_code == 404


def test_queue_lists_due_then_upcoming_rechecks(world, login, frozen_today):
    committee = world.users["committee"]
    soon = closed_item(world, problem="早市占道")
    later = closed_item(world, problem="执法不规范")
    other = closed_item(world, problem="已确认")
    followup.schedule_recheck(committee, soon, date(2026, 6, 3))
    followup.schedule_recheck(committee, later, date(2026, 7, 1))
    done = followup.schedule_recheck(committee, other, TODAY)
    followup.record_recheck_result(committee, other, done, "confirmed")

    queue = followup.recheck_queue(TODAY)
    assert (queue.due, [r.item.code for r in queue.upcoming]) == ([], [soon.code, later.code])
    frozen_today.move_to(datetime(2026, 6, 5, 2))
    queue = followup.recheck_queue(date(2026, 6, 5))
    assert [r.item.code for r in queue.due] == [soon.code]
    assert [r.item.code for r in queue.upcoming] == [later.code]

    client = login("committee")
    page = client.get("/rechecks/").get_data(as_text=True)
    due, upcoming = page.split('id="upcoming"')
    assert soon.code in due and later.code not in due and later.code in upcoming
    assert other.code not in page
    assert due.count('class="badge overdue"') == 1  # two days late
    assert 'href="/rechecks/"' in page  # linked from the committee's navigation
    assert 'href="/rechecks/"' not in login("leader").get("/items/").get_data(as_text=True)


# Recording the result -----------------------------------------------------------------

def result_of(client, item, recheck, **data):
    form = {"csrf_token": csrf_token(client, f"/items/{item.id}"), "version": item.version,
            **data}
    return client.post(f"/items/{item.id}/rechecks/{recheck.id}", data=form)


def test_confirming_keeps_the_item_closed(world, login):
    item = closed_item(world)
    recheck = followup.schedule_recheck(world.users["committee"], item, TODAY)
    response = result_of(login("committee"), item, recheck, result="confirmed",
                         note="整改效果巩固")
    assert response.status_code == 302
    db.session.refresh(recheck)
    db.session.refresh(item)
    assert recheck.result == "confirmed" and recheck.result_note == "整改效果巩固"
    assert recheck.decided_by_id == world.users["committee"].id
    assert item.status == workflow.CLOSED and item.closed_at is not None
    assert [e.kind for e in events(item)][-1] == "recheck_confirmed"
    assert followup.recheck_queue(TODAY).due == []


def test_reopening_goes_through_the_reopen_transition(world, login):
    item = closed_item(world)
    recheck = followup.schedule_recheck(world.users["committee"], item, TODAY)
    client = login("committee")
    response = result_of(client, item, recheck, result="reopened", note="早市占道问题反弹",
                         new_due_date="2026-09-01")
    assert response.status_code == 302
    db.session.refresh(item)
    db.session.refresh(recheck)
    assert item.status == workflow.IN_PROGRESS and item.closed_at is None
    assert recheck.result == "reopened" and recheck.result_note == "早市占道问题反弹"
    kinds = [(e.kind, e.reason) for e in events(item)][-2:]
    assert kinds == [("recheck_reopened", ""), ("reopen", "早市占道问题反弹")]
    assert events(item)[-1].new == {"status": workflow.IN_PROGRESS, "due_date": "2026-09-01"}
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert "ev-recheck_reopened" in page and "recheck-reopened" in page
    assert "早市占道问题反弹" in page


def test_reopening_without_a_reason_changes_nothing(world, login):
    item = closed_item(world)
    recheck = followup.schedule_recheck(world.users["committee"], item, TODAY)
    before = len(events(item))
    result_of(login("committee"), item, recheck, result="reopened", note="  ")
    db.session.refresh(item)
    db.session.refresh(recheck)
    assert item.status == workflow.CLOSED and recheck.result == "pending"
    assert len(events(item)) == before


def test_a_stale_page_cannot_reopen(world, login):
    item = closed_item(world)
    recheck = followup.schedule_recheck(world.users["committee"], item, TODAY)
    client = login("committee")
    form = {"csrf_token": csrf_token(client, f"/items/{item.id}"), "version": item.version - 1,
            "result": "reopened", "note": "问题反弹"}
    client.post(f"/items/{item.id}/rechecks/{recheck.id}", data=form)
    db.session.refresh(item)
    db.session.refresh(recheck)
    assert item.status == workflow.CLOSED and recheck.result == "pending"


def test_a_decided_recheck_cannot_be_decided_again(world):
    committee = world.users["committee"]
    item = closed_item(world)
    recheck = followup.schedule_recheck(committee, item, TODAY)
    followup.record_recheck_result(committee, item, recheck, "confirmed")
    with pytest.raises(WorkflowError) as refused:
        followup.record_recheck_result(committee, item, recheck, "reopened", "反弹")
    assert refused.value.code == "wrong_status"
    followup.schedule_recheck(committee, item, date(2026, 12, 1))  # the next one may follow


def test_an_item_reopened_otherwise_leaves_the_queue(world):
    committee = world.users["committee"]
    item = closed_item(world)
    followup.schedule_recheck(committee, item, TODAY)
    move(world, item, ("committee", "reopen"))
    assert followup.recheck_queue(TODAY).due == []
    move(world, item, ("dept-a", "submit"), ("committee", "close"))
    assert [r.item_id for r in followup.recheck_queue(TODAY).due] == [item.id]
