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
