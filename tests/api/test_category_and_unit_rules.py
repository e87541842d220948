"""Through the API as on the web: a retired category is refused for new items while an
item keeps its own, and units come in the official order."""

from sqlalchemy import func, select

from conftest import raise_item
from rectify.extensions import db
from rectify.models import Category, Item


def body(world, category_id: int) -> dict:
    return {"campaign_id": world.campaign.id, "lead_unit_id": world.units["a"].id,
            "co_unit_ids": [], "category_id": category_id, "source": "symposium",
            "problem": "窗口服务态度生硬", "requirement": "开展作风整顿"}


def test_a_retired_category_is_refused_for_a_new_item(world, api):
    world.category.active = False
    db.session.commit()
    response = api("committee").post("/items", json=body(world, world.category.id))
    assert response.status_code == 422
    details = response.get_json()["error"]["details"]
    assert {"field": "category_id", "code": "inactive_category"}.items() <= details[0].items()
    assert db.session.scalar(select(func.count(Item.id))) == 0


def test_an_item_keeps_its_retired_category_but_cannot_be_moved_to_another(world, api):
    item = raise_item(world)
    retired = Category(code="service", name="服务质量", active=False)
    world.category.active = False
    db.session.add(retired)
    db.session.commit()
    client = api("committee")
    kept = client.patch(f"/items/{item.id}", json={"version": 1, "priority": "high",
                                                   "category_id": world.category.id})
    assert kept.status_code == 200 and kept.get_json()["category"]["code"] == "law"
    moved = client.patch(f"/items/{item.id}", json={"version": 2, "category_id": retired.id})
    assert moved.status_code == 422
    assert moved.get_json()["error"]["details"][0]["code"] == "inactive_category"


def test_units_come_in_the_official_order(world, api):
    for position, code in enumerate(("c", "a", "b"), start=1):
        world.units[code].position = position
    db.session.commit()
    units = api("dept-a").get("/units").get_json()["units"]
    assert [u["code"] for u in units] == ["c", "a", "b"]
