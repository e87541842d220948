"""The pure workflow module: every transition for every role, in every state."""

from datetime import date, datetime

import pytest

from rectify import workflow as wf

LEAD_UNIT, CO_UNIT, OTHER_UNIT = 1, 2, 3
TODAY = date(2026, 6, 1)
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
        assert wf.check_transition(name, ACTORS[who], facts(status), reason="理由",
                                   new_due_date=TODAY, today=TODAY).target
        assert name in wf.available_transitions(ACTORS[who], facts(status))
    else:
        with pytest.raises(wf.WorkflowError):
            wf.check_transition(name, ACTORS[who], facts(status), reason="理由",
                                new_due_date=TODAY, today=TODAY)
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


def test_closing_needs_a_verification_opinion():
    with pytest.raises(wf.WorkflowError) as error:
        wf.check_transition("close", ACTORS["committee"], facts(wf.SUBMITTED), reason=" \n ")
    assert error.value.code == "opinion_required"
    wf.check_transition("close", ACTORS["committee"], facts(wf.SUBMITTED),
                        reason="台账完整，同意销号")


@pytest.mark.parametrize("new_due, code", [
    (None, "due_date_required"), (date(2026, 5, 31), "date_in_past")])
def test_reopening_needs_a_new_deadline_not_in_the_past(new_due, code):
    with pytest.raises(wf.WorkflowError) as error:
        wf.check_transition("reopen", ACTORS["committee"], facts(wf.CLOSED), reason="反弹",
                            new_due_date=new_due, today=TODAY)
    assert error.value.code == code
    wf.check_transition("reopen", ACTORS["committee"], facts(wf.CLOSED), reason="反弹",
                        new_due_date=TODAY, today=TODAY)
    with pytest.raises(wf.WorkflowError) as error:  # a re-check that reopens: the same rule
        wf.check_recheck_result(ACTORS["committee"], facts(wf.CLOSED), wf.RECHECK_REOPENED,
                                "反弹", new_due_date=None, today=TODAY)
    assert error.value.code == "due_date_required"


def test_leaders_write_instructions_not_comments():
    """The role table: leaders write instructions (批示); comments (意见) are the
    committee's and the item's units'."""
    for status in wf.STATUSES:
        assert not wf.can_add_action(wf.COMMENT, ACTORS["leader"], facts(status))
        assert wf.can_add_action(wf.INSTRUCTION, ACTORS["leader"], facts(status))
    for who in ("committee", "lead", "co"):
        assert wf.can_add_action(wf.COMMENT, ACTORS[who], facts(wf.IN_PROGRESS))
    assert not wf.can_add_action(wf.COMMENT, ACTORS["other"], facts(wf.IN_PROGRESS))


def test_a_check_type_is_only_for_its_declared_units():
    wf.check_check_type_suits(("slj",), "slj")
    wf.check_check_type_suits((), "anything")  # none declared: any unit
    with pytest.raises(wf.WorkflowError) as error:
        wf.check_check_type_suits(("slj",), "cgj")
    assert error.value.code == "check_type_not_for_unit"


def test_only_the_author_changes_a_check_record_while_work_is_logged():
    wf.check_change_check_record(ACTORS["co"], facts(wf.IN_PROGRESS), is_author=True,
                                 withdrawn=False)
    cases = [("lead", wf.IN_PROGRESS, False, False, "forbidden"),      # not the author
             ("co", wf.SUBMITTED, True, False, "wrong_status"),
             ("co", wf.IN_PROGRESS, True, True, "record_withdrawn"),
             ("committee", wf.IN_PROGRESS, True, False, "forbidden")]
    for who, status, is_author, withdrawn, code in cases:
        with pytest.raises(wf.WorkflowError) as error:
            wf.check_change_check_record(ACTORS[who], facts(status), is_author, withdrawn)
        assert error.value.code == code, who
    with pytest.raises(wf.WorkflowError) as error:
        wf.check_withdraw_check_record(ACTORS["co"], facts(wf.IN_PROGRESS), True, False, " ")
    assert error.value.code == "reason_required"


def test_the_committee_decides_which_co_units_records_count():
    wf.check_counted_units(ACTORS["committee"], facts(wf.IN_PROGRESS), frozenset({CO_UNIT}))
    wf.check_counted_units(ACTORS["committee"], facts(wf.IN_PROGRESS), frozenset())
    cases = [("committee", wf.IN_PROGRESS, {LEAD_UNIT}, "not_a_co_unit"),
             ("committee", wf.CLOSED, {CO_UNIT}, "wrong_status"),
             ("lead", wf.IN_PROGRESS, {CO_UNIT}, "forbidden"),
             ("leader", wf.IN_PROGRESS, set(), "forbidden")]
    for who, status, left_out, code in cases:
        with pytest.raises(wf.WorkflowError) as error:
            wf.check_counted_units(ACTORS[who], facts(status), frozenset(left_out))
        assert error.value.code == code
    assert wf.record_counts(LEAD_UNIT, False, frozenset({CO_UNIT}))
    assert not wf.record_counts(CO_UNIT, False, frozenset({CO_UNIT}))
    assert not wf.record_counts(LEAD_UNIT, True, frozenset())


def test_the_return_reason_waits_for_the_next_submission():
    assert wf.awaits_resubmission(wf.IN_PROGRESS, "return_item")
    assert not wf.awaits_resubmission(wf.SUBMITTED, "submit")
    assert not wf.awaits_resubmission(wf.IN_PROGRESS, "reopen")


def test_only_leaders_write_instructions():
    assert wf.can_add_action(wf.INSTRUCTION, ACTORS["leader"], facts(wf.IN_PROGRESS))
    for who in ("committee", "lead", "admin"):
        assert not wf.can_add_action(wf.INSTRUCTION, ACTORS[who], facts(wf.IN_PROGRESS))


def test_extension_rules():
    due = date(2026, 6, 1)
    wf.check_request_extension(ACTORS["lead"], facts(wf.IN_PROGRESS), date(2026, 7, 1), due,
                               "原因", False)
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
    for status in (wf.OPEN, wf.IN_PROGRESS, wf.SUBMITTED):
        wf.check_decide_extension(ACTORS["committee"], facts(status))
    with pytest.raises(wf.WorkflowError):
        wf.check_decide_extension(ACTORS["leader"], facts(wf.IN_PROGRESS))
    with pytest.raises(wf.WorkflowError) as error:  # closing withdrew the request
        wf.check_decide_extension(ACTORS["committee"], facts(wf.CLOSED))
    assert error.value.code == "item_closed"


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


@pytest.mark.parametrize("name, stamps", [
    ("sign_for", {"signed_at": "moment", "signed_by_id": 7}),
    ("submit", {}),
    ("return_item", {}),
    ("close", {"closed_at": "moment", "verification_opinion": "整改到位"}),
    ("reopen", {"closed_at": None, "verification_opinion": "", "due_date": date(2026, 9, 1)}),
])
def test_what_each_move_stamps_on_the_item(name, stamps):
    moment = datetime(2026, 6, 1, 2, 0)
    expected = {k: moment if v == "moment" else v for k, v in stamps.items()}
    assert wf.transition_stamps(name, 7, moment, " 整改到位 ", date(2026, 9, 1)) == expected
