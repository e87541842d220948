"""The campaign rules of rectify.workflow: the four stages in order, who moves them on,
the stage dates, raising only in 检查 and 反馈整改, and an archived campaign's items
refusing every change."""

from __future__ import annotations

from datetime import date

import pytest

from rectify import workflow as wf
from rectify.workflow import Actor, CampaignFacts, ItemFacts, WorkflowError

ADMIN, COMMITTEE, LEADER = Actor(wf.ADMIN), Actor(wf.COMMITTEE), Actor(wf.LEADER)
LEAD = Actor(wf.DEPARTMENT, unit_id=1)


def refused(code: str, check, *args) -> None:
    with pytest.raises(WorkflowError) as error:
        check(*args)
    assert error.value.code == code


def test_the_four_stages_follow_the_report():
    assert wf.STAGES == ("self_check", "evaluation", "inspection", "rectification")
    assert [wf.next_stage(s) for s in wf.STAGES] == ["evaluation", "inspection",
                                                     "rectification", None]


@pytest.mark.parametrize("stage, raising", [("self_check", False), ("evaluation", False),
                                            ("inspection", True), ("rectification", True)])
def test_items_are_raised_only_in_inspection_and_rectification(stage, raising):
    assert wf.stage_allows_raising(stage) is raising
    assert wf.may_raise_in(CampaignFacts(stage)) is raising
    if raising:
        wf.check_raise_item(COMMITTEE, CampaignFacts(stage))
    else:
        refused("stage_closed", wf.check_raise_item, COMMITTEE, CampaignFacts(stage))


def test_an_archived_campaign_takes_no_item_in_any_stage():
    for stage in wf.STAGES:
        assert not wf.may_raise_in(CampaignFacts(stage, archived=True))
        refused("campaign_archived", wf.check_raise_item, COMMITTEE,
                CampaignFacts(stage, archived=True))
    refused("forbidden", wf.check_raise_item, ADMIN, CampaignFacts("inspection"))


@pytest.mark.parametrize("actor", [ADMIN, COMMITTEE])
def test_managers_advance_one_stage_at_a_time(actor):
    assert wf.check_advance_stage(actor, CampaignFacts("self_check")) == "evaluation"
    assert wf.check_advance_stage(actor, CampaignFacts("inspection")) == "rectification"
    refused("last_stage", wf.check_advance_stage, actor, CampaignFacts("rectification"))
    refused("campaign_archived", wf.check_advance_stage, actor,
            CampaignFacts("self_check", archived=True))


@pytest.mark.parametrize("actor", [LEADER, LEAD])
def test_leaders_and_departments_do_not_manage_campaigns(actor):
    assert not wf.can_manage_campaigns(actor)
    refused("forbidden", wf.check_advance_stage, actor, CampaignFacts("self_check"))
    refused("forbidden", wf.check_change_campaign, actor, CampaignFacts("self_check"))
    assert wf.can_read_campaigns(actor) is (actor is LEADER)


def test_only_committee_staff_join_groups():
    assert wf.may_join_group(COMMITTEE)
    assert not any(wf.may_join_group(a) for a in (ADMIN, LEADER, LEAD))


def dates(*pairs: tuple[int, int, int, int]) -> list[tuple[date, date]]:
    """(start month, start day, end month, end day) per stage, all in 2026."""
    return [(date(2026, a, b), date(2026, c, d)) for a, b, c, d in pairs]


def test_stage_dates_run_in_order():
    wf.check_stage_dates(dates((1, 5, 1, 31), (2, 1, 2, 28), (3, 1, 3, 31), (4, 1, 12, 31)))
    # A stage may start the day the previous one ends, and last one day.
    wf.check_stage_dates(dates((1, 5, 1, 31), (1, 31, 1, 31), (1, 31, 2, 1), (2, 1, 2, 1)))


@pytest.mark.parametrize("stage_dates, code", [
    (dates((1, 31, 1, 5), (2, 1, 2, 28), (3, 1, 3, 31), (4, 1, 12, 31)),
     "stage_ends_before_start"),
    (dates((1, 5, 1, 31), (2, 1, 2, 28), (3, 1, 3, 31), (4, 1, 3, 31)),
     "stage_ends_before_start"),
    (dates((1, 5, 1, 31), (1, 20, 2, 28), (3, 1, 3, 31), (4, 1, 12, 31)),
     "stages_out_of_order"),
    (dates((1, 5, 1, 31), (2, 1, 2, 28), (4, 1, 4, 30), (3, 1, 12, 31)),
     "stages_out_of_order"),
    (dates((1, 5, 1, 31), (2, 1, 2, 28), (3, 1, 3, 31)), "stage_dates_missing"),
])
def test_stage_dates_out_of_order_are_refused(stage_dates, code):
    refused(code, wf.check_stage_dates, stage_dates)


def archived(status: str) -> ItemFacts:
    return ItemFacts(status=status, lead_unit_id=1, campaign_archived=True)


def test_an_archived_campaigns_items_refuse_every_change():
    for name, transition in wf.TRANSITIONS.items():
        for status in transition.sources:
            actor = LEAD if transition.role == wf.DEPARTMENT else COMMITTEE
            refused("campaign_archived", wf.check_transition, name, actor, archived(status), "理由")
    for kind in wf.WORK_KINDS:
        refused("campaign_archived", wf.check_add_action, kind, LEAD, archived(wf.IN_PROGRESS))
    refused("campaign_archived", wf.check_add_action, wf.COMMENT, COMMITTEE, archived(wf.OPEN))
    refused("campaign_archived", wf.check_add_action, wf.INSTRUCTION, LEADER, archived(wf.OPEN))
    refused("campaign_archived", wf.check_request_extension, LEAD, archived(wf.IN_PROGRESS),
            date(2026, 12, 1), date(2026, 8, 1), "汛期", False)
    refused("campaign_archived", wf.check_decide_extension, COMMITTEE, archived(wf.IN_PROGRESS))
    refused("campaign_archived", wf.check_chase, COMMITTEE, archived(wf.IN_PROGRESS), "请抓紧")
    refused("campaign_archived", wf.check_edit_item, COMMITTEE, archived(wf.OPEN))
    refused("campaign_archived", wf.check_schedule_recheck, COMMITTEE, archived(wf.CLOSED),
            date(2026, 9, 1), date(2026, 6, 1), False)
    refused("campaign_archived", wf.check_record_rating, COMMITTEE, archived(wf.CLOSED), 1, 0, 0)


def test_an_archived_campaigns_items_offer_no_act():
    assert wf.available_transitions(LEAD, archived(wf.OPEN)) == []
    assert wf.available_transitions(COMMITTEE, archived(wf.SUBMITTED)) == []
    assert not wf.can_add_action(wf.MEASURE, LEAD, archived(wf.IN_PROGRESS))
    assert not wf.can_request_extension(LEAD, archived(wf.IN_PROGRESS))
    assert not wf.can_chase(COMMITTEE, archived(wf.IN_PROGRESS))
    assert not wf.can_follow_up(COMMITTEE, archived(wf.CLOSED))
    assert not wf.can_change_item(COMMITTEE, archived(wf.OPEN))
    # The same items in a live campaign do offer them.
    live = ItemFacts(status=wf.IN_PROGRESS, lead_unit_id=1)
    assert wf.can_add_action(wf.MEASURE, LEAD, live) and wf.can_chase(COMMITTEE, live)
    assert wf.can_change_item(COMMITTEE, live) and wf.can_request_extension(LEAD, live)
