"""Chasing through the API: the committee only, the units notified, other units' items
not found."""

from conftest import move, raise_item
from rectify.extensions import db
from rectify.models import Chase, Notification


def test_the_committee_chases_through_the_api(world, api):
    item = raise_item(world, lead="a", co=("b",))
    response = api("committee").post(f"/items/{item.id}/chases", json={"message": "请抓紧"})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["message"] == "请抓紧"
    notified = db.session.scalars(db.select(Notification.user_id).where(
        Notification.kind == "chased")).all()
    assert sorted(notified) == sorted([world.users["dept-a"].id, world.users["dept-b"].id])


def test_the_api_refuses_what_the_web_refuses(world, api):
    item = raise_item(world, lead="a")
    assert api("dept-a").post(f"/items/{item.id}/chases", json={"message": "x"}).status_code == 403
    assert api("dept-c").post(f"/items/{item.id}/chases", json={"message": "x"}).status_code == 404
    empty = api("committee").post(f"/items/{item.id}/chases", json={"message": ""})
    assert empty.status_code == 422
    move(world, item, ("dept-a", "sign_for"), ("dept-a", "submit"))
    refused = api("committee").post(f"/items/{item.id}/chases", json={"message": "x"})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "wrong_status"
    assert db.session.scalar(db.select(db.func.count(Chase.id))) == 0
