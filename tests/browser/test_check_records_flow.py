"""Plugin check records in real headless Chromium: the department fills the generated
form, the rules refuse the submission with their reasons, and accept it once they pass."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from conftest import move, raise_item
from rectify.extensions import db
from rectify.models import Item
from rectify.services.tracking import checks

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def test_department_records_patrols_until_the_rules_pass(world, live_server, new_page):
    item = move(world, raise_item(world, check_type="river_patrol",
                                  problem="胶河内挖沙现象屡禁不止"), ("dept-a", "sign_for"))
    for offset in range(1, 8):  # seven clean patrols; the rule needs eight
        checks.add_check_record(world.users["dept-a"], db.session.get(Item, item.id), {
            "date": date(2026, 4, 25) + timedelta(days=5 * offset), "river_section": "胶河禁采区",
            "illegal_mining_found": False, "equipment_seized": 0})
    page = new_page()
    sign_in(page, live_server, "dept-a")
    page.goto(f"{live_server}/items/{item.id}")
    expect(page.locator("#rule-results").get_by_text("巡查7次，至少需要8次。")).to_be_visible()

    page.click("button[data-transition=submit]")
    expect(page.locator(".flash-danger", has_text="巡查7次，至少需要8次。")).to_be_visible()
    expect(page.locator(".badge.status-in_progress").first).to_be_visible()

    page.fill("#check_date", "2026-04-25")  # the eighth patrol, before the others
    page.fill("#check_river_section", "胶河禁采区上段")
    page.fill("#check_equipment_seized", "-1")
    page.click("text=保存检查记录")
    expect(page.locator(".field.has-error #check_equipment_seized")).to_be_visible()
    page.fill("#check_equipment_seized", "0")
    page.click("text=保存检查记录")
    expect(page.locator("table.check-records").get_by_text("胶河禁采区上段")).to_be_visible()
    expect(page.locator("#rule-results").get_by_text("全部检查规则均已满足")).to_be_visible()
    screenshot(page, "item-check-records")

    page.click("button[data-transition=submit]")
    expect(page.locator(".badge.status-submitted").first).to_be_visible()
    db.session.rollback()
    assert db.session.get(Item, item.id).status == "submitted"
