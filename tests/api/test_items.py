"""Items through the API: list, read, raise, change and records, with the web's scoping,
the optimistic lock, and input refused whole with nothing written."""

from datetime import date

from sqlalchemy import func, select

from conftest import move, raise_item
from rectify.extensions import db
from rectify.models import Action, Event, Item


def counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count(model.id)))
                 for model in (Item, Event, Action))


def new_item_body(world, **overrides) -> dict:
    body = {"campaign_id": world.campaign.id, "lead_unit_id": world.units["a"].id,
            "co_unit_ids": [world.units["b"].id], "category_id": world.category.id,
            "source": "symposium", "problem": "  窗口服务态度生硬  ",
            "requirement": "开展作风整顿",
            "priority": "high", "due_date": "2026-09-30", "responsible_person": "张三"}
    return {**body, **overrides}


# Listing and reading -------------------------------------------------------------------

def test_list_pages_and_filters_like_the_web(world, api):
    for n in range(5):
        raise_item(world, lead="a", problem=f"甲局问题{n}")
    raise_item(world, lead="b", problem="乙局问题")
    client = api("committee")
    page = client.get("/items", query={"per_page": 2, "page": 2}).get_json()
    assert (page["total"], page["page"], page["pages"], len(page["items"])) == (6, 2, 3, 2)
    only_b = client.get("/items", query={"unit": world.units["b"].id}).get_json()
    assert [i["problem"] for i in only_b["items"]] == ["乙局问题"]
    found = client.get("/items", query={"q": "问题3"}).get_json()
    assert found["total"] == 1 and found["items"][0]["lead_unit"]["code"] == "a"
    assert client.get("/items", query={"status": "closed"}).get_json()["total"] == 0
    assert client.get("/items", query={"overdue": "true"}).get_json()["total"] == 0


def test_item_json_has_codes_iso_dates_version_and_allowed_moves(world, api):
    item = raise_item(world, lead="a", co=("b",))
    body = api("dept-a").get(f"/items/{item.id}").get_json()
    assert body["code"] == item.code and body["status"] == "open" and body["version"] == 1
    assert body["due_date"] == "2026-08-01" and body["created_at"].endswith("Z")
    assert body["overdue"] is False and body["days_left"] == 61
    assert [u["code"] for u in body["co_units"]] == ["b"]
    assert body["available_transitions"] == ["sign_for"]
    assert api("dept-b").get(f"/items/{item.id}").get_json()["available_transitions"] == []


def test_department_sees_only_its_units_items(world, api):
    own = raise_item(world, lead="a")
    shared = raise_item(world, lead="c", co=("a",))
    foreign = raise_item(world, lead="b", problem="乙局独立事项")
    client = api("dept-a")
    listed = client.get("/items").get_json()
    assert {i["id"] for i in listed["items"]} == {own.id, shared.id} and listed["total"] == 2
    assert client.get("/items", query={"unit": world.units["b"].id}).get_json()["total"] == 0
    assert client.get("/items", query={"q": "乙局独立"}).get_json()["total"] == 0
    for path in (f"/items/{foreign.id}", f"/items/{foreign.id}/actions", "/items/999999",
                 f"/items/{10**30}"):
        response = client.get(path)
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    assert client.get(f"/items/{shared.id}").status_code == 200
    assert api("leader").get("/items").get_json()["total"] == 3


def test_bad_list_arguments_get_422(world, api):
    client = api("committee")
    for query in ({"per_page": 101}, {"page": 0}, {"status": "done"}, {"sort": "x"},
                  {"unit": "abc"}, {"stauts": "open"}):
        response = client.get("/items", query=query)
        assert response.status_code == 422, query
        assert response.get_json()["error"]["code"] == "invalid_input"


# Raising and changing ------------------------------------------------------------------

def test_committee_raises_an_item(world, api):
    response = api("committee").post("/items", json=new_item_body(world))
    assert response.status_code == 201
    body = response.get_json()
    assert body["code"] == "T26-A-001" and body["status"] == "open"
    assert body["problem"] == "窗口服务态度生硬" and body["priority"] == "high"
    item = db.session.get(Item, body["id"])
    assert item.due_date == date(2026, 9, 30) and [u.code for u in item.co_units] == ["b"]
    assert db.session.scalar(select(Event.kind).where(Event.item_id == item.id)) == "created"


def test_other_roles_may_not_raise_items(world, api):
    before = counts()
    for username in ("dept-a", "leader", "admin"):
        response = api(username).post("/items", json=new_item_body(world))
        assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"
    assert api("dept-a").post("/items", json={"junk": True}).status_code == 403
    assert counts() == before


def test_invalid_items_are_refused_whole(world, api):
    client = api("committee")
    before = counts()
    cases = [
        ({"problem": "   "}, "problem"),
        ({"source": "rumour"}, "source"),
        ({"lead_unit_id": "1"}, "lead_unit_id"),           # strict: a string is not an id
        ({"due_date": "2026-13-01"}, "due_date"),
        ({"due_date": "2026-05-31"}, "due_date"),          # in the past
        ({"lead_unit_id": 999999}, "lead_unit_id"),
        ({"category_id": 10**30}, "category_id"),
        ({"co_unit_ids": [world.units["b"].id, 999999]}, "co_unit_ids"),
        ({"check_type": "no_such_check"}, "check_type"),
        ({"colour": "red"}, "colour"),
    ]
    for change, field in cases:
        response = client.post("/items", json=new_item_body(world, **change))
        assert response.status_code == 422, change
        error = response.get_json()["error"]
        assert error["code"] == "invalid_input"
        assert field in [d["field"] for d in error["details"]], error
    missing = new_item_body(world)
    del missing["problem"]
    assert client.post("/items", json=missing).status_code == 422
    for raw in ("{not json", "[1, 2]"):
        response = client.post("/items", data=raw, headers={"Content-Type": "application/json"})
        assert response.status_code == 400
        assert response.get_json()["error"]["code"] == "bad_request"
    assert client.post("/items", data="problem=x").status_code == 400
    assert counts() == before


def test_committee_changes_only_the_fields_sent(world, api):
    item = raise_item(world, lead="a")
    response = api("committee").patch(f"/items/{item.id}", json={
        "version": 1, "lead_unit_id": world.units["c"].id, "priority": "low",
        "check_type": "river_patrol"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["lead_unit"]["code"] == "c" and body["priority"] == "low"
    assert body["problem"] == "早市管理不到位" and body["version"] == 2
    assert body["check_type"] == "river_patrol"
    event = db.session.scalar(select(Event).where(Event.kind == "updated"))
    assert set(event.new) == {"lead_unit", "priority", "check_type"}
    cleared = api("committee").patch(f"/items/{item.id}", json={"version": 2, "check_type": None})
    assert cleared.get_json()["check_type"] is None


def test_department_may_not_change_items(world, api):
    item = raise_item(world, lead="a")
    before = counts()
    for body in ({"version": 1, "lead_unit_id": world.units["a"].id},
                 {"version": 1, "problem": "改一改"}, {"nonsense": 1}):
        response = api("dept-a").patch(f"/items/{item.id}", json=body)
        assert response.status_code == 403
    assert api("leader").patch(f"/items/{item.id}", json={"version": 1}).status_code == 403
    assert counts() == before and db.session.get(Item, item.id).lead_unit_id == world.units["a"].id


def test_stale_version_gives_409_and_changes_nothing(world, api):
    item = raise_item(world, lead="a")
    client = api("committee")
    changed = client.patch(f"/items/{item.id}", json={"version": 1, "priority": "high"})
    assert changed.status_code == 200
    response = client.patch(f"/items/{item.id}", json={"version": 1, "priority": "low"})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "version_conflict"
    assert db.session.get(Item, item.id).priority == "high"


def test_invalid_changes_are_refused_whole(world, api):
    item = raise_item(world, lead="a")
    client = api("committee")
    before = counts()
    for body in ({"priority": "low"},                              # no version
                 {"version": 1, "problem": None},
                 {"version": 1, "priority": "low", "category_id": 999999},
                 {"version": 1, "priority": "urgent"}):
        response = client.patch(f"/items/{item.id}", json=body)
        assert response.status_code == 422, body
    assert counts() == before and db.session.get(Item, item.id).priority == "normal"
    assert client.patch("/items/999999", json={"version": 1}).status_code == 404


# Records (整改记录) -----------------------------------------------------------------------

def test_units_log_work_and_read_the_records(world, api):
    item = move(world, raise_item(world, lead="a", co=("b",)), ("dept-a", "sign_for"))
    added = api("dept-b").post(f"/items/{item.id}/actions",
                               json={"kind": "measure", "body": " 设立投诉电话 "})
    assert added.status_code == 201
    record = added.get_json()
    assert record["kind"] == "measure" and record["body"] == "设立投诉电话"
    assert record["author"]["username"] == "dept-b" and record["unit"]["code"] == "b"
    api("leader").post(f"/items/{item.id}/actions", json={"kind": "instruction", "body": "抓紧"})
    listed = api("dept-a").get(f"/items/{item.id}/actions").get_json()["actions"]
    assert [a["kind"] for a in listed] == ["measure", "instruction"]


def test_records_follow_the_workflow_rules(world, api):
    item = raise_item(world, lead="a")
    foreign = raise_item(world, lead="b")
    before = counts()
    not_signed = api("dept-a").post(f"/items/{item.id}/actions",
                                    json={"kind": "progress", "body": "已完成"})
    assert not_signed.status_code == 409
    assert not_signed.get_json()["error"]["code"] == "not_signed"
    assert api("dept-a").post(f"/items/{item.id}/actions",
                              json={"kind": "instruction", "body": "x"}).status_code == 403
    assert api("dept-a").post(f"/items/{foreign.id}/actions",
                              json={"kind": "comment", "body": "x"}).status_code == 404
    for body in ({"kind": "gossip", "body": "x"}, {"kind": "comment", "body": "  "},
                 {"kind": "comment"}):
        assert api("committee").post(f"/items/{item.id}/actions", json=body).status_code == 422
    assert counts() == before


def test_a_check_type_not_for_the_lead_unit_is_refused(world, api):
    """market_inspection is for 市城市管理局 (cgj) only, none of the world's units."""
    client = api("committee")
    body = {"campaign_id": world.campaign.id, "lead_unit_id": world.units["a"].id,
            "category_id": world.category.id, "source": "questionnaire", "problem": "占道",
            "requirement": "整改", "check_type": "market_inspection"}
    response = client.post("/items", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]["details"] == [
        {"field": "check_type", "code": "check_type_not_for_unit",
         "message": "This check type is not for the item's lead unit."}]
    assert counts()[0] == 0
    item = raise_item(world, check_type="river_patrol")
    response = client.patch(f"/items/{item.id}", json={"version": item.version,
                                                       "check_type": "market_inspection"})
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Item, item.id).check_type == "river_patrol"
