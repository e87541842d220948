"""The synthetic data (`flask synth`): every status, category, source and check type, a
realistic overdue share, the same data for the same seed, an audit trail the workflow
allows, and pages and dashboards that work on it."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select

from conftest import TODAY, sign_in
from dashboards.testing import CallbackClient, kpis
from rectify import workflow
from rectify.extensions import db
from rectify.hookspecs import validate_record
from rectify.models import (
    SOURCES,
    Action,
    Category,
    CheckRecord,
    Event,
    Item,
    Unit,
    User,
)
from rectify.plugins import check_types
from rectify.services.tracking.checks import typed_values
from rectify.synth import DatabaseNotEmpty, synthesize
from rectify.synth.items import HEAVY_ACTIONS

PASSWORD = "synthetic secret"


@pytest.fixture
def synthetic(app, frozen_today):
    # A seed whose 500 items use every check type. The texts are drawn from the demo's
    # items, so new demo items change the random draws (seed 7 stopped covering them).
    return synthesize(units=30, items=500, actions_per_item=5, seed=2, password=PASSWORD,
                      today=TODAY)


def items() -> list[Item]:
    return db.session.scalars(select(Item).order_by(Item.id)).all()


def test_every_status_category_source_and_check_type_occurs(app, synthetic):
    found = items()
    assert synthetic.items == len(found) == 500
    assert {i.status for i in found} == set(workflow.STATUSES)
    assert {i.source for i in found} == set(SOURCES)
    assert {i.category_id for i in found} == set(db.session.scalars(select(Category.id)))
    assert {i.check_type for i in found} - {None} == set(check_types(app))
    assert len({i.code for i in found}) == 500
    assert all(i.code.startswith("SY26-") for i in found)


def test_units_form_a_town_and_station_hierarchy(app, synthetic):
    units = db.session.scalars(select(Unit)).all()
    assert len(units) == synthetic.units == 30
    kinds = Counter(u.kind for u in units)
    assert kinds["town"] >= 1 and kinds["station"] >= 1 and kinds["department"] >= 1
    by_id = {u.id: u for u in units}
    assert all(by_id[u.parent_id].kind == "town" for u in units if u.kind == "station")
    liaisons = db.session.scalar(select(func.count(User.id)).where(User.role == "department"))
    assert liaisons == 30


def test_a_realistic_share_is_overdue_and_actions_match_the_mean(app, synthetic):
    found = items()
    overdue = sum(i.is_overdue(TODAY) for i in found)
    assert 0.1 <= overdue / len(found) <= 0.35
    assert 4 <= synthetic.actions / synthetic.items <= 6.5
    heavy = db.session.execute(select(Action.item_id, func.count(Action.id))
                               .group_by(Action.item_id)
                               .having(func.count(Action.id) == HEAVY_ACTIONS)).all()
    assert len(heavy) >= 5


def test_the_same_seed_gives_the_same_data(app, frozen_today):
    def snapshot():
        synthesize(units=20, items=200, actions_per_item=3, seed=11, password=PASSWORD,
                   today=TODAY)
        rows = db.session.execute(select(Item.code, Item.status, Item.due_date, Item.problem,
                                         Item.lead_unit_id).order_by(Item.id)).all()
        values = db.session.scalars(select(CheckRecord.values).order_by(CheckRecord.id)).all()
        return rows, values

    from conftest import empty_all_tables

    first = snapshot()
    empty_all_tables()
    assert snapshot() == first
    with pytest.raises(DatabaseNotEmpty):
        synthesize(units=20, items=10, actions_per_item=1, password=PASSWORD, today=TODAY)


def test_the_audit_trail_replays_to_each_items_status(app, synthetic):
    events = defaultdict(list)
    for event in db.session.scalars(select(Event).order_by(Event.at, Event.id)):
        events[event.item_id].append(event)
    actions = {a.id: a for a in db.session.scalars(select(Action))}
    for item in items():
        trail = events[item.id]
        assert trail[0].kind == "created" and trail[0].new["code"] == item.code
        assert [e.kind for e in trail].count("created") == 1
        status, moves = workflow.OPEN, 0
        for event in trail[1:]:
            if event.kind in workflow.TRANSITIONS:
                transition = workflow.TRANSITIONS[event.kind]
                assert status in transition.sources and event.old == {"status": status}
                assert bool(event.reason) == transition.needs_reason
                status, moves = transition.target, moves + 1
            elif event.kind == "action_added":
                action = actions[event.action_id]
                assert action.item_id == item.id and action.created_at == event.at
                if action.kind in workflow.WORK_KINDS:
                    assert status == workflow.IN_PROGRESS, (item.code, event.at)
        assert status == item.status, item.code
        assert item.version == 1 + moves
        assert (item.closed_at is not None) == (item.status == workflow.CLOSED)


def test_check_records_fit_their_plugin_declarations(app, synthetic):
    declared = check_types(app)
    records = db.session.scalars(select(CheckRecord)).all()
    assert records
    for record in records:
        check_type = declared[record.check_type]
        assert validate_record(check_type, typed_values(check_type, record.values)) == []


def test_pages_and_dashboards_work_on_synthetic_data(app, synthetic):
    client = app.test_client()
    assert sign_in(client, "committee", PASSWORD).status_code == 302
    assert client.get("/items/").status_code == 200
    assert client.get("/items/?page=3&overdue=y").status_code == 200
    item = db.session.scalar(select(Item).where(Item.id == 1))
    assert client.get(f"/items/{item.id}").status_code == 200
    dashboard = CallbackClient(client)
    cards = kpis(dashboard.call("ov-cards.children")["ov-cards"]["children"])
    assert cards["total"] == "500"
    unit = db.session.scalar(select(Unit).where(Unit.kind == "station"))
    liaison = app.test_client()
    assert sign_in(liaison, f"dept-{unit.code}", PASSWORD).status_code == 302
    assert liaison.get("/items/").status_code == 200
