"""The item list's page cache (rectify/web/page_cache.py): a page is served again only
while nothing was written and it is a few seconds old, and only to the session, language
and query it was made for."""

from __future__ import annotations

from sqlalchemy import select

from conftest import count_statements, move, raise_item
from rectify.extensions import db
from rectify.models import DataGeneration, Item
from rectify.models.generation import current_generation
from rectify.web import page_cache
from test_problem_import import row, upload, workbook


def test_the_same_page_again_is_served_without_querying_the_items(world, login):
    raise_item(world)
    client = login("committee")
    first_count, first = count_statements(client, "/items/")
    again_count, again = count_statements(client, "/items/")
    assert again == first
    assert again_count <= 2 < first_count  # the user and the data generation only


def test_any_committed_write_shows_at_once(world, login):
    client = login("committee")
    item = raise_item(world, problem="第一个问题")
    assert item.code in client.get("/items/").get_data(as_text=True)
    # A write through the service layer, through another user's pages, and through the
    # import's bulk INSERTs: each shows on the next view of the same page.
    second = raise_item(world, problem="第二个问题")
    assert second.code in client.get("/items/").get_data(as_text=True)
    move(world, item, ("dept-a", "sign_for"))
    assert 'data-count="in_progress">1<' in client.get("/items/").get_data(as_text=True)
    upload(client, world, workbook(row(problem="导入的问题")))
    page = client.get("/items/").get_data(as_text=True)
    assert "导入的问题" in page


def test_a_write_that_is_rolled_back_keeps_the_generation(world, login):
    raise_item(world)
    before = current_generation()
    db.session.add(Item(code="never", campaign_id=world.campaign.id,
                        lead_unit_id=world.units["a"].id, category_id=world.category.id,
                        source="questionnaire", problem="x", requirement="y",
                        priority="normal", due_date=world.campaign.default_due_date,
                        status="open", responsible_leader="", responsible_person=""))
    db.session.flush()
    db.session.rollback()
    assert current_generation() == before
    raise_item(world)
    assert current_generation() != before


def test_pages_are_kept_apart_by_session_language_and_query(world, login):
    raise_item(world, lead="a", problem="甲局的问题")
    raise_item(world, lead="b", problem="乙局的问题")
    committee = login("committee").get("/items/").get_data(as_text=True)
    department = login("dept-a").get("/items/").get_data(as_text=True)
    assert "乙局的问题" in committee and "乙局的问题" not in department
    client = login("committee")
    assert "整改事项" in client.get("/items/").get_data(as_text=True)
    only_b = client.get(f"/items/?unit={world.units['b'].id}").get_data(as_text=True)
    assert "甲局的问题" not in only_b and "乙局的问题" in only_b
    world.users["committee"].locale = "en"
    db.session.commit()
    assert "Rectification items" in client.get("/items/").get_data(as_text=True)


def test_a_page_is_made_again_when_it_is_older_than_the_setting(world, login, app,
                                                               monkeypatch):
    app.config["PAGE_CACHE_SECONDS"] = 5
    raise_item(world)
    client = login("committee")
    now = [1000.0]
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: now[0])
    client.get("/items/")
    assert count_statements(client, "/items/")[0] <= 2
    now[0] += 6
    assert count_statements(client, "/items/")[0] > 2


def test_no_cache_when_switched_off_or_a_message_waits(world, login, app):
    raise_item(world)
    client = login("committee")
    client.get("/items/")
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "一条提示")]
    count, page = count_statements(client, "/items/")
    assert count > 2 and "一条提示" in page
    assert "一条提示" not in client.get("/items/").get_data(as_text=True)
    app.config["PAGE_CACHE_SECONDS"] = 0
    client.get("/items/")
    assert count_statements(client, "/items/")[0] > 2


def test_the_generation_row_is_written_even_when_missing(world):
    db.session.execute(DataGeneration.__table__.delete())
    db.session.commit()  # this commit wrote (a delete): the row is back with a new token
    assert db.session.scalar(select(DataGeneration.token)) is not None
