"""Plugins hear item events (created, transitions, records, overdue) after they commit."""

from datetime import date, timedelta

import time_machine

from conftest import csrf_token, move, raise_item
from rectify.extensions import db
from rectify.hookspecs import ActorData, ItemData, hookimpl
from rectify.models import Event, Item
from rectify.plugins import registered_plugin
from rectify.services.tracking import items as item_service
from rectify.services.tracking.overdue import record_newly_overdue
from rectify.workflow import WorkflowError


class Listener:
    """Remembers what it heard, and the item's status in the database at that moment."""

    def __init__(self):
        self.heard = []
        self.items: list[ItemData] = []
        self.actors: list[ActorData | None] = []

    @hookimpl
    def rectify_item_event(self, item, event_kind, actor, payload):
        committed = db.session.scalar(db.select(Item.status).where(Item.id == item.id))
        self.heard.append((event_kind, actor.username if actor else None, committed, payload))
        self.items.append(item)
        self.actors.append(actor)


class Broken:
    @hookimpl
    def rectify_item_event(self, item, event_kind):
        raise RuntimeError("listener bug")


def test_plugins_hear_each_change_after_it_is_committed(world, login, app):
    listener = Listener()
    with registered_plugin(app, listener, name="listener"):
        item = raise_item(world)
        client = login("dept-a")
        token = csrf_token(client, f"/items/{item.id}")
        client.post(f"/items/{item.id}/transition/sign_for",
                    data={"csrf_token": token, "version": item.version})
    kinds = [(kind, actor, status) for kind, actor, status, _ in listener.heard]
    assert kinds == [("created", "committee", "open"), ("sign_for", "dept-a", "in_progress")]
    assert listener.heard[1][3]["old"] == {"status": "open"}
    assert listener.heard[1][3]["new"] == {"status": "in_progress"}
    assert listener.items[1] == ItemData(
        id=item.id, code=item.code, status="in_progress", check_type=None,
        due_date=item.due_date, lead_unit="a", problem=item.problem)
    assert listener.actors[1] == ActorData("dept-a", "department", "a")


def test_a_refused_or_rolled_back_change_is_not_announced(world, app):
    item = move(world, raise_item(world), ("dept-a", "sign_for"))
    listener = Listener()
    with registered_plugin(app, listener, name="listener"):
        try:
            item_service.apply_transition(world.users["dept-a"], item, "submit",
                                          expected_version=item.version - 1)
        except item_service.ConflictError:
            pass
        item.check_type = "river_patrol"  # no patrols yet: the rules refuse the submission
        try:
            item_service.apply_transition(world.users["dept-a"], item, "submit")
        except WorkflowError as refused:
            assert refused.code == "checks_failed"
        assert listener.heard == []
        item.check_type = None
        item_service.apply_transition(world.users["dept-a"], item, "submit")
    assert [kind for kind, *_ in listener.heard] == ["submit"]


def test_a_failing_listener_never_blocks_or_undoes_a_change(world, app):
    with registered_plugin(app, Broken(), name="broken"):
        item = move(world, raise_item(world), ("dept-a", "sign_for"), ("dept-a", "submit"))
    assert db.session.get(Item, item.id).status == "submitted"


def overdue_events(item_id):
    return db.session.scalars(db.select(Event).where(
        Event.item_id == item_id, Event.kind == "overdue")).all()


def test_overdue_is_noticed_once_per_due_date(world, app):
    due = date(2026, 6, 10)
    item = move(world, raise_item(world, due_date=due), ("dept-a", "sign_for"))
    closed = raise_item(world, due_date=due)
    move(world, closed, ("dept-a", "sign_for"), ("dept-a", "submit"), ("committee", "close"))
    listener = Listener()
    with registered_plugin(app, listener, name="listener"):
        assert record_newly_overdue(due) == []  # due today is not yet overdue
        assert record_newly_overdue(due + timedelta(days=1)) == [item.code]
        assert record_newly_overdue(due + timedelta(days=1)) == []  # twice a day: nothing new
        assert record_newly_overdue(due + timedelta(days=2)) == []
    assert [(k, actor) for k, actor, *_ in listener.heard] == [("overdue", None)]
    assert listener.heard[0][3]["new"] == {"due_date": "2026-06-10", "days_overdue": 1}
    assert len(overdue_events(item.id)) == 1 and overdue_events(closed.id) == []


def test_a_new_due_date_that_passes_is_noticed_again(world):
    item = move(world, raise_item(world, due_date=date(2026, 6, 10)), ("dept-a", "sign_for"))
    record_newly_overdue(date(2026, 6, 11))
    request = item_service.request_extension(world.users["dept-a"], item, date(2026, 6, 20), "汛期")
    item_service.decide_extension(world.users["committee"], item, request, approve=True)
    assert record_newly_overdue(date(2026, 6, 12)) == []
    assert record_newly_overdue(date(2026, 6, 21)) == [item.code]
    assert len(overdue_events(item.id)) == 2


def test_sweep_overdue_command(world, app):
    item = move(world, raise_item(world, due_date=date(2026, 6, 10)), ("dept-a", "sign_for"))
    runner = app.test_cli_runner()
    with time_machine.travel(date(2026, 6, 15), tick=False):
        first = runner.invoke(args=["sweep-overdue"])
        second = runner.invoke(args=["sweep-overdue"])
    assert first.exit_code == 0 and f"1 item(s) newly overdue: {item.code}" in first.output
    assert "0 item(s) newly overdue." in second.output
