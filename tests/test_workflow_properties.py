"""Property tests of the workflow through the services: any sequence of moves by any
users keeps the invariants (closed items have a closing event by the committee; overdue is
never stored; every change has an audit event; version numbers only grow)."""

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from conftest import raise_item
from rectify import workflow
from rectify.extensions import db
from rectify.models import Action, Event, Item
from rectify.services.tracking import items as item_service

USERS = ("admin", "committee", "leader", "dept-a", "dept-b", "dept-c")
MOVES = st.tuples(
    st.sampled_from(USERS),
    st.one_of(st.sampled_from(sorted(workflow.TRANSITIONS)),
              st.sampled_from([f"log:{kind}" for kind in workflow.ACTION_KINDS])),
    st.sampled_from(["", "理由：材料不全"]),
    st.booleans(),  # send a stale version
)


def events_of(item_id: int) -> list[Event]:
    return db.session.scalars(select(Event).where(Event.item_id == item_id)
                              .order_by(Event.at, Event.id)).all()


def attempt(world, item: Item, username: str, move: str, reason: str, stale: bool) -> bool:
    """Try one move; True when the services accepted it."""
    user = world.users[username]
    try:
        if move.startswith("log:"):
            item_service.add_action(user, item, move[4:], reason or "整改记录")
        else:
            version = item.version - 1 if stale else item.version
            item_service.apply_transition(user, item, move, reason, expected_version=version)
    except (workflow.WorkflowError, item_service.ConflictError):
        db.session.rollback()
        return False
    return True


def check_invariants(item: Item, events: list[Event]) -> None:
    assert item.status in workflow.STATUSES
    moves = [e for e in events if e.kind in workflow.TRANSITIONS]
    expected = moves[-1].new["status"] if moves else workflow.OPEN
    assert item.status == expected  # the trail explains the status
    if item.status == workflow.CLOSED:
        assert moves[-1].kind == "close" and moves[-1].actor.role == workflow.COMMITTEE
        assert item.closed_at is not None
    assert "overdue" not in Item.__table__.columns  # derived, never stored


def allowed_moves(world, item: Item) -> list[tuple[str, str]]:
    """(username, transition) pairs the rules allow now, to steer sequences deep."""
    return [(name, move) for name in USERS
            for move in workflow.available_transitions(world.users[name].actor, item.facts)]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_sequence_of_moves_keeps_the_invariants(world, data):
    item = raise_item(world, co=("b",))
    for _step in range(data.draw(st.integers(0, 14), label="steps")):
        allowed = allowed_moves(world, item)
        if allowed and data.draw(st.booleans(), label="allowed move"):
            username, move = data.draw(st.sampled_from(allowed))
            reason = data.draw(st.sampled_from(["", "理由：材料不全"]))
            stale = data.draw(st.booleans())
        else:
            username, move, reason, stale = data.draw(MOVES)
        before_events = len(events_of(item.id))
        before_actions = db.session.scalar(
            select(func.count(Action.id)).where(Action.item_id == item.id))
        before_version, before_status = item.version, item.status
        accepted = attempt(world, item, username, move, reason, stale)
        event(f"{'accepted' if accepted else 'refused'} {move.split(':')[0]}")
        db.session.expire_all()
        item = db.session.get(Item, item.id)
        events = events_of(item.id)
        actions = db.session.scalar(select(func.count(Action.id)).where(Action.item_id == item.id))
        if accepted:
            assert len(events) == before_events + 1  # every change has its event
            assert events[-1].actor_id == world.users[username].id
            if move in workflow.TRANSITIONS:
                assert events[-1].kind == move and item.version == before_version + 1
            else:
                assert actions == before_actions + 1 and item.version == before_version
        else:  # refused: nothing changed
            assert (len(events), actions) == (before_events, before_actions)
            assert (item.version, item.status) == (before_version, before_status)
        assert item.version >= before_version  # versions only grow
        check_invariants(item, events)
