"""The dashboards in real headless Chromium on the demo data (44 units and the 16 towns,
stations and sub-units below them, 49 items): one bar per unit on the overview, a click
through to a unit page, and meeting mode picking up an item closed in another session within
its (short, test) refresh interval."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from conftest import PASSWORD
from rectify import clock
from rectify.demo import load_demo
from rectify.demo_data import ITEMS, SUB_UNITS
from rectify.extensions import db
from rectify.models import CheckRecord, Item, Unit, User

from .conftest import close_item, screenshot, sign_in

pytestmark = pytest.mark.browser

REFRESH_SECONDS = 2


@pytest.fixture
def demo(app):
    app.config["DASHBOARD_REFRESH_SECONDS"] = REFRESH_SECONDS
    load_demo(PASSWORD)
    add_patrols()
    return app


def add_patrols() -> None:
    """River patrols on the water bureau's sand-mining item, for the plugin panel."""
    item = db.session.scalar(select(Item).join(Unit, Unit.id == Item.lead_unit_id)
                             .where(Unit.code == "slj").order_by(Item.id))
    item.check_type = "river_patrol"
    author = db.session.scalar(select(User).where(User.username == "dept-slj"))
    today = clock.today()
    for days_ago in range(0, 42, 4):
        db.session.add(CheckRecord(item_id=item.id, check_type="river_patrol", author_id=author.id,
                                   values={"date": (today - timedelta(days=days_ago)).isoformat(),
                                           "river_section": "胶河城区段",
                                           "illegal_mining_found": days_ago > 30,
                                           "equipment_seized": 1 if days_ago > 30 else 0}))
    db.session.commit()


def click_bar_of_row(page, row: dict) -> None:
    """Click the widest bar segment on the row of a y-axis label."""
    middle = row["y"] + row["height"] / 2
    boxes = [path.bounding_box() for path in page.locator("#ov-units .barlayer path").all()]
    on_row = [b for b in boxes if b and b["width"] > 2 and b["y"] <= middle <= b["y"] + b["height"]]
    box = max(on_row, key=lambda b: b["width"])
    page.mouse.click(box["x"] + box["width"] / 2, middle)


def kpi(page, key: str) -> str:
    return page.locator(f"#mt-kpis [data-kpi={key}] .kpi-value").inner_text()


def test_overview_unit_page_and_meeting_mode(demo, live_server, new_page):
    units = db.session.scalar(select(func.count(Unit.id)).where(Unit.active))
    assert units == 44 + len(SUB_UNITS) == 60  # every unit has its bar (MAX_UNIT_BARS)
    page = new_page()
    sign_in(page, live_server, "committee")
    page.click("nav.mainnav a[href='/dashboard/']")
    page.wait_for_url(f"{live_server}/dashboard/")
    ticks = page.locator("#ov-units .yaxislayer-above .ytick text")
    ticks.first.wait_for()
    names = ticks.all_text_contents()
    assert len(names) == units == len(set(names))
    page.locator("#ov-trend .scatterlayer .trace").first.wait_for()
    assert page.locator("#ov-cards [data-kpi=total] .kpi-value").inner_text() == str(len(ITEMS))
    screenshot(page, "dashboard-overview")

    top_row = min(ticks.all(), key=lambda tick: tick.bounding_box()["y"])  # most open items
    top = top_row.text_content()
    click_bar_of_row(page, top_row.bounding_box())
    page.wait_for_url(f"{live_server}/dashboard/unit/*")
    assert page.locator("#un-title").inner_text() == top
    page.locator("#un-status .barlayer .trace").first.wait_for()
    screenshot(page, "dashboard-unit")

    page.goto(f"{live_server}/dashboard/overdue")
    page.locator("#od-table table").wait_for()
    page.locator("#od-units .barlayer .trace").first.wait_for()
    assert page.locator("#od-table tbody tr").count() > 0
    screenshot(page, "dashboard-overdue")

    page.goto(f"{live_server}/dashboard/plugins")
    page.locator("[data-panel=sand_mining_patrols] .barlayer .trace").first.wait_for()
    screenshot(page, "dashboard-plugins")

    page.goto(f"{live_server}/dashboard/meeting")
    page.locator("#mt-kpis [data-kpi=closed]").wait_for()
    page.locator("#mt-slide [data-slide]").wait_for()
    closed_before = int(kpi(page, "closed"))
    screenshot(page, "dashboard-meeting")

    item = db.session.scalar(select(Item).where(Item.status == "submitted").order_by(Item.id))
    other = new_page()
    sign_in(other, live_server, "committee")
    other.goto(f"{live_server}/items/{item.id}")
    close_item(other)
    expect(other.locator(".badge.status-closed").first).to_be_visible()

    page.wait_for_function(
        "n => document.querySelector('#mt-kpis [data-kpi=closed] .kpi-value').innerText == n",
        arg=str(closed_before + 1), timeout=3 * REFRESH_SECONDS * 1000 + 2000)
    assert page.url == f"{live_server}/dashboard/meeting"  # refreshed without a reload
    screenshot(page, "dashboard-meeting-after-close")


def test_a_department_sees_its_own_unit_only(demo, live_server, new_page):
    page = new_page()
    sign_in(page, live_server, "dept-gaj")
    page.goto(f"{live_server}/dashboard/")
    ticks = page.locator("#ov-units .yaxislayer-above .ytick text")
    ticks.first.wait_for()
    assert ticks.all_text_contents() == ["市公安局"]
    other = db.session.scalar(select(Unit.id).where(Unit.code == "slj"))
    page.goto(f"{live_server}/dashboard/unit/{other}")
    assert page.locator("#un-title").inner_text() == "市公安局"
    screenshot(page, "dashboard-department")


def test_english_user_gets_english_dashboards(demo, live_server, new_page):
    user = db.session.scalar(select(User).where(User.username == "leader"))
    user.locale = "en"
    db.session.commit()
    page = new_page(locale="en-US")
    sign_in(page, live_server, "leader")
    page.goto(f"{live_server}/dashboard/")
    page.locator("#ov-units .yaxislayer-above .ytick text").first.wait_for()
    assert page.locator("h1").first.inner_text() == "Overview"
    assert "Municipal Public Security Bureau" in page.locator("#ov-units").inner_text()
    screenshot(page, "dashboard-overview-en")
