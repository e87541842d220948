"""The item list's page cache (rectify/web/page_cache.py): a page is served again only
while nothing was written and it is a few seconds old, and only to the session, language
and query it was made for; after any kind of write the page served is the page the data
makes, and no writer holds the generation row during its transaction."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, select, text, update
from sqlalchemy.exc import OperationalError
from test_problem_import import row, upload, workbook

from conftest import count_statements, move, raise_item
from rectify import workflow
from rectify.extensions import db
from rectify.models import DataGeneration, Item, generation
from rectify.models.generation import current_generation
from rectify.services.setup import campaigns
from rectify.services.tracking import chasing, deliverables
from rectify.web import page_cache


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


def _rename_lead_unit(world, item):
    world.units["a"].name = "市甲局（改名）"
    db.session.commit()


def _rename_category(world, item):
    world.category.name = "依法行政（新）"
    db.session.commit()


def _edit(world, item):
    item.problem = "改过的问题"
    db.session.commit()


def _bulk_update(world, item):
    db.session.execute(update(Item).where(Item.id == item.id).values(due_date=date(2026, 1, 2)))
    db.session.commit()


def _chase(world, item):
    chasing.chase_item(world.users["committee"], item, "请抓紧整改")


def _request_deliverable(world, item):
    deliverables.request_deliverables(world.users["committee"], world.campaign,
                                      workflow.RECTIFICATION_PLAN, date(2026, 9, 1),
                                      [world.units["a"]])


def _archive(world, item):
    campaigns.archive_campaign(world.users["committee"], world.campaign)


def _sign_for(world, item):
    move(world, item, ("dept-a", "sign_for"))


WRITES = [_rename_lead_unit, _rename_category, _edit, _bulk_update, _chase,
          _request_deliverable, _archive, _sign_for]


def _served_and_fresh(client, app, path: str) -> tuple[str, str]:
    """The page the cache serves now, and the same page rendered from the data."""
    served = client.get(path).get_data(as_text=True)
    seconds, app.config["PAGE_CACHE_SECONDS"] = app.config["PAGE_CACHE_SECONDS"], 0
    try:
        fresh = client.get(path).get_data(as_text=True)
    finally:
        app.config["PAGE_CACHE_SECONDS"] = seconds
    return served, fresh


@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__.strip("_"))
@pytest.mark.parametrize("username", ["committee", "dept-a"])
def test_after_any_kind_of_write_the_page_served_is_the_page_of_the_data(
        world, login, app, write, username):
    item = raise_item(world)
    client = login(username)
    client.get("/items/")
    assert count_statements(client, "/items/")[0] <= 2  # cached
    write(world, item)
    served, fresh = _served_and_fresh(client, app, "/items/")
    assert served == fresh


def test_the_comparison_sees_a_stale_page(world, login, app):
    """SQL that bypasses the app's session is not seen (the module says so): the check
    above tells the page served then from the page of the data."""
    item = raise_item(world)
    client = login("committee")
    client.get("/items/")
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE item SET problem = '绕过应用的改动' WHERE id = :id"),
                           {"id": item.id})
    served, fresh = _served_and_fresh(client, app, "/items/")
    assert "绕过应用的改动" in fresh and served != fresh


def test_a_writer_never_holds_the_generation_row(world):
    """The new token is written after the writer's commit, in a transaction of its own:
    so concurrent writers on PostgreSQL do not queue on that row's lock."""
    seen: list[tuple[str, object, str]] = []

    def statement(conn, _cursor, sql, *_args) -> None:
        seen.append(("sql", conn, sql))

    def commit(conn) -> None:
        seen.append(("commit", conn, ""))

    event.listen(db.engine, "before_cursor_execute", statement)
    event.listen(db.engine, "commit", commit)
    try:
        raise_item(world)
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
        event.remove(db.engine, "commit", commit)
    writer = next(conn for kind, conn, sql in seen if sql.startswith("INSERT INTO item "))
    writer_commit = seen.index(("commit", writer, ""))
    generation = [n for n, (kind, conn, sql) in enumerate(seen) if "data_generation" in sql]
    assert generation and all(n > writer_commit for n in generation)
    assert ("commit", writer, "") in seen[generation[-1]:]  # the token's own commit


def test_two_department_users_never_share_a_page(world, login):
    raise_item(world, lead="a", problem="甲局的问题")
    raise_item(world, lead="b", problem="乙局的问题")
    first = login("dept-a")
    assert "甲局的问题" in first.get("/items/").get_data(as_text=True)
    other = login("dept-b").get("/items/").get_data(as_text=True)
    assert "乙局的问题" in other and "甲局的问题" not in other


def test_a_write_stands_when_the_generation_cannot_be_renewed(world, monkeypatch, caplog):
    def broken(_connection) -> None:
        raise OperationalError("UPDATE data_generation", {}, Exception("database is locked"))

    monkeypatch.setattr(generation, "_write_new_token", broken)
    before = current_generation()
    item = raise_item(world)
    db.session.expire_all()
    assert db.session.get(Item, item.id) is not None and current_generation() == before
    assert "not renewed" in caplog.text
