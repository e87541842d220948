"""The committee's evaluation pages: the list, creating a campaign's evaluation, designing
groups, weights, indicators, grade points and questions, starting collection (which
freezes the design), and issuing codes whose slips show once. Leaders read; department
liaisons are refused."""

from __future__ import annotations

import re
from datetime import date

from evaluation_world import make_evaluation
from sqlalchemy import func, select

from conftest import csrf_token
from rectify.extensions import db
from rectify.models import Campaign, Evaluation, Indicator, RaterCode, RaterGroup


def post(client, url: str, data: dict, page: str | None = None):
    return client.post(url, data={**data, "csrf_token": csrf_token(client, page or url)})


def test_the_committee_creates_an_evaluation_for_a_campaign(world, login):
    committee = login("committee")
    response = post(committee, "/evaluations/new", {
        "campaign_id": world.campaign.id, "title": "2026年度评议", "sheet_form": "grades"})
    evaluation = db.session.scalar(select(Evaluation))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/evaluations/{evaluation.id}")
    assert (evaluation.title, evaluation.sheet_form, evaluation.status) == \
        ("2026年度评议", "grades", "design")
    page = committee.get("/evaluations/").get_data(as_text=True)
    assert "2026年度评议" in page and "分项指标打分" not in page and "等次（满意" in page


def test_the_design_page_shows_groups_weights_indicators_and_questions(world, login):
    evaluation = make_evaluation(world)
    page = login("leader").get(f"/evaluations/{evaluation.id}").get_data(as_text=True)
    for text in ("市级以上人大代表", "40%", "依法行政", "存在以罚代纠问题的单位有", "设计中"):
        assert text in page
    assert "weight-" not in page  # leaders read, they get no form


def test_departments_never_see_the_design(world, login):
    evaluation = make_evaluation(world)
    client = login("dept-a")
    assert client.get("/evaluations/").status_code == 403
    assert client.get(f"/evaluations/{evaluation.id}").status_code == 403


def test_a_group_is_edited_with_its_units(world, login):
    evaluation = make_evaluation(world)
    group = evaluation.groups[3]
    url = f"/evaluations/{evaluation.id}/groups/{group.id}"
    response = post(login("committee"), url, {"name": "被评议单位主要负责同志", "weight": "20",
                                              "unit_ids": [world.units["c"].id]})
    assert response.status_code == 302
    db.session.expire_all()
    assert [u.code for u in db.session.get(RaterGroup, group.id).units] == ["c"]


def test_weights_that_do_not_add_up_are_refused_with_the_total(world, login):
    evaluation = make_evaluation(world)
    client = login("committee")
    weights = {f"weight-{g.id}": w for g, w in zip(evaluation.groups, (50, 20, 20, 20),
                                                    strict=True)}
    response = post(client, f"/evaluations/{evaluation.id}/weights", weights,
                    f"/evaluations/{evaluation.id}")
    assert response.status_code == 302
    page = client.get(f"/evaluations/{evaluation.id}").get_data(as_text=True)
    assert "权重合计为 110%" in page
    db.session.expire_all()
    assert [g.weight for g in db.session.scalars(select(RaterGroup).order_by(RaterGroup.id))] \
        == [40, 20, 20, 20]


def test_indicators_and_questions_are_added(world, login):
    evaluation = make_evaluation(world)
    client = login("committee")
    assert post(client, f"/evaluations/{evaluation.id}/indicators/new",
                {"name": "工作效能", "max_points": "10"}).status_code == 302
    assert post(client, f"/evaluations/{evaluation.id}/questions/new", {
        "kind": "multiple", "text": "您反映的问题有", "options": "吃拿卡要\n乱收费\n门难进"}
        ).status_code == 302
    bad = post(client, f"/evaluations/{evaluation.id}/questions/new",
               {"kind": "single", "text": "只有一个选项", "options": "是"})
    assert bad.status_code == 200 and "选择题至少需要两个选项" in bad.get_data(as_text=True)
    db.session.expire_all()
    evaluation = db.session.get(Evaluation, evaluation.id)
    assert [i.name for i in evaluation.indicators][-1] == "工作效能"
    assert evaluation.questions[-1].options == ["吃拿卡要", "乱收费", "门难进"]
    assert len(evaluation.questions) == 4


def test_starting_collection_freezes_the_design_pages(world, login):
    evaluation = make_evaluation(world)
    client = login("committee")
    url = f"/evaluations/{evaluation.id}"
    assert post(client, f"{url}/start", {"confirmed": "y"}, url).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "收集中" in page and "weight-" not in page
    indicator = evaluation.indicators[0]
    response = post(client, f"{url}/indicators/{indicator.id}",
                    {"name": "改名", "max_points": "30"}, url)
    assert "评议已开始收集，设计不能再修改" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Indicator, indicator.id).name == "依法行政"


def test_issued_codes_show_once_as_slips_and_only_their_hashes_are_kept(world, login):
    evaluation = make_evaluation(world)
    group = evaluation.groups[0]
    client = login("committee")
    url = f"/evaluations/{evaluation.id}"
    response = post(client, f"{url}/groups/{group.id}/codes", {"count": "10"}, url)
    page = response.get_data(as_text=True)
    codes = re.findall(r'<p class="code">([A-Z0-9]{4}-[A-Z0-9]{4})</p>', page)
    assert len(set(codes)) == 10 and page.count("<svg") == 10
    assert '<p class="url">http://localhost/rate/</p>' in page
    hashes = set(db.session.scalars(select(RaterCode.code_hash)))
    assert len(hashes) == 10 and not any(code.replace("-", "") in h for code in codes
                                          for h in hashes)
    detail = client.get(url).get_data(as_text=True)
    assert not any(code in detail for code in codes)
    row = re.search(r"市级以上人大代表.*?</tr>", detail, re.S).group(0)
    assert re.findall(r'<td class="num">(\d+)</td>', row) == ["10", "0"]
    assert db.session.scalar(select(func.count(RaterCode.id))) == 10


def test_a_batch_out_of_range_issues_nothing(world, login):
    evaluation = make_evaluation(world)
    url = f"/evaluations/{evaluation.id}"
    response = post(login("committee"), f"{url}/groups/{evaluation.groups[0].id}/codes",
                    {"count": "0"}, url)
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(RaterCode.id))) == 0


def test_another_evaluations_parts_are_not_found_here(world, login):
    evaluation = make_evaluation(world)
    other_campaign = Campaign(title="另一轮评议", year=2027, default_due_date=date(2027, 8, 1),
                              code_prefix="O27")
    db.session.add(other_campaign)
    other = make_evaluation(world, campaign=other_campaign)
    client = login("committee")
    assert client.get(f"/evaluations/{evaluation.id}/indicators/{other.indicators[0].id}"
                      ).status_code == 404
    response = post(client, f"/evaluations/{evaluation.id}/groups/{other.groups[0].id}/codes",
                    {"count": "5"}, f"/evaluations/{evaluation.id}")
    assert response.status_code == 404
    assert db.session.scalar(select(func.count(RaterCode.id))) == 0
