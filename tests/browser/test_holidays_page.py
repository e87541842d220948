"""The administrator imports next year's holidays on /admin/holidays after the November
warning, in headless Chromium, and corrects a day."""

from datetime import date, datetime

from rectify.extensions import db
from rectify.models import SpecialDay
from rectify.services.setup import holidays

from .conftest import screenshot, sign_in


def test_admin_imports_next_year_after_the_warning(world, live_server, new_page, frozen_today):
    frozen_today.move_to(datetime(2026, 11, 20, 2))
    holidays.seed_from_library()
    page = new_page()
    sign_in(page, live_server, "admin")
    page.click("nav.mainnav a[href='/admin/holidays/']")
    assert "2027" in page.inner_text("[data-warning=missing-year]")
    assert page.locator("tr[data-day='2026-10-10']").inner_text().count("调休上班") == 1
    screenshot(page, "admin-holidays")
    page.fill("#lines", "2027-10-01,休,国庆节\n2027-13-09,班,调休上班")
    page.click("form[action$='/import'] button.primary")
    assert "第 2 行" in page.inner_text("[data-import-error]")
    screenshot(page, "admin-holidays-import-errors")
    page.fill("#lines", "2027-10-01,休,国庆节\n2027-10-09,班,调休上班")
    page.click("form[action$='/import'] button.primary")
    page.wait_for_selector(".flash-success")
    assert page.locator("[data-warning=missing-year]").count() == 0
    page.goto(f"{live_server}/admin/holidays/?year=2027")
    screenshot(page, "admin-holidays-2027")
    assert db.session.get(SpecialDay, date(2027, 10, 9)).is_working_day


def test_committee_raises_an_item_in_working_days_and_sees_them_counted(world, live_server,
                                                                       new_page, frozen_today):
    holidays.seed_from_library()
    frozen_today.move_to(datetime(2026, 9, 28, 2))
    page = new_page()
    sign_in(page, live_server, "committee")
    page.goto(f"{live_server}/items/new")
    page.select_option("#lead_unit_id", str(world.units["a"].id))
    page.fill("#problem", "窗口服务态度生硬")
    page.fill("#requirement", "立行立改")
    page.fill("#due_working_days", "5")
    screenshot(page, "item-form-working-days")
    page.click("button.primary")
    page.wait_for_selector("p.due")
    assert "2026年10月10日" in page.inner_text("p.due")
    assert "个工作日" in page.inner_text("p.due")
    screenshot(page, "item-page-working-days")
