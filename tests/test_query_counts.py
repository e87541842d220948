"""Pages run a fixed number of SQL statements, however long their lists (no N+1 queries):
an item with 50 records once cost 69 statements for its page, one per record's files."""

from __future__ import annotations

import io

from sqlalchemy import event

from conftest import move, raise_item
from rectify.extensions import db
from test_attachments import PNG, upload


def statements_of(client, path: str) -> int:
    count = 0

    def counted(*_args) -> None:
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", counted)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", counted)
    return count


def test_the_item_page_does_not_query_per_record(world, login):
    item = move(world, raise_item(world), ("dept-a", "sign_for"))
    client = login("dept-a")
    upload(client, item, [(io.BytesIO(PNG), "照片.png")])
    few = statements_of(client, f"/items/{item.id}")
    for n in range(6):
        upload(client, item, [(io.BytesIO(PNG), f"照片{n}.png")], kind="progress",
               body=f"第{n}次进展")
    assert statements_of(client, f"/items/{item.id}") == few


def test_the_item_list_does_not_query_per_row(world, login):
    raise_item(world, co=("b",))
    client = login("committee")
    one = statements_of(client, "/items/")
    for n in range(8):
        raise_item(world, lead="a" if n % 2 else "b", co=("c",), problem=f"问题{n}")
    assert statements_of(client, "/items/") == one
