"""Units' deliverables (报送材料): the committee asks units for a document by a date, the
unit's own liaison uploads it, the committee accepts it (final) or returns it with a
reason and the unit submits again; nobody else reads or changes a unit's documents."""

from __future__ import annotations

import io
import os
import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select, update

from conftest import TODAY, csrf_token
from rectify import workflow
from rectify.extensions import db
from rectify.models import (
    Deliverable,
    DeliverableFile,
    DeliverableSubmission,
    Event,
    Notification,
)
from rectify.services.tracking import deliverables
from rectify.services.tracking.items import ConflictError
from rectify.workflow import Actor, DeliverableFacts, WorkflowError

PDF = b"%PDF-1.4 " + bytes(range(256)) * 10
COMMITTEE = Actor(workflow.COMMITTEE)
OWN = Actor(workflow.DEPARTMENT, unit_id=1)
OTHER = Actor(workflow.DEPARTMENT, unit_id=2)


# The rules -----------------------------------------------------------------------------------

@pytest.mark.parametrize("actor", [Actor(workflow.LEADER), Actor(workflow.ADMIN), OWN])
def test_only_the_committee_asks_for_documents(actor):
    with pytest.raises(WorkflowError) as refused:
        workflow.check_request_deliverable(actor, "rectification_plan", TODAY, TODAY)
    assert refused.value.code == "forbidden"
    workflow.check_request_deliverable(COMMITTEE, "rectification_plan", TODAY, TODAY)


@pytest.mark.parametrize("kind, due, code", [
    ("minutes", TODAY, "unknown_kind"), ("rectification_plan", TODAY - timedelta(days=1),
                                         "date_in_past")])
def test_a_request_names_a_known_document_and_a_date_to_come(kind, due, code):
    with pytest.raises(WorkflowError) as refused:
        workflow.check_request_deliverable(COMMITTEE, kind, due, TODAY)
    assert refused.value.code == code


@pytest.mark.parametrize("status, may_submit, may_decide, may_chase", [
    ("requested", True, False, True), ("returned", True, False, True),
    ("submitted", False, True, False), ("accepted", False, False, False)])
def test_who_may_do_what_in_each_status(status, may_submit, may_decide, may_chase):
    facts = DeliverableFacts(status, unit_id=1)
    assert workflow.can_submit_deliverable(OWN, facts) is may_submit
    assert workflow.can_decide_deliverable(COMMITTEE, facts) is may_decide
    assert workflow.can_chase_deliverable(COMMITTEE, facts) is may_chase


@pytest.mark.parametrize("actor", [OTHER, COMMITTEE, Actor(workflow.LEADER),
                                   Actor(workflow.ADMIN)])
def test_only_the_units_own_liaison_submits(actor):
    assert not workflow.can_submit_deliverable(actor, DeliverableFacts("requested", unit_id=1))


def test_a_submission_needs_a_file_and_a_return_a_reason():
    with pytest.raises(WorkflowError) as no_file:
        workflow.check_submit_deliverable(OWN, DeliverableFacts("requested", 1), file_count=0)
    assert no_file.value.code == "no_file"
    with pytest.raises(WorkflowError) as no_reason:
        workflow.check_decide_deliverable(COMMITTEE, DeliverableFacts("submitted", 1), False, " ")
    assert no_reason.value.code == "reason_required"
    for actor in (OWN, Actor(workflow.LEADER)):
        assert not workflow.can_decide_deliverable(actor, DeliverableFacts("submitted", 1))
        assert not workflow.can_chase_deliverable(actor, DeliverableFacts("requested", 1))


@pytest.mark.parametrize("status, due, submitted_on, late", [
    ("requested", TODAY, None, False), ("requested", TODAY - timedelta(days=1), None, True),
    ("returned", TODAY - timedelta(days=1), TODAY - timedelta(days=5), True),
    ("submitted", TODAY - timedelta(days=3), TODAY - timedelta(days=3), False),
    ("submitted", TODAY - timedelta(days=3), TODAY - timedelta(days=2), True),
    ("accepted", TODAY - timedelta(days=3), TODAY - timedelta(days=1), True),
    ("accepted", TODAY, TODAY - timedelta(days=1), False)])
def test_late_means_past_due_and_owed_or_submitted_after_the_due_date(status, due,
                                                                     submitted_on, late):
    assert workflow.is_deliverable_late(status, due, submitted_on, TODAY) is late


@pytest.mark.parametrize("status, days_left, expected", [
    ("requested", 8, None), ("requested", 7, 7), ("returned", 2, 3), ("requested", 0, 3),
    ("requested", -1, 0), ("submitted", -1, None), ("accepted", 2, None)])
def test_the_reminder_a_deliverable_is_in(status, days_left, expected):
    due = TODAY + timedelta(days=days_left)
    assert workflow.deliverable_reminder(status, due, TODAY, (7, 3)) == expected


# Asking ------------------------------------------------------------------------------------

def ask(world, kind="rectification_plan", due=date(2026, 6, 20), units=None):
    units = list(world.units.values()) if units is None else [world.units[c] for c in units]
    return deliverables.request_deliverables(world.users["committee"], world.campaign, kind,
                                             due, units)


def owed(world, unit="a", **kwargs) -> Deliverable:
    return next(d for d in ask(world, units=(unit,), **kwargs).created)


def post_request(client, world, **fields):
    token = csrf_token(client, "/deliverables/request")
    data = {"csrf_token": token, "campaign_id": world.campaign.id, "kind": "rectification_plan",
            "due_date": "2026-06-20", "scope": "all", **fields}
    return client.post("/deliverables/request", data=data)


def test_the_committee_asks_all_of_a_campaigns_units_at_once(world, login):
    response = post_request(login("committee"), world)
    assert response.status_code == 302
    rows = db.session.scalars(select(Deliverable).order_by(Deliverable.id)).all()
    assert {d.unit.code for d in rows} == {"a", "b", "c"}
    assert {(d.kind, d.stage, d.status, d.due_date) for d in rows} == {
        ("rectification_plan", "rectification", "requested", date(2026, 6, 20))}
    kinds = db.session.scalars(select(Event.kind).where(Event.deliverable_id.is_not(None)))
    assert list(kinds) == ["deliverable_requested"] * 3
    told = db.session.execute(select(Notification.user_id, Notification.deliverable_id)
                              .where(Notification.kind == "deliverable_requested")).all()
    assert {(user_id, d_id) for user_id, d_id in told} == {
        (world.users[f"dept-{d.unit.code}"].id, d.id) for d in rows}


def test_asking_again_leaves_the_units_already_asked_as_they_were(world, login):
    first = owed(world, "a", due=date(2026, 6, 10))
    client = login("committee")
    response = post_request(client, world, due_date="2026-06-30")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 个单位" in page and "1 个单位" in page
    db.session.refresh(first)
    assert first.due_date == date(2026, 6, 10)
    assert db.session.scalar(select(func.count(Deliverable.id))) == 3


def test_one_chosen_unit_can_be_asked(world, login):
    client = login("committee")
    form = client.get(f"/deliverables/request?unit={world.units['b'].id}").get_data(as_text=True)
    checked = re.findall(r'<input checked[^>]*name="unit_ids"[^>]*value="(\d+)"', form)
    assert checked == [str(world.units["b"].id)]
    assert re.search(r'<input checked[^>]*name="scope"[^>]*value="chosen"', form)
    post_request(client, world, scope="chosen", unit_ids=[world.units["b"].id],
                 kind="self_check_report")
    rows = db.session.scalars(select(Deliverable)).all()
    assert [(d.unit.code, d.kind, d.stage) for d in rows] == [("b", "self_check_report",
                                                                "self_check")]


def test_a_campaign_asks_the_units_it_evaluates(world):
    # A campaign naming no units asks every active one, in the official order (all at 0:
    # pinyin, 丙 甲 乙); one naming units asks those of them still active.
    assert [u.code for u in deliverables.campaign_units(world.campaign)] == ["c", "a", "b"]
    world.campaign.units = [world.units["a"], world.units["b"], world.units["c"]]
    world.units["b"].active = False
    db.session.commit()
    assert [u.code for u in deliverables.campaign_units(world.campaign)] == ["c", "a"]


@pytest.mark.parametrize("fields, message", [
    ({"scope": "chosen"}, "请至少选择一个单位"),
    ({"due_date": "2026-05-31"}, "日期不能早于今天"),
    ({"due_date": "明天"}, "报送期限"),
])
def test_a_bad_request_says_why_and_asks_nobody(world, login, fields, message):
    client = login("committee")
    response = post_request(client, world, **fields)
    page = response.get_data(as_text=True) if response.status_code == 200 else \
        client.get(response.headers["Location"]).get_data(as_text=True)
    assert message in page
    assert db.session.scalar(select(func.count(Deliverable.id))) == 0


# Submitting and deciding ---------------------------------------------------------------------

def upload(client, deliverable, files, note="按要求报送"):
    token = csrf_token(client, f"/deliverables/{deliverable.id}")
    return client.post(f"/deliverables/{deliverable.id}/submissions",
                       content_type="multipart/form-data",
                       data={"csrf_token": token, "note": note, "files": files})


def decide(client, deliverable, decision, reason="", version=None):
    token = csrf_token(client, f"/deliverables/{deliverable.id}")
    return client.post(f"/deliverables/{deliverable.id}/decision", data={
        "csrf_token": token, "decision": decision, "reason": reason,
        "version": deliverable.version if version is None else version})


def test_the_unit_uploads_and_the_committee_hears_of_it(world, login):
    d = owed(world)
    client = login("dept-a")
    page = client.get(f"/deliverables/{d.id}").get_data(as_text=True)
    assert 'data-action="submit-deliverable"' in page
    assert upload(client, d, [(io.BytesIO(PDF), "整改方案.pdf")]).status_code == 302
    db.session.refresh(d)
    assert d.status == "submitted" and d.submitted_at is not None
    submission = d.submissions[0]
    assert submission.note == "按要求报送" and submission.uploaded_by.username == "dept-a"
    stored = submission.files[0]
    download = client.get(f"/deliverables/files/{stored.id}")
    assert download.data == PDF and download.headers["Content-Type"] == "application/octet-stream"
    assert download.headers["Content-Disposition"].startswith("attachment")
    told = db.session.scalars(select(Notification).where(
        Notification.kind == "deliverable_submitted")).all()
    assert [n.user.username for n in told] == ["committee"]
    assert 'data-action="submit-deliverable"' not in client.get(f"/deliverables/{d.id}").get_data(
        as_text=True)


@pytest.mark.parametrize("name, content", [("页面.html", b"<html></html>"),
                                           ("伪装.pdf", b"<html>not a pdf</html>"),
                                           ("空.pdf", b"")])
def test_a_refused_file_changes_nothing(world, login, name, content):
    d = owed(world)
    client = login("dept-a")
    response = upload(client, d, [(io.BytesIO(content), name)])
    assert "未保存任何内容" in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.refresh(d)
    assert d.status == "requested"
    assert db.session.scalar(select(func.count(DeliverableSubmission.id))) == 0
    assert db.session.scalar(select(func.count(DeliverableFile.id))) == 0


def test_a_submission_without_a_file_is_refused(world, login):
    d = owed(world)
    client = login("dept-a")
    response = upload(client, d, [])
    assert "请附上材料文件" in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.refresh(d)
    assert d.status == "requested"


def test_another_unit_never_sees_nor_touches_the_document(world, login):
    d = owed(world)
    deliverables.submit(world.users["dept-a"], d, [("方案.pdf", PDF)])
    stored = db.session.scalar(select(DeliverableFile))
    other = login("dept-c")
    assert other.get(f"/deliverables/{d.id}").status_code == 404
    assert other.get(f"/deliverables/files/{stored.id}").status_code == 404
    token = csrf_token(other, "/deliverables/")
    response = other.post(f"/deliverables/{d.id}/submissions", content_type="multipart/form-data",
                          data={"csrf_token": token, "files": [(io.BytesIO(PDF), "x.pdf")]})
    assert response.status_code == 404
    listing = other.get("/deliverables/").get_data(as_text=True)
    assert f'data-deliverable="{d.id}"' not in listing
    assert f'data-deliverable="{d.id}"' in login("dept-a").get("/deliverables/").get_data(
        as_text=True)


def test_returned_with_a_reason_the_unit_sees_it_and_submits_again(world, login):
    d = owed(world)
    deliverables.submit(world.users["dept-a"], d, [("方案.pdf", PDF)])
    committee = login("committee")
    response = decide(committee, d, "return")
    assert "请填写理由" in committee.get(response.headers["Location"]).get_data(as_text=True)
    db.session.refresh(d)
    assert d.status == "submitted"
    decide(committee, d, "return", "整改措施不具体，缺少时间表")
    db.session.refresh(d)
    assert d.status == "returned"
    unit = login("dept-a")
    assert "整改措施不具体，缺少时间表" in unit.get("/deliverables/").get_data(as_text=True)
    page = unit.get(f"/deliverables/{d.id}").get_data(as_text=True)
    assert "data-return-reason" in page and "整改措施不具体" in page
    returned = db.session.scalar(select(Notification).where(
        Notification.kind == "deliverable_returned"))
    assert returned.user.username == "dept-a" and returned.params["text"].startswith("整改措施")
    upload(unit, d, [(io.BytesIO(PDF), "整改方案（修改稿）.pdf")])
    db.session.refresh(d)
    assert d.status == "submitted" and len(d.submissions) == 2
    assert [s.decision for s in d.submissions] == [None, "returned"]


def test_accepted_is_final(world, login):
    d = owed(world)
    deliverables.submit(world.users["dept-a"], d, [("方案.pdf", PDF)])
    decide(login("committee"), d, "accept")
    db.session.refresh(d)
    assert d.status == "accepted" and d.submissions[0].decided_by.username == "committee"
    with pytest.raises(WorkflowError):
        deliverables.submit(world.users["dept-a"], d, [("再交.pdf", PDF)])
    with pytest.raises(WorkflowError):
        deliverables.decide(world.users["committee"], d, accept=False, reason="改")
    kinds = db.session.scalars(select(Event.kind).where(Event.deliverable_id == d.id)
                               .order_by(Event.id)).all()
    assert kinds == ["deliverable_requested", "deliverable_submitted", "deliverable_accepted"]


def test_a_decision_from_a_stale_page_changes_nothing(world, login):
    d = owed(world)
    deliverables.submit(world.users["dept-a"], d, [("方案.pdf", PDF)])
    stale = d.version
    deliverables.decide(world.users["committee"], d, accept=True)
    client = login("committee")
    response = decide(client, d, "return", "晚了一步", version=stale)
    assert "其他人已修改" in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.refresh(d)
    assert d.status == "accepted"


@pytest.mark.parametrize("username", ["leader", "admin", "dept-a"])
def test_only_the_committee_decides(world, login, username):
    d = owed(world)
    deliverables.submit(world.users["dept-a"], d, [("方案.pdf", PDF)])
    assert decide(login(username), d, "accept").status_code == 403
    db.session.refresh(d)
    assert d.status == "submitted"


# Missing and late ----------------------------------------------------------------------------

def test_the_missing_and_late_lists(world, login):
    missing = owed(world, "a", due=date(2026, 6, 20))
    with time_machine.travel(datetime(2026, 5, 1, 2, 0), tick=False):
        overdue = owed(world, "b", kind="self_check_report", due=date(2026, 5, 20))
        submitted_late = owed(world, "c", kind="self_check_report", due=date(2026, 5, 20))
        on_time = owed(world, "a", kind="self_check_report", due=date(2026, 5, 20))
        deliverables.submit(world.users["dept-a"], on_time, [("自查报告.pdf", PDF)])
    deliverables.submit(world.users["dept-c"], submitted_late, [("自查报告.pdf", PDF)])
    found = deliverables.missing_and_late(world.users["committee"], TODAY)
    assert {d.id for d in found.missing} == {missing.id, overdue.id}
    assert {d.id for d in found.late} == {overdue.id, submitted_late.id}
    page = login("leader").get("/deliverables/missing").get_data(as_text=True)
    assert 'data-count="missing">2<' in page and 'data-count="late">2<' in page
    assert login("dept-a").get("/deliverables/missing").status_code == 403


def test_the_committee_filters_the_list(world, login):
    owed(world, "a")
    owed(world, "b", kind="self_check_report")
    client = login("committee")
    page = client.get("/deliverables/?kind=self_check_report").get_data(as_text=True)
    assert page.count("data-deliverable=") == 1 and "市乙局" in page
    page = client.get(f"/deliverables/?unit={world.units['a'].id}&status=requested").get_data(
        as_text=True)
    assert page.count("data-deliverable=") == 1 and "市甲局" in page
    assert client.get("/deliverables/?status=accepted").get_data(as_text=True).count(
        "data-deliverable=") == 0
    assert client.get("/deliverables/?status=nonsense&unit=x").status_code == 200


# The home page's queues ----------------------------------------------------------------------

def test_owed_by_unit_lists_the_most_urgent_first_with_the_total(world):
    with time_machine.travel(datetime(2026, 5, 1, 2, 0), tick=False):
        late = owed(world, "a", kind="self_check_report", due=date(2026, 5, 25))
    soon = owed(world, "a", due=date(2026, 6, 5))
    later = owed(world, "a", kind="rectification_report", due=date(2026, 9, 1))
    owed(world, "b")
    queue = deliverables.owed_by_unit(world.units["a"].id, TODAY, limit=2)
    assert queue.total == 3
    assert [(row.deliverable.id, row.days_left) for row in queue.rows] == [
        (late.id, -7), (soon.id, 4)]
    deliverables.submit(world.users["dept-a"], later, [("报告.pdf", PDF)])
    assert deliverables.owed_by_unit(world.units["a"].id, TODAY).total == 2


def test_awaiting_decision_lists_the_longest_waiting_first(world):
    first, second, third = (owed(world, code) for code in ("c", "a", "b"))
    for hour, (d, code) in enumerate(((second, "a"), (first, "c"), (third, "b")), start=1):
        with time_machine.travel(datetime(2026, 6, 1, hour, 0), tick=False):
            deliverables.submit(world.users[f"dept-{code}"], d, [("方案.pdf", PDF)])
    queue = deliverables.awaiting_decision(limit=2)
    assert queue.total == 3 and [d.id for d in queue.rows] == [second.id, first.id]
    deliverables.decide(world.users["committee"], second, accept=True)
    assert deliverables.awaiting_decision().total == 2


def test_a_submission_racing_another_change_stores_nothing(world, app):
    d = owed(world)
    db.session.execute(update(Deliverable).where(Deliverable.id == d.id)
                       .values(version=Deliverable.version + 1)
                       .execution_options(synchronize_session=False))  # changed elsewhere
    with pytest.raises(ConflictError):
        deliverables.submit(world.users["dept-a"], d, [("方案.pdf", PDF)])
    assert db.session.scalar(select(func.count(DeliverableSubmission.id))) == 0
    assert not os.listdir(app.config["UPLOAD_FOLDER"])
