"""Markup in an item's texts stays text in real Chromium: no script runs, no dialog
opens, and the reader sees the characters as typed (item page and overdue dashboard)."""

from datetime import date

import pytest
from hostile.corpus import SCRIPT
from playwright.sync_api import expect

from conftest import move, raise_item
from rectify.services.tracking import items as item_service

from .conftest import sign_in

pytestmark = pytest.mark.browser

IMAGE = '<img src=x onerror="alert(2)">'


@pytest.mark.parametrize("path", ["/items/{id}", "/items/", "/dashboard/overdue"])
def test_markup_in_texts_is_shown_literally_and_never_runs(world, live_server, new_page, path):
    item = raise_item(world, problem=SCRIPT, due_date=date(2026, 5, 1))
    move(world, item, ("dept-a", "sign_for"))
    item_service.add_action(world.users["dept-a"], item, "comment", IMAGE)
    page = new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, live_server, "dept-a")
    page.goto(live_server + path.format(id=item.id))
    expect(page.get_by_text(SCRIPT).first).to_be_visible()
    if path == "/items/{id}":
        expect(page.get_by_text(IMAGE).first).to_be_visible()
    page.wait_for_timeout(300)
    assert dialogs == []
