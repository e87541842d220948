"""Extension requests through the API: the lead unit asks, the committee decides, and a
closed item takes no decision (its pending request was withdrawn when it was closed)."""

from datetime import date

from conftest import move, raise_item
from rectify.extensions import db
from rectify.models import ExtensionRequest, Item


def ask(client, item, **body):
    return client.post(f"/items/{item.id}/extensions",
                       json={"new_due_date": "2026-12-31", "reason": "汛期无法施工", **body})


def decide(client, item, request_id, **body):
    return client.post(f"/items/{item.id}/extensions/{request_id}/decision",
                       json={"approve": True, **body})


def test_the_lead_unit_asks_and_the_committee_approves(world, api):
    item = move(world, raise_item(world, lead="a", co=("b",)), ("dept-a", "sign_for"))
    assert ask(api("dept-b"), item).status_code == 403
    asked = ask(api("dept-a"), item)
    assert asked.status_code == 201
    body = asked.get_json()
    assert body["status"] == "pending" and body["new_due_date"] == "2026-12-31"
    assert ask(api("dept-a"), item).get_json()["error"]["code"] == "pending_exists"
    assert decide(api("dept-a"), item, body["id"]).status_code == 403
    decided = decide(api("committee"), item, body["id"], note="同意")
    assert decided.status_code == 200 and decided.get_json()["status"] == "approved"
    assert db.session.get(Item, item.id).due_date == date(2026, 12, 31)
    assert decide(api("committee"), item, body["id"]).get_json()["error"]["code"] == "wrong_status"


def test_no_decision_applies_to_a_closed_item(world, api):
    item = move(world, raise_item(world, lead="a", due_date=date(2026, 7, 1)),
                ("dept-a", "sign_for"))
    request_id = ask(api("dept-a"), item).get_json()["id"]
    move(world, item, ("dept-a", "submit"), ("committee", "close"))
    assert db.session.get(ExtensionRequest, request_id).status == "withdrawn"
    response = decide(api("committee"), item, request_id)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "item_closed"
    db.session.expire_all()
    assert db.session.get(Item, item.id).due_date == date(2026, 7, 1)


def test_another_units_request_is_not_found(world, api):
    item = move(world, raise_item(world, lead="c"), ("dept-c", "sign_for"))
    request_id = ask(api("dept-c"), item).get_json()["id"]
    assert ask(api("dept-a"), item).status_code == 404
    assert decide(api("dept-a"), item, request_id).status_code == 404
    other = raise_item(world, lead="a")
    assert decide(api("committee"), other, request_id).status_code == 404


def test_the_readers_list_every_item_s_requests_as_on_the_web(world, api):
    first = move(world, raise_item(world, lead="a"), ("dept-a", "sign_for"))
    second = move(world, raise_item(world, lead="c"), ("dept-c", "sign_for"))
    first_id = ask(api("dept-a"), first).get_json()["id"]
    second_id = ask(api("dept-c"), second).get_json()["id"]
    decide(api("committee"), second, second_id)
    pending = api("leader").get("/extensions").get_json()
    assert [row["extension"]["id"] for row in pending["extensions"]] == [first_id]
    assert pending["extensions"][0]["item"]["code"] == first.code
    assert pending["extensions"][0]["item"]["lead_unit"]["code"] == "a"
    assert pending["total"] == 1
    every = api("committee").get("/extensions", query={"status": "any"}).get_json()
    assert [row["extension"]["id"] for row in every["extensions"]] == [first_id, second_id]
    by_unit = api("admin").get("/extensions", query={"status": "any",
                                                     "unit": world.units["c"].id})
    assert [row["extension"]["status"] for row in by_unit.get_json()["extensions"]] == \
        ["approved"]
    paged = api("committee").get("/extensions", query={"status": "any", "per_page": 1,
                                                       "page": 2}).get_json()
    assert [row["extension"]["id"] for row in paged["extensions"]] == [second_id]
    assert paged["total"] == 2


def test_a_department_cannot_read_the_list_of_every_unit_s_requests(world, api):
    item = move(world, raise_item(world, lead="c"), ("dept-c", "sign_for"))
    ask(api("dept-c"), item)
    for username in ("dept-a", "dept-c"):
        refused = api(username).get("/extensions", query={"unit": world.units["c"].id})
        assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
