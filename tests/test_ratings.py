"""Satisfaction ratings (满意度测评): the rules, who may record them, one tally per item with
the history in the audit trail, and the unit's satisfaction rate (满意率) on its
dashboard page and in the campaign's progress report."""

import io

import pytest
from docx import Document
from sqlalchemy import select

from conftest import csrf_token, move, raise_item
from dashboards.testing import CallbackClient, find_props
from rectify import workflow
from rectify.extensions import db
from rectify.models import Event, Item, Rating
from rectify.services.reads import satisfaction
from rectify.services.tracking import followup
from rectify.services.tracking.followup import RatingCounts
from rectify.workflow import Actor, ItemFacts, WorkflowError

COMMITTEE = Actor(workflow.COMMITTEE)
CLOSED = ItemFacts(status=workflow.CLOSED, lead_unit_id=1)


def closed_item(world, lead: str = "a", **fields) -> Item:
    item = raise_item(world, lead=lead, **fields)
    dept = f"dept-{lead}"
    return move(world, item, (dept, "sign_for"), (dept, "submit"), ("committee", "close"))


def post_rating(client, item, satisfied, basically, dissatisfied):
    return client.post(f"/items/{item.id}/rating", data={
        "csrf_token": csrf_token(client, f"/items/{item.id}"), "satisfied": satisfied,
        "basically_satisfied": basically, "dissatisfied": dissatisfied})


# The formula and the rules ------------------------------------------------------------

def test_satisfaction_rate_counts_satisfied_and_basically_satisfied():
    assert workflow.satisfaction_rate(7, 0, 0) == 1.0  # the report's 满意率达100%
    assert workflow.satisfaction_rate(3, 1, 1) == 0.8
    assert workflow.satisfaction_rate(0, 0, 2) == 0.0
    assert workflow.satisfaction_rate(0, 0, 0) is None


@pytest.mark.parametrize("actor", [Actor(workflow.LEADER), Actor(workflow.ADMIN),
                                   Actor(workflow.DEPARTMENT, unit_id=1)])
def test_only_the_committee_records_ratings(actor):
    with pytest.raises(WorkflowError) as refused:
        workflow.check_record_rating(actor, CLOSED, 1, 0, 0)
    assert refused.value.code == "forbidden"


def test_ratings_need_a_closed_item_and_sane_counts():
    workflow.check_record_rating(COMMITTEE, CLOSED, 0, 0, 1)
    for status in (workflow.OPEN, workflow.IN_PROGRESS, workflow.SUBMITTED):
        with pytest.raises(WorkflowError) as refused:
            workflow.check_record_rating(COMMITTEE, ItemFacts(status, 1), 1, 0, 0)
        assert refused.value.code == "wrong_status"
    for counts, code in (((1, -1, 0), "bad_counts"), ((0, 0, 0), "no_ratings")):
        with pytest.raises(WorkflowError) as refused:
            workflow.check_record_rating(COMMITTEE, CLOSED, *counts)
        assert refused.value.code == code


# Recording on the item page -----------------------------------------------------------

def test_committee_records_and_corrects_ratings(world, login):
    item = closed_item(world)
    client = login("committee")
    assert 'class="rating-form"' in client.get(f"/items/{item.id}").get_data(as_text=True)
    assert post_rating(client, item, 5, 2, 1).status_code == 302
    assert post_rating(client, item, 6, 2, 0).status_code == 302
    ratings = db.session.scalars(select(Rating).where(Rating.item_id == item.id)).all()
    assert len(ratings) == 1  # one tally per item: the latest wins
    only = ratings[0]
    assert (only.satisfied, only.basically_satisfied, only.dissatisfied) == (6, 2, 0)
    assert ratings[0].rate == 1.0
    recorded = db.session.scalars(select(Event).where(
        Event.item_id == item.id, Event.kind == "rating_recorded").order_by(Event.id)).all()
    assert [e.old for e in recorded] == [
        None, {"satisfied": 5, "basically_satisfied": 2, "dissatisfied": 1}]
    assert recorded[-1].new == {"satisfied": 6, "basically_satisfied": 2, "dissatisfied": 0}
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert "100.0%" in page and "ev-rating_recorded" in page


@pytest.mark.parametrize("username", ["leader", "admin", "dept-a"])
def test_others_read_the_ratings_but_may_not_record_them(world, login, username):
    item = closed_item(world)
    followup.record_rating(world.users["committee"], item, RatingCounts(3, 1, 1))
    client = login(username)
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert 'data-rating="rate"' in page and "80.0%" in page
    assert 'class="rating-form"' not in page
    assert post_rating(client, item, 9, 9, 9).status_code == 403
    assert db.session.scalar(select(Rating.satisfied).where(Rating.item_id == item.id)) == 3


def test_another_units_department_cannot_reach_the_item(world, login):
    item = closed_item(world)
    assert post_rating(login("dept-b"), item, 1, 0, 0).status_code in (403, 404)
    assert db.session.scalars(select(Rating)).all() == []


def test_open_items_zero_or_negative_counts_are_refused(world, login):
    closed = closed_item(world)
    open_item = raise_item(world)
    client = login("committee")
    post_rating(client, open_item, 3, 0, 0)
    post_rating(client, closed, 0, 0, 0)
    post_rating(client, closed, -1, 2, 0)
    post_rating(client, closed, "many", 2, 0)
    assert db.session.scalars(select(Rating)).all() == []


# The unit's satisfaction rate ---------------------------------------------------------

@pytest.fixture
def rated(world):
    """Unit a: two rated items (5/2/1 and 1/0/2), one unrated; unit b: one item 4/0/0."""
    committee = world.users["committee"]
    first, second, _unrated = (closed_item(world, "a") for _ in range(3))
    followup.record_rating(committee, first, RatingCounts(5, 2, 1))
    followup.record_rating(committee, second, RatingCounts(1, 0, 2))
    followup.record_rating(committee, closed_item(world, "b"), RatingCounts(4, 0, 0))
    return world


def test_a_units_rate_pools_its_items_ratings(rated):
    tallies = satisfaction.by_unit(rated.users["leader"], rated.campaign.id)
    a = tallies[rated.units["a"].id]
    assert (a.satisfied, a.basically_satisfied, a.dissatisfied, a.items) == (6, 2, 3, 2)
    assert a.rate == pytest.approx((5 + 2 + 1 + 0) / (5 + 2 + 1 + 1 + 0 + 2))
    assert tallies[rated.units["b"].id].rate == 1.0
    assert rated.units["c"].id not in tallies
    # a department's figures cover only what it may read
    assert set(satisfaction.by_unit(rated.users["dept-b"])) == {rated.units["b"].id}


def test_unit_dashboard_shows_the_satisfaction_rate(rated, login):
    expected = f"{8 / 11:.1%}"
    for username in ("committee", "dept-a"):
        client = CallbackClient(login(username), f"/dashboard/unit/{rated.units['a'].id}")
        response = client.call("un-satisfaction.children", {"un-unit.data": rated.units["a"].id})
        shown = find_props(response["un-satisfaction"]["children"], "data-satisfaction")
        assert [p["data-satisfaction"] for p in shown] == [expected]
    client = CallbackClient(login("committee"), f"/dashboard/unit/{rated.units['c'].id}")
    response = client.call("un-satisfaction.children", {"un-unit.data": rated.units["c"].id})
    assert [p["data-satisfaction"] for p in find_props(response, "data-satisfaction")] == ["—"]


def test_progress_report_has_each_units_satisfaction_rate(rated, login):
    response = login("committee").get(f"/reports/{rated.campaign.id}/progress.docx")
    document = Document(io.BytesIO(response.data))
    table = document.tables[0]
    assert len(table.columns) == 7  # the satisfaction rate is the last column
    units = {row.cells[0].text: row.cells[-1].text for row in table.rows[1:]}
    assert units == {"市甲局": f"{8 / 11:.1%}", "市乙局": "100.0%"}
