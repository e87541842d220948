"""Counts of units' deliverables (报送材料: owed, awaiting review, accepted, late) on the
unit dashboard page, each computed from the rows here too; a department only ever counts
its own unit's."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine

from conftest import TODAY
from dashboards.testing import CallbackClient, find_props, kpis
from rectify.services.tracking import deliverables

PDF = b"%PDF-1.4 plan"


@pytest.fixture
def documents(world):
    """Unit a: a plan never submitted (late), a report owed and not due, a self-check report
    accepted on time; unit b: a plan returned, then submitted again after its due date."""
    committee, units = world.users["committee"], world.units
    ask = lambda kind, due, codes: {  # noqa: E731
        d.unit.code: d for d in deliverables.request_deliverables(
            committee, world.campaign, kind, due, [units[c] for c in codes]).created}
    with time_machine.travel(datetime(2026, 5, 1, 2, 0), tick=False):
        plans = ask("rectification_plan", date(2026, 5, 20), ("a", "b"))
        ask("rectification_report", date(2026, 9, 1), ("a",))
        checked = ask("self_check_report", date(2026, 5, 10), ("a",))["a"]
        deliverables.submit(world.users["dept-a"], checked, [("自查报告.pdf", PDF)])
        deliverables.decide(committee, checked, accept=True)
        deliverables.submit(world.users["dept-b"], plans["b"], [("方案.pdf", PDF)])
        deliverables.decide(committee, plans["b"], accept=False, reason="缺少整改时限")
    deliverables.submit(world.users["dept-b"], plans["b"], [("方案二稿.pdf", PDF)])
    return world


def test_counts_per_unit(documents):
    counts = deliverables.counts_by_unit(documents.users["committee"], TODAY)
    a, b = counts[documents.units["a"].id], counts[documents.units["b"].id]
    assert (a.owed, a.submitted, a.accepted, a.late, a.total) == (2, 0, 1, 1, 3)
    assert (b.owed, b.submitted, b.accepted, b.late, b.total) == (0, 1, 0, 1, 1)
    assert documents.units["c"].id not in counts
    mine = deliverables.counts_by_unit(documents.users["dept-a"], TODAY)
    assert set(mine) == {documents.units["a"].id}


def unit_cards(client, unit_id: int) -> dict[str, str]:
    response = CallbackClient(client).call("un-cards.children", {"un-unit.data": unit_id})
    return kpis(response["un-deliverables"]["children"])


def test_the_unit_page_shows_its_deliverable_counts(documents, login):
    client = login("committee")
    assert unit_cards(client, documents.units["a"].id) == {
        "deliverables_owed": "2", "deliverables_submitted": "0", "deliverables_accepted": "1",
        "deliverables_late": "1"}
    response = CallbackClient(client).call("un-cards.children",
                                           {"un-unit.data": documents.units["b"].id})
    hrefs = [p["href"] for p in find_props(response["un-deliverables"]["children"], "href")]
    assert f"/deliverables/?unit={documents.units['b'].id}&status=submitted" in hrefs


def test_a_department_sees_only_its_own_units_counts(documents, login):
    # A department asking for another unit's page is shown its own unit.
    assert unit_cards(login("dept-b"), documents.units["a"].id)["deliverables_owed"] == "0"
    assert unit_cards(login("dept-b"), documents.units["a"].id)["deliverables_submitted"] == "1"
