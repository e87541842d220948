"""The element ids of every dashboard page are unique (the shell and the page the router puts
in it share one document: a duplicated id gives a callback the wrong element, which made the
overview's category filter do nothing), and every filter of every page changes what its
figures show. Callbacks go through the real ``/dashboard/_dash-update-component`` endpoint."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest

from conftest import raise_item
from dashboards import PREFIX
from dashboards.testing import CallbackClient, find_props
from rectify.extensions import db
from rectify.models import Campaign, Category, InspectionGroup


def element_ids(tree: Any) -> list[str]:
    return [str(props["id"]) for props in find_props(tree, "id")]


def page_paths(shell: Any, unit_id: int) -> list[str]:
    """Every page the shell's navigation links to, and a unit page."""
    links = [props["href"] for props in find_props(shell, "href")
             if str(props["href"]).startswith(PREFIX)]
    return sorted({*links, f"{PREFIX}unit/{unit_id}"})


def test_no_dashboard_page_repeats_an_element_id(world, login):
    callbacks = CallbackClient(login("committee"))
    shell = callbacks.client.get(f"{PREFIX}_dash-layout").get_json()
    paths = page_paths(shell, world.units["a"].id)
    assert {f"{PREFIX}", f"{PREFIX}overdue", f"{PREFIX}plugins", f"{PREFIX}meeting"} < set(paths)
    for path in paths:
        page = callbacks.call("page.children", {"url.pathname": path})["page"]["children"]
        ids = element_ids(shell) + element_ids(page)
        repeated = [i for i, n in Counter(ids).items() if n > 1]
        assert not repeated, (path, repeated)


def test_every_callback_input_and_output_is_on_its_page(world, login):
    """Each id a callback reads or writes is the id of one element of some page."""
    callbacks = CallbackClient(login("committee"))
    shell = callbacks.client.get(f"{PREFIX}_dash-layout").get_json()
    on_pages = set(element_ids(shell))
    for path in page_paths(shell, world.units["a"].id):
        page = callbacks.call("page.children", {"url.pathname": path})["page"]["children"]
        on_pages |= set(element_ids(page))
    for callback in callbacks.graph:
        for spec in callback["inputs"] + callback["state"]:
            assert spec["id"] in on_pages, spec
    assert "ov-filter-category" in on_pages and "ov-category" in on_pages


@pytest.fixture
def filtered(world):
    """Items that each filter of the filter bar splits: a second campaign, a second
    category, a town, a second inspection group and items raised on different days."""
    later = Campaign(title="第二次评议", year=2027, default_due_date=date(2027, 8, 1),
                     code_prefix="P27")
    service = Category(code="service", name="服务质量", name_en="Quality of service", position=1)
    db.session.add_all([later, service])
    world.units["c"].kind = "town"
    group = InspectionGroup(campaign_id=world.campaign.id, name="第二检查组")
    group.units = [world.units["b"]]
    db.session.add(group)
    db.session.commit()
    raise_item(world, lead="a", due_date=date(2026, 5, 1))
    raise_item(world, lead="b", due_date=date(2026, 5, 2))
    raise_item(world, lead="c", due_date=date(2026, 5, 3)).category = service
    raise_item(world, lead="a", due_date=date(2026, 5, 4)).campaign = later
    old = raise_item(world, lead="b", due_date=date(2026, 5, 5))
    old.created_at = old.created_at.replace(year=2025)
    db.session.commit()
    return {"campaign.value": later.id, "category.value": service.id, "group.value": group.id,
            "kind.value": "town", "dates.start_date": "2025-01-01",
            "dates.end_date": "2025-12-31"}


def figures_of(response: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What each output of a callback shows: a figure's data, or the children."""
    return {key: value["figure"]["data"] if "figure" in value else value.get("children")
            for key, value in response.items()}


@pytest.mark.parametrize("prefix,output,shown", [
    ("ov", "ov-cards.children", ("ov-cards", "ov-units", "ov-category", "ov-source", "ov-trend")),
    ("od", "od-table.children", ("od-table", "od-pager", "od-units")),
])
def test_every_filter_changes_every_figure(filtered, login, prefix, output, shown):
    callbacks = CallbackClient(login("committee"))
    unfiltered = figures_of(callbacks.call(output, {f"{prefix}-sort.value": "days"}))
    for name, value in filtered.items():
        values = {f"{prefix}-filter-{name}": value, f"{prefix}-sort.value": "days"}
        if name == "dates.start_date":
            values[f"{prefix}-filter-dates.end_date"] = filtered["dates.end_date"]
        elif name == "dates.end_date":
            continue
        changed = figures_of(callbacks.call(output, values))
        for key in shown:
            assert changed[key] != unfiltered[key], (name, key)


def date_picker(callbacks: CallbackClient, path: str) -> dict[str, Any]:
    page = callbacks.call("page.children", {"url.pathname": path})["page"]["children"]
    return next(props for props in find_props(page, "first_day_of_week"))


@pytest.mark.parametrize("path,prefix", [(PREFIX, "ov"), (f"{PREFIX}overdue", "od")])
def test_the_date_picker_speaks_chinese_from_monday(world, login, path, prefix):
    callbacks = CallbackClient(login("committee"))
    picker = date_picker(callbacks, path)
    assert picker["id"] == f"{prefix}-filter-dates"
    assert picker["first_day_of_week"] == 1 and picker["month_format"] == "YYYY年MMM"
    assert picker["clearable"] is False  # its own clear button says "Clear Dates"
    page = callbacks.call("page.children", {"url.pathname": path})["page"]["children"]
    clear = [p for p in find_props(page, "id") if p["id"] == f"{prefix}-filter-dates-clear"]
    assert clear and clear[0]["children"] == "清除日期"
    cleared = callbacks.call(f"{prefix}-filter-dates.start_date",
                             {f"{prefix}-filter-dates-clear.n_clicks": 1},
                             triggered=f"{prefix}-filter-dates-clear.n_clicks")
    assert cleared[f"{prefix}-filter-dates"] == {"start_date": None, "end_date": None}
    index = callbacks.client.get(PREFIX).get_data(as_text=True)
    assert index.index("date-fns-zh-CN.js") < index.index("date-picker-locale.js")
    assert "zhCN" in callbacks.client.get(f"{PREFIX}assets/date-fns-zh-CN.js").get_data(
        as_text=True)


def test_an_english_user_gets_english_month_names(world, login):
    world.users["leader"].locale = "en"
    db.session.commit()
    picker = date_picker(CallbackClient(login("leader")), PREFIX)
    assert picker["month_format"] == "MMMM YYYY" and picker["first_day_of_week"] == 1
