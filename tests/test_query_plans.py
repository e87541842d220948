"""The overview's aggregates are read from the indexes the migrations create.

At a province's 100,000 items the overview must answer in well under 100 ms (issue 7);
that holds only while SQLite answers its GROUP BYs from covering indexes instead of the
table. The index on the local day an item was raised matches only if the query writes the
expression exactly as the index does, which a harmless-looking edit to ``local_day``
would break silently; these tests make it loud. They always run on a migrated SQLite
file of their own (whatever database the rest of the suite uses), because the plans
checked are SQLite's.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask_migrate import upgrade
from sqlalchemy import event, text

from rectify import create_app, workflow
from rectify.extensions import db
from rectify.figures import aggregates
from rectify.models import User

TODAY = date(2026, 6, 1)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    url = "sqlite:///" + str(tmp_path_factory.mktemp("plans") / "migrated.sqlite")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


def plans_of(call) -> dict[str, str]:
    """Each SELECT on ``item`` that ``call`` runs, mapped to SQLite's plan for it."""
    statements = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        if re.search(r"\bFROM item\b", statement):
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    with db.engine.connect() as connection:
        return {statement: " | ".join(row[-1] for row in connection.exec_driver_sql(
                    "EXPLAIN QUERY PLAN " + statement, parameters))
                for statement, parameters in statements}


def committee() -> User:
    return User(username="plans", display_name="plans", role=workflow.COMMITTEE)


def test_cards_categories_and_sources_are_one_index_only_scan(migrated):
    plans = plans_of(lambda: aggregates.breakdowns(committee(), TODAY))
    assert list(plans.values()) == [
        "SCAN item USING COVERING INDEX ix_item_status_category_source_due"]


def test_items_per_lead_unit_are_an_index_only_scan(migrated):
    plans = plans_of(lambda: aggregates.per_unit(committee(), TODAY))
    assert list(plans.values()) == ["SCAN item USING COVERING INDEX ix_item_lead_unit_status_due"]


def test_the_trend_reads_days_raised_from_the_local_day_index(migrated):
    plans = plans_of(lambda: aggregates.cumulative(committee()))
    raised = next(plan for statement, plan in plans.items() if "created_at" in statement)
    closed = next(plan for statement, plan in plans.items() if "closed_at" in statement)
    assert "ix_item_created_local_day" in raised
    assert "TEMP B-TREE" not in raised  # already in day order: no sort
    assert "ix_item_status_closed_at" in closed


def test_the_migrated_local_day_index_is_the_models_expression(migrated):
    """The migration spells the expression out; it must stay the model's."""
    from rectify.models.items import SQLITE_LOCAL_OFFSET

    with db.engine.connect() as connection:
        sql = connection.execute(text(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_item_created_local_day'")).scalar()
    assert sql is not None and f"date(created_at, {SQLITE_LOCAL_OFFSET})" in sql


def test_the_overdue_page_counts_and_groups_from_indexes(migrated):
    from rectify.figures import lists

    page_plans = plans_of(lambda: lists.overdue_page(committee(), TODAY))
    count = next(plan for statement, plan in page_plans.items() if "count(" in statement)
    assert count == "SEARCH item USING COVERING INDEX ix_item_status_due (status=? AND due_date<?)"
    per_unit = plans_of(lambda: lists.overdue_per_unit(committee(), TODAY))
    assert "SCAN item USING COVERING INDEX ix_item_lead_unit_status_due" in " ".join(
        per_unit.values())


def test_a_unit_page_reads_only_the_units_items(migrated):
    """Its counts look up the unit's items by id; ``lead = x OR EXISTS (co-unit)`` made
    SQLite test every item (1 s for a unit page at 100,000 items)."""
    from rectify.services.reads.queries import involving_unit

    plans = plans_of(lambda: aggregates.summary(committee(), TODAY, aggregates.Filters(),
                                             involving_unit(1)))
    (plan,) = plans.values()
    assert "SCAN item" not in plan.replace("SCAN item_co_unit", "")


def test_the_trend_query_matches_the_local_day_index_on_the_suites_database(app):
    """On whichever database the suite runs (SQLite or PostgreSQL), the trend's query reads
    the index the models create already in day order: the expressions agree. (PostgreSQL
    picks a plan by cost, so sequential scans are ruled out for the question.)"""
    from sqlalchemy import func, select

    from rectify.models import Item
    from rectify.models.items import LOCAL_DAY_INDEX, local_day

    day = local_day(Item.created_at)
    query = select(day, func.count(Item.id)).group_by(day).order_by(day)
    with db.engine.connect() as connection:
        compiled = query.compile(connection)
        if connection.dialect.name == "sqlite":
            plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled),
                                              tuple(compiled.params.values())).all()
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")
            plan = connection.execute(text("EXPLAIN " + str(compiled)), compiled.params).all()
    steps = " | ".join(str(row[-1]) for row in plan)
    assert LOCAL_DAY_INDEX in steps
    assert not any(word in steps for word in ("TEMP B-TREE", "Sort", "HashAggregate")), steps
