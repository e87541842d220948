"""Deliverables (报送材料) reminded by ``flask remind`` (once per deliverable, reminder and due
date, as items are) and chased (催办) like items: the unit's users hear of it, nobody
else, and the count shows on the lists and the deliverable's page."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from conftest import TODAY, csrf_token
from rectify.extensions import db
from rectify.models import Chase, Notification
from rectify.services.notices.reminders import remind
from rectify.services.tracking import chasing, deliverables
from rectify.workflow import WorkflowError

PDF = b"%PDF-1.4 plan"


def ask(world, unit: str, due: date, kind: str = "rectification_plan"):
    with time_machine.travel(datetime(2026, 5, 1, 2, 0), tick=False):
        return deliverables.request_deliverables(world.users["committee"], world.campaign, kind,
                                                 due, [world.units[unit]]).created[0]


def reminders(world, username: str) -> list[str]:
    return list(db.session.scalars(select(Notification.dedupe_key).where(
        Notification.user_id == world.users[username].id,
        Notification.deliverable_id.is_not(None), Notification.dedupe_key.is_not(None))
        .order_by(Notification.id)))


def test_owed_deliverables_due_soon_and_overdue_are_reminded_once(world):
    soon = ask(world, "a", TODAY + timedelta(days=2))
    late = ask(world, "b", TODAY - timedelta(days=1))
    far = ask(world, "c", TODAY + timedelta(days=20))
    done = ask(world, "a", TODAY - timedelta(days=3), kind="self_check_report")
    deliverables.submit(world.users["dept-a"], done, [("自查报告.pdf", PDF)])
    sent = remind(TODAY)
    assert sent["deliverable_due_soon"] == 1 and sent["deliverable_overdue"] == 2
    assert reminders(world, "dept-a") == [f"deliverable_due_soon:3:{soon.id}:2026-06-03"]
    assert reminders(world, "dept-b") == [f"deliverable_overdue:{late.id}:2026-05-31"]
    assert reminders(world, "committee") == [f"deliverable_overdue:{late.id}:2026-05-31"]
    assert reminders(world, "dept-c") == [] and far.id not in set(db.session.scalars(
        select(Notification.deliverable_id).where(Notification.dedupe_key.is_not(None))))
    again = remind(TODAY)
    assert again["deliverable_due_soon"] == again["deliverable_overdue"] == 0
    assert len(reminders(world, "dept-a")) == 1


def test_a_returned_deliverable_is_reminded_while_it_is_owed_again(world):
    d = ask(world, "a", TODAY + timedelta(days=5))
    deliverables.submit(world.users["dept-a"], d, [("方案.pdf", PDF)])
    assert remind(TODAY)["deliverable_due_soon"] == 0
    deliverables.decide(world.users["committee"], d, accept=False, reason="缺少整改时限")
    assert remind(TODAY)["deliverable_due_soon"] == 1


def test_the_command_reports_the_deliverable_reminders(world, app):
    ask(world, "a", TODAY - timedelta(days=2))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["remind"])
    assert first.exit_code == 0, first.output
    assert "Deliverables: 0 due-soon and 2 overdue notice(s) sent." in first.output
    assert "Deliverables: 0 due-soon and 0 overdue notice(s) sent." in runner.invoke(
        args=["remind"]).output


def test_the_reminder_reads_in_the_readers_language(world, login):
    d = ask(world, "b", TODAY - timedelta(days=1))
    remind(TODAY)
    committee_page = login("committee").get("/notifications/").get_data(as_text=True)
    assert "市乙局的整改方案已逾期" in committee_page
    assert f'href="/deliverables/{d.id}"' in committee_page
    world.users["dept-b"].locale = "en"
    db.session.commit()
    english = login("dept-b").get("/notifications/").get_data(as_text=True)
    assert "The Rectification plan of Unit B is overdue (it was due May 31, 2026)" in english


def chase(client, d, message="请于本周内报送整改方案"):
    token = csrf_token(client, f"/deliverables/{d.id}")
    return client.post(f"/deliverables/{d.id}/chase", data={"csrf_token": token,
                                                            "message": message})


def test_a_chase_reaches_the_units_users_and_is_counted(world, login):
    d = ask(world, "a", TODAY + timedelta(days=3))
    client = login("committee")
    assert chase(client, d).status_code == 302
    chase(client, d, "第二次催报")
    told = db.session.scalars(select(Notification).where(
        Notification.kind == "deliverable_chased")).all()
    assert {n.user.username for n in told} == {"dept-a"}
    assert told[-1].params["text"] == "第二次催报" and told[-1].item_id is None
    page = login("dept-a").get(f"/deliverables/{d.id}").get_data(as_text=True)
    assert 'data-chases="2"' in page and "第二次催报" in page and 'data-action="chase"' not in page
    assert 'data-chases="2"' in client.get("/deliverables/").get_data(as_text=True)
    assert 'data-chases="2"' in client.get("/deliverables/missing").get_data(as_text=True)
    assert chasing.deliverable_chase_stats([d.id])[d.id].count == 2


def test_a_submitted_document_is_not_chased(world, login):
    d = ask(world, "a", TODAY + timedelta(days=3))
    deliverables.submit(world.users["dept-a"], d, [("方案.pdf", PDF)])
    with pytest.raises(WorkflowError):
        chasing.chase_deliverable(world.users["committee"], d, "请报送")
    assert 'data-action="chase"' not in login("committee").get(
        f"/deliverables/{d.id}").get_data(as_text=True)


@pytest.mark.parametrize("username, status", [("leader", 403), ("dept-a", 403), ("dept-c", 404)])
def test_only_the_committee_chases(world, login, username, status):
    d = ask(world, "a", TODAY + timedelta(days=3))
    client = login(username)
    token = csrf_token(client, "/deliverables/")
    response = client.post(f"/deliverables/{d.id}/chase", data={"csrf_token": token,
                                                                "message": "催"})
    assert response.status_code == status
    assert db.session.scalar(select(func.count(Chase.id))) == 0


def test_a_department_sees_no_notice_about_another_units_document(world, login):
    d = ask(world, "a", TODAY + timedelta(days=3))
    user = world.users["dept-a"]
    chasing.chase_deliverable(world.users["committee"], d, "请报送")
    assert "常委会催报整改方案" in login("dept-a").get("/notifications/").get_data(as_text=True)
    user.unit_id = world.units["c"].id
    db.session.commit()
    assert "常委会催报整改方案" not in login("dept-a").get("/notifications/").get_data(
        as_text=True)
