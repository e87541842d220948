"""Following up closed items through the API: the committee schedules re-checks and
records their results (a problem found again reopens the item) and the deputies'
ratings, under the web's rules."""

from datetime import date, datetime

import time_machine
from sqlalchemy import func, select

from conftest import move, raise_item
from rectify.extensions import db
from rectify.models import Event, Item, Rating, Recheck


def closed_item(world, lead="a"):
    return move(world, raise_item(world, lead=lead), (f"dept-{lead}", "sign_for"),
                (f"dept-{lead}", "submit"), ("committee", "close"))


def schedule(client, item, due="2026-09-01"):
    return client.post(f"/items/{item.id}/rechecks", json={"due_date": due})


def result(client, item, recheck_id, **body):
    return client.post(f"/items/{item.id}/rechecks/{recheck_id}/result", json=body)


def test_a_recheck_is_scheduled_and_confirmed(world, api):
    item = closed_item(world)
    committee = api("committee")
    scheduled = schedule(committee, item)
    assert scheduled.status_code == 201
    recheck = scheduled.get_json()
    assert recheck["result"] == "pending" and recheck["due_date"] == "2026-09-01"
    again = schedule(committee, item)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "recheck_pending"
    confirmed = result(committee, item, recheck["id"], result="confirmed", note="整改成效巩固")
    assert confirmed.status_code == 200 and confirmed.get_json()["result"] == "confirmed"
    assert result(committee, item, recheck["id"], result="confirmed").status_code == 409
    follow_up = api("dept-a").get(f"/items/{item.id}/follow-up").get_json()
    assert [r["result"] for r in follow_up["rechecks"]] == ["confirmed"]
    assert follow_up["rating"] is None


def test_a_problem_found_again_reopens_the_item_with_its_new_deadline(world, api):
    item = closed_item(world)
    committee = api("committee")
    recheck_id = schedule(committee, item).get_json()["id"]
    no_date = result(committee, item, recheck_id, result="reopened", note="问题反弹")
    assert no_date.status_code == 422
    assert no_date.get_json()["error"]["code"] == "due_date_required"
    stale = result(committee, item, recheck_id, result="reopened", note="问题反弹",
                   new_due_date="2026-10-01", version=1)
    assert stale.status_code == 409
    assert db.session.get(Recheck, recheck_id).result == "pending"
    reopened = result(committee, item, recheck_id, result="reopened", note="问题反弹",
                      new_due_date="2026-10-01")
    assert reopened.status_code == 200 and reopened.get_json()["result"] == "reopened"
    db.session.expire_all()
    item = db.session.get(Item, item.id)
    assert item.status == "in_progress" and item.due_date == date(2026, 10, 1)


def test_ratings_are_recorded_and_replaced(world, api):
    item = closed_item(world)
    committee = api("committee")
    path = f"/items/{item.id}/rating"
    first = committee.call("PUT", path, json={"satisfied": 8, "basically_satisfied": 1,
                                              "dissatisfied": 1})
    assert first.status_code == 200 and first.get_json()["rate"] == 0.9
    second = committee.call("PUT", path, json={"satisfied": 10})
    assert second.get_json()["dissatisfied"] == 0
    assert db.session.scalar(select(func.count(Rating.id))) == 1
    assert db.session.scalar(select(func.count(Event.id)).where(
        Event.kind == "rating_recorded")) == 2
    for body, code in (({}, "no_ratings"), ({"satisfied": -1}, "invalid_input"),
                       ({"satisfied": "9"}, "invalid_input")):
        refused = committee.call("PUT", path, json=body)
        assert refused.status_code == 422 and refused.get_json()["error"]["code"] == code
    assert db.session.scalar(select(Rating.satisfied)) == 10


def test_only_the_committee_follows_up_and_only_closed_items(world, api):
    item = closed_item(world)
    for username, status in (("dept-a", 403), ("leader", 403), ("admin", 403),
                             ("dept-c", 404)):
        assert schedule(api(username), item).status_code == status, username
        assert api(username).call("PUT", f"/items/{item.id}/rating",
                                  json={"satisfied": 1}).status_code == status
    assert api("dept-c").get(f"/items/{item.id}/follow-up").status_code == 404
    working = move(world, raise_item(world), ("dept-a", "sign_for"))
    assert schedule(api("committee"), working).status_code == 409
    past = schedule(api("committee"), item, due="2026-05-01")
    assert past.status_code == 422 and past.get_json()["error"]["code"] == "date_in_past"
    assert db.session.scalar(select(func.count(Recheck.id))) == 0


def test_another_items_recheck_is_not_found(world, api):
    item, other = closed_item(world), closed_item(world)
    recheck_id = schedule(api("committee"), item).get_json()["id"]
    assert result(api("committee"), other, recheck_id, result="confirmed").status_code == 404
    assert result(api("committee"), item, recheck_id + 99, result="confirmed").status_code == 404


def test_the_committee_reads_its_recheck_queue_as_on_the_web(world, api):
    committee = api("committee")
    upcoming_item, due_item = closed_item(world), closed_item(world, lead="c")
    upcoming = schedule(committee, upcoming_item).get_json()
    with time_machine.travel(datetime(2026, 5, 1, 2, 0), tick=False):
        due = schedule(committee, due_item, due="2026-05-20").get_json()
    queue = committee.get("/rechecks").get_json()
    assert [row["recheck"]["id"] for row in queue["due"]] == [due["id"]]
    assert queue["due"][0]["item"]["code"] == due_item.code
    assert queue["due"][0]["item"]["lead_unit"]["code"] == "c"
    assert [row["recheck"]["id"] for row in queue["upcoming"]] == [upcoming["id"]]
    result(committee, due_item, due["id"], result="confirmed")
    assert committee.get("/rechecks").get_json()["due"] == []


def test_only_the_committee_reads_the_recheck_queue(world, api):
    schedule(api("committee"), closed_item(world, lead="c"))
    for username in ("dept-a", "dept-c", "leader", "admin"):
        refused = api(username).get("/rechecks")
        assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
