"""The example third-party plugin (tests/example_plugin), installed as a distribution with
an entry point in the group ``rectify``: found, listed, enforced through the pages, denied."""

from __future__ import annotations

import inspect
import logging
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import rectify_example_plugin as garbage
from sqlalchemy import select

from conftest import TODAY, csrf_token
from rectify import create_app
from rectify.extensions import db
from rectify.hookspecs import ActorData, ItemData
from rectify.models import Item
from rectify.plugins import (
    check_types,
    check_types_by_plugin,
    dashboard_panels,
    get_manager,
    list_plugins,
    notify_item_event,
    plugin_settings,
)
from rectify.services.tracking import checks

EXAMPLE_SOURCE = Path(__file__).parent / "example_plugin" / "rectify_example_plugin" / "__init__.py"


def inspection(day: date, violations: int = 0, bins_ok: bool = True,
               community: str = "东风社区") -> dict:
    return {"date": day, "community": community, "bins_ok": bins_ok, "violations": violations}


def codes(reasons) -> list[str]:
    return [reason.code for reason in reasons]


# Installed and found -----------------------------------------------------------------------

def test_the_installed_copy_is_the_example_source():
    assert inspect.getsource(garbage) == EXAMPLE_SOURCE.read_text("utf-8"), \
        "tests/example_plugin changed: reinstall it (make test does)"


def test_it_is_listed_as_a_third_party_distribution(app):
    row = next(r for r in list_plugins(app) if r["name"] == "garbage_sorting")
    assert row["source"] == "rectify-example-plugin" and row["version"] == "0.1.0"
    assert row["check_types"] == ["garbage_sorting"]
    assert row["settings"] == {"min_inspections": 3}
    assert row["hooks"] == ["rectify_check_types", "rectify_dashboard_panels",
                            "rectify_item_event", "rectify_plugin_settings"]
    assert get_manager(app).get_plugin("garbage_sorting") is garbage


def test_its_check_type_and_panel_are_available(app):
    assert check_types(app)["garbage_sorting"] is garbage.GARBAGE_SORTING
    assert garbage.GARBAGE_SORTING.blockers is garbage.inspection_blockers
    assert check_types_by_plugin(app)["garbage_sorting"][0] == "garbage_sorting"
    panels = {panel.id: (name, panel) for name, panel in dashboard_panels(app)}
    name, panel = panels["garbage_sorting_violations"]
    assert name == "garbage_sorting" and panel.check_type == "garbage_sorting"


def test_a_deny_listed_plugin_is_neither_imported_nor_registered(monkeypatch, tmp_path):
    monkeypatch.delitem(sys.modules, "rectify_example_plugin")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "RECTIFY_PLUGINS_DENY": ["garbage_sorting"]})
    assert "rectify_example_plugin" not in sys.modules
    assert "garbage_sorting" not in {row["name"] for row in list_plugins(app)}
    assert "garbage_sorting" not in check_types(app)
    assert {"traffic", "sand_mining", "market"} <= {row["name"] for row in list_plugins(app)}


def test_settings_from_config_override_its_default():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "PLUGIN_SETTINGS": {"garbage_sorting": {"min_inspections": 1}}})
    assert plugin_settings(app, "garbage_sorting") == {"min_inspections": 1}


# The rules, as pure functions on a fixed date -------------------------------------------------

def test_rules_need_enough_inspections_and_a_clean_latest_one():
    assert codes(garbage.inspection_blockers([], TODAY)) == ["too_few_inspections"]
    dirty = [inspection(date(2026, 5, d)) for d in (1, 10)] + \
        [inspection(date(2026, 5, 20), violations=2, bins_ok=False)]
    reasons = garbage.inspection_blockers(dirty, TODAY)
    assert codes(reasons) == ["latest_has_violations", "latest_bins_missing"]
    assert reasons[0].zh == "最近一次检查（2026-05-20）发现2处违规投放。"
    clean = dirty + [inspection(date(2026, 5, 30))]
    assert garbage.inspection_blockers(clean, TODAY) == []
    assert codes(garbage.inspection_blockers(clean, TODAY, {"min_inspections": 5})) == \
        ["too_few_inspections"]


def test_inspections_after_today_do_not_count():
    records = [inspection(date(2026, 5, d)) for d in (1, 10)] + [inspection(date(2026, 6, 2))]
    assert codes(garbage.inspection_blockers(records, TODAY)) == ["too_few_inspections"]
    late_dirty = [inspection(date(2026, 5, d)) for d in (1, 10, 20)] + \
        [inspection(date(2026, 6, 2), violations=1)]
    assert garbage.inspection_blockers(late_dirty, TODAY) == []


def test_panel_counts_violations_per_community_up_to_today():
    records = [inspection(date(2026, 5, 1), 2, community="东风社区"),
               inspection(date(2026, 5, 2), 1, community="红星社区"),
               inspection(date(2026, 5, 3), 3, community="东风社区"),
               inspection(date(2026, 6, 5), 9, community="红星社区")]
    figure = garbage.violations_by_community(records, TODAY, garbage.DEFAULTS)
    assert figure == {"kind": "bar", "x": ["东风社区", "红星社区"], "y": [5, 1]}


def test_item_events_of_its_check_type_are_logged(app, caplog):
    ours = ItemData(id=1, code="T26-A-001", status="in_progress", check_type="garbage_sorting",
                    due_date=TODAY, lead_unit="cgj", problem="混投混运")
    other = replace(ours, id=2, code="T26-A-002", check_type="river_patrol")
    actor = ActorData(username="dept-a", role="department", unit="cgj")
    with caplog.at_level(logging.INFO, logger="rectify_example_plugin"):
        notify_item_event(app, ours, "submit", actor, {"new": "submitted"})
        notify_item_event(app, ours, "overdue", None, {})
        notify_item_event(app, other, "submit", actor, {})
    assert [r.getMessage() for r in caplog.records if r.name == "rectify_example_plugin"] == [
        "Garbage sorting item T26-A-001: submit by dept-a",
        "Garbage sorting item T26-A-001: overdue by system"]


# End to end through the pages -------------------------------------------------------------------

def raise_through_the_form(world, client) -> Item:
    data = {"campaign_id": world.campaign.id, "lead_unit_id": world.units["a"].id,
            "category_id": world.category.id, "source": "deputy_evaluation",
            "priority": "normal", "problem": "小区垃圾分类投放点混投混运",
            "requirement": "落实垃圾分类定时定点投放", "due_date": "",
            "check_type": "garbage_sorting", "csrf_token": csrf_token(client, "/items/new")}
    assert client.post("/items/new", data=data).status_code == 302
    return db.session.scalar(select(Item).where(Item.problem == data["problem"]))


def transition(client, item_id: int, name: str) -> str:
    item = db.session.get(Item, item_id)
    token = csrf_token(client, f"/items/{item_id}")
    response = client.post(f"/items/{item_id}/transition/{name}",
                           data={"csrf_token": token, "version": item.version})
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


def add_inspection(client, item_id: int, record: dict) -> None:
    """Post the record form the item page generates from the plugin's fields."""
    form = {f"check_{name}": value for name, value in record.items()
            if value is not False and value is not None}
    form = {name: value.isoformat() if isinstance(value, date) else
            "y" if value is True else str(value) for name, value in form.items()}
    form["csrf_token"] = csrf_token(client, f"/items/{item_id}")
    assert client.post(f"/items/{item_id}/checks", data=form).status_code == 302


def status(item_id: int) -> str:
    return db.session.get(Item, item_id).status


def test_submission_waits_for_the_plugin_rule(world, login, caplog, app):
    caplog.set_level(logging.INFO, logger="rectify_example_plugin")
    app.config["CHECK_TYPE_UNITS"] = {"garbage_sorting": ["a"]}  # unit a sorts garbage here
    item_id = raise_through_the_form(world, login("committee")).id
    department = login("dept-a")
    transition(department, item_id, "sign_for")
    assert status(item_id) == "in_progress"
    add_inspection(department, item_id, inspection(date(2026, 5, 10)))
    add_inspection(department, item_id, inspection(date(2026, 5, 20), violations=2))
    page = transition(department, item_id, "submit")
    assert "已检查2次，至少需要3次。" in page
    assert "最近一次检查（2026-05-20）发现2处违规投放。" in page
    assert status(item_id) == "in_progress"
    add_inspection(department, item_id, inspection(date(2026, 5, 30)))
    assert checks.blockers_for(db.session.get(Item, item_id), TODAY) == []
    transition(department, item_id, "submit")
    assert status(item_id) == "submitted"
    code = db.session.get(Item, item_id).code
    heard = [r.getMessage() for r in caplog.records if r.name == "rectify_example_plugin"]
    assert heard == [f"Garbage sorting item {code}: submit by dept-a"]
