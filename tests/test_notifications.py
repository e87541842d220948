"""Notifications reach the users an event concerns, and only them: a department user
hears only of its unit's items, the actor never of their own act; the notification
centre lists them, counts the unread ones in the header and marks them read."""

from __future__ import annotations

import re
from datetime import date

from conftest import csrf_token, move, raise_item
from rectify.extensions import db
from rectify.models import Notification
from rectify.services.notices import notifications as notification_service
from rectify.services.tracking import items as item_service


def notices(world, username: str) -> list[tuple[str, str]]:
    """(kind, item code) of a user's notices, oldest first."""
    rows = db.session.scalars(db.select(Notification).where(
        Notification.user_id == world.users[username].id).order_by(Notification.id))
    return [(n.kind, n.params["code"]) for n in rows]


def kinds(world, username: str) -> list[str]:
    return [kind for kind, _code in notices(world, username)]


def test_a_raised_item_notifies_its_lead_and_co_operating_units_only(world):
    item = raise_item(world, lead="a", co=("b",))
    assert notices(world, "dept-a") == [("raised", item.code)]
    assert notices(world, "dept-b") == [("raised", item.code)]
    for username in ("dept-c", "committee", "leader", "admin"):
        assert notices(world, username) == []


def test_each_event_reaches_its_audience_and_never_the_actor(world):
    item = raise_item(world, lead="a", co=("b",))
    move(world, item, ("dept-a", "sign_for"), ("dept-a", "submit"))
    assert kinds(world, "committee") == ["submitted"]
    move(world, item, ("committee", "return_item"))
    assert kinds(world, "dept-a") == ["raised", "returned"]   # the lead unit only
    assert kinds(world, "dept-b") == ["raised"]
    item_service.add_action(world.users["leader"], item, "instruction", "请抓紧整改")
    assert kinds(world, "dept-a")[-1] == kinds(world, "dept-b")[-1] == "instruction"
    assert kinds(world, "committee")[-1] == "instruction"
    assert kinds(world, "leader") == []                      # wrote it, not told of it
    request = item_service.request_extension(world.users["dept-a"], item, date(2026, 9, 1), "汛期")
    assert kinds(world, "committee")[-1] == "extension_requested"
    item_service.decide_extension(world.users["committee"], item, request, approve=True)
    assert kinds(world, "dept-a")[-1] == "extension_approved"
    assert kinds(world, "dept-b")[-1] == "instruction"
    move(world, item, ("dept-a", "submit"), ("committee", "close"))
    assert kinds(world, "dept-a")[-1] == kinds(world, "dept-b")[-1] == "closed"
    assert notices(world, "dept-c") == []


def test_ordinary_records_notify_nobody(world):
    item = raise_item(world)
    move(world, item, ("dept-a", "sign_for"))
    before = db.session.scalar(db.select(db.func.count(Notification.id)))
    item_service.add_action(world.users["dept-a"], item, "progress", "已完成一半")
    item_service.add_action(world.users["committee"], item, "comment", "收到")
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == before


def test_the_notice_keeps_the_reason_and_the_instruction_text(world):
    item = raise_item(world)
    move(world, item, ("dept-a", "sign_for"), ("dept-a", "submit"))
    item_service.apply_transition(world.users["committee"], item, "return_item", reason="佐证不足")
    returned = db.session.scalar(db.select(Notification).where(Notification.kind == "returned"))
    assert returned.params["text"] == "佐证不足" and returned.params["actor"] == "committee"
    assert returned.item_id == item.id


def test_inactive_users_are_not_notified(world):
    world.users["dept-a"].active = False
    db.session.commit()
    raise_item(world)
    assert notices(world, "dept-a") == []


def bell_count(page: str) -> int:
    match = re.search(r'data-unread="(\d+)"', page)
    return int(match.group(1)) if match else 0


def test_the_bell_counts_unread_notices_and_the_list_marks_them_read(world, login):
    first, second = raise_item(world), raise_item(world, problem="窗口服务态度差")
    client = login("dept-a")
    assert bell_count(client.get("/items/").get_data(as_text=True)) == 2
    page = client.get("/notifications/").get_data(as_text=True)
    assert page.index(second.code) < page.index(first.code)   # newest first
    assert f'href="/items/{first.id}"' in page
    assert page.count('class="badge unread">新') == 2        # new until this visit
    assert bell_count(page) == 0
    assert bell_count(client.get("/items/").get_data(as_text=True)) == 0
    assert notification_service.unread_count(world.users["dept-a"]) == 0


def test_mark_all_read_reaches_the_notices_beyond_the_first_page(world, login):
    for n in range(22):
        raise_item(world, problem=f"问题{n}")
    client = login("dept-a")
    page = client.get("/notifications/").get_data(as_text=True)
    assert bell_count(page) == 2 and 'data-action="read-all"' in page
    client.post("/notifications/read-all", data={"csrf_token": csrf_token(client, "/items/")})
    assert notification_service.unread_count(world.users["dept-a"]) == 0


def test_marking_all_read_needs_the_csrf_token_and_touches_only_ones_own(world, login):
    raise_item(world)
    notice = db.session.scalar(db.select(Notification).where(
        Notification.user_id == world.users["dept-a"].id))
    other = login("dept-c")
    assert other.post("/notifications/read-all",
                      data={"csrf_token": csrf_token(other, "/items/")}).status_code == 302
    own = login("dept-a")
    assert own.post("/notifications/read-all").status_code == 400
    db.session.expire_all()
    assert db.session.get(Notification, notice.id).read_at is None


def test_the_list_shows_no_notice_about_an_item_the_user_can_no_longer_read(world, login):
    item = raise_item(world, lead="a")
    client = login("dept-a")
    assert item.code in client.get("/notifications/").get_data(as_text=True)
    world.users["dept-a"].unit_id = world.units["c"].id   # moved to another unit
    db.session.commit()
    page = client.get("/notifications/").get_data(as_text=True)
    assert item.code not in page and bell_count(page) == 0


def test_an_english_user_reads_the_notices_in_english(world, login):
    world.users["dept-a"].locale = "en"
    db.session.commit()
    item = raise_item(world)
    page = login("dept-a").get("/notifications/").get_data(as_text=True)
    assert f"New item {item.code} for your unit" in page
