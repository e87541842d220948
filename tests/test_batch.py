"""Batch acts: the committee chases every overdue item of a list filter with one message;
a unit signs for several of its items at once; all feedback letters as one zip. Each
item still goes through its rule, and nothing reaches another unit's items."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from docx import Document

from conftest import csrf_token, move, raise_item
from rectify.extensions import db
from rectify.models import Chase, Event, Item, Notification
from rectify.text import safe_file_name

LATE = date(2026, 5, 1)


def chases_of(item: Item) -> list[Chase]:
    return list(db.session.scalars(db.select(Chase).where(Chase.item_id == item.id)))


def events(kind: str) -> list[Event]:
    return list(db.session.scalars(db.select(Event).where(Event.kind == kind)))


def overdue_world(world) -> dict[str, Item]:
    return {
        "a_open": raise_item(world, lead="a", due_date=LATE),
        "a_working": move(world, raise_item(world, lead="a", due_date=LATE),
                          ("dept-a", "sign_for")),
        "a_submitted": move(world, raise_item(world, lead="a", due_date=LATE),
                            ("dept-a", "sign_for"), ("dept-a", "submit")),
        "a_closed": move(world, raise_item(world, lead="a", due_date=LATE),
                         ("dept-a", "sign_for"), ("dept-a", "submit"), ("committee", "close")),
        "a_on_time": raise_item(world, lead="a"),
        "c_open": raise_item(world, lead="c", due_date=LATE),
    }


def test_the_confirmation_says_how_many_and_changes_nothing(world, login):
    overdue_world(world)
    client = login("committee")
    page = client.get(f"/items/chase-overdue?unit={world.units['a'].id}").get_data(as_text=True)
    assert 'data-count="2"' in page and "2" in page
    assert client.get("/items/chase-overdue").get_data(as_text=True).count('data-count="3"') == 1
    assert db.session.scalar(db.select(db.func.count(Chase.id))) == 0


def test_a_batch_chase_reaches_the_filters_overdue_items_waiting_on_units(world, login):
    items = overdue_world(world)
    client = login("committee")
    url = f"/items/chase-overdue?unit={world.units['a'].id}"
    response = client.post(url, data={"csrf_token": csrf_token(client, url),
                                      "message": "请本周内报送整改进展"})
    assert (response.status_code == 302
            and f"unit={world.units['a'].id}" in response.headers["Location"])
    chased = {key for key, item in items.items() if chases_of(item)}
    assert chased == {"a_open", "a_working"}
    assert all(c.message == "请本周内报送整改进展" for c in chases_of(items["a_open"]))
    assert len(events("chased")) == 2
    notified = {n.user.username for n in db.session.scalars(db.select(Notification))
                if n.kind == "chased"}
    assert notified == {"dept-a"}


def test_a_batch_chase_without_a_message_chases_nothing(world, login):
    overdue_world(world)
    client = login("committee")
    response = client.post("/items/chase-overdue", data={
        "csrf_token": csrf_token(client, "/items/chase-overdue"), "message": "   "})
    assert response.status_code == 200
    assert db.session.scalar(db.select(db.func.count(Chase.id))) == 0


def test_only_the_committee_chases_in_batch(world, login):
    overdue_world(world)
    for username in ("leader", "admin", "dept-a"):
        client = login(username)
        assert client.get("/items/chase-overdue").status_code == 403
        response = client.post("/items/chase-overdue", data={
            "csrf_token": csrf_token(client, "/preferences"), "message": "催"})
        assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count(Chase.id))) == 0


def sign_for(client, *item_ids):
    return client.post("/items/sign-for", data={"csrf_token": csrf_token(client, "/items/"),
                                                "item_id": [str(i) for i in item_ids]})


def test_a_unit_signs_for_several_items_and_sees_what_failed(world, login):
    mine = [raise_item(world, lead="a") for _ in range(2)]
    signed_already = move(world, raise_item(world, lead="a"), ("dept-a", "sign_for"))
    co_operated = raise_item(world, lead="b", co=("a",))
    foreign = raise_item(world, lead="c")
    response = sign_for(login("dept-a"), *(i.id for i in mine), signed_already.id,
                        co_operated.id, foreign.id)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'data-signed="2"' in page
    assert f'data-item="{signed_already.id}" data-result="wrong_status"' in page
    assert f'data-item="{co_operated.id}" data-result="forbidden"' in page
    assert f'data-item="{foreign.id}" data-result="not_found"' in page
    assert foreign.code not in page
    statuses = {i.id: db.session.get(Item, i.id).status for i in (*mine, co_operated, foreign)}
    assert statuses == {mine[0].id: "in_progress", mine[1].id: "in_progress",
                        co_operated.id: "open", foreign.id: "open"}
    signs = events("sign_for")
    assert sorted(e.item_id for e in signs if e.actor_id == world.users["dept-a"].id) == \
        sorted([mine[0].id, mine[1].id, signed_already.id])


def test_a_batch_sign_for_needs_ticked_items(world, login):
    item = raise_item(world, lead="a")
    client = login("dept-a")
    response = client.post("/items/sign-for", data={"csrf_token": csrf_token(client, "/items/"),
                                                     "item_id": ["x"]})
    assert response.status_code == 302
    assert db.session.get(Item, item.id).status == "open"
    assert sign_for(client).status_code == 302


def test_only_departments_sign_in_batch(world, login):
    item = raise_item(world, lead="a")
    for username in ("committee", "leader", "admin"):
        assert sign_for(login(username), item.id).status_code == 403
    assert db.session.get(Item, item.id).status == "open"


def test_the_list_offers_checkboxes_only_for_items_the_unit_may_sign_for(world, login):
    mine = raise_item(world, lead="a")
    co_operated = raise_item(world, lead="b", co=("a",))
    page = login("dept-a").get("/items/").get_data(as_text=True)
    assert f'name="item_id" value="{mine.id}"' in page
    assert f'name="item_id" value="{co_operated.id}"' not in page
    assert 'name="item_id"' not in login("committee").get("/items/").get_data(as_text=True)


def test_all_feedback_letters_come_as_one_zip_with_a_letter_per_unit(world, login):
    raise_item(world, lead="a", problem="甲局的问题")
    raise_item(world, lead="a", problem="甲局的第二个问题")
    raise_item(world, lead="c", problem="丙局的问题")
    response = login("committee").get(f"/reports/{world.campaign.id}/feedback.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "%E6%B5%8B%E8%AF%95%E8%AF%84%E8%AE%AE" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == ["反馈意见书-市丙局.docx", "反馈意见书-市甲局.docx"]
    letter = Document(io.BytesIO(archive.read("反馈意见书-市甲局.docx")))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "甲局的第二个问题" in text and "丙局的问题" not in text


def test_departments_cannot_download_every_units_letters(world, login):
    raise_item(world, lead="a")
    assert login("dept-a").get(f"/reports/{world.campaign.id}/feedback.zip").status_code == 403
    assert login("committee").get("/reports/999999/feedback.zip").status_code == 404


def test_file_names_stay_inside_the_archive():
    assert safe_file_name("../市/甲\\局:*?\"<>|\x00") == "_市_甲_局________"
    assert safe_file_name("...") == "_"
    assert safe_file_name("反馈意见书-市甲局") == "反馈意见书-市甲局"


def test_only_the_committee_is_offered_the_batch_chase_and_the_document_request(world, login):
    for username, offered in (("committee", True), ("leader", False), ("dept-a", False)):
        client = login(username)
        items = client.get("/items/").get_data(as_text=True)
        documents = client.get("/deliverables/").get_data(as_text=True)
        assert ("/items/chase-overdue" in items) is offered, username
        assert ("/deliverables/request" in documents) is offered, username
