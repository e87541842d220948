"""Pages run a fixed number of SQL statements, however long their lists (no N+1 queries):
an item with 50 records once cost 69 statements for its page, one per record's files."""

from __future__ import annotations

import io

from test_attachments import PNG, upload

from conftest import count_statements, move, raise_item


def test_the_item_page_does_not_query_per_record(world, login):
    item = move(world, raise_item(world), ("dept-a", "sign_for"))
    client = login("dept-a")
    upload(client, item, [(io.BytesIO(PNG), "照片.png")])
    few = count_statements(client, f"/items/{item.id}")[0]
    for n in range(6):
        upload(client, item, [(io.BytesIO(PNG), f"照片{n}.png")], kind="progress",
               body=f"第{n}次进展")
    assert count_statements(client, f"/items/{item.id}")[0] == few


def test_the_item_list_does_not_query_per_row(world, login):
    raise_item(world, co=("b",))
    client = login("committee")
    one = count_statements(client, "/items/")[0]
    for n in range(8):
        raise_item(world, lead="a" if n % 2 else "b", co=("c",), problem=f"问题{n}")
    assert count_statements(client, "/items/")[0] == one
