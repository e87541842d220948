"""The home page's to-do queues: each role's sections count and list the right items,
and a department never sees another unit's items in them."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import time_machine

from conftest import TODAY, make_user, move, raise_item
from rectify import clock
from rectify.extensions import db
from rectify.models import Chase
from rectify.services.reads import queues
from rectify.services.tracking import followup
from rectify.services.tracking import items as item_service


def queue(world, username: str, key: str, limit: int = queues.HOME_ROWS):
    found = queues.queue_for(world.users[username], key, TODAY, limit)
    assert found is not None, key
    return found


def codes(found) -> list[str]:
    return [row.label for row in found.rows]


def shown_count(page: str, key: str) -> int:
    match = re.search(rf'data-count="{key}">([\d,]+)<', page)
    assert match, key
    return int(match.group(1).replace(",", ""))


def test_to_sign_for_lists_only_the_items_the_unit_leads(world):
    own = [raise_item(world, lead="a") for _ in range(3)]
    co_operated = raise_item(world, lead="b", co=("a",))
    other = raise_item(world, lead="c")
    move(world, own[2], ("dept-a", "sign_for"))
    found = queue(world, "dept-a", "to_sign_for")
    assert found.count == 2 and sorted(codes(found)) == sorted(i.code for i in own[:2])
    assert co_operated.code not in codes(found) and other.code not in codes(found)
    assert codes(queue(world, "dept-c", "to_sign_for")) == [other.code]


def test_the_count_is_all_items_though_few_rows_are_shown(world):
    for _ in range(queues.HOME_ROWS + 2):
        raise_item(world, lead="a")
    found = queue(world, "dept-a", "to_sign_for")
    assert found.count == queues.HOME_ROWS + 2 and len(found.rows) == queues.HOME_ROWS


def test_returned_items_show_the_reason_until_submitted_again(world):
    item = move(world, raise_item(world, lead="a"), ("dept-a", "sign_for"), ("dept-a", "submit"))
    item_service.apply_transition(world.users["committee"], item, "return_item", "佐证材料不全")
    signed_only = move(world, raise_item(world, lead="a"), ("dept-a", "sign_for"))
    found = queue(world, "dept-a", "returned")
    assert found.count == 1 and codes(found) == [item.code]
    assert found.rows[0].note == "佐证材料不全" and found.rows[0].when == TODAY
    assert signed_only.code not in codes(found)
    assert queue(world, "dept-c", "returned").count == 0
    move(world, item, ("dept-a", "submit"))
    assert queue(world, "dept-a", "returned").count == 0
    item_service.apply_transition(world.users["committee"], item, "return_item", "仍不完整")
    assert queue(world, "dept-a", "returned").rows[0].note == "仍不完整"


def test_answered_extensions_show_the_decision_for_two_weeks(world, frozen_today):
    item = move(world, raise_item(world, lead="a"), ("dept-a", "sign_for"))
    request = item_service.request_extension(world.users["dept-a"], item, date(2026, 9, 1), "汛期")
    item_service.decide_extension(world.users["committee"], item, request, False, "理由不充分")
    pending = move(world, raise_item(world, lead="a"), ("dept-a", "sign_for"))
    item_service.request_extension(world.users["dept-a"], pending, date(2026, 9, 1), "汛期")
    found = queue(world, "dept-a", "extensions_answered")
    assert found.count == 1 and codes(found) == [item.code]
    assert (found.rows[0].tag, found.rows[0].note) == ("declined", "理由不充分")
    assert queue(world, "dept-c", "extensions_answered").count == 0
    later = TODAY + timedelta(days=queues.ANSWERED_WITHIN_DAYS + 1)
    assert queues.queue_for(world.users["dept-a"], "extensions_answered", later).count == 0


def test_committee_queues(world):
    submitted = move(world, raise_item(world, lead="b"), ("dept-b", "sign_for"),
                     ("dept-b", "submit"))
    asking = move(world, raise_item(world, lead="a"), ("dept-a", "sign_for"))
    item_service.request_extension(world.users["dept-a"], asking, date(2026, 9, 1), "汛期")
    closed = move(world, raise_item(world, lead="c"), ("dept-c", "sign_for"),
                  ("dept-c", "submit"), ("committee", "close"))
    later = move(world, raise_item(world, lead="c"), ("dept-c", "sign_for"),
                 ("dept-c", "submit"), ("committee", "close"))
    followup.schedule_recheck(world.users["committee"], closed, TODAY)
    followup.schedule_recheck(world.users["committee"], later, TODAY + timedelta(days=5))
    assert codes(queue(world, "committee", "to_verify")) == [submitted.code]
    found = queue(world, "committee", "extensions_pending")
    assert codes(found) == [asking.code] and found.rows[0].when == date(2026, 9, 1)
    assert codes(queue(world, "committee", "rechecks_due")) == [closed.code]


def test_overdue_items_chased_lately_leave_the_queue(world, frozen_today):
    never = raise_item(world, lead="a", due_date=date(2026, 5, 1))
    chased = raise_item(world, lead="b", due_date=date(2026, 5, 1))
    long_ago = raise_item(world, lead="c", due_date=date(2026, 5, 1))
    waiting_on_committee = move(world, raise_item(world, lead="a", due_date=date(2026, 5, 1)),
                                ("dept-a", "sign_for"), ("dept-a", "submit"))
    raise_item(world, lead="a")  # not overdue
    committee = world.users["committee"]
    db.session.add(Chase(item_id=long_ago.id, author_id=committee.id, message="早",
                         created_at=clock.now()
                         - timedelta(days=queues.CHASE_AGAIN_AFTER_DAYS + 1)))
    db.session.add(Chase(item_id=chased.id, author_id=committee.id, message="近",
                         created_at=clock.now() - timedelta(days=2)))
    db.session.commit()
    found = queue(world, "committee", "overdue_unchased")
    assert found.count == 2 and sorted(codes(found)) == sorted([never.code, long_ago.code])
    assert waiting_on_committee.code not in codes(found)
    tags = {row.label: row.tag for row in found.rows}
    assert tags == {never.code: "never_chased", long_ago.code: "last_chased"}


def test_leader_queues(world, frozen_today):
    severe = raise_item(world, lead="a", due_date=date(2026, 4, 1))
    mildly_late = raise_item(world, lead="b", due_date=date(2026, 5, 25))
    urgent = raise_item(world, lead="c", priority="high")
    raise_item(world, lead="c")
    assert codes(queue(world, "leader", "severe_overdue")) == [severe.code]
    waiting = queue(world, "leader", "awaiting_instruction")
    assert sorted(codes(waiting)) == sorted([severe.code, urgent.code])
    assert mildly_late.code not in codes(waiting)
    item_service.add_action(world.users["leader"], urgent, "instruction", "请加快整改")
    assert codes(queue(world, "leader", "awaiting_instruction")) == [severe.code]


def test_admin_queues(world):
    make_user("dept-nobody", "department")
    db.session.commit()
    raise_item(world, lead="c")  # then its unit is deactivated: the item is kept
    world.units["c"].active = False
    db.session.commit()
    closed = move(world, raise_item(world, lead="b"), ("dept-b", "sign_for"),
                  ("dept-b", "submit"), ("committee", "close"))
    world.units["b"].active = False
    db.session.commit()
    assert codes(queue(world, "admin", "users_without_unit")) == ["dept-nobody"]
    found = queue(world, "admin", "inactive_units_with_items")
    assert found.count == 1 and codes(found) == ["c"] and found.rows[0].note == "1"
    assert closed.status == "closed"


def test_each_role_has_its_own_sections():
    assert queues.section_keys("department") == ["to_sign_for", "returned",
                                                 "extensions_answered", "deliverables_due"]
    assert queues.section_keys("committee") == ["to_verify", "extensions_pending",
                                                "rechecks_due", "overdue_unchased",
                                                "deliverables_to_check"]
    assert queues.section_keys("leader") == ["severe_overdue", "awaiting_instruction"]
    assert queues.section_keys("admin") == ["users_without_unit", "inactive_units_with_items"]


def test_home_page_shows_the_queues_of_the_users_own_unit(world, login):
    own = [raise_item(world, lead="a") for _ in range(2)]
    other = raise_item(world, lead="c", problem="别家的问题")
    page = login("dept-a").get("/").get_data(as_text=True)
    assert shown_count(page, "to_sign_for") == 2
    assert all(item.code in page for item in own) and other.code not in page
    assert "/items/?status=open" in page
    page_c = login("dept-c").get("/").get_data(as_text=True)
    assert shown_count(page_c, "to_sign_for") == 1 and own[0].code not in page_c


def test_home_page_renders_for_every_role(world, login):
    raise_item(world, lead="a", due_date=date(2026, 4, 1), priority="high")
    for username, key in (("committee", "overdue_unchased"), ("leader", "severe_overdue"),
                          ("admin", "users_without_unit"), ("dept-a", "to_sign_for")):
        response = login(username).get("/")
        assert response.status_code == 200, username
        shown_count(response.get_data(as_text=True), key)


def test_a_queue_page_lists_all_rows_and_only_the_roles_own(world, login):
    items = [move(world, raise_item(world, lead="a"), ("dept-a", "sign_for"),
                  ("dept-a", "submit")) for _ in range(queues.HOME_ROWS + 1)]
    for item in items:
        item_service.apply_transition(world.users["committee"], item, "return_item", "补充材料")
    dept = login("dept-a")
    page = dept.get("/todo/returned").get_data(as_text=True)
    assert all(item.code in page for item in items) and "补充材料" in page
    assert dept.get("/todo/to_verify").status_code == 404
    assert dept.get("/todo/no_such_queue").status_code == 404
    assert login("dept-c").get("/todo/returned").get_data(as_text=True).count(items[0].code) == 0


def test_queue_counts_are_single_statements_not_a_query_per_row(world, login):
    from conftest import count_statements

    for _ in range(3):
        raise_item(world, lead="a", due_date=date(2026, 4, 1), priority="high")
    few, _page = count_statements(login("leader"), "/")
    for _ in range(12):
        raise_item(world, lead="b", due_date=date(2026, 4, 1), priority="high")
    many, _page = count_statements(login("leader"), "/")
    assert many == few


def test_the_clock_day_of_a_stored_timestamp_is_shanghais():
    with time_machine.travel(datetime(2026, 6, 1, 17, 0), tick=False):
        assert clock.local_date(clock.now()) == date(2026, 6, 2)


def test_the_extension_list_filters_by_status_and_unit(world, login):
    asks = {}
    for code in ("a", "c"):
        item = move(world, raise_item(world, lead=code), (f"dept-{code}", "sign_for"))
        asks[code] = (item, item_service.request_extension(
            world.users[f"dept-{code}"], item, date(2026, 9, 1), f"{code}单位汛期"))
    decided, request = asks["c"]
    item_service.decide_extension(world.users["committee"], decided, request, True, "同意")
    client = login("committee")

    def shown(query: str = "") -> set[int]:
        page = client.get(f"/extensions/{query}").get_data(as_text=True)
        return {int(n) for n in re.findall(r'data-request="(\d+)"', page)}

    a_request, c_request = asks["a"][1].id, asks["c"][1].id
    assert shown() == {a_request}
    assert shown("?status=approved") == {c_request}
    assert shown("?status=any") == {a_request, c_request}
    assert shown(f"?status=any&unit={world.units['c'].id}") == {c_request}
    assert shown("?status=nonsense") == {a_request}
    assert login("leader").get("/extensions/").status_code == 200
    assert login("dept-a").get("/extensions/").status_code == 403


def test_documents_due_and_to_check_come_from_the_deliverables(world, login):
    from rectify.services.tracking import deliverables

    committee, dept_a = world.users["committee"], world.users["dept-a"]
    asked = deliverables.request_deliverables(
        committee, world.campaign, "rectification_plan", date(2026, 7, 1),
        [world.units["a"], world.units["c"]]).created
    own, other = sorted(asked, key=lambda d: d.unit_id != world.units["a"].id)
    found = queue(world, "dept-a", "deliverables_due")
    assert found.count == 1 and [row.target[1] for row in found.rows] == [
        {"deliverable_id": own.id}]
    assert queue(world, "dept-c", "deliverables_due").count == 1
    assert queue(world, "committee", "deliverables_to_check").count == 0
    deliverables.submit(dept_a, own, [("整改方案.pdf", b"%PDF-1.4 plan")])
    assert queue(world, "dept-a", "deliverables_due").count == 0
    checking = queue(world, "committee", "deliverables_to_check")
    assert checking.count == 1 and checking.rows[0].unit.id == world.units["a"].id
    page = login("committee").get("/").get_data(as_text=True)
    assert shown_count(page, "deliverables_to_check") == 1
    assert f"/deliverables/{own.id}" in page and f"/deliverables/{other.id}" not in page
