"""The item list's inspection-group, unit-kind and raised-date filters, which the
dashboard's cards link to: a card's number and the list it opens agree."""

import re
from datetime import date, datetime

import pytest

from conftest import raise_item
from dashboards.components import items_url
from rectify import clock
from rectify.extensions import db
from rectify.figures.aggregates import Filters, summary
from rectify.models import InspectionGroup


@pytest.fixture
def spread(world):
    """Unit a in group 一组; unit c is a town; items raised on three local days."""
    group = InspectionGroup(campaign=world.campaign, name="第一检查组", units=[world.units["a"]])
    world.units["c"].kind = "town"
    db.session.add(group)
    db.session.commit()
    raised = {}
    # 2026-05-30 16:30 UTC is 2026-05-31 00:30 in Shanghai: a day later than in UTC.
    for moment, lead, problem in ((datetime(2026, 5, 20, 2), "a", "甲局五月二十日"),
                                  (datetime(2026, 5, 30, 16, 30), "b", "乙局五月三十一日"),
                                  (datetime(2026, 6, 1, 1), "c", "丙镇六月一日")):
        with clock.frozen_at(moment):
            raised[problem] = raise_item(world, lead=lead, problem=problem).code
    return group, raised


def listed(client, query: str) -> set[str]:
    page = client.get("/items/?" + query).get_data(as_text=True)
    return set(re.findall(r'<td class="code"><a [^>]*>([^<]+)</a>', page))


def test_group_kind_and_raised_dates_narrow_the_list(world, login, spread):
    group, raised = spread
    client = login("committee")
    assert listed(client, f"group={group.id}") == {raised["甲局五月二十日"]}
    assert listed(client, "kind=town") == {raised["丙镇六月一日"]}
    assert listed(client, "raised_from=2026-05-31&raised_to=2026-05-31") == \
        {raised["乙局五月三十一日"]}
    assert listed(client, "raised_from=2026-05-31") == {raised["乙局五月三十一日"],
                                                        raised["丙镇六月一日"]}
    assert listed(client, "raised_to=2026-05-30") == {raised["甲局五月二十日"]}
    assert len(listed(client, "raised_from=bad-date")) == 3  # a bad filter is ignored


@pytest.mark.parametrize("filters", [
    Filters(unit_kind="town"), Filters(start=date(2026, 5, 31)),
    Filters(end=date(2026, 5, 30)), Filters(unit_kind="department", start=date(2026, 5, 21)),
])
def test_a_cards_link_lists_what_the_card_counts(world, login, spread, app, filters):
    client = login("committee")
    with app.test_request_context():
        url = items_url(filters)
        expected = summary(world.users["committee"], clock.today(), filters).total
    assert len(listed(client, url.split("?", 1)[1] if "?" in url else "")) == expected


def test_the_group_cards_link(world, login, spread, app):
    group, raised = spread
    filters = Filters(group_id=group.id)
    with app.test_request_context():
        url = items_url(filters)
    assert f"group={group.id}" in url
    assert listed(login("committee"), url.split("?", 1)[1]) == {raised["甲局五月二十日"]}


def test_due_within_sql_agrees_with_the_rule(world):
    """Item.due_within_clause is the SQL twin of workflow.is_due_within."""
    from datetime import timedelta

    from rectify import workflow
    from rectify.models import Item

    today = clock.today()
    for offset in (-1, 0, 3, 7, 8):
        raise_item(world, due_date=today + timedelta(days=offset), problem=f"期限{offset}")
    in_sql = set(db.session.scalars(db.select(Item.id).where(Item.due_within_clause(today, 7))))
    by_rule = {item.id for item in db.session.scalars(db.select(Item))
               if workflow.is_due_within(item.status, item.due_date, today, 7)}
    assert in_sql == by_rule and len(by_rule) == 3
