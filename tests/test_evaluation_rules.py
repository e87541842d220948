"""The pure rules of an evaluation (rectify.evaluation_rules): weights adding up to 100%,
the design frozen once collection starts, what starting needs, a sheet complete and
valid, grades from score thresholds, weighted scores across rater groups."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from rectify import evaluation_rules as rules
from rectify.evaluation_rules import (
    DesignFacts,
    EvaluationError,
    GroupFacts,
    QuestionFacts,
    SheetDesign,
)

FOUR_GROUPS = (GroupFacts("市级以上人大代表", 40, 44),
               GroupFacts("镇党委政府与街区党工委办事处", 20, 44),
               GroupFacts("大中型企业负责人", 20, 44), GroupFacts("被评议单位主要负责同志", 20, 44))
# 依法行政 30, 服务质量 30, 作风建设 20, 廉政 20 (indicator ids 1-4); units 11 and 12.
INDICATOR_SHEET = SheetDesign(rules.INDICATORS, (11, 12), {1: 30, 2: 30, 3: 20, 4: 20},
                              (QuestionFacts(7, rules.SINGLE, 3), QuestionFacts(8, rules.UNITS),
                               QuestionFacts(9, rules.MULTIPLE, 4), QuestionFacts(10, rules.TEXT)))
FULL = {1: 30, 2: 25, 3: 20, 4: 18}


def refused(code: str, check, *args) -> None:
    with pytest.raises(EvaluationError) as error:
        check(*args)
    assert error.value.code == code


def test_weights_must_add_up_to_100_percent():
    rules.check_weights([40, 20, 20, 20])
    refused("weights_not_full", rules.check_weights, [40, 20, 20, 10])
    refused("weights_not_full", rules.check_weights, [40, 20, 20, 30])
    refused("weight_out_of_range", rules.check_weights, [120, -20])


@pytest.mark.parametrize("status", [rules.COLLECTING, rules.CLOSED])
def test_the_design_is_frozen_once_collection_starts(status):
    rules.check_editable(rules.DESIGN)
    refused("design_frozen", rules.check_editable, status)
    refused("design_frozen", rules.check_may_start,
            DesignFacts(status, rules.INDICATORS, FOUR_GROUPS, 4))


def test_collection_starts_from_a_complete_design():
    rules.check_may_start(DesignFacts(rules.DESIGN, rules.INDICATORS, FOUR_GROUPS, 4))
    rules.check_may_start(DesignFacts(rules.DESIGN, rules.GRADES, FOUR_GROUPS, 0))
    refused("no_groups", rules.check_may_start, DesignFacts(rules.DESIGN, rules.GRADES, (), 0))
    refused("weights_not_full", rules.check_may_start,
            DesignFacts(rules.DESIGN, rules.GRADES, FOUR_GROUPS[:3], 0))
    refused("no_indicators", rules.check_may_start,
            DesignFacts(rules.DESIGN, rules.INDICATORS, FOUR_GROUPS, 0))
    empty = (GroupFacts("代表", 100, 0),)
    refused("group_without_units", rules.check_may_start,
            DesignFacts(rules.DESIGN, rules.GRADES, empty, 0))


def test_only_a_collecting_evaluation_opens_sheets_or_closes():
    assert [rules.may_collect(s) for s in rules.STATUSES] == [False, True, False]
    rules.check_may_close(rules.COLLECTING)
    refused("not_collecting", rules.check_may_close, rules.DESIGN)


def test_grade_points_fall_from_satisfied_to_dissatisfied():
    rules.check_grade_points({"satisfied": 100, "basically_satisfied": 80, "dissatisfied": 60})
    refused("grade_points_order", rules.check_grade_points,
            {"satisfied": 80, "basically_satisfied": 80, "dissatisfied": 60})
    refused("grade_points_order", rules.check_grade_points,
            {"satisfied": 100, "basically_satisfied": 80, "dissatisfied": -1})


def test_choice_questions_need_options_and_the_others_none():
    rules.check_question(rules.SINGLE, ["好", "一般"])
    rules.check_question(rules.UNITS, [])
    refused("question_options", rules.check_question, rules.MULTIPLE, ["只有一个"])
    refused("question_no_options", rules.check_question, rules.TEXT, ["多余"])
    refused("question_kind", rules.check_question, "rank", [])


def test_a_complete_sheet_has_no_problem():
    scores = {11: FULL, 12: {1: 0, 2: 30, 3: 20, 4: 20}}
    answers = {7: 2, 8: [12], 9: [0, 3], 10: "窗口服务态度需改进"}
    assert rules.sheet_problems(INDICATOR_SHEET, scores, answers) == []
    assert rules.sheet_problems(INDICATOR_SHEET, scores, {7: 0}) == []  # the rest optional


def test_each_gap_of_a_sheet_is_named():
    scores = {11: {**FULL, 4: 21}, 13: FULL}
    answers = {8: [13], 9: [4], 10: "x" * 2001}
    assert rules.sheet_problems(INDICATOR_SHEET, scores, answers) == [
        ("points_out_of_range", 11), ("unit_unscored", 12), ("unit_not_rated_by_group", 0),
        ("question_unanswered", 7), ("answer_invalid", 8), ("answer_invalid", 9),
        ("answer_invalid", 10)]


def test_an_indicator_left_out_leaves_the_unit_unscored():
    assert rules.unit_problem(INDICATOR_SHEET, {1: 30, 2: 30, 3: 20}) == "unit_unscored"
    assert rules.unit_problem(INDICATOR_SHEET, {1: 30, 2: 30, 3: 20, 4: "20"}) == \
        "points_out_of_range"


def test_a_grade_sheet_takes_one_of_the_three_grades():
    design = SheetDesign(rules.GRADES, (11,))
    assert rules.unit_problem(design, {rules.GRADE_KEY: "basically_satisfied"}) is None
    assert rules.unit_problem(design, {rules.GRADE_KEY: "excellent"}) == "grade_invalid"
    assert rules.unit_problem(design, {}) == "unit_unscored"


@pytest.mark.parametrize("score, grade", [
    (95, "satisfied"), (90, "satisfied"), (89.9, "basically_satisfied"),
    (70, "basically_satisfied"), (69.99, "dissatisfied")])
def test_a_score_earns_its_grade_by_thresholds(score, grade):
    assert rules.grade_for(score, {"satisfied": 90, "basically_satisfied": 70}) == grade


def test_the_weighted_score_leaves_out_a_group_without_sheets():
    weights = {"代表": 40, "镇街": 20, "企业": 20, "单位": 20}
    scores = {"代表": 90.0, "镇街": 80.0, "企业": 70.0, "单位": 100.0}
    assert rules.weighted_score(scores, weights) == pytest.approx(86.0)
    assert rules.weighted_score({**scores, "企业": None}, weights) == pytest.approx(90.0)
    assert rules.weighted_score(dict.fromkeys(weights), weights) is None


def test_the_rules_module_imports_neither_flask_nor_sqlalchemy():
    source = Path(rules.__file__).read_text(encoding="utf-8")
    imported = {node.module or "" for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(ast.parse(source))
                 if isinstance(node, ast.Import) for alias in node.names}
    assert not {name for name in imported if name.split(".")[0] in ("flask", "sqlalchemy",
                                                                    "flask_sqlalchemy")}
