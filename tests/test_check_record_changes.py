"""Correcting and withdrawing check records (their author, audited), and the committee's
choice of whose records count, so a co-operating unit's bad record cannot block the lead
unit for good: the plugin rules only see counted records that were not withdrawn."""

from datetime import date

from sqlalchemy import select

from conftest import csrf_token, move, raise_item
from rectify import workflow
from rectify.extensions import db
from rectify.models import CheckRecord, Event, Item
from rectify.services.tracking import checks

CLEAN_DAYS = (date(2026, 4, 20), date(2026, 4, 28), date(2026, 5, 6), date(2026, 5, 14),
              date(2026, 5, 21), date(2026, 5, 25), date(2026, 5, 28), date(2026, 5, 31))
FORM = {"check_date": "2026-05-31", "check_river_section": "胶河禁采区",
        "check_equipment_seized": "0", "check_evidence": "复核照片"}


def patrol(day, found=False):
    return {"date": day, "river_section": "胶河禁采区", "illegal_mining_found": found,
            "equipment_seized": 0, "evidence": "巡查照片"}


def patrolled_item(world):
    """Unit a leads, unit b co-operates; a logged eight clean patrols, then b logged one
    that found illegal mining (the latest patrols must be clean): submission is blocked."""
    item = move(world, raise_item(world, check_type="river_patrol", co=("b",)),
                ("dept-a", "sign_for"))
    for day in CLEAN_DAYS:
        checks.add_check_record(world.users["dept-a"], item, patrol(day))
    bad = checks.add_check_record(world.users["dept-b"], item, patrol(date(2026, 5, 31), True))
    return fresh(item.id), bad


def fresh(item_id):
    db.session.expire_all()
    return db.session.get(Item, item_id)


def blocker_codes(item):
    return [reason.code for reason in checks.blockers_for(item, date(2026, 6, 1))]


def post(client, path, page, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data})


def test_a_record_keeps_its_authors_unit(world):
    item, bad = patrolled_item(world)
    assert bad.unit_id == world.units["b"].id
    assert blocker_codes(item)  # the dirty patrol blocks


def test_the_author_corrects_a_record_and_the_rules_see_the_correction(world, login):
    item, bad = patrolled_item(world)
    client = login("dept-b")
    edit = f"/items/{item.id}/checks/{bad.id}/edit"
    form = client.get(edit).get_data(as_text=True)
    assert 'name="check_illegal_mining_found"' in form and "checked" in form
    assert 'value="胶河禁采区"' in form
    response = post(client, edit, edit, **FORM)  # the box unticked: nothing found after all
    assert response.status_code == 302
    db.session.expire_all()
    record = db.session.get(CheckRecord, bad.id)
    assert record.values["illegal_mining_found"] is False and record.corrected_at is not None
    assert blocker_codes(fresh(item.id)) == []
    [event] = db.session.scalars(select(Event).where(Event.kind == "check_record_corrected")).all()
    assert event.actor_id == world.users["dept-b"].id
    assert event.old == {"record_id": bad.id, "illegal_mining_found": True, "evidence": "巡查照片"}
    assert event.new == {"record_id": bad.id, "illegal_mining_found": False, "evidence": "复核照片"}
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert "更正检查记录" in page and "已更正" in page


def test_a_bad_correction_is_refused_and_changes_nothing(world, login):
    item, bad = patrolled_item(world)
    client = login("dept-b")
    edit = f"/items/{item.id}/checks/{bad.id}/edit"
    response = post(client, edit, edit, **{**FORM, "check_equipment_seized": "-3"})
    assert response.status_code == 400 and 'class="error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(CheckRecord, bad.id).values == {**patrol(date(2026, 5, 31), True),
                                                          "date": "2026-05-31"}


def test_only_the_author_may_correct_or_withdraw(world, login):
    item, bad = patrolled_item(world)
    edit = f"/items/{item.id}/checks/{bad.id}/edit"
    lead = login("dept-a")
    assert lead.get(edit).status_code == 403
    assert post(lead, f"/items/{item.id}/checks/{bad.id}/withdraw", f"/items/{item.id}",
                reason="不是我记的").status_code == 403
    assert login("committee").get(edit).status_code == 403
    assert login("dept-c").get(edit).status_code == 404
    page = lead.get(f"/items/{item.id}").get_data(as_text=True)
    assert edit not in page  # the lead unit's own records have the link, b's not
    assert f"/items/{item.id}/checks/{bad.id - 1}/edit" in page
    db.session.expire_all()
    assert db.session.get(CheckRecord, bad.id).withdrawn_at is None


def test_the_author_withdraws_a_record_with_a_reason_and_it_no_longer_counts(world, login):
    item, bad = patrolled_item(world)
    client = login("dept-b")
    withdraw = f"/items/{item.id}/checks/{bad.id}/withdraw"
    edit = f"/items/{item.id}/checks/{bad.id}/edit"
    post(client, withdraw, edit, reason=" ")
    db.session.expire_all()
    assert db.session.get(CheckRecord, bad.id).withdrawn_at is None
    assert post(client, withdraw, edit, reason="记错了河段").status_code == 302
    db.session.expire_all()
    assert db.session.get(CheckRecord, bad.id).withdrawn_at is not None
    assert blocker_codes(fresh(item.id)) == []
    [event] = db.session.scalars(select(Event).where(Event.kind == "check_record_withdrawn")).all()
    assert event.reason == "记错了河段" and event.old["illegal_mining_found"] is True
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    row = page[page.index(f'data-record="{bad.id}"'):]
    assert 'class="withdrawn"' in page and "已撤回" in row[:2000]
    assert client.get(edit).status_code == 302  # a withdrawn record stays withdrawn


def test_the_committee_leaves_a_co_units_records_out_of_the_checks(world, login):
    item, _bad = patrolled_item(world)
    client = login("committee")
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert "计入检查的配合单位记录" in page
    path = f"/items/{item.id}/counted-units"
    assert post(client, path, f"/items/{item.id}").status_code == 302  # b unticked
    item = fresh(item.id)
    assert [u.code for u in item.uncounted_units] == ["b"]
    assert blocker_codes(item) == []
    assert checks.rule_results([item], date(2026, 6, 1)) == {item.id: []}  # lists and exports
    [event] = db.session.scalars(select(Event).where(Event.kind == "counted_units_changed")).all()
    assert event.old == {"uncounted_units": []} and event.new == {"uncounted_units": ["市乙局"]}
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert "不计入检查的单位记录：市乙局" in page and "不计入</span>" in page
    post(client, path, f"/items/{item.id}", counted=str(world.units["b"].id))
    assert fresh(item.id).uncounted_units == []
    assert blocker_codes(fresh(item.id))  # b's record counts again (the default)


def test_only_the_committee_decides_whose_records_count(world, login):
    item, _bad = patrolled_item(world)
    path = f"/items/{item.id}/counted-units"
    for username in ("dept-a", "leader", "admin"):
        assert post(login(username), path, f"/items/{item.id}").status_code == 403, username
    assert fresh(item.id).uncounted_units == []
    try:
        checks.set_uncounted_units(world.users["committee"], item,
                                   frozenset({world.units["a"].id}))
    except workflow.WorkflowError as error:
        assert error.code == "not_a_co_unit"
    else:
        raise AssertionError("the lead unit's records were left out")
