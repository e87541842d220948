"""Workflow moves through the API obey the same rules as the web: roles, statuses,
reasons, the plugin checks and the optimistic lock."""

from sqlalchemy import func, select

from conftest import move, raise_item
from rectify.extensions import db
from rectify.models import Event, Item


def transition(client, item, name, **body):
    return client.post(f"/items/{item.id}/transitions/{name}", json=body)


def events() -> int:
    return db.session.scalar(select(func.count(Event.id)))


def status_of(item) -> str:
    return db.session.get(Item, item.id).status


def test_the_whole_life_of_an_item(world, api):
    item = raise_item(world, lead="a")
    unit, committee = api("dept-a"), api("committee")
    signed = transition(unit, item, "sign_for", version=1).get_json()
    assert signed["status"] == "in_progress" and signed["available_transitions"] == ["submit"]
    assert transition(unit, item, "submit", version=signed["version"]).get_json()["status"] == \
        "submitted"
    returned = transition(committee, item, "return_item", reason="证据不足")
    assert returned.status_code == 200 and returned.get_json()["status"] == "in_progress"
    transition(unit, item, "submit")
    closed = transition(committee, item, "close", reason="同意销号").get_json()
    assert closed["status"] == "closed" and closed["closed_at"].endswith("Z")
    assert closed["verification_opinion"] == "同意销号"
    reopened = transition(committee, item, "reopen", reason="回头看发现反弹",
                          new_due_date="2026-09-30").get_json()
    assert reopened["status"] == "in_progress" and reopened["closed_at"] is None
    assert reopened["due_date"] == "2026-09-30" and reopened["verification_opinion"] == ""
    kinds = list(db.session.scalars(select(Event.kind).where(Event.item_id == item.id)
                                    .order_by(Event.id)))
    assert kinds == ["created", "sign_for", "submit", "return_item", "submit", "close", "reopen"]
    reason = db.session.scalar(select(Event.reason).where(Event.kind == "return_item"))
    assert reason == "证据不足"


def test_wrong_role_gets_403_and_nothing_changes(world, api):
    item = raise_item(world, lead="a", co=("b",))
    before = events()
    for username, name in (("committee", "sign_for"), ("leader", "sign_for"),
                           ("dept-b", "sign_for"), ("dept-a", "close")):
        response = transition(api(username), item, name)
        assert response.status_code == 403, (username, name)
        assert response.get_json()["error"]["code"] == "forbidden"
    assert events() == before and status_of(item) == "open"


def test_wrong_status_gets_409_with_its_code(world, api):
    item = raise_item(world, lead="a")
    response = transition(api("dept-a"), item, "submit")
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "wrong_status"
    assert status_of(item) == "open"


def test_a_reason_is_required_to_return(world, api):
    item = move(world, raise_item(world, lead="a"), ("dept-a", "sign_for"), ("dept-a", "submit"))
    response = transition(api("committee"), item, "return_item", reason="   ")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "reason_required"
    assert status_of(item) == "submitted"


def test_an_opinion_is_required_to_close(world, api):
    item = move(world, raise_item(world, lead="a"), ("dept-a", "sign_for"), ("dept-a", "submit"))
    response = transition(api("committee"), item, "close")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "opinion_required"
    assert status_of(item) == "submitted"


def test_a_new_deadline_not_in_the_past_is_required_to_reopen(world, api):
    item = move(world, raise_item(world, lead="a"), ("dept-a", "sign_for"), ("dept-a", "submit"),
                ("committee", "close"))
    committee = api("committee")
    for body, code in (({}, "due_date_required"), ({"new_due_date": "2026-05-31"}, "date_in_past")):
        response = transition(committee, item, "reopen", reason="反弹", **body)
        assert response.status_code == 422
        assert response.get_json()["error"]["code"] == code
    assert status_of(item) == "closed"


def test_failing_plugin_checks_return_every_reason(world, api):
    item = move(world, raise_item(world, lead="a", check_type="river_patrol"),
                ("dept-a", "sign_for"))
    before = events()
    response = transition(api("dept-a"), item, "submit")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "checks_failed" and error["details"]
    assert all(d["code"] and d["message"] and d["message_zh"] for d in error["details"])
    assert events() == before and status_of(item) == "in_progress"


def test_another_units_item_and_unknown_moves_are_not_found(world, api):
    foreign = raise_item(world, lead="b")
    own = raise_item(world, lead="a")
    assert transition(api("dept-a"), foreign, "sign_for").status_code == 404
    unknown = transition(api("dept-a"), own, "approve")
    assert unknown.status_code == 404
    assert unknown.get_json()["error"]["code"] == "unknown_transition"
    assert status_of(foreign) == "open" and status_of(own) == "open"


def test_stale_version_gives_409(world, api):
    item = move(world, raise_item(world, lead="a"), ("dept-a", "sign_for"))
    response = transition(api("dept-a"), item, "submit", version=1)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "version_conflict"
    assert status_of(item) == "in_progress"


def test_transition_input_is_validated(world, api):
    item = raise_item(world, lead="a")
    client = api("dept-a")
    assert transition(client, item, "sign_for", version="1").status_code == 422
    assert transition(client, item, "sign_for", note="x").status_code == 422
    assert client.post(f"/items/{item.id}/transitions/sign_for").status_code == 400
    assert status_of(item) == "open"
