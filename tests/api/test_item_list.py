"""The API's item list counts and filters as the web list does: the total is counted only
up to the web list's cap, and ``severe`` (严重逾期) is one of its filters."""

from datetime import date, timedelta

import time_machine

from conftest import move, raise_item

CAP = 3


def codes(answer) -> list[str]:
    return [item["code"] for item in answer["items"]]


def test_the_total_is_counted_up_to_the_web_lists_cap(world, api, app):
    app.config["LIST_COUNT_CAP"] = CAP
    for n in range(3):
        raise_item(world, problem=f"问题{n}")
    exact = api("committee").get("/items", query={"per_page": 2}).get_json()
    assert (exact["total"], exact["total_capped"], exact["pages"]) == (3, False, 2)
    for n in range(4):
        raise_item(world, problem=f"更多问题{n}")
    first = api("committee").get("/items", query={"per_page": 2}).get_json()
    assert (first["total"], first["total_capped"], first["pages"]) == (3, True, 2)
    seen, page = [], 1
    while True:  # "next page" as long as pages says there is one reaches every item
        answer = api("committee").get("/items", query={"per_page": 2, "page": page}).get_json()
        seen += codes(answer)
        if page >= answer["pages"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == 7


def test_severe_lists_only_items_overdue_by_more_than_the_setting(world, api, app):
    app.config["SEVERE_OVERDUE_DAYS"] = 30
    late = move(world, raise_item(world, due_date=date(2026, 6, 2)), ("dept-a", "sign_for"))
    later = move(world, raise_item(world, due_date=date(2026, 6, 20)), ("dept-a", "sign_for"))
    with time_machine.travel(date(2026, 7, 10) + timedelta(hours=2), tick=False):
        severe = api("committee").get("/items", query={"severe": "true"}).get_json()
        overdue = api("committee").get("/items", query={"overdue": "true"}).get_json()
    assert codes(severe) == [late.code]
    assert set(codes(overdue)) == {late.code, later.code}
    bad = api("committee").get("/items", query={"severe": "very"})
    assert bad.status_code == 422 and bad.get_json()["error"]["details"][0]["field"] == "severe"


def test_the_web_list_reads_severe_the_same_way(world, login, app):
    app.config["SEVERE_OVERDUE_DAYS"] = 30
    late = move(world, raise_item(world, due_date=date(2026, 6, 2)), ("dept-a", "sign_for"))
    later = move(world, raise_item(world, due_date=date(2026, 6, 20)), ("dept-a", "sign_for"))
    with time_machine.travel(date(2026, 7, 10) + timedelta(hours=2), tick=False):
        page = login("committee").get("/items/?severe=y").get_data(as_text=True)
    assert late.code in page and later.code not in page
