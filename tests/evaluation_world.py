"""An evaluation of the test world's campaign for the evaluation tests: the report's four
rater groups (40/20/20/20), its four indicators and a short questionnaire."""

from __future__ import annotations

from rectify.extensions import db
from rectify.models import Campaign, Evaluation
from rectify.services.evaluation import codes as code_service
from rectify.services.evaluation import design, rating
from rectify.services.evaluation.design import GroupFields

GROUPS = (("市级以上人大代表", 40), ("镇党委政府与街区党工委办事处", 20), ("大中型企业负责人", 20),
          ("被评议单位主要负责同志", 20))
INDICATORS = (("依法行政", 30), ("服务质量", 30), ("作风建设", 20), ("廉政", 20))


def make_evaluation(world, sheet_form: str = "indicators", collecting: bool = False,
                    campaign: Campaign | None = None) -> Evaluation:
    """The world's campaign (or ``campaign``) evaluating units a, b and c; the peer-unit
    group rates a and b."""
    committee = world.users["committee"]
    campaign = campaign or world.campaign
    campaign.units = list(world.units.values())
    db.session.commit()
    evaluation = design.create_evaluation(committee, campaign, "2026年度民主评议", sheet_form)
    for name, weight in GROUPS:
        units = list(world.units.values())
        design.save_group(committee, evaluation, None,
                          GroupFields(name, weight, units[:2] if weight == 20 and
                                      name.startswith("被评议") else units))
    for name, points in INDICATORS:
        design.save_indicator(committee, evaluation, None, name, points)
    design.save_question(committee, evaluation, None, "single", "您对被评议单位总体评价",
                         ["满意", "基本满意", "不满意"])
    design.save_question(committee, evaluation, None, "units", "存在以罚代纠问题的单位有", [])
    design.save_question(committee, evaluation, None, "text", "意见和建议", [])
    if collecting:
        design.start_collection(committee, evaluation)
    return evaluation


def file_sheet(world, group, by_unit: dict[str, tuple[int, ...]]) -> None:
    """Fill and submit one indicator sheet of ``group`` through the rating service: the
    points per unit code, and the first option of the first question."""
    code = rating.open_code(code_service.issue_codes(world.users["committee"], group, 1)[0])
    indicators = [i.id for i in group.evaluation.indicators]
    for unit_code, points in by_unit.items():
        assert rating.save_unit(code, world.units[unit_code].id,
                                dict(zip(indicators, points, strict=True))) is None
    rating.save_answers(code, {group.evaluation.questions[0].id: 0})
    rating.submit(code)
