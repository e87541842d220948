"""A town's liaison (南关镇, demo data) in headless Chromium: its list holds its stations'
items, its dashboards roll them up, and its unit page picks one of its stations."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from conftest import PASSWORD
from rectify.demo import load_demo
from rectify.extensions import db
from rectify.models import Item, Unit, User
from rectify.permissions import visible_items_clause

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

TOWN_AND_STATIONS = ["南关镇", "南关派出所", "南关国土所", "南关供电所"]


def test_a_town_user_follows_its_stations(app, live_server, new_page):
    load_demo(PASSWORD)
    town = db.session.scalar(select(User).where(User.username == "dept-ngz"))
    visible = db.session.scalars(select(Item).where(visible_items_clause(town))).all()
    page = new_page()
    sign_in(page, live_server, "dept-ngz")
    page.goto(f"{live_server}/items/")
    rows = page.locator("table.items tbody tr")
    assert rows.count() == len(visible) == 3
    assert {row.locator("td.code + td").inner_text().split("\n")[0] for row in rows.all()} == {
        "南关派出所", "南关国土所", "南关供电所"}
    assert page.locator("select[name=unit] option").all_text_contents()[1:] == sorted(
        TOWN_AND_STATIONS, key=lambda name: tuple(db.session.execute(
            select(*Unit.official_order()).where(Unit.name == name)).one()))
    screenshot(page, "town-item-list")

    page.goto(f"{live_server}/dashboard/")
    ticks = page.locator("#ov-units .yaxislayer-above .ytick text")
    ticks.first.wait_for()
    assert sorted(ticks.all_text_contents()) == sorted(TOWN_AND_STATIONS)
    assert page.locator("#ov-cards [data-kpi=total] .kpi-value").inner_text() == "3"
    screenshot(page, "town-dashboard-overview")

    page.click("a:text('本单位')")
    page.wait_for_url(f"{live_server}/dashboard/unit/*")
    page.locator("#un-cards [data-kpi=total]").wait_for()
    assert page.locator("#un-title").inner_text() == "南关镇"
    assert page.locator("#un-cards [data-kpi=total] .kpi-value").inner_text() == "3"
    screenshot(page, "town-dashboard-unit")

    page.click("#un-sub-units a:text('南关国土所')")
    expect(page.locator("#un-title")).to_have_text("南关国土所")
    expect(page.locator("#un-cards [data-kpi=total] .kpi-value")).to_have_text("1")
    assert page.locator("#un-sub-units").count() == 0
    screenshot(page, "town-dashboard-station")
