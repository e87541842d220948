"""The web's batch pages through the API: a unit signs for several of its items (each
through the workflow, reported item by item, another unit's named by nothing but its
id), and the committee chases every overdue item of a list filter."""

from datetime import date

from sqlalchemy import func, select

from conftest import move, raise_item
from rectify.extensions import db
from rectify.models import Chase, Item

LATE = date(2026, 5, 1)


def test_a_unit_signs_for_several_items_and_hears_what_failed(world, api):
    mine = [raise_item(world, lead="a") for _ in range(2)]
    signed_already = move(world, raise_item(world, lead="a"), ("dept-a", "sign_for"))
    co_operated = raise_item(world, lead="b", co=("a",))
    foreign = raise_item(world, lead="c")
    ids = [*(i.id for i in mine), signed_already.id, co_operated.id, foreign.id]
    response = api("dept-a").post("/items/sign-for", json={"item_ids": ids})
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["signed"] == 2
    assert [(r["item_id"], r["error"]) for r in answer["results"]] == [
        (mine[0].id, None), (mine[1].id, None), (signed_already.id, "wrong_status"),
        (co_operated.id, "forbidden"), (foreign.id, "not_found")]
    assert answer["results"][-1]["code"] is None  # another unit's item: not even its code
    assert [db.session.get(Item, i.id).status for i in (*mine, co_operated, foreign)] == \
        ["in_progress", "in_progress", "open", "open"]


def test_only_units_sign_in_batch_and_with_items_named(world, api):
    item = raise_item(world, lead="a")
    for username in ("committee", "leader", "admin"):
        refused = api(username).post("/items/sign-for", json={"item_ids": [item.id]})
        assert refused.status_code == 403, username
    assert api("dept-a").post("/items/sign-for", json={"item_ids": []}).status_code == 422
    assert db.session.get(Item, item.id).status == "open"


def overdue_items(world) -> dict[str, Item]:
    return {"a_open": raise_item(world, lead="a", due_date=LATE),
            "a_working": move(world, raise_item(world, lead="a", due_date=LATE),
                              ("dept-a", "sign_for")),
            "a_on_time": raise_item(world, lead="a"),
            "c_open": raise_item(world, lead="c", due_date=LATE)}


def chased() -> set[int]:
    return set(db.session.scalars(select(Chase.item_id)))


def test_the_committee_chases_the_overdue_items_of_a_filter(world, api):
    items = overdue_items(world)
    committee, unit_a = api("committee"), {"unit": world.units["a"].id}
    assert committee.get("/items/chase-overdue").get_json() == {"count": 3}
    assert committee.get("/items/chase-overdue", query=unit_a).get_json() == {"count": 2}
    by_name = {"q": world.units["c"].name, "kind": "department"}  # filters on the lead unit
    assert committee.get("/items/chase-overdue", query=by_name).get_json() == {"count": 1}
    response = committee.post("/items/chase-overdue", query=unit_a,
                              json={"message": "请本周内报送整改进展"})
    assert response.status_code == 200 and response.get_json() == {"chased": 2}
    assert chased() == {items["a_open"].id, items["a_working"].id}
    blank = committee.post("/items/chase-overdue", json={"message": "   "})
    assert blank.status_code == 422 and chased() == {items["a_open"].id, items["a_working"].id}


def test_only_the_committee_chases_in_batch(world, api):
    overdue_items(world)
    for username in ("leader", "admin", "dept-a", "dept-c"):
        assert api(username).get("/items/chase-overdue").status_code == 403
        refused = api(username).post("/items/chase-overdue", json={"message": "催"})
        assert refused.status_code == 403, username
    assert db.session.scalar(select(func.count(Chase.id))) == 0
