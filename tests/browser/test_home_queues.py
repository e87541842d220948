"""The to-do home page of each role on the demo data, and the batch acts it leads to,
in headless Chromium (screenshots in tests/artifacts/)."""

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from rectify.demo import load_demo
from rectify.extensions import db
from rectify.models import Chase, Item

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_data(app):
    load_demo(PASSWORD)


@pytest.mark.parametrize("username, sections", [
    ("committee", 5), ("leader", 2), ("admin", 2), ("dept-cgj", 4), ("dept-gsj", 4)])
def test_each_role_lands_on_its_queues(demo_data, live_server, new_page, username, sections):
    page = new_page()
    sign_in(page, live_server, username)
    expect(page.locator("h1")).to_have_text("待办")
    assert page.locator("section.queue-card").count() == sections
    screenshot(page, f"home-{username}")


def test_a_unit_signs_for_its_items_from_the_list(demo_data, live_server, new_page):
    page = new_page()
    sign_in(page, live_server, "dept-fgj")
    page.click("#to_sign_for .more a")
    boxes = page.locator("input[name=item_id]")
    assert boxes.count() == 1
    boxes.first.check()
    screenshot(page, "list-sign-for-checkboxes")
    page.click("text=签收所选事项")
    expect(page.locator("[data-signed]")).to_have_attribute("data-signed", "1")
    screenshot(page, "batch-signed")
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Item.id)).where(
        Item.status == "open", Item.lead_unit.has(code="fgj"))) == 0


def test_the_committee_chases_all_overdue_items_after_confirming(demo_data, live_server,
                                                                 new_page):
    page = new_page()
    sign_in(page, live_server, "committee")
    before = db.session.scalar(db.select(db.func.count(Chase.id)))
    page.click("#overdue_unchased .more a")
    expect(page.locator("table.queue tr")).to_have_count(
        int(page.locator("h1 .badge").inner_text()))
    screenshot(page, "todo-overdue-unchased")
    page.goto(f"{live_server}/reports/")
    expect(page.get_by_text("打包下载全部反馈意见书（zip）")).to_be_visible()
    screenshot(page, "reports-with-zip")
    page.goto(f"{live_server}/items/?overdue=y")
    page.click("text=一键催办逾期事项")
    count = int(page.locator("p.confirm").get_attribute("data-count"))
    assert count > 0
    page.fill("#message", "请于三日内报送整改进展")
    screenshot(page, "batch-chase-confirm")
    page.click("button.primary")
    expect(page.locator(".flash-success")).to_contain_text(f"已催办 {count} 项")
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(Chase.id))) == before + count
    page.goto(f"{live_server}/extensions/")
    assert page.locator("tr[data-request]").count() >= 1
    screenshot(page, "extensions-list")
