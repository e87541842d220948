"""Designing an evaluation through the services: one per campaign, groups with weights and
units, indicators, grade points, questions, each change versioned and audited; collection
starts only from a complete design, and then every edit is refused and nothing changes."""

from __future__ import annotations

import pytest
from evaluation_world import make_evaluation
from sqlalchemy import select

from rectify import workflow
from rectify.evaluation_rules import EvaluationError
from rectify.extensions import db
from rectify.models import Event, RaterGroup, Unit
from rectify.services.evaluation import design
from rectify.services.evaluation.design import GroupFields


def refused(code: str, act, *args) -> None:
    with pytest.raises(EvaluationError) as error:
        act(*args)
    assert error.value.code == code
    db.session.rollback()


def test_the_design_holds_the_reports_groups_indicators_and_questions(world):
    evaluation = make_evaluation(world)
    assert [(g.name, g.weight, len(g.units)) for g in evaluation.groups] == [
        ("市级以上人大代表", 40, 3), ("镇党委政府与街区党工委办事处", 20, 3),
        ("大中型企业负责人", 20, 3), ("被评议单位主要负责同志", 20, 2)]
    assert [(i.name, i.max_points) for i in evaluation.indicators] == [
        ("依法行政", 30), ("服务质量", 30), ("作风建设", 20), ("廉政", 20)]
    assert [q.kind for q in evaluation.questions] == ["single", "units", "text"]
    assert evaluation.version == 1 + 4 + 4 + 3  # created, then each change counted
    kinds = db.session.scalars(select(Event.kind).where(Event.campaign_id == world.campaign.id))
    assert sorted(set(kinds)) == ["evaluation_changed", "evaluation_created"]


def test_a_campaign_has_one_evaluation(world):
    make_evaluation(world)
    refused("evaluation_exists", design.create_evaluation, world.users["committee"],
            world.campaign, "第二个", "grades")


def test_only_the_committee_and_admins_design(world):
    for username in ("leader", "dept-a"):
        with pytest.raises(workflow.WorkflowError):
            design.create_evaluation(world.users[username], world.campaign, "评议", "grades")


def test_weights_are_saved_together_only_when_they_add_up(world):
    evaluation = make_evaluation(world)
    committee = world.users["committee"]
    ids = [g.id for g in evaluation.groups]
    refused("weights_not_full", design.save_weights, committee, evaluation,
            dict(zip(ids, (50, 20, 20, 20), strict=True)))
    assert [g.weight for g in db.session.scalars(select(RaterGroup).order_by(RaterGroup.id))] \
        == [40, 20, 20, 20]
    design.save_weights(committee, evaluation, dict(zip(ids, (50, 10, 20, 20), strict=True)))
    assert [g.weight for g in evaluation.groups] == [50, 10, 20, 20]
    refused("weights_incomplete", design.save_weights, committee, evaluation, {ids[0]: 100})


def test_a_group_rates_only_units_the_campaign_evaluates(world):
    evaluation = make_evaluation(world)
    outsider = Unit(code="x", name="市外局")
    db.session.add(outsider)
    db.session.commit()
    refused("unit_not_evaluated", design.save_group, world.users["committee"], evaluation, None,
            GroupFields("镇人大代表", 0, [outsider]))
    refused("group_name_taken", design.save_group, world.users["committee"], evaluation, None,
            GroupFields("大中型企业负责人", 0, []))


def test_grade_points_and_indicator_points_are_checked(world):
    evaluation = make_evaluation(world)
    committee = world.users["committee"]
    refused("grade_points_order", design.save_sheet, committee, evaluation, "评议", "grades",
            {"satisfied": 60, "basically_satisfied": 80, "dissatisfied": 100})
    refused("max_points_out_of_range", design.save_indicator, committee, evaluation, None,
            "效能", 0)
    design.save_sheet(committee, evaluation, "评议", "grades",
                      {"satisfied": 95, "basically_satisfied": 75, "dissatisfied": 40})
    assert evaluation.sheet_form == "grades" and evaluation.grade_points == {
        "satisfied": 95, "basically_satisfied": 75, "dissatisfied": 40}


def test_collection_starts_only_when_the_weights_add_up(world):
    evaluation = make_evaluation(world)
    committee = world.users["committee"]
    design.remove_part(committee, evaluation, evaluation.groups[-1])
    refused("weights_not_full", design.start_collection, committee, evaluation)
    assert evaluation.status == "design"


def test_once_collecting_every_edit_is_refused_and_changes_nothing(world):
    evaluation = make_evaluation(world, collecting=True)
    committee, version = world.users["committee"], evaluation.version
    group, indicator, question = evaluation.groups[0], evaluation.indicators[0], \
        evaluation.questions[0]
    refused("design_frozen", design.save_group, committee, evaluation, group,
            GroupFields("代表", 100, []))
    refused("design_frozen", design.save_weights, committee, evaluation, {group.id: 100})
    refused("design_frozen", design.save_indicator, committee, evaluation, indicator, "法治", 50)
    refused("design_frozen", design.save_question, committee, evaluation, question, "text",
            "改", [])
    refused("design_frozen", design.save_sheet, committee, evaluation, "改", "grades",
            evaluation.grade_points)
    refused("design_frozen", design.remove_part, committee, evaluation, indicator)
    refused("design_frozen", design.start_collection, committee, evaluation)
    db.session.expire_all()
    assert (group.name, group.weight, len(group.units)) == ("市级以上人大代表", 40, 3)
    assert (indicator.name, indicator.max_points, len(evaluation.indicators)) == ("依法行政", 30, 4)
    assert evaluation.version == version and evaluation.status == "collecting"


def test_closing_ends_collection(world):
    evaluation = make_evaluation(world, collecting=True)
    design.close_collection(world.users["committee"], evaluation)
    assert evaluation.status == "closed"
    refused("not_collecting", design.close_collection, world.users["committee"], evaluation)
