"""Check records through the API: an item whose check type is a plugin's goes the whole
way (raise, sign for, records, check records, submit, close) through the API alone, and
the records obey the web's rules: who may add, correct and withdraw them, and what the
check type accepts."""

from datetime import date, timedelta

from sqlalchemy import func, select

from conftest import move, raise_item
from rectify.extensions import db
from rectify.models import CheckRecord, Event, Item

PATROL = {"date": "2026-05-20", "river_section": "胶河禁采区", "illegal_mining_found": False,
          "equipment_seized": 0}


def patrol_item(world, **overrides):
    return move(world, raise_item(world, check_type="river_patrol", co=("b",), **overrides),
                ("dept-a", "sign_for"))


def add(client, item, **values):
    return client.post(f"/items/{item.id}/check-records", json={"values": {**PATROL, **values}})


def stored() -> int:
    return db.session.scalar(select(func.count(CheckRecord.id)))


def test_an_item_with_a_plugin_check_type_goes_the_whole_way_through_the_api(world, api):
    committee, unit = api("committee"), api("dept-a")
    created = committee.post("/items", json={
        "campaign_id": world.campaign.id, "lead_unit_id": world.units["a"].id,
        "category_id": world.category.id, "source": "questionnaire", "problem": "非法采砂",
        "requirement": "常态化巡查", "check_type": "river_patrol"}).get_json()
    path = f"/items/{created['id']}"
    assert unit.post(path + "/transitions/sign_for", json={}).status_code == 200
    assert unit.post(path + "/actions", json={"kind": "measure", "body": "每五天巡查一次"}
                     ).status_code == 201
    refused = unit.post(path + "/transitions/submit", json={})
    assert refused.get_json()["error"]["code"] == "checks_failed"
    listed = unit.get(path + "/check-records").get_json()
    assert listed["check_type"]["id"] == "river_patrol"
    assert {f["name"] for f in listed["check_type"]["fields"]} >= set(PATROL)
    assert "too_few_patrols" in {b["code"] for b in listed["blockers"]}
    for days in range(0, 40, 5):
        day = (date(2026, 4, 20) + timedelta(days=days)).isoformat()
        response = unit.post(path + "/check-records", json={"values": {**PATROL, "date": day}})
        assert response.status_code == 201, response.get_json()
    assert unit.get(path + "/check-records").get_json()["blockers"] == []
    assert unit.post(path + "/transitions/submit", json={}).get_json()["status"] == "submitted"
    closed = committee.post(path + "/transitions/close", json={"reason": "巡查到位，同意销号"})
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"


def test_a_record_answers_as_stored_with_its_author_and_reaches_the_rules(world, api):
    item = patrol_item(world)
    response = add(api("dept-a"), item, evidence="照片3张")
    assert response.status_code == 201
    record = response.get_json()
    assert record["values"] == {**PATROL, "evidence": "照片3张"}
    assert record["author"]["username"] == "dept-a" and record["counts"] is True
    assert record["unit"]["code"] == "a" and record["created_at"].endswith("Z")
    event = db.session.scalar(select(Event).where(Event.kind == "check_record_added"))
    assert event.item_id == item.id and event.new["record_id"] == record["id"]


def test_values_the_check_type_refuses_are_422_naming_each_and_store_nothing(world, api):
    item = patrol_item(world)
    client = api("dept-a")
    for values, code in (({"date": "2026-02-30"}, "wrong_type"),
                         ({"equipment_seized": -1}, "too_small"),
                         ({"equipment_seized": "2"}, "wrong_type"),
                         ({"river_section": None}, "required"),
                         ({"depth": 3}, "unknown_field")):
        response = add(client, item, **values)
        assert response.status_code == 422, values
        error = response.get_json()["error"]
        assert error["code"] == "invalid_input"
        assert code in {d["code"] for d in error["details"]}, (values, error)
        assert all(d["message"] and d["message_zh"] for d in error["details"])
    not_an_object = client.post(f"/items/{item.id}/check-records", json={"values": [1]})
    assert not_an_object.status_code == 422
    assert stored() == 0


def test_who_may_add_records_is_the_rule_for_evidence(world, api):
    item = patrol_item(world)
    for username, status in (("committee", 403), ("leader", 403), ("dept-c", 404)):
        assert add(api(username), item).status_code == status, username
    assert add(api("dept-b"), item).status_code == 201  # a co-operating unit logs work too
    unchecked = move(world, raise_item(world), ("dept-a", "sign_for"))
    response = add(api("dept-a"), unchecked)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "no_check_type"
    not_signed = raise_item(world, check_type="river_patrol")
    assert add(api("dept-a"), not_signed).status_code == 409
    assert stored() == 1


def test_the_author_corrects_a_record_and_the_event_keeps_the_old_values(world, api):
    item = patrol_item(world)
    record_id = add(api("dept-a"), item).get_json()["id"]
    path = f"/items/{item.id}/check-records/{record_id}"
    assert api("dept-b").patch(path, json={"values": PATROL}).status_code == 403
    assert api("dept-c").patch(path, json={"values": PATROL}).status_code == 404
    bad = api("dept-a").patch(path, json={"values": {**PATROL, "equipment_seized": -2}})
    assert bad.status_code == 422
    corrected = api("dept-a").patch(path, json={"values": {**PATROL, "equipment_seized": 3}})
    assert corrected.status_code == 200 and corrected.get_json()["values"]["equipment_seized"] == 3
    assert corrected.get_json()["corrected_at"] is not None
    event = db.session.scalar(select(Event).where(Event.kind == "check_record_corrected"))
    assert event.old == {"record_id": record_id, "equipment_seized": 0}
    assert event.new == {"record_id": record_id, "equipment_seized": 3}


def test_a_withdrawn_record_no_longer_counts_and_stays_withdrawn(world, api):
    item = patrol_item(world)
    client = api("dept-a")
    record_id = add(client, item).get_json()["id"]
    path = f"/items/{item.id}/check-records/{record_id}"
    no_reason = client.post(path + "/withdrawal", json={"reason": "  "})
    assert no_reason.status_code == 422
    assert api("dept-c").post(path + "/withdrawal", json={"reason": "错"}).status_code == 404
    withdrawn = client.post(path + "/withdrawal", json={"reason": "日期填错"})
    assert withdrawn.status_code == 200
    assert withdrawn.get_json()["counts"] is False and withdrawn.get_json()["withdrawn_at"]
    again = client.post(path + "/withdrawal", json={"reason": "再撤"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "record_withdrawn"
    assert client.patch(path, json={"values": PATROL}).status_code == 409
    listed = client.get(f"/items/{item.id}/check-records").get_json()
    assert [r["counts"] for r in listed["records"]] == [False]


def test_another_items_record_is_not_found(world, api):
    item, other = patrol_item(world), patrol_item(world)
    record_id = add(api("dept-a"), item).get_json()["id"]
    path = f"/items/{other.id}/check-records/{record_id}"
    assert api("dept-a").patch(path, json={"values": PATROL}).status_code == 404
    assert api("dept-a").post(path + "/withdrawal", json={"reason": "错"}).status_code == 404
    assert api("dept-c").get(f"/items/{item.id}/check-records").status_code == 404
    plain = raise_item(world)
    assert api("dept-a").get(f"/items/{plain.id}/check-records").get_json() == {
        "check_type": None, "records": [], "blockers": []}
    assert db.session.get(Item, item.id).status == "in_progress"


def counted_units(client, item, **body):
    path = f"/items/{item.id}/counted-units"
    return client.call("PUT", path, json=body) if body else client.get(path)


def test_the_committee_chooses_whose_records_count_as_on_the_web(world, api):
    item = patrol_item(world)
    b = world.units["b"].id
    assert counted_units(api("dept-a"), item).get_json() == {"co_units": [
        {"unit": {"id": b, "code": "b", "name": "市乙局", "name_en": world.units["b"].name_en},
         "counted": True}]}
    left_out = counted_units(api("committee"), item, uncounted_unit_ids=[b])
    assert left_out.status_code == 200
    assert left_out.get_json()["co_units"][0]["counted"] is False
    assert [u.code for u in db.session.get(Item, item.id).uncounted_units] == ["b"]
    assert db.session.scalar(select(func.count(Event.id)).where(
        Event.kind == "counted_units_changed")) == 1
    counted_again = counted_units(api("committee"), item, uncounted_unit_ids=[])
    assert counted_again.get_json()["co_units"][0]["counted"] is True


def test_only_the_committee_chooses_and_only_among_co_units(world, api):
    item = patrol_item(world)
    for username in ("dept-a", "dept-b", "leader"):
        refused = counted_units(api(username), item, uncounted_unit_ids=[world.units["b"].id])
        assert refused.status_code == 403, username
    lead = counted_units(api("committee"), item, uncounted_unit_ids=[world.units["a"].id])
    assert lead.status_code == 422 and lead.get_json()["error"]["code"] == "not_a_co_unit"
    db.session.get(Item, item.id).status = "closed"  # closing needs the patrols: set directly
    db.session.commit()
    closed = counted_units(api("committee"), item, uncounted_unit_ids=[world.units["b"].id])
    assert closed.status_code == 409
    assert db.session.get(Item, item.id).uncounted_units == []


def test_another_units_item_s_counted_units_are_not_found(world, api):
    item = move(world, raise_item(world, lead="c", co=("b",)), ("dept-c", "sign_for"))
    assert counted_units(api("dept-a"), item).status_code == 404
    refused = counted_units(api("dept-a"), item, uncounted_unit_ids=[world.units["b"].id])
    assert refused.status_code == 404
    assert db.session.get(Item, item.id).uncounted_units == []
