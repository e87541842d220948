"""The workflow gaps found in use (issue 13), through the web pages and the services:
reopening sets a new deadline, closing needs a verification opinion and withdraws a
pending extension, the return reason heads the unit's item page, the notification list
marks what it shows read, and leaders write instructions rather than comments."""

from datetime import date

from sqlalchemy import select

from conftest import csrf_token, move, raise_item
from rectify import workflow
from rectify.extensions import db
from rectify.models import Event, ExtensionRequest, Item, Notification, Recheck
from rectify.services.tracking import followup
from rectify.services.tracking import items as item_service

SUBMITTED = (("dept-a", "sign_for"), ("dept-a", "submit"))
CLOSED = (*SUBMITTED, ("committee", "close"))


def post(client, item, path, **data):
    token = csrf_token(client, f"/items/{item.id}")
    return client.post(f"/items/{item.id}/{path}", data={"csrf_token": token, **data})


def fresh(item_id):
    db.session.expire_all()
    return db.session.get(Item, item_id)


def events(item_id, kind):
    return db.session.scalars(select(Event).where(Event.item_id == item_id, Event.kind == kind)
                              .order_by(Event.id)).all()


# 1. Reopening asks for a new deadline ------------------------------------------------------

def test_reopening_sets_the_new_deadline_and_records_it(world, login):
    item = move(world, raise_item(world, due_date=date(2026, 6, 10)), *CLOSED)
    client = login("committee")
    for bad_date, message in (("", "重新打开事项须设定新的整改期限"),
                              ("2026-05-31", "日期不能早于今天")):
        response = post(client, item, "transition/reopen", reason="回头看发现反弹",
                        new_due_date=bad_date, version=item.version)
        assert response.status_code == 302
        assert fresh(item.id).status == "closed"
        assert message in client.get(f"/items/{item.id}").get_data(as_text=True)
    post(client, item, "transition/reopen", reason="回头看发现反弹", new_due_date="2026-09-30",
         version=item.version)
    reopened = fresh(item.id)
    assert (reopened.status, reopened.due_date) == ("in_progress", date(2026, 9, 30))
    assert not reopened.is_overdue(date(2026, 6, 20))  # past the old deadline, not overdue
    [event] = events(item.id, "reopen")
    assert event.old["due_date"] == "2026-06-10" and event.new["due_date"] == "2026-09-30"
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert "2026年9月30日" in page


def test_a_re_check_that_reopens_asks_for_the_new_deadline(world, login):
    item = move(world, raise_item(world, due_date=date(2026, 6, 10)), *CLOSED)
    recheck = followup.schedule_recheck(world.users["committee"], item, date(2026, 6, 1))
    client = login("committee")
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert 'name="new_due_date"' in page[page.index("recheck-result-form"):]
    path = f"rechecks/{recheck.id}"
    post(client, item, path, result="reopened", note="占道经营反弹", version=item.version)
    assert fresh(item.id).status == "closed"
    assert db.session.get(Recheck, recheck.id).result == "pending"
    post(client, item, path, result="reopened", note="占道经营反弹", new_due_date="2026-08-15",
         version=item.version)
    reopened = fresh(item.id)
    assert (reopened.status, reopened.due_date) == ("in_progress", date(2026, 8, 15))
    assert events(item.id, "reopen")[0].new["due_date"] == "2026-08-15"


# 2. Closing resolves a pending extension --------------------------------------------------

def test_closing_withdraws_a_pending_extension_which_can_no_longer_be_approved(world, login):
    item = move(world, raise_item(world, due_date=date(2026, 6, 30)), ("dept-a", "sign_for"))
    request = item_service.request_extension(world.users["dept-a"], item, date(2026, 12, 31),
                                             "汛期无法施工")
    move(world, item, ("dept-a", "submit"), ("committee", "close"))
    assert db.session.get(ExtensionRequest, request.id).status == "withdrawn"
    [withdrawn] = events(item.id, "extension_withdrawn")
    assert withdrawn.new == {"due_date": "2026-12-31"}
    client = login("committee")
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert "已撤回（事项已销号）" in page and "Record decision" not in page
    response = post(client, item, f"extension/{request.id}", decision="approve", note="",
                    version=fresh(item.id).version)
    assert response.status_code == 302
    closed = fresh(item.id)
    assert closed.due_date == date(2026, 6, 30)
    assert db.session.get(ExtensionRequest, request.id).status == "withdrawn"


def test_no_extension_decision_applies_to_a_closed_item(world):
    """Even a request that is still pending (written before this rule) is refused."""
    item = move(world, raise_item(world), *CLOSED)
    request = ExtensionRequest(item_id=item.id, requested_by_id=world.users["dept-a"].id,
                               reason="旧数据", old_due_date=item.due_date,
                               new_due_date=date(2026, 12, 31))
    db.session.add(request)
    db.session.commit()
    try:
        item_service.decide_extension(world.users["committee"], item, request, approve=True)
    except workflow.WorkflowError as error:
        assert error.code == "item_closed"
    else:
        raise AssertionError("a decision applied to a closed item")
    assert fresh(item.id).due_date != date(2026, 12, 31)


# 3. Closing needs a verification opinion ---------------------------------------------------

def test_closing_needs_a_verification_opinion_shown_in_the_timeline(world, login):
    item = move(world, raise_item(world), *SUBMITTED)
    client = login("committee")
    form = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert "验收意见" in form
    post(client, item, "transition/close", reason="   ", version=item.version)
    assert fresh(item.id).status == "submitted"
    assert "销号须填写验收意见" in client.get(f"/items/{item.id}").get_data(as_text=True)
    post(client, item, "transition/close", reason="台账完整，现场抽查已整改到位，同意销号。",
         version=item.version)
    closed = fresh(item.id)
    assert closed.status == "closed"
    assert closed.verification_opinion == "台账完整，现场抽查已整改到位，同意销号。"
    assert events(item.id, "close")[0].reason == closed.verification_opinion
    page = login("dept-a").get(f"/items/{item.id}").get_data(as_text=True)
    assert "验收意见: 台账完整，现场抽查已整改到位，同意销号。" in page


def test_reopening_clears_the_opinion_of_the_earlier_closing(world):
    item = move(world, raise_item(world), *CLOSED, ("committee", "reopen"))
    assert fresh(item.id).verification_opinion == ""


# 4. The return reason heads the unit's item page -------------------------------------------

def test_the_return_reason_shows_at_the_top_for_the_unit_until_it_submits_again(world, login):
    item = move(world, raise_item(world, co=("b",)), *SUBMITTED)
    item_service.apply_transition(world.users["committee"], item, "return_item",
                                  reason="整改照片不清晰，请补充")
    for username in ("dept-a", "dept-b"):
        page = login(username).get(f"/items/{item.id}").get_data(as_text=True)
        banner = page.index('id="return-reason"')
        assert banner < page.index("存在问题")
        assert "整改照片不清晰，请补充" in page[banner:banner + 600]
    page = login("committee").get(f"/items/{item.id}").get_data(as_text=True)
    assert 'id="return-reason"' not in page
    move(world, fresh(item.id), ("dept-a", "submit"))
    page = login("dept-a").get(f"/items/{item.id}").get_data(as_text=True)
    assert 'id="return-reason"' not in page


# 5. Opening the notification list marks the listed notices read ----------------------------

def test_opening_the_list_marks_the_notices_it_shows_read(world, login):
    for n in range(22):  # more than one page of 20
        raise_item(world, problem=f"问题{n}")
    client = login("dept-a")
    user_id = world.users["dept-a"].id

    def unread():
        db.session.expire_all()
        return db.session.scalars(select(Notification.id).where(
            Notification.user_id == user_id, Notification.read_at.is_(None))).all()

    assert len(unread()) == 22
    page = client.get("/notifications/").get_data(as_text=True)
    assert page.count('class="badge unread">新') == 20  # flagged new on this page
    assert len(unread()) == 2                          # the second page's are still unread
    again = client.get("/notifications/").get_data(as_text=True)
    assert 'class="badge unread">新' not in again
    client.get("/notifications/?page=2")
    assert unread() == []


# 8. Leaders write instructions, not comments -----------------------------------------------

def test_leaders_write_instructions_but_not_comments(world, login):
    item = move(world, raise_item(world), ("dept-a", "sign_for"))
    client = login("leader")
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert 'value="instruction"' in page and 'value="comment"' not in page
    response = post(client, item, "actions", kind="comment", body="请抓紧")
    assert response.status_code == 403
    assert post(client, item, "actions", kind="instruction", body="请抓紧整改").status_code == 302
    kinds = [e.new["kind"] for e in events(item.id, "action_added")]
    assert kinds == ["instruction"]
