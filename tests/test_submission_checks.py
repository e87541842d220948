"""Submitting runs the plugin rules of the item's check type, through the HTTP route."""

from datetime import date

from conftest import csrf_token, move, raise_item
from rectify.extensions import db
from rectify.hookspecs import CheckType, hookimpl
from rectify.models import Event, Item
from rectify.plugins import registered_plugin
from rectify.services.tracking import checks

CLEAN_PATROL_DAYS = (date(2026, 4, 20), date(2026, 4, 28), date(2026, 5, 6), date(2026, 5, 14),
                     date(2026, 5, 21), date(2026, 5, 25), date(2026, 5, 28), date(2026, 5, 31))


def submit(client, item):
    token = csrf_token(client, f"/items/{item.id}")
    response = client.post(f"/items/{item.id}/transition/submit",
                           data={"csrf_token": token, "version": item.version})
    return client.get(response.headers["Location"]).get_data(as_text=True)


def patrol(day, found=False):
    return {"date": day, "river_section": "胶河禁采区", "illegal_mining_found": found,
            "equipment_seized": 0, "evidence": "巡查照片"}


def test_failing_rules_block_submission_with_every_reason(world, login):
    item = move(world, raise_item(world, check_type="river_patrol"), ("dept-a", "sign_for"))
    for day in CLEAN_PATROL_DAYS[:6]:
        checks.add_check_record(world.users["dept-a"], item, patrol(day))
    page = submit(login("dept-a"), item)
    assert "巡查6次" in page and "至少需要8次" in page
    assert db.session.get(Item, item.id).status == "in_progress"
    for day in CLEAN_PATROL_DAYS[6:]:
        checks.add_check_record(world.users["dept-a"], db.session.get(Item, item.id), patrol(day))
    submit(login("dept-a"), db.session.get(Item, item.id))
    assert db.session.get(Item, item.id).status == "submitted"
    kinds = [e.kind for e in db.session.scalars(db.select(Event).where(Event.item_id == item.id))]
    assert kinds.count("check_record_added") == 8


def test_invalid_record_is_refused_and_nothing_saved(world):
    item = move(world, raise_item(world, check_type="river_patrol"), ("dept-a", "sign_for"))
    bad = {**patrol(date(2026, 5, 1)), "equipment_seized": -1}
    try:
        checks.add_check_record(world.users["dept-a"], item, bad)
    except checks.RecordInvalid as error:
        assert any(p.code == "too_small" for p in error.problems)
    else:
        raise AssertionError("a negative count was accepted")
    assert checks.records_of(db.session.get(Item, item.id)) == []


def broken_rule(records, today, settings):
    raise RuntimeError("plugin bug")


class BrokenPlugin:
    @hookimpl
    def rectify_check_types(self):
        return [CheckType(id="broken_check", title_zh="故障检查", title_en="Broken", fields=(),
                          blockers=broken_rule)]


def test_broken_plugin_fails_closed_and_the_app_keeps_working(world, login, app):
    with registered_plugin(app, BrokenPlugin(), name="broken"):
        item = move(world, raise_item(world, check_type="broken_check"), ("dept-a", "sign_for"))
        plain = move(world, raise_item(world), ("dept-a", "sign_for"))
        client = login("dept-a")
        page = submit(client, item)
        assert "检查插件出错" in page
        assert db.session.get(Item, item.id).status == "in_progress"
        submit(client, plain)
        assert db.session.get(Item, plain.id).status == "submitted"
        assert client.get("/items/").status_code == 200


def test_closing_runs_the_rules_again(world, login, app):
    """Time passes between submission and verification: the committee may not close an
    item whose rules no longer pass, and sees why."""
    item = move(world, raise_item(world, check_type="river_patrol"), ("dept-a", "sign_for"))
    for day in CLEAN_PATROL_DAYS:
        checks.add_check_record(world.users["dept-a"], db.session.get(Item, item.id), patrol(day))
    move(world, db.session.get(Item, item.id), ("dept-a", "submit"))
    app.config["PLUGIN_SETTINGS"] = {"sand_mining": {"min_patrols": 9}}  # the bar was raised
    client = login("committee")
    token = csrf_token(client, f"/items/{item.id}")
    version = db.session.get(Item, item.id).version
    response = client.post(f"/items/{item.id}/transition/close",
                           data={"csrf_token": token, "version": version, "reason": "同意销号"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "巡查8次，至少需要9次。" in page
    assert db.session.get(Item, item.id).status == "submitted"
    app.config["PLUGIN_SETTINGS"] = {}
    response = client.post(f"/items/{item.id}/transition/close",
                           data={"csrf_token": token, "version": version, "reason": "同意销号"})
    assert db.session.get(Item, item.id).status == "closed"
