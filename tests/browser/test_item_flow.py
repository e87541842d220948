"""The core flow in real headless Chromium: sign in, sign for, log work with a photo,
submit, and the committee closes the item."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from conftest import raise_item
from rectify.extensions import db
from rectify.models import Attachment, Item

from .conftest import close_item, screenshot, sign_in

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_department_and_committee_carry_an_item_to_closure(world, live_server, new_page, tmp_path):
    item = raise_item(world, co=("b",), problem="早市管理不到位,靠抢秤、抢商品管理")
    dept = new_page()
    sign_in(dept, live_server, "dept-a")
    dept.goto(f"{live_server}/items/")
    assert dept.locator("td.code", has_text=item.code).count() == 1
    screenshot(dept, "items-list-department")
    dept.click(f"text={item.code}")
    dept.click("button[data-transition=sign_for]")
    expect(dept.locator(".badge.status-in_progress").first).to_be_visible()

    photo = tmp_path / "整改后现场.png"
    photo.write_bytes(PNG)
    dept.select_option("#kind", "measure")
    dept.fill("#body", "建立早市常态化巡查机制,执法人员先教育后处罚")
    dept.set_input_files("#files", str(photo))
    dept.click("text=保存记录")
    expect(dept.locator(".timeline").get_by_text("建立早市常态化巡查机制")).to_be_visible()
    expect(dept.locator(".timeline a.file", has_text="整改后现场.png")).to_be_visible()
    dept.click("button[data-transition=submit]")
    expect(dept.locator(".badge.status-submitted").first).to_be_visible()
    screenshot(dept, "item-submitted")

    committee = new_page()
    sign_in(committee, live_server, "committee")
    committee.goto(f"{live_server}/items/{item.id}")
    close_item(committee)
    expect(committee.locator(".badge.status-closed").first).to_be_visible()
    screenshot(committee, "item-closed")
    db.session.rollback()  # see what the server committed
    assert db.session.get(Item, item.id).status == "closed"
    attachment = db.session.scalar(select(Attachment))
    assert attachment.original_name == "整改后现场.png" and attachment.size == len(PNG)
