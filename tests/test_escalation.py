"""Escalation: an item overdue by more than SEVERE_OVERDUE_DAYS (default 30) is severely
overdue (严重逾期), flagged in the item list, on the item page, on the dashboards' overdue
page, and listed for leaders from their navigation. Today is 2026-06-01."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from conftest import TODAY, move, raise_item
from dashboards.testing import CallbackClient, find_props
from rectify import workflow
from rectify.extensions import db
from rectify.figures.lists import overdue_page
from rectify.models import Item


@pytest.mark.parametrize("days_overdue, severe", [(0, False), (1, False), (30, False),
                                                   (31, True), (90, True)])
def test_severely_overdue_means_more_than_the_threshold(days_overdue, severe):
    due = TODAY - timedelta(days=days_overdue)
    assert workflow.is_severely_overdue("in_progress", due, TODAY, 30) is severe


def test_a_closed_item_is_never_severely_overdue():
    assert not workflow.is_severely_overdue("closed", TODAY - timedelta(days=99), TODAY, 30)


@pytest.fixture
def late(world):
    """Items overdue by 30 days, 31 days, 31 days but closed, and one not yet due."""
    items = {days: raise_item(world, due_date=TODAY - timedelta(days=days), problem=f"逾期{days}天")
             for days in (30, 31)}
    closed = raise_item(world, due_date=TODAY - timedelta(days=31), problem="已销号")
    move(world, closed, ("dept-a", "sign_for"), ("dept-a", "submit"), ("committee", "close"))
    items["closed"] = closed
    items["future"] = raise_item(world, due_date=TODAY + timedelta(days=3), problem="未到期")
    return items


def test_the_sql_twin_agrees_with_the_rule_at_the_threshold(late):
    for threshold in (29, 30, 31):
        selected = set(db.session.scalars(select(Item.id).where(
            Item.severe_overdue_clause(TODAY, threshold))))
        expected = {i.id for i in late.values() if i.is_severely_overdue(TODAY, threshold)}
        assert selected == expected
    assert {i.id for i in late.values() if i.is_severely_overdue(TODAY, 30)} == {late[31].id}


def test_the_list_flags_and_filters_severely_overdue_items(late, login):
    client = login("committee")
    page = client.get("/items/").get_data(as_text=True)
    assert page.count('class="badge severe"') == 1 and page.count("row-severe") == 1
    severe_only = client.get("/items/?severe=y").get_data(as_text=True)
    assert late[31].code in severe_only
    for other in (late[30], late["closed"], late["future"]):
        assert other.code not in severe_only
    detail = client.get(f"/items/{late[31].id}").get_data(as_text=True)
    assert 'class="badge severe"' in detail
    assert 'class="badge severe"' not in client.get(f"/items/{late[30].id}").get_data(as_text=True)


def test_the_threshold_is_a_setting(late, login, app):
    app.config["SEVERE_OVERDUE_DAYS"] = 10
    page = login("committee").get("/items/?severe=y").get_data(as_text=True)
    assert late[30].code in page and late[31].code in page


def test_a_department_filters_only_its_own_items(late, world, login):
    raise_item(world, lead="c", due_date=TODAY - timedelta(days=60), problem="丙局严重逾期")
    page = login("dept-a").get("/items/?severe=y").get_data(as_text=True)
    assert "丙局严重逾期" not in page and late[31].code in page
    assert "丙局严重逾期" in login("dept-c").get("/items/?severe=y").get_data(as_text=True)


def test_leaders_have_the_severely_overdue_items_in_their_navigation(late, login):
    leader = login("leader")
    home = leader.get("/items/").get_data(as_text=True)
    assert 'class="severe-link" href="/items/?severe=y"' in home
    listed = leader.get("/items/?severe=y").get_data(as_text=True)
    assert late[31].code in listed and late[30].code not in listed
    assert "severe-link" not in login("dept-a").get("/items/").get_data(as_text=True)


def test_the_dashboards_overdue_page_flags_severe_rows(late, world, login):
    page = overdue_page(world.users["committee"], TODAY)
    flags = {row.code: row.severe for row in page.rows}
    assert flags == {late[30].code: False, late[31].code: True}
    client = CallbackClient(login("committee"))
    table = client.call("od-table.children", {"od-sort.value": "days"})["od-table"]["children"]
    rows = find_props(table, "data-item")
    severe_rows = [r for r in rows if r.get("className") == "severe"]
    assert [r["data-item"] for r in severe_rows] == [str(late[31].id)]

