"""The overview's filters in real Chromium on the demo data: the category filter changes the
cards (it shared its element id with the category chart and did nothing), and the date picker
speaks the user's language: Chinese months and weekdays, weeks from Monday, a Chinese clear
button; English for an English user."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from rectify.demo import load_demo
from rectify.demo_data import ITEMS
from rectify.extensions import db
from rectify.models import User

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

TOTAL = "#ov-cards [data-kpi=total] .kpi-value"


@pytest.fixture
def demo(app):
    from conftest import PASSWORD

    load_demo(PASSWORD)
    return app


def open_overview(page, live_server: str, username: str) -> None:
    sign_in(page, live_server, username)
    page.goto(f"{live_server}/dashboard/")
    expect(page.locator(TOTAL)).to_have_text(str(len(ITEMS)))


def test_the_category_filter_changes_the_cards(demo, live_server, new_page):
    page = new_page()
    open_overview(page, live_server, "committee")
    page.locator("#ov-filter-category").click()
    page.get_by_role("option").first.click()
    expect(page.locator(TOTAL)).not_to_have_text(str(len(ITEMS)))
    assert 0 < int(page.locator(TOTAL).inner_text()) < len(ITEMS)


def test_the_date_picker_is_chinese_and_starts_on_monday(demo, live_server, new_page):
    page = new_page(locale="en-US")  # the user's language decides, not the browser's
    open_overview(page, live_server, "committee")
    page.locator("#ov-filter-dates-wrapper").click()
    calendar = page.locator(".dash-datepicker-calendar-wrapper")
    expect(calendar).to_be_visible()
    headers = calendar.locator(".dash-datepicker-calendar-month-header")
    expect(headers.first).to_have_text(re.compile(r"^\d{4}年\d{1,2}月$"))
    weekdays = calendar.locator("thead tr").last.locator("th").all_inner_texts()
    assert weekdays[:7] == ["一", "二", "三", "四", "五", "六", "日"]
    assert "December" not in calendar.inner_text() and "Mo" not in weekdays
    screenshot(page, "dashboard-date-picker-zh")

    days = calendar.locator("td.dash-datepicker-calendar-date-inside")
    days.filter(has_text=re.compile("^1$")).first.click()
    days.filter(has_text=re.compile("^20$")).first.click()
    expect(page.locator(TOTAL)).not_to_have_text(str(len(ITEMS)))
    page.keyboard.press("Escape")
    page.get_by_role("button", name="清除日期").click()
    expect(page.locator(TOTAL)).to_have_text(str(len(ITEMS)))


def test_an_english_user_gets_an_english_date_picker(demo, live_server, new_page):
    user = db.session.scalar(select(User).where(User.username == "leader"))
    user.locale = "en"
    db.session.commit()
    page = new_page(locale="zh-CN")
    open_overview(page, live_server, "leader")
    page.locator("#ov-filter-dates-wrapper").click()
    header = page.locator(".dash-datepicker-calendar-month-header").first
    expect(header).to_have_text(re.compile(r"^[A-Z][a-z]+ \d{4}$"))
    assert page.get_by_role("button", name="Clear dates").is_visible()
