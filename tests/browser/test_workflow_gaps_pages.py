"""The issue 13 workflow pages in headless Chromium: the committee closes with a
verification opinion, the unit sees the return reason on top of its item, and a check
record's author corrects it. Screenshots go to tests/artifacts/."""

from datetime import date

import pytest
from playwright.sync_api import expect

from conftest import move, raise_item
from rectify.extensions import db
from rectify.models import CheckRecord, Item
from rectify.services.tracking import checks
from rectify.services.tracking import items as item_service

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def test_the_committee_closes_with_a_verification_opinion(world, live_server, new_page):
    item = move(world, raise_item(world, problem="早市占道经营反复出现"), ("dept-a", "sign_for"),
                ("dept-a", "submit"))
    page = new_page()
    sign_in(page, live_server, "committee")
    page.goto(f"{live_server}/items/{item.id}")
    close_form = page.locator("form.transition", has=page.locator("button[data-transition=close]"))
    expect(close_form.get_by_text("验收意见")).to_be_visible()
    screenshot(page, "item-close-with-opinion-form")
    close_form.locator("textarea[name=reason]").fill("现场抽查12处早市均已规范，台账完整，同意销号。")
    page.click("button[data-transition=close]")
    expect(page.locator(".badge.status-closed").first).to_be_visible()
    expect(page.locator("dd.opinion")).to_have_text("现场抽查12处早市均已规范，台账完整，同意销号。")
    expect(page.locator(".timeline .reason.opinion")).to_contain_text("验收意见")
    screenshot(page, "item-closed-with-opinion")
    db.session.rollback()
    assert db.session.get(Item, item.id).verification_opinion.startswith("现场抽查")


def test_the_unit_sees_the_return_reason_on_top(world, live_server, new_page):
    item = move(world, raise_item(world, problem="窗口服务态度生硬"), ("dept-a", "sign_for"),
                ("dept-a", "submit"))
    item_service.apply_transition(world.users["committee"], item, "return_item",
                                  reason="未附群众满意度回访记录，请补充后重新申请销号。")
    page = new_page()
    sign_in(page, live_server, "dept-a")
    page.goto(f"{live_server}/items/{item.id}")
    banner = page.locator("#return-reason")
    expect(banner).to_contain_text("未附群众满意度回访记录")
    assert banner.bounding_box()["y"] < page.locator("text=存在问题").first.bounding_box()["y"]
    screenshot(page, "item-return-reason-banner")


def test_the_author_corrects_a_check_record(world, live_server, new_page):
    item = move(world, raise_item(world, check_type="river_patrol", co=("b",),
                                  problem="胶河内挖沙现象屡禁不止"), ("dept-a", "sign_for"))
    record = checks.add_check_record(world.users["dept-b"], item, {
        "date": date(2026, 5, 28), "river_section": "胶河禁采区下段",
        "illegal_mining_found": True, "equipment_seized": 1, "evidence": "采砂船1艘"})
    page = new_page()
    sign_in(page, live_server, "dept-b")
    page.goto(f"{live_server}/items/{item.id}")
    page.click(f"tr[data-record='{record.id}'] >> text=更正或撤回")
    expect(page.locator("#check_river_section")).to_have_value("胶河禁采区下段")
    screenshot(page, "check-record-edit")
    page.uncheck("#check_illegal_mining_found")
    page.fill("#check_equipment_seized", "0")
    page.fill("#check_evidence", "复核为邻市河段，未发现采砂")
    page.click("text=保存更正")
    expect(page.locator(".flash-success", has_text="检查记录已更正")).to_be_visible()
    expect(page.locator(f"tr[data-record='{record.id}']")).to_contain_text("已更正")
    screenshot(page, "item-check-record-corrected")
    db.session.rollback()
    assert db.session.get(CheckRecord, record.id).values["illegal_mining_found"] is False


def test_the_committee_leaves_a_co_units_records_out(world, live_server, new_page):
    item = move(world, raise_item(world, check_type="river_patrol", co=("b",),
                                  problem="胶河内挖沙现象屡禁不止"), ("dept-a", "sign_for"))
    checks.add_check_record(world.users["dept-b"], item, {
        "date": date(2026, 5, 28), "river_section": "邻市河段", "illegal_mining_found": True,
        "equipment_seized": 0})
    page = new_page()
    sign_in(page, live_server, "committee")
    page.goto(f"{live_server}/items/{item.id}")
    page.uncheck("form.counted-units input[type=checkbox]")
    page.click("text=保存计入单位")
    expect(page.locator(".flash-success", has_text="已保存计入检查的单位")).to_be_visible()
    expect(page.locator("table.check-records tr.not-counted")).to_contain_text("不计入")
    screenshot(page, "item-counted-units")
    db.session.rollback()
    assert [u.code for u in db.session.get(Item, item.id).uncounted_units] == ["b"]
