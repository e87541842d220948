"""The item list counts each status only up to a cap ("10,000+" past it), so its pages
cost the same at a province's million items as at a city's hundreds (issue 7). Here the
cap is lowered to 3 so that a handful of items crosses it."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine

from conftest import move, raise_item

CAP = 3


@pytest.fixture
def capped(app):
    app.config["LIST_COUNT_CAP"] = CAP
    app.config["ITEMS_PER_PAGE"] = 2


def shown(page: str, key: str) -> str:
    return re.search(rf'data-count="{key}">([^<]+)<', page).group(1)


def codes(page: str) -> list[str]:
    return re.findall(r'<td class="code"><a [^>]*>([^<]+)</a>', page)


def pager_pages(page: str) -> list[str]:
    nav = re.search(r'<nav class="pager">(.*?)</nav>', page, re.S)
    return re.findall(r">(\d+)<", nav.group(1)) if nav else []


def test_counts_below_the_cap_are_exact(world, login, capped):
    for n in range(3):
        raise_item(world, problem=f"问题{n}")
    page = login("committee").get("/items/").get_data(as_text=True)
    assert shown(page, "open") == "3" and shown(page, "total") == "3"
    assert "共 3 条" in page
    assert pager_pages(page) == ["1", "2"]  # 3 items, 2 a page: a known last page


def test_counts_past_the_cap_say_so_and_every_page_stays_reachable(world, login, capped):
    items = [raise_item(world, problem=f"问题{n}", due_date=date(2026, 6, 2) + timedelta(days=n))
             for n in range(7)]
    move(world, items[6], ("dept-a", "sign_for"))
    client = login("committee")
    first = client.get("/items/?sort=due").get_data(as_text=True)
    assert shown(first, "open") == "3+"          # 6 open items, counted up to 3
    assert shown(first, "in_progress") == "1"
    assert shown(first, "total") == "4+"
    assert "共 4+ 条" in first
    assert pager_pages(first) == ["1", "2"]      # no made-up last page
    # Follow "next" to the end: all seven items, each once, and the pager stops there.
    seen, page_number = [], 1
    while True:
        page = client.get(f"/items/?sort=due&page={page_number}").get_data(as_text=True)
        seen += codes(page)
        if str(page_number + 1) not in pager_pages(page):
            break
        page_number += 1
    assert seen == [item.code for item in items]
    assert page_number == 4


def test_the_overdue_count_is_capped_too(world, login, capped):
    for _ in range(5):
        move(world, raise_item(world, due_date=date(2026, 6, 5)), ("dept-a", "sign_for"))
    raise_item(world, due_date=date(2026, 6, 5))
    client = login("committee")
    assert shown(client.get("/items/").get_data(as_text=True), "overdue") == "0"
    with time_machine.travel(date(2026, 6, 10), tick=False):
        page = client.get("/items/").get_data(as_text=True)
        assert shown(page, "overdue") == "3+"
        assert shown(client.get("/items/?status=open").get_data(as_text=True), "overdue") == "1"


def test_a_text_search_is_counted_and_capped_the_same_way(world, login, capped):
    for n in range(5):
        raise_item(world, problem=f"占道经营{n}")
    raise_item(world, problem="噪声扰民")
    page = login("committee").get("/items/?q=占道").get_data(as_text=True)
    assert shown(page, "open") == "3+" and "共 3+ 条" in page
    assert len(codes(page)) == 2
