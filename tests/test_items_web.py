"""Raising, finding and reading items through the pages."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from conftest import csrf_token, move, raise_item
from rectify.extensions import db
from rectify.models import Event, Item


def item_form(world, **changes):
    data = {
        "campaign_id": world.campaign.id, "lead_unit_id": world.units["a"].id,
        "co_unit_ids": [world.units["b"].id], "category_id": world.category.id,
        "source": "deputy_evaluation", "priority": "high",
        "problem": "对业主举报信件只简单转给物业公司,不督促办理",
        "requirement": "建立举报信件跟踪督办制度", "due_date": "",
        "responsible_leader": "王副局长", "responsible_person": "李科长",
    }
    data.update(changes)
    return data


def test_committee_raises_an_item_with_a_sayable_code(world, login):
    client = login("committee")
    data = item_form(world, csrf_token=csrf_token(client, "/items/new"))
    response = client.post("/items/new", data=data)
    assert response.status_code == 302
    item = db.session.scalar(select(Item))
    assert item.code == "T26-A-001"
    assert item.status == "open" and item.due_date == world.campaign.default_due_date
    assert [u.code for u in item.co_units] == ["b"]
    assert (item.responsible_leader, item.responsible_person) == ("王副局长", "李科长")
    created = db.session.scalar(select(Event).where(Event.item_id == item.id))
    assert created.kind == "created" and created.actor_id == world.users["committee"].id
    assert created.new["problem"] == data["problem"]
    second = raise_item(world)
    assert second.code == "T26-A-002"
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    for text in ("T26-A-001", "待签收", "未签收", "市乙局", "王副局长", "建立举报信件跟踪督办制度"):
        assert text in page


def test_bad_item_form_shows_errors_and_saves_nothing(world, login):
    client = login("committee")
    token = csrf_token(client, "/items/new")
    for bad in ({"problem": ""}, {"due_date": "2020-01-01"}, {"lead_unit_id": "99999"},
                {"source": "rumour"}):
        response = client.post("/items/new", data=item_form(world, csrf_token=token, **bad))
        assert response.status_code == 200, bad
        assert 'class="error"' in response.get_data(as_text=True), bad
    assert db.session.scalar(select(func.count(Item.id))) == 0


def test_editing_records_old_and_new_values(world, login):
    item = raise_item(world)
    client = login("committee")
    token = csrf_token(client, f"/items/{item.id}/edit")
    client.post(f"/items/{item.id}/edit", data=item_form(
        world, csrf_token=token, problem=item.problem, due_date="2026-09-30",
        version=item.version, co_unit_ids=[]))
    event = db.session.scalar(select(Event).where(Event.kind == "updated"))
    assert event.old["due_date"] == "2026-08-01" and event.new["due_date"] == "2026-09-30"
    assert "problem" not in event.new
    assert db.session.get(Item, item.id).due_date == date(2026, 9, 30)


def test_list_filters_sorts_and_paginates(world, login, app):
    app.config["ITEMS_PER_PAGE"] = 5
    for n in range(12):
        raise_item(world, lead="a" if n % 2 else "b", problem=f"问题{n:02d}",
                   due_date=date(2026, 6, 1) + timedelta(days=n))
    client = login("committee")
    first = client.get("/items/?sort=due").get_data(as_text=True)
    assert "问题00" in first and "问题04" in first and "问题05" not in first
    assert "共 12 条" in first
    third = client.get("/items/?sort=due&page=3").get_data(as_text=True)
    assert "问题10" in third and "问题11" in third and "问题09" not in third
    only_a = client.get(f"/items/?unit={world.units['a'].id}").get_data(as_text=True)
    assert "共 6 条" in only_a
    text = client.get("/items/?q=问题07").get_data(as_text=True)
    assert "问题07" in text and "共 1 条" in text
    soon = client.get("/items/?due_within=3").get_data(as_text=True)
    assert "共 4 条" in soon  # due today .. today+3
    by_source = client.get("/items/?source=symposium").get_data(as_text=True)
    assert "没有符合条件的整改事项" in by_source


@pytest.mark.parametrize("path", ["/items/", "/items/chase-overdue"])
def test_a_query_naming_url_fors_own_arguments_keeps_the_list_and_its_links(
        world, login, app, path):
    """The list's links carry its query string on; ``?endpoint=x`` and ``?_method=POST``
    were handed to url_for as its own arguments (a TypeError, a BuildError: a 500)."""
    app.config["ITEMS_PER_PAGE"] = 1
    for n in range(2):
        raise_item(world, problem=f"问题{n}")
    response = login("committee").get(
        f"{path}?status=open&endpoint=x&_method=POST&_anchor=a&_external=1&_scheme=ftp")
    assert response.status_code == 200
    links = re.findall(r'href="([^"]*)"', response.get_data(as_text=True))
    assert any("status=open" in link for link in links)
    assert not any(word in link for link in links
                   for word in ("endpoint", "_method", "_anchor", "_external", "ftp:"))


def test_list_shows_unsigned_items_and_status_filter(world, login):
    unsigned = raise_item(world, problem="尚未签收的事项")
    signed = move(world, raise_item(world, problem="已签收的事项"), ("dept-a", "sign_for"))
    client = login("committee")
    page = client.get("/items/?status=open").get_data(as_text=True)
    assert unsigned.code in page and signed.code not in page
    assert 'data-count="open">1<' in client.get("/items/").get_data(as_text=True)


def test_overdue_appears_when_due_date_passes_and_goes_when_closed(world, login):
    item = move(world, raise_item(world, due_date=date(2026, 6, 10)), ("dept-a", "sign_for"))
    client = login("committee")
    assert 'data-count="overdue">0<' in client.get("/items/").get_data(as_text=True)
    with time_machine.travel(date(2026, 6, 13), tick=False):
        page = client.get("/items/").get_data(as_text=True)
        assert 'data-count="overdue">1<' in page and "逾期 3 天" in page
        assert item.code in client.get("/items/?overdue=y").get_data(as_text=True)
        assert "已逾期 3 天" in client.get(f"/items/{item.id}").get_data(as_text=True)
        move(world, db.session.get(Item, item.id), ("dept-a", "submit"), ("committee", "close"))
        page = client.get("/items/").get_data(as_text=True)
        assert 'data-count="overdue">0<' in page
        assert item.code not in client.get("/items/?overdue=y").get_data(as_text=True)
    # Overdue is never stored: there is no such column.
    assert "overdue" not in {c.name for c in Item.__table__.columns}


def test_the_unit_filter_keeps_a_known_unit_and_ignores_anything_else(world, login):
    led_by_a, led_by_b = raise_item(world, lead="a"), raise_item(world, lead="b")
    client = login("committee")
    unit_a = world.units["a"].id
    page = client.get(f"/items/?unit={unit_a}").get_data(as_text=True)
    assert led_by_a.code in page and led_by_b.code not in page
    assert f'<option selected value="{unit_a}">' in page
    for value in ("999999", "abc", "", "-1"):
        page = client.get(f"/items/?unit={value}").get_data(as_text=True)
        assert led_by_a.code in page and led_by_b.code in page, value
        unit_select = page.split('name="unit"')[1].split("</select>")[0]
        assert '<option selected value="' + str(unit_a) not in unit_select, value
        assert not re.search(r'<option selected value="[1-9]', unit_select), value
