"""The administrator sets up the organisation, a category and a unit's official order,
short name and aliases through the pages, in headless Chromium."""

from sqlalchemy import select

from rectify.extensions import db
from rectify.models import Category, Organisation, Unit

from .conftest import screenshot, sign_in


def test_admin_sets_up_organisation_categories_and_units(world, live_server, new_page):
    page = new_page()
    sign_in(page, live_server, "admin")
    page.click("nav.mainnav a[href='/admin/organisation']")
    page.fill("#full_name", "青州市人民代表大会常务委员会")
    page.fill("#short_name", "青州市人大常委会")
    page.fill("#city", "青州市")
    page.fill("#sender_name", "青州市人大常委会办公室")
    page.fill("#doc_prefix", "青人常函")
    page.click("button.primary")
    page.wait_for_selector(".flash-success")
    assert page.inner_text("[data-preview=number]") == "青人常函〔2026〕　号"
    screenshot(page, "admin-organisation")
    assert db.session.scalar(select(Organisation.sender_name)) == "青州市人大常委会办公室"

    page.click("nav.mainnav a[href='/admin/categories']")
    page.click("a.button")
    page.fill("#code", "safety")
    page.fill("#name", "安全生产")
    page.fill("#position", "5")
    screenshot(page, "admin-category-form")
    page.click("button.primary")
    page.wait_for_selector(".flash-success")
    assert "安全生产" in page.inner_text("table")
    screenshot(page, "admin-categories")
    assert db.session.scalar(select(Category.position).where(Category.code == "safety")) == 5

    page.goto(f"{live_server}/admin/units/{world.units['b'].id}")
    page.fill("#short_name", "乙局")
    page.fill("#position", "1")
    page.fill("#aliases", "市乙办\n乙办")
    screenshot(page, "admin-unit-form")
    page.click("button.primary")
    page.wait_for_selector(".flash-success")
    rows = page.locator("table tbody tr")
    last_row = rows.last.inner_text()  # 1 comes after the units numbered 0
    assert "市乙局" in last_row and "市乙办" in last_row and last_row.startswith("1")
    screenshot(page, "admin-units")
    db.session.expire_all()
    unit = db.session.get(Unit, world.units["b"].id)
    assert (unit.position, unit.short_name) == (1, "乙局")

    page.click("form.inline button.link")  # sign out
    page.wait_for_url(f"{live_server}/login")
    assert "青州市人大常委会检查评议整改跟踪系统" in page.inner_text(".login")
    screenshot(page, "login-with-organisation")
