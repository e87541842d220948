"""The unit hierarchy: a town (镇街区) reads and follows its stations' (站所) items, a
department its sub-units'; their figures roll up; acting stays with the item's own
units; the admin form keeps the tree sound."""

from __future__ import annotations

import io

import pytest
from api.conftest import ApiClient, openapi_document, token_for
from openpyxl import load_workbook
from sqlalchemy import func, select
from test_attachments import PNG, upload
from test_reports import download, text_of
from test_transitions_web import post_transition

from conftest import TODAY, csrf_token, make_user, move, raise_item
from dashboards import PREFIX
from dashboards.testing import CallbackClient, find_props, kpis
from rectify import workflow
from rectify.extensions import db
from rectify.models import Action, Attachment, Event, Item, Unit
from rectify.services.reads import league

# (code, name, kind, parent code): two towns with stations, and a department's sub-unit.
TREE = (
    ("t1", "东镇", "town", None),
    ("s1", "东镇派出所", "station", "t1"),
    ("s2", "东镇国土所", "station", "t1"),
    ("t2", "西镇", "town", None),
    ("s3", "西镇派出所", "station", "t2"),
    ("a1", "市甲局公路处", "institution", "a"),
)
EAST = ("t1", "s1", "s2", "co")  # the items the town t1 may read


@pytest.fixture
def tree(world) -> dict[str, Item]:
    """The units of TREE with a liaison each, and one item led by each of t1, s1, s2,
    s3, a1 and a, plus one that c leads with s2 co-operating."""
    for code, name, kind, parent in TREE:
        unit = Unit(code=code, name=name, name_en=f"Unit {code.upper()}", kind=kind,
                    parent_id=world.units[parent].id if parent else None)
        db.session.add(unit)
        db.session.flush()
        world.units[code] = unit
        world.users[f"dept-{code}"] = make_user(f"dept-{code}", "department", unit)
    db.session.commit()
    items = {code: raise_item(world, lead=code, problem=f"{name}的问题")
             for code, name, *_ in TREE if code != "t2"}
    items["a"] = raise_item(world, lead="a", problem="市甲局的问题")
    items["co"] = raise_item(world, lead="c", co=("s2",), problem="丙局牵头国土所配合的问题")
    return items


def problems_on(page: str, tree: dict[str, Item]) -> set[str]:
    return {key for key, item in tree.items() if item.code in page}


def test_a_town_reads_its_stations_items_and_a_station_only_its_own(world, tree, login):
    town = login("dept-t1")
    for key, item in tree.items():
        assert town.get(f"/items/{item.id}").status_code == (200 if key in EAST else 404), key
    station = login("dept-s1")
    for key, item in tree.items():
        assert station.get(f"/items/{item.id}").status_code == (200 if key == "s1" else 404), key
    department = login("dept-a")
    assert department.get(f"/items/{tree['a1'].id}").status_code == 200
    assert department.get(f"/items/{tree['s1'].id}").status_code == 404


def test_a_town_downloads_its_stations_files_and_no_other_towns(world, tree, login):
    item = move(world, tree["s1"], ("dept-s1", "sign_for"))
    assert upload(login("dept-s1"), item, [(io.BytesIO(PNG), "照片.png")]).status_code == 302
    attachment = db.session.scalar(select(Attachment).where(Attachment.item_id == item.id))
    url = f"/items/attachments/{attachment.id}"
    assert login("dept-t1").get(url).status_code == 200
    assert login("dept-t2").get(url).status_code == 404
    assert login("dept-s2").get(url).status_code == 404


def test_a_town_may_comment_on_its_stations_items_but_not_act(world, tree, login):
    item = tree["s1"]
    town = login("dept-t1")
    page = town.get(f"/items/{item.id}").get_data(as_text=True)
    assert 'value="comment"' in page and 'value="measure"' not in page
    assert f"/items/{item.id}/transition/sign_for" not in page
    token = csrf_token(town, f"/items/{item.id}")
    events = db.session.scalar(select(func.count(Event.id)))
    assert post_transition(town, item, "sign_for").status_code == 403
    assert town.post(f"/items/{item.id}/extension", data={
        "csrf_token": token, "new_due_date": "2026-12-01", "reason": "理由"}).status_code == 403
    assert town.post(f"/items/{item.id}/actions", data={
        "csrf_token": token, "kind": "measure", "body": "代为整改"}).status_code == 403
    assert db.session.get(Item, item.id).status == workflow.OPEN
    assert db.session.scalar(select(func.count(Event.id))) == events
    assert town.post(f"/items/{item.id}/actions", data={
        "csrf_token": token, "kind": "comment", "body": "请派出所抓紧签收"}).status_code == 302
    comment = db.session.scalar(select(Action).where(Action.item_id == item.id))
    assert comment.kind == workflow.COMMENT and comment.body == "请派出所抓紧签收"
    assert post_transition(login("dept-s1"), item, "sign_for").status_code == 302
    assert db.session.get(Item, item.id).status == workflow.IN_PROGRESS


def test_a_parent_unit_follows_in_the_rules_but_acts_on_nothing():
    facts = workflow.ItemFacts(workflow.IN_PROGRESS, lead_unit_id=5, co_unit_ids=frozenset({6}))
    town = workflow.Actor(workflow.DEPARTMENT, unit_id=1, sub_unit_ids=frozenset({5, 7}))
    above_co = workflow.Actor(workflow.DEPARTMENT, unit_id=2, sub_unit_ids=frozenset({6}))
    unrelated = workflow.Actor(workflow.DEPARTMENT, unit_id=3, sub_unit_ids=frozenset({7}))
    for actor in (town, above_co):
        assert workflow.relation(actor, facts) == workflow.PARENT_UNIT
        assert workflow.can_add_action(workflow.COMMENT, actor, facts)
        assert not any(workflow.can_add_action(kind, actor, facts) for kind in workflow.WORK_KINDS)
        assert workflow.available_transitions(actor, facts) == []
        assert not workflow.can_request_extension(actor, facts)
    assert workflow.relation(unrelated, facts) is None
    assert not workflow.can_add_action(workflow.COMMENT, unrelated, facts)


def test_the_list_export_and_api_hold_exactly_the_subtree(app, world, tree, login):
    town = login("dept-t1")
    assert problems_on(town.get("/items/").get_data(as_text=True), tree) == set(EAST)
    station_only = town.get(f"/items/?unit={world.units['s2'].id}").get_data(as_text=True)
    assert problems_on(station_only, tree) == {"s2", "co"}
    foreign = town.get(f"/items/?unit={world.units['s3'].id}").get_data(as_text=True)
    assert tree["s3"].code not in foreign  # naming another town's station widens nothing
    sheet = load_workbook(io.BytesIO(town.get("/items/export.xlsx").data)).active
    codes = {row[0].value for row in sheet.iter_rows(min_row=2)}
    assert codes == {tree[key].code for key in EAST}
    api = ApiClient(app, token_for(world, "dept-t1"), openapi_document(app))
    listed = api.get("/items", query={"per_page": 50}).get_json()["items"]
    assert {i["code"] for i in listed} == {tree[key].code for key in EAST}
    assert api.get(f"/items/{tree['s1'].id}").status_code == 200
    assert api.get(f"/items/{tree['s3'].id}").status_code == 404
    refused = api.post(f"/items/{tree['s1'].id}/transitions/sign_for", json={})
    assert refused.status_code == 403
    station = login("dept-s1").get("/items/").get_data(as_text=True)
    assert problems_on(station, tree) == {"s1"}
    assert 'name="unit"' not in station
    assert 'name="unit"' in town.get("/items/").get_data(as_text=True)


def test_dashboards_roll_up_the_subtree_and_count_each_item_under_its_lead(world, tree, login):
    town = CallbackClient(login("dept-t1"))
    assert kpis(town.call("ov-cards.children")["ov-cards"]["children"])["total"] == "4"
    traces = town.call("ov-units.figure")["ov-units"]["figure"]["data"]
    assert sorted(traces[0]["y"]) == sorted(["东镇", "东镇派出所", "东镇国土所"])
    # Each item once, under its lead unit: c leads "co", which is not on the chart.
    assert sum(sum(trace["x"]) for trace in traces) == 3

    def unit_total(client, unit: str) -> str:
        cards = client.call("un-cards.children", {"un-unit.data": world.units[unit].id})
        return kpis(cards["un-cards"]["children"])["total"]

    assert unit_total(town, "t1") == "4"  # the town's page rolls up its stations'
    roles = town.call("un-roles.children", {"un-unit.data": world.units["t1"].id})
    assert roles["un-roles"]["children"] == "含下级单位：牵头 3 项，配合 1 项。"
    assert unit_total(town, "s2") == "2"  # it may pick one of its stations
    assert unit_total(town, "s3") == "4"  # another town's station: its own page instead
    committee = CallbackClient(login("committee"))
    assert (unit_total(committee, "t1"), unit_total(committee, "t2")) == ("4", "1")
    assert unit_total(committee, "a") == "2"  # 市甲局 with its 公路处
    assert unit_total(CallbackClient(login("dept-s1")), "t1") == "1"
    page = town.call("page.children", {"url.pathname": f"{PREFIX}unit/{world.units['t1'].id}"})
    links = {p["href"] for p in find_props(page["page"]["children"], "href")}
    assert {f"{PREFIX}unit/{world.units[s].id}" for s in ("s1", "s2")} <= links
    assert f"{PREFIX}unit/{world.units['s3'].id}" not in links


def test_league_rows_and_feedback_letters_roll_up(world, tree, login):
    rows = {row.name: row for row in
            league.league_table(world.users["committee"], world.campaign.id, TODAY)}
    assert (rows["东镇"].raised, rows["东镇派出所"].raised, rows["西镇"].raised) == (3, 1, 1)
    assert rows["市甲局"].raised == 2 and rows["市丙局"].raised == 1
    town = login("dept-t1")
    letters = f"/reports/{world.campaign.id}/feedback"
    letter = text_of(download(town, f"{letters}/{world.units['t1'].id}.docx"))
    assert "东镇派出所：东镇派出所的问题" in letter and "东镇国土所的问题" in letter
    assert "西镇派出所的问题" not in letter
    assert "东镇派出所的问题" in text_of(download(town, f"{letters}/{world.units['s1'].id}.docx"))
    assert town.get(f"{letters}/{world.units['s3'].id}.docx").status_code == 404
    assert login("dept-s1").get(f"{letters}/{world.units['t1'].id}.docx").status_code == 404
    index = town.get("/reports/").get_data(as_text=True)
    assert "东镇国土所" in index and "西镇" not in index


@pytest.mark.parametrize("code, kind, parent, message", [
    ("t1", "town", "s1", "不能隶属于自己的下级单位"),
    ("a", "department", "a1", "不能隶属于自己的下级单位"),
    ("s1", "station", "s1", "单位不能以自身为上级单位"),
    ("s1", "station", None, "站所必须隶属于镇街区"),
    ("s1", "station", "a", "站所必须隶属于镇街区"),
    ("b", "department", "t1", "只有站所可以隶属于镇街区"),
    ("b", "department", "s1", "站所不能设下级单位"),
    ("t1", "department", None, "站所必须隶属于镇街区"),
    ("t1", "station", "t2", "站所不能设下级单位"),
])
def test_the_admin_form_refuses_a_parent_that_makes_no_sense(world, tree, login, code, kind,
                                                             parent, message):
    unit = world.units[code]
    before = unit.parent_id
    admin = login("admin")
    response = admin.post(f"/admin/units/{unit.id}", data={
        "csrf_token": csrf_token(admin, f"/admin/units/{unit.id}"), "code": code,
        "name": unit.name, "kind": kind, "active": "y",
        "parent_id": world.units[parent].id if parent else 0})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).parent_id == before


def test_the_admin_moves_a_station_to_another_town(world, tree, login):
    admin = login("admin")
    station = world.units["s2"]
    response = admin.post(f"/admin/units/{station.id}", data={
        "csrf_token": csrf_token(admin, f"/admin/units/{station.id}"), "code": "s2",
        "name": station.name, "kind": "station", "parent_id": world.units["t2"].id,
        "active": "y"})
    assert response.status_code == 302
    east = login("dept-t1").get("/items/").get_data(as_text=True)
    west = login("dept-t2").get("/items/").get_data(as_text=True)
    assert problems_on(east, tree) == {"t1", "s1"}
    assert problems_on(west, tree) == {"s2", "s3", "co"}
