"""A department user sees and touches only its own unit's items, whatever URL it tries."""

import io

from sqlalchemy import func, select

from conftest import csrf_token, move, raise_item
from rectify.extensions import db
from rectify.models import Action, Event, Item


def test_list_shows_only_own_and_co_operating_items(world, login):
    own = raise_item(world, lead="a", problem="甲局牵头事项")
    shared = raise_item(world, lead="c", co=("a",), problem="丙局牵头甲局配合")
    foreign = raise_item(world, lead="b", problem="乙局独立事项")
    page = login("dept-a").get("/items/").get_data(as_text=True)
    assert own.code in page and shared.code in page
    assert foreign.code not in page and "乙局独立事项" not in page
    # Naming another unit in the filter does not widen the view.
    page = login("dept-a").get(f"/items/?unit={world.units['b'].id}").get_data(as_text=True)
    assert foreign.code not in page
    # Free text that matches the other unit's item finds nothing either.
    page = login("dept-a").get("/items/?q=乙局独立").get_data(as_text=True)
    assert foreign.code not in page
    committee_page = login("committee").get("/items/").get_data(as_text=True)
    assert all(i.code in committee_page for i in (own, shared, foreign))


def test_other_units_item_is_not_found_by_guessing_ids(world, login):
    foreign = move(world, raise_item(world, lead="b"), ("dept-b", "sign_for"))
    client = login("dept-a")
    token = csrf_token(client, "/items/")
    before = db.session.scalar(select(func.count(Event.id)))
    assert client.get(f"/items/{foreign.id}").status_code == 404
    assert client.get(f"/items/{foreign.id}/edit").status_code == 403
    assert client.post(f"/items/{foreign.id}/transition/submit",
                       data={"csrf_token": token}).status_code == 404
    assert client.post(f"/items/{foreign.id}/actions",
                       data={"csrf_token": token, "kind": "measure",
                             "body": "x"}).status_code == 404
    assert client.post(f"/items/{foreign.id}/extension",
                       data={"csrf_token": token, "new_due_date": "2026-12-01",
                             "reason": "x"}).status_code == 404
    assert client.get(f"/items/{foreign.id + 1000}").status_code == 404
    assert db.session.scalar(select(func.count(Event.id))) == before
    assert db.session.scalar(select(func.count(Action.id))) == 0


def test_attachment_of_other_unit_cannot_be_downloaded(world, login):
    item = move(world, raise_item(world, lead="b"), ("dept-b", "sign_for"))
    client = login("dept-b")
    token = csrf_token(client, f"/items/{item.id}")
    client.post(f"/items/{item.id}/actions", content_type="multipart/form-data", data={
        "csrf_token": token, "kind": "evidence", "body": "整改照片",
        "files": [(io.BytesIO(b"%PDF-1.4 secret"), "报告.pdf")]})
    action = db.session.scalar(select(Action).where(Action.item_id == item.id))
    attachment_id = action.attachments[0].id
    assert login("dept-a").get(f"/items/attachments/{attachment_id}").status_code == 404
    assert login("dept-b").get(f"/items/attachments/{attachment_id}").status_code == 200
    assert login("leader").get(f"/items/attachments/{attachment_id}").status_code == 200


def test_department_cannot_raise_or_edit_items(world, login):
    item = raise_item(world, lead="a")
    client = login("dept-a")
    assert client.get("/items/new").status_code == 403
    token = csrf_token(client, "/items/")
    response = client.post(f"/items/{item.id}/edit", data={
        "csrf_token": token, "campaign_id": world.campaign.id, "lead_unit_id": world.units["b"].id,
        "category_id": world.category.id, "source": "questionnaire", "priority": "normal",
        "problem": "改掉", "requirement": "改掉", "version": item.version})
    assert response.status_code == 403
    assert db.session.get(Item, item.id).lead_unit_id == world.units["a"].id


def test_leader_and_admin_cannot_move_items(world, login):
    item = raise_item(world, lead="a")
    for username in ("leader", "admin"):
        client = login(username)
        token = csrf_token(client, f"/items/{item.id}")
        assert client.post(f"/items/{item.id}/transition/sign_for",
                           data={"csrf_token": token}).status_code == 403
    assert db.session.get(Item, item.id).status == "open"


def test_anonymous_is_sent_to_sign_in(world, app):
    item = raise_item(world)
    client = app.test_client()
    for url in ("/", "/items/", f"/items/{item.id}", "/items/new", "/admin/users"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_admin_pages_are_for_admins_only(world, login):
    for username in ("committee", "leader", "dept-a"):
        assert login(username).get("/admin/users").status_code == 403
        assert login(username).get("/admin/units").status_code == 403
