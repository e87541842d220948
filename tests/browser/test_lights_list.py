"""The item list shows each item's light (亮灯), in headless Chromium."""

from datetime import date

from conftest import move, raise_item

from .conftest import screenshot, sign_in


def test_the_list_shows_green_yellow_red_and_dark_red(world, live_server, new_page):
    for due, problem in ((date(2026, 12, 1), "按期推进"), (date(2026, 6, 3), "临近期限"),
                         (date(2026, 3, 1), "严重逾期")):
        raise_item(world, due_date=due, problem=problem)
    move(world, raise_item(world, due_date=date(2026, 5, 20), problem="逾期"),
         ("dept-a", "sign_for"))
    page = new_page()
    sign_in(page, live_server, "committee")
    page.goto(f"{live_server}/items/")
    lights = sorted(page.locator("[data-light]").evaluate_all(
        "spans => spans.map(s => s.dataset.light)"))
    assert lights == ["green", "red", "severe", "yellow"]
    assert page.locator(".light-severe").evaluate(
        "span => getComputedStyle(span).backgroundColor") == "rgb(122, 12, 12)"
    screenshot(page, "items-lights")
