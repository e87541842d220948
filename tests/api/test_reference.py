"""Units, campaigns, the caller, and the dashboard's aggregates through the API."""

from conftest import move, raise_item
from rectify.extensions import db
from rectify.models import Unit


def test_units_in_pinyin_order(world, api):
    db.session.add(Unit(code="z", name="安丘市", name_en="Anqiu", kind="town", active=False))
    db.session.commit()
    units = api("dept-a").get("/units").get_json()["units"]
    assert [u["name"] for u in units] == ["安丘市", "市丙局", "市甲局", "市乙局"]
    assert units[0] == {"id": units[0]["id"], "code": "z", "name": "安丘市", "name_en": "Anqiu",
                        "kind": "town", "parent_id": None, "active": False}


def test_campaigns(world, api):
    campaigns = api("leader").get("/campaigns").get_json()["campaigns"]
    assert campaigns == [{"id": world.campaign.id, "title": "测试评议", "year": 2026,
                          "stage": "rectification", "default_due_date": "2026-08-01",
                          "code_prefix": "T26"}]


def test_me(world, api):
    me = api("dept-b").get("/me").get_json()
    assert (me["username"], me["role"], me["unit"]["code"]) == ("dept-b", "department", "b")
    assert api("committee").get("/me").get_json()["unit"] is None


def test_dashboard_counts_only_what_the_caller_sees(world, api):
    move(world, raise_item(world, lead="a"), ("dept-a", "sign_for"))
    raise_item(world, lead="a", due_date=world.campaign.default_due_date.replace(month=6, day=5))
    closed = raise_item(world, lead="b")
    closed.source = "self_check"
    move(world, closed, ("dept-b", "sign_for"), ("dept-b", "submit"), ("committee", "close"))
    everything = api("leader").get("/dashboard").get_json()
    assert everything["summary"] == {"total": 3, "open": 1, "in_progress": 1, "submitted": 0,
                                     "closed": 1, "overdue": 0, "due_soon": 1,
                                     "closure_rate": 1 / 3}
    assert {row["unit_id"] for row in everything["per_unit"]} == \
        {unit.id for unit in world.units.values()}
    assert {s["source"]: (s["open"], s["closed"]) for s in everything["by_source"]} == \
        {"questionnaire": (2, 0), "self_check": (0, 1)}
    assert everything["by_category"][0]["open"] == 2
    assert everything["cumulative"][-1] == {"day": "2026-06-01", "raised": 3, "closed": 1}

    own = api("dept-a").get("/dashboard").get_json()
    assert own["summary"]["total"] == 2 and own["summary"]["closed"] == 0
    assert [row["unit_id"] for row in own["per_unit"]] == [world.units["a"].id]
    assert {s["source"] for s in own["by_source"]} == {"questionnaire"}


def test_dashboard_filters(world, api):
    raise_item(world, lead="a")
    client = api("committee")
    assert client.get("/dashboard", query={"kind": "town"}).get_json()["summary"]["total"] == 0
    filtered = client.get("/dashboard",
                          query={"campaign": world.campaign.id, "start": "2026-06-01"})
    assert filtered.get_json()["summary"]["total"] == 1
    for query in ({"kind": "planet"}, {"start": "yesterday"}, {"group": 0}):
        response = client.get("/dashboard", query=query)
        assert response.status_code == 422
        assert response.get_json()["error"]["code"] == "invalid_input"


def test_dashboard_due_soon_follows_the_setting(app, world, api):
    raise_item(world, lead="a", due_date=world.campaign.default_due_date.replace(month=6, day=11))
    assert api("leader").get("/dashboard").get_json()["due_soon_days"] == 7
    assert api("leader").get("/dashboard").get_json()["summary"]["due_soon"] == 0
    app.config["DUE_SOON_DAYS"] = 10
    figures = api("leader").get("/dashboard").get_json()
    assert (figures["due_soon_days"], figures["summary"]["due_soon"]) == (10, 1)
