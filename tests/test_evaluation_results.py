"""Results per unit in SQL: each rater group's average, the weighted score across groups
(a group without sheets for a unit left out), per-indicator scores, the grade by the
thresholds of the settings, the rank, 满意率 and valid/invalid sheets; and the results
page for the committee and leaders."""

from __future__ import annotations

import pytest
from evaluation_world import file_sheet, make_evaluation

from rectify.services.evaluation import codes as code_service
from rectify.services.evaluation import design, rating
from rectify.services.evaluation.results import results_of

FULL, GOOD, FAIR = (30, 30, 20, 20), (20, 20, 20, 20), (20, 20, 15, 15)


@pytest.fixture
def scored(world):
    evaluation = make_evaluation(world, collecting=True)
    deputies, towns, firms, peers = evaluation.groups
    file_sheet(world, deputies, {"a": FULL, "b": (20, 20, 10, 10), "c": FULL})
    file_sheet(world, deputies, {"a": (25, 25, 15, 15), "b": (20, 20, 10, 10), "c": FULL})
    for group in (towns, firms):
        file_sheet(world, group, {"a": GOOD, "b": FAIR, "c": (30, 30, 15, 15)})
    file_sheet(world, peers, {"a": FULL, "b": (10, 20, 10, 10)})  # peers rate a and b only
    return evaluation


def by_code(results) -> dict:
    return {result.unit.code: result for result in results.units}


def test_weighted_scores_grades_and_ranks(world, scored):
    results = results_of(scored)
    units = by_code(results)
    assert units["a"].score == pytest.approx(88.0)   # (90·40 + 80·20 + 80·20 + 100·20) / 100
    assert units["b"].score == pytest.approx(62.0)
    assert units["c"].score == pytest.approx(95.0)   # no peer sheet: (100·40 + 90·20·2) / 80
    assert [(r.unit.code, r.rank, r.grade) for r in results.units] == [
        ("c", 1, "satisfied"), ("a", 2, "basically_satisfied"), ("b", 3, "dissatisfied")]
    deputies = scored.groups[0].id
    assert units["a"].by_group[deputies] == pytest.approx(90.0)


def test_indicator_scores_are_weighted_like_the_totals(world, scored):
    first = scored.indicators[0].id  # 依法行政: deputies 27.5, towns 20, firms 20, peers 30
    assert by_code(results_of(scored))["a"].by_indicator[first] == pytest.approx(25.0)


def test_satisfaction_rate_counts_each_sheets_grade(world, scored):
    units = by_code(results_of(scored))
    assert units["a"].satisfaction_rate == 1.0
    assert units["b"].grades == {"satisfied": 0, "basically_satisfied": 2, "dissatisfied": 3}
    assert units["b"].satisfaction_rate == pytest.approx(0.4)


def test_thresholds_are_settings(app, world, scored):
    app.config["EVALUATION_THRESHOLDS"] = {"satisfied": 85, "basically_satisfied": 60}
    units = by_code(results_of(scored))
    assert (units["a"].grade, units["b"].grade) == ("satisfied", "basically_satisfied")


def test_sheets_grading_every_unit_satisfied_are_invalid_by_setting(app, world, scored):
    towns = scored.groups[1]
    file_sheet(world, towns, {"a": FULL, "b": FULL, "c": FULL})
    counted = results_of(scored)
    assert counted.valid_sheets[towns.id] == 2 and counted.invalid_sheets[towns.id] == 0
    app.config["EVALUATION_ALL_SATISFIED_INVALID"] = True
    results = results_of(scored)
    assert results.valid_sheets[towns.id] == 1 and results.invalid_sheets[towns.id] == 1
    assert by_code(results)["b"].score == pytest.approx(62.0)  # as without that sheet
    assert by_code(counted)["b"].score != pytest.approx(62.0)


def test_a_unit_without_sheets_has_no_score_and_no_rank(world):
    evaluation = make_evaluation(world, collecting=True)
    results = results_of(evaluation)
    assert [(r.score, r.rank, r.grade, r.satisfaction_rate) for r in results.units] == \
        [(None, None, None, None)] * 3
    assert set(results.valid_sheets.values()) == {0}


def test_a_grade_sheet_scores_the_grades_points(world):
    evaluation = make_evaluation(world, sheet_form="grades")
    design.start_collection(world.users["committee"], evaluation)
    deputies = evaluation.groups[0]
    for grade in ("satisfied", "basically_satisfied"):
        code = rating.open_code(code_service.issue_codes(world.users["committee"],
                                                         deputies, 1)[0])
        for unit in world.units.values():
            rating.save_unit(code, unit.id, {0: grade})
        rating.save_answers(code, {evaluation.questions[0].id: 1})
        rating.submit(code)
    unit_a = by_code(results_of(evaluation))["a"]
    assert unit_a.score == pytest.approx(90.0)  # (100 + 80) / 2; the only group with sheets
    assert unit_a.grades["satisfied"] == 1 and unit_a.satisfaction_rate == 1.0


def test_the_results_page_ranks_the_units(world, scored, login):
    page = login("leader").get(f"/evaluations/{scored.id}/results").get_data(as_text=True)
    assert page.index("市丙局") < page.index("市甲局") < page.index("市乙局")
    assert "88.0" in page and "基本满意" in page and "40.0%" in page
    assert login("dept-a").get(f"/evaluations/{scored.id}/results").status_code == 403
