"""Raising and changing an item through the API with its deadline in working days
(Monday 2026-09-28, before the National Day holiday)."""

from datetime import datetime

import pytest

from rectify.services.setup import holidays

from .test_items import new_item_body


@pytest.fixture
def before_national_day(world, frozen_today):
    holidays.seed_from_library()
    frozen_today.move_to(datetime(2026, 9, 28, 2))
    return frozen_today


def test_the_api_raises_and_changes_in_working_days(world, api, before_national_day):
    client = api("committee")
    body = new_item_body(world, due_date=None, due_working_days=5)
    created = client.post("/items", json=body)
    assert created.status_code == 201, created.get_json()
    answer = created.get_json()
    assert (answer["due_date"], answer["due_in_working_days"], answer["days_left"]) == (
        "2026-10-10", True, 5)
    changed = client.patch(f"/items/{answer['id']}",
                           json={"version": answer["version"], "due_working_days": 10})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["due_date"] == "2026-10-16"
    refused = client.post("/items", json=new_item_body(world, due_working_days=0))
    assert refused.status_code == 422


def test_an_extension_in_working_days_through_the_api(world, api, before_national_day):
    from datetime import date

    from conftest import move, raise_item

    item = move(world, raise_item(world, due_date=date(2026, 9, 30)), ("dept-a", "sign_for"))
    other = move(world, raise_item(world, due_date=date(2026, 9, 30)), ("dept-a", "sign_for"))
    client = api("dept-a")
    answer = client.post(f"/items/{item.id}/extensions",
                         json={"working_days": 3, "reason": "国庆假期"})
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["new_due_date"] == "2026-10-10"
    refused = client.post(f"/items/{other.id}/extensions", json={"reason": "没有日期"})
    assert refused.get_json()["error"]["code"] == "new_due_required"
    refused = client.post(f"/items/{other.id}/extensions",
                          json={"working_days": 2501, "reason": "太长"})
    assert refused.get_json()["error"]["code"] == "working_days_range"


def test_items_carry_their_light(world, api):
    from datetime import date

    from conftest import raise_item

    yellow = raise_item(world, due_date=date(2026, 6, 3))
    severe = raise_item(world, due_date=date(2026, 3, 1))
    client = api("committee")
    assert client.get(f"/items/{yellow.id}").get_json()["light"] == "yellow"
    listed = {item["id"]: item["light"] for item in client.get("/items").get_json()["items"]}
    assert listed == {yellow.id: "yellow", severe.id: "severe"}
