"""Check records through the web: the item form's check type, the generated record form,
and the rule results shown next to the workflow buttons."""

import re
from datetime import date, timedelta

from conftest import csrf_token, move, raise_item
from rectify.extensions import db
from rectify.models import CheckRecord, Event, Item
from rectify.services.tracking import checks

PATROL_FORM = {"check_date": "2026-05-20", "check_river_section": "胶河禁采区",
               "check_illegal_mining_found": "y", "check_equipment_seized": "2",
               "check_evidence": "现场照片3张"}


def signed_for_patrol_item(world):
    return move(world, raise_item(world, check_type="river_patrol"), ("dept-a", "sign_for"))


def post_record(client, item, **changes):
    token = csrf_token(client, f"/items/{item.id}")
    data = {**PATROL_FORM, **changes, "csrf_token": token}
    return client.post(f"/items/{item.id}/checks", data={k: v for k, v in data.items()
                                                         if v is not None})


def records(item_id):
    return db.session.scalars(db.select(CheckRecord).where(CheckRecord.item_id == item_id)).all()


def test_item_page_shows_a_form_generated_from_the_check_type(world, login):
    item = signed_for_patrol_item(world)
    page = login("dept-a").get(f"/items/{item.id}").get_data(as_text=True)
    assert "检查记录 · 河道巡查" in page
    for name, kind in (("check_date", "date"), ("check_river_section", "text"),
                       ("check_illegal_mining_found", "checkbox"),
                       ("check_equipment_seized", "number")):
        assert f'name="{name}"' in page and f'type="{kind}"' in page
    assert "查扣设备（台）" in page


def test_department_adds_a_record_that_reaches_the_rules_and_the_timeline(world, login):
    item = signed_for_patrol_item(world)
    client = login("dept-a")
    response = post_record(client, item)
    assert response.status_code == 302
    assert checks.records_of(db.session.get(Item, item.id)) == [{
        "date": date(2026, 5, 20), "river_section": "胶河禁采区", "illegal_mining_found": True,
        "equipment_seized": 2, "evidence": "现场照片3张"}]
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert "已添加检查记录" in page and "胶河禁采区" in page and "2 台" in page
    assert "巡查1次，至少需要8次。" in page  # the rule results beside the buttons
    event = db.session.scalar(db.select(Event).where(
        Event.item_id == item.id, Event.kind == "check_record_added"))
    assert event.actor_id == world.users["dept-a"].id
    assert event.new["equipment_seized"] == 2 and event.new["check_type"] == "river_patrol"


def test_english_users_get_english_labels(world, login):
    world.users["dept-a"].locale = "en"
    db.session.commit()
    item = signed_for_patrol_item(world)
    page = login("dept-a").get(f"/items/{item.id}").get_data(as_text=True)
    assert "Check records · River patrol" in page and "Equipment seized (台)" in page
    assert "0 patrols; at least 8 needed." in page


def test_bad_input_is_refused_with_clear_errors_and_nothing_saved(world, login):
    item = signed_for_patrol_item(world)
    client = login("dept-a")
    response = post_record(client, item, check_equipment_seized="-1", check_date="",
                           check_river_section="")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert page.count('class="error"') >= 3
    assert 'value="现场照片3张"' in page  # what the user typed is kept
    assert records(item.id) == []
    assert post_record(client, item, check_equipment_seized="两台").status_code == 400
    assert records(item.id) == []


def test_only_the_items_units_may_add_records(world, login):
    item = signed_for_patrol_item(world)
    assert post_record(login("dept-b"), item).status_code == 404  # cannot even see it
    committee = login("committee")
    token = csrf_token(committee, f"/items/{item.id}")
    response = committee.post(f"/items/{item.id}/checks", data={**PATROL_FORM, "csrf_token": token})
    assert response.status_code == 403
    assert 'name="check_date"' not in committee.get(f"/items/{item.id}").get_data(as_text=True)
    assert records(item.id) == []


def test_record_form_needs_its_csrf_token(world, login):
    item = signed_for_patrol_item(world)
    response = login("dept-a").post(f"/items/{item.id}/checks", data=PATROL_FORM)
    assert response.status_code == 400
    assert records(item.id) == []


def test_an_item_without_check_type_has_no_record_form(world, login):
    item = move(world, raise_item(world), ("dept-a", "sign_for"))
    client = login("dept-a")
    assert "检查记录" not in client.get(f"/items/{item.id}").get_data(as_text=True)
    assert post_record(client, item).status_code == 404


def test_committee_sees_rule_results_next_to_the_verification_buttons(world, login):
    item = signed_for_patrol_item(world)
    start = date(2026, 4, 25)
    for offset in range(0, 33, 4):  # 9 clean patrols, every 4 days, up to 2026-05-29
        checks.add_check_record(world.users["dept-a"], db.session.get(Item, item.id), {
            "date": start + timedelta(days=offset), "river_section": "胶河",
            "illegal_mining_found": False, "equipment_seized": 0})
    move(world, db.session.get(Item, item.id), ("dept-a", "submit"))
    page = login("committee").get(f"/items/{item.id}").get_data(as_text=True)
    results = page.index('id="rule-results"')
    assert "全部检查规则均已满足" in page[results:]
    assert results < page.index('data-transition="close"')


def test_the_item_form_offers_check_types_and_stores_the_choice(world, login):
    client = login("committee")
    page = client.get("/items/new").get_data(as_text=True)
    assert 'value="river_patrol"' in page and "河道巡查" in page
    data = {"csrf_token": csrf_token(client, "/items/new"), "campaign_id": world.campaign.id,
            "lead_unit_id": world.units["a"].id, "category_id": world.category.id,
            "source": "questionnaire", "priority": "normal", "problem": "胶河非法采砂屡禁不止",
            "requirement": "加强巡查", "check_type": "river_patrol"}
    assert client.post("/items/new", data=data).status_code == 302
    assert db.session.scalar(db.select(Item.check_type)) == "river_patrol"
    data["check_type"] = "no_such_check"
    assert client.post("/items/new", data=data).status_code == 200  # form shown again
    assert db.session.scalar(db.select(db.func.count(Item.id))) == 1


def test_a_disabled_check_type_stays_on_the_item_when_it_is_edited(world, login):
    item = raise_item(world)
    item.check_type = "retired_check"  # given while its plugin was enabled
    db.session.commit()
    client = login("committee")
    page = client.get(f"/items/{item.id}/edit").get_data(as_text=True)
    assert "retired_check（插件未启用）" in page
    detail = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert "检查类型（retired_check）不可用" in detail
    data = {"csrf_token": csrf_token(client, f"/items/{item.id}/edit"), "version": item.version,
            "campaign_id": world.campaign.id, "lead_unit_id": world.units["a"].id,
            "category_id": world.category.id, "source": "questionnaire", "priority": "high",
            "problem": item.problem, "requirement": item.requirement,
            "check_type": "retired_check"}
    assert client.post(f"/items/{item.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    assert (item.priority, item.check_type) == ("high", "retired_check")


def test_a_number_below_its_bound_says_the_bound_itself(world, login):
    """equipment_seized declares min=0: −1 is refused with 「不能小于0」 at the input (WTForms'
    Chinese said 「数值必须大于 0」, as if 0 were refused), and 0 is taken."""
    item = signed_for_patrol_item(world)
    client = login("dept-a")
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert re.search(r'<input[^>]*min="0"[^>]*name="check_equipment_seized"', page)
    response = post_record(client, item, check_equipment_seized="-1")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "查扣设备：不能小于0" in page and "必须大于" not in page
    assert records(item.id) == []
    assert post_record(client, item, check_equipment_seized="0").status_code == 302
    assert checks.records_of(db.session.get(Item, item.id))[0]["equipment_seized"] == 0


def test_english_users_read_the_bound_in_english(world, login):
    world.users["dept-a"].locale = "en"
    db.session.commit()
    item = signed_for_patrol_item(world)
    response = post_record(login("dept-a"), item, check_equipment_seized="-1")
    assert "Equipment seized: at least 0" in response.get_data(as_text=True)
