"""The pure workflow module: every transition for every role, in every state."""

from datetime import date

import pytest

from rectify import workflow as wf

LEAD_UNIT, CO_UNIT, OTHER_UNIT = 1, 2, 3
ACTORS = {
    "admin": wf.Actor(wf.ADMIN),
    "committee": wf.Actor(wf.COMMITTEE),
    "leader": wf.Actor(wf.LEADER),
    "lead": wf.Actor(wf.DEPARTMENT, LEAD_UNIT),
    "co": wf.Actor(wf.DEPARTMENT, CO_UNIT),
    "other": wf.Actor(wf.DEPARTMENT, OTHER_UNIT),
}
# (transition, state it starts from, the only actor allowed)
ALLOWED = {
    ("sign_for", wf.OPEN, "lead"),
    ("submit", wf.IN_PROGRESS, "lead"),
    ("return_item", wf.SUBMITTED, "committee"),
    ("close", wf.SUBMITTED, "committee"),
    ("reopen", wf.CLOSED, "committee"),
}


def facts(status):
    return wf.ItemFacts(status=status, lead_unit_id=LEAD_UNIT, co_unit_ids=frozenset({CO_UNIT}))


@pytest.mark.parametrize("name", list(wf.TRANSITIONS))
@pytest.mark.parametrize("status", wf.STATUSES)
@pytest.mark.parametrize("who", list(ACTORS))
def test_transition_matrix(name, status, who):
    allowed = (name, status, who) in ALLOWED
    if allowed:
        assert wf.check_transition(name, ACTORS[who], facts(status), reason="理由").target
        assert name in wf.available_transitions(ACTORS[who], facts(status))
    else:
        with pytest.raises(wf.WorkflowError):
            wf.check_transition(name, ACTORS[who], facts(status), reason="理由")
        assert name not in wf.available_transitions(ACTORS[who], facts(status))


@pytest.mark.parametrize("name", ["return_item", "reopen"])
def test_return_and_reopen_need_a_reason(name):
    status = wf.TRANSITIONS[name].sources[0]
    with pytest.raises(wf.WorkflowError) as error:
        wf.check_transition(name, ACTORS["committee"], facts(status), reason="   ")
    assert error.value.code == "reason_required"


def test_work_records_need_signing_and_an_item_unit():
    for who in ("lead", "co"):
        with pytest.raises(wf.WorkflowError) as error:
            wf.check_add_action(wf.MEASURE, ACTORS[who], facts(wf.OPEN))
        assert error.value.code == "not_signed"
        wf.check_add_action(wf.MEASURE, ACTORS[who], facts(wf.IN_PROGRESS))
    for who in ("other", "committee", "leader", "admin"):
        assert not wf.can_add_action(wf.EVIDENCE, ACTORS[who], facts(wf.IN_PROGRESS))
    assert not wf.can_add_action(wf.PROGRESS, ACTORS["lead"], facts(wf.CLOSED))


def test_only_leaders_write_instructions():
    assert wf.can_add_action(wf.INSTRUCTION, ACTORS["leader"], facts(wf.IN_PROGRESS))
    for who in ("committee", "lead", "admin"):
        assert not wf.can_add_action(wf.INSTRUCTION, ACTORS[who], facts(wf.IN_PROGRESS))


def test_extension_rules():
    due = date(2026, 6, 1)
    wf.check_request_extension(ACTORS["lead"], facts(wf.IN_PROGRESS), date(2026, 7, 1), due, "原因", False)
    cases = [
        (ACTORS["co"], wf.IN_PROGRESS, date(2026, 7, 1), "原因", False, "forbidden"),
        (ACTORS["lead"], wf.SUBMITTED, date(2026, 7, 1), "原因", False, "wrong_status"),
        (ACTORS["lead"], wf.IN_PROGRESS, date(2026, 5, 1), "原因", False, "date_not_later"),
        (ACTORS["lead"], wf.IN_PROGRESS, date(2026, 7, 1), " ", False, "reason_required"),
        (ACTORS["lead"], wf.IN_PROGRESS, date(2026, 7, 1), "原因", True, "pending_exists"),
    ]
    for actor, status, new_due, reason, pending, code in cases:
        with pytest.raises(wf.WorkflowError) as error:
            wf.check_request_extension(actor, facts(status), new_due, due, reason, pending)
        assert error.value.code == code
    wf.check_decide_extension(ACTORS["committee"], facts(wf.IN_PROGRESS))
    with pytest.raises(wf.WorkflowError):
        wf.check_decide_extension(ACTORS["leader"], facts(wf.IN_PROGRESS))


def test_overdue_is_derived_from_status_and_dates():
    today = date(2026, 6, 1)
    assert wf.is_overdue(wf.IN_PROGRESS, date(2026, 5, 31), today)
    assert not wf.is_overdue(wf.IN_PROGRESS, today, today)
    assert not wf.is_overdue(wf.CLOSED, date(2026, 1, 1), today)
    assert wf.days_left(date(2026, 5, 29), today) == -3


@pytest.mark.parametrize("days_left, status, expected", [
    (-1, wf.IN_PROGRESS, False), (0, wf.IN_PROGRESS, True), (7, wf.OPEN, True),
    (8, wf.OPEN, False), (3, wf.CLOSED, False)])
def test_due_within_a_week_at_its_boundaries(days_left, status, expected):
    today = date(2026, 6, 1)
    due = date.fromordinal(today.toordinal() + days_left)
    assert wf.is_due_within(status, due, today, wf.DUE_SOON_DAYS) is expected
