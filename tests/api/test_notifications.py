"""The caller's notices and an item's timeline through the API: only one's own notices
about what one may still read, marked read only when asked; the timeline is the item
page's, and another unit's item has none to show."""

from sqlalchemy import select

from conftest import move, raise_item
from rectify.extensions import db
from rectify.models import Notification


def notices(client, **query):
    return client.get("/notifications", query=query).get_json()


def test_a_chase_reaches_the_units_notices_in_both_languages(world, api):
    item = move(world, raise_item(world, co=("b",)), ("dept-a", "sign_for"))
    assert api("committee").post(f"/items/{item.id}/chases",
                                 json={"message": "请加快整改"}).status_code == 201
    answer = notices(api("dept-a"))
    chased = [n for n in answer["notifications"] if n["kind"] == "chased"]
    assert len(chased) == 1 and chased[0]["item_id"] == item.id
    assert item.code in chased[0]["title"] and item.code in chased[0]["title_zh"]
    assert chased[0]["title"] != chased[0]["title_zh"] and chased[0]["read_at"] is None
    assert answer["unread"] == answer["total"] >= 1
    assert notices(api("dept-a"))["unread"] == answer["unread"]  # reading marks nothing
    assert all(n["kind"] != "chased" for n in notices(api("dept-c"))["notifications"])
    listed = api("dept-b").get(f"/items/{item.id}/chases").get_json()["chases"]
    assert [c["message"] for c in listed] == ["请加快整改"]
    assert api("dept-c").get(f"/items/{item.id}/chases").status_code == 404


def test_marking_read_touches_only_the_callers_unread_notices(world, api):
    item = raise_item(world, co=("b",))
    own = db.session.scalars(select(Notification.id).where(
        Notification.user_id == world.users["dept-a"].id)).all()
    others = db.session.scalars(select(Notification.id).where(
        Notification.user_id == world.users["dept-b"].id)).all()
    assert own and others and item.id
    client = api("dept-a")
    marked = client.post("/notifications/read", json={"ids": [own[0], *others]})
    assert marked.get_json()["marked"] == 1
    assert notices(client, unread="true")["total"] == len(own) - 1
    assert client.post("/notifications/read", json={"ids": None}).get_json()["unread"] == 0
    assert notices(api("dept-b"), unread="true")["total"] == len(others)
    for body in ({"ids": ["1"]}, {"ids": [0]}, {}):
        refused = client.post("/notifications/read", json=body)
        assert refused.status_code == 422, body


def test_the_timeline_is_the_items_audit_trail(world, api):
    item = move(world, raise_item(world), ("dept-a", "sign_for"))
    api("dept-a").post(f"/items/{item.id}/actions", json={"kind": "progress", "body": "已完成一半"})
    events = api("leader").get(f"/items/{item.id}/timeline").get_json()["events"]
    assert [e["kind"] for e in events] == ["created", "sign_for", "action_added"]
    assert events[1]["actor"]["username"] == "dept-a"
    assert events[1]["new"] == {"status": "in_progress"} and events[2]["action_id"]
    assert api("dept-c").get(f"/items/{item.id}/timeline").status_code == 404


def test_an_items_extension_requests_are_listed(world, api):
    item = move(world, raise_item(world), ("dept-a", "sign_for"))
    api("dept-a").post(f"/items/{item.id}/extensions",
                       json={"new_due_date": "2026-12-31", "reason": "汛期"})
    listed = api("committee").get(f"/items/{item.id}/extensions").get_json()["extensions"]
    assert [(e["status"], e["new_due_date"]) for e in listed] == [("pending", "2026-12-31")]
    assert api("dept-c").get(f"/items/{item.id}/extensions").status_code == 404
