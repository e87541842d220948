"""The rater's side: a one-time code opens the group's sheet (no account), one page per
unit in the official order with progress, drafts kept on the server against the code,
the questionnaire, submitting once. Used, unknown and closed codes get a message and
change nothing; wrong codes are throttled; and the submitted sheet cannot be traced back
to its code — not by any column, any row or any log line."""

from __future__ import annotations

import logging
import re

import pytest
from evaluation_world import make_evaluation
from sqlalchemy import func, inspect, select, text

from conftest import csrf_token
from rectify.extensions import db
from rectify.models import (
    Indicator,
    RaterCode,
    RaterDraft,
    RatingSheet,
    SheetAnswer,
    SheetScore,
)
from rectify.services.evaluation import codes as code_service
from rectify.services.evaluation import design

SHEET_TABLES = ("rating_sheet", "sheet_score", "sheet_answer")
CODE_TABLES = ("rater_code", "rater_draft")


@pytest.fixture
def collecting(world):
    """A collecting evaluation; the deputies' group (units a, b, c) has three codes."""
    evaluation = make_evaluation(world)
    codes = code_service.issue_codes(world.users["committee"], evaluation.groups[0], 3)
    design.start_collection(world.users["committee"], evaluation)
    return evaluation, codes


def rater(app, code: str):
    client = app.test_client()
    response = client.post("/rate/", data={"code": code.lower(),
                                           "csrf_token": csrf_token(client, "/rate/")})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def score_unit(client, number: int, points=(28, 26, 18, 19)):
    indicator_ids = db.session.scalars(select(Indicator.id).order_by(Indicator.id))
    fields = [f"points-{i}" for i in indicator_ids]
    data = dict(zip(fields, map(str, points), strict=True))
    return client.post(f"/rate/units/{number}",
                       data={**data, "csrf_token": csrf_token(client, f"/rate/units/{number}")})


def fill_and_submit(client, evaluation, world):
    for number in (1, 2, 3):
        assert score_unit(client, number).status_code == 302
    single, units, free = evaluation.questions
    response = client.post("/rate/questions", data={
        f"q-{single.id}": "1", f"q-{units.id}": [str(world.units["b"].id)],
        f"q-{free.id}": "窗口服务要再提速", "csrf_token": csrf_token(client, "/rate/questions")})
    assert response.headers["Location"].endswith("/rate/review")
    response = client.post("/rate/submit", data={"csrf_token": csrf_token(client, "/rate/review")})
    assert response.headers["Location"].endswith("/rate/done")


def test_a_rater_fills_every_unit_and_the_questionnaire_and_submits_once(app, world, collecting):
    evaluation, codes = collecting
    client = rater(app, codes[0])
    page = client.get("/rate/units/1").get_data(as_text=True)
    # With no official order numbers set, units come by pinyin: 丙 (bing), 甲, 乙.
    assert "第 1 / 3 个单位" in page and "依法行政" in page and "市丙局" in page
    fill_and_submit(client, evaluation, world)
    sheet = db.session.scalar(select(RatingSheet))
    assert sheet.rater_group_id == evaluation.groups[0].id
    assert db.session.scalar(select(func.count()).select_from(SheetScore)) == 3 * 4
    assert sorted(db.session.execute(select(SheetAnswer.choice, SheetAnswer.text)).all()) == \
        sorted([(1, None), (world.units["b"].id, None), (0, "窗口服务要再提速")])
    assert db.session.scalar(select(func.count()).select_from(RaterDraft)) == 0
    used = db.session.scalars(select(RaterCode.used).order_by(RaterCode.id)).all()
    assert sorted(used) == [False, False, True]
    again = rater_refused(app, codes[0])
    assert "该评议码已使用" in again
    assert db.session.scalar(select(func.count()).select_from(RatingSheet)) == 1


def rater_refused(app, code: str) -> str:
    client = app.test_client()
    response = client.post("/rate/", data={"code": code,
                                           "csrf_token": csrf_token(client, "/rate/")})
    assert response.status_code in (200, 429)
    assert "rater_code" not in (client.get_cookie("session").value if
                                client.get_cookie("session") else "")
    return response.get_data(as_text=True)


def test_units_come_in_the_official_order(app, world, collecting):
    world.units["b"].position, world.units["a"].position, world.units["c"].position = 1, 2, 3
    db.session.commit()
    client = rater(app, collecting[1][0])
    names = [client.get(f"/rate/units/{n}").get_data(as_text=True).split('unit-name">')[1]
             .split("<")[0] for n in (1, 2, 3)]
    assert names == ["市乙局", "市甲局", "市丙局"]


def test_the_draft_is_kept_on_the_server_against_the_code(app, world, collecting):
    code = collecting[1][1]
    assert score_unit(rater(app, code), 1, (30, 30, 20, 17)).status_code == 302
    later = rater(app, code)  # another phone, the same code
    page = later.get("/rate/units/1").get_data(as_text=True)
    last = db.session.scalar(select(func.max(Indicator.id)))
    assert re.search(rf'name="points-{last}" [^>]*value="17"', page)


def test_points_beyond_the_maximum_are_refused_and_nothing_is_saved(app, world, collecting):
    client = rater(app, collecting[1][0])
    response = score_unit(client, 1, (31, 30, 20, 20))
    assert response.status_code == 400
    assert "分数须为 0 至该指标满分之间的整数" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(RaterDraft)) == 0


def test_a_post_without_csrf_token_saves_nothing(app, world, collecting):
    client = rater(app, collecting[1][0])
    client.post("/rate/units/1", data={f"points-{i}": "10" for i in
                                       db.session.scalars(select(Indicator.id))})
    assert db.session.scalar(select(func.count()).select_from(RaterDraft)) == 0


def test_an_incomplete_sheet_is_not_submitted_and_the_code_stays_unused(app, world, collecting):
    client = rater(app, collecting[1][0])
    score_unit(client, 1)
    review = client.get("/rate/review").get_data(as_text=True)
    assert "请为每项指标打分" in review and "请回答此题" in review
    client.post("/rate/submit", data={"csrf_token": csrf_token(client, "/rate/units/1")})
    assert db.session.scalar(select(func.count()).select_from(RatingSheet)) == 0
    assert not any(db.session.scalars(select(RaterCode.used)))


def test_unknown_and_closed_codes_open_nothing(app, world, collecting):
    evaluation, codes = collecting
    assert "评议码无效" in rater_refused(app, "ZZZZ-ZZZZ")
    client = rater(app, codes[0])
    design.close_collection(world.users["committee"], evaluation)
    assert "当前不在收集评议表" in client.get("/rate/units/1").get_data(as_text=True)
    assert "当前不在收集评议表" in rater_refused(app, codes[1])


def test_a_code_does_not_open_before_collection_starts(app, world):
    evaluation = make_evaluation(world)
    code = code_service.issue_codes(world.users["committee"], evaluation.groups[0], 1)[0]
    assert "当前不在收集评议表" in rater_refused(app, code)


def test_wrong_codes_are_throttled_like_sign_ins(app, world, collecting):
    client = app.test_client()
    token = csrf_token(client, "/rate/")
    statuses = [client.post("/rate/", data={"code": f"WRONG{n}", "csrf_token": token}).status_code
                for n in range(7)]
    assert statuses[:5] == [200] * 5 and statuses[-1] == 429
    blocked = client.post("/rate/", data={"code": collecting[1][0], "csrf_token": token})
    assert blocked.status_code == 429 and "输错评议码次数过多" in blocked.get_data(as_text=True)


def test_the_rater_pages_are_not_cached(app, world, collecting):
    assert rater(app, collecting[1][0]).get("/rate/units/1").headers["Cache-Control"] == \
        "no-store"


def test_a_grade_sheet_takes_one_grade_per_unit(app, world):
    evaluation = make_evaluation(world, sheet_form="grades")
    code = code_service.issue_codes(world.users["committee"], evaluation.groups[3], 1)[0]
    design.start_collection(world.users["committee"], evaluation)
    client = rater(app, code)
    assert "第 1 / 2 个单位" in client.get("/rate/units/1").get_data(as_text=True)
    for number, grade in ((1, "satisfied"), (2, "dissatisfied")):
        client.post(f"/rate/units/{number}", data={
            "grade": grade, "csrf_token": csrf_token(client, f"/rate/units/{number}")})
    single = evaluation.questions[0]
    client.post("/rate/questions", data={f"q-{single.id}": "0",
                                         "csrf_token": csrf_token(client, "/rate/questions")})
    client.post("/rate/submit", data={"csrf_token": csrf_token(client, "/rate/review")})
    assert sorted(db.session.execute(select(SheetScore.grade, SheetScore.points)).all()) == [
        ("dissatisfied", 60), ("satisfied", 100)]


def test_the_committee_sees_how_many_codes_were_used(app, world, collecting, login):
    evaluation, codes = collecting
    fill_and_submit(rater(app, codes[2]), evaluation, world)
    counts = code_service.code_counts([g.id for g in evaluation.groups])
    assert (counts[evaluation.groups[0].id].issued, counts[evaluation.groups[0].id].used) == (3, 1)
    assert counts[evaluation.groups[1].id].issued == 0


# Anonymity -----------------------------------------------------------------------------

def test_no_column_relates_sheets_to_codes(app):
    schema = inspect(db.engine)
    for table in SHEET_TABLES:
        assert not {fk["referred_table"] for fk in schema.get_foreign_keys(table)} & \
            set(CODE_TABLES), table
        assert not any("code" in column["name"] for column in schema.get_columns(table))
    for table in CODE_TABLES:
        assert not {fk["referred_table"] for fk in schema.get_foreign_keys(table)} & \
            set(SHEET_TABLES), table
    # No time on either side: the order of use cannot be matched to the order of sheets.
    assert {c["name"] for c in schema.get_columns("rating_sheet")} == {"id", "rater_group_id"}
    assert {c["name"] for c in schema.get_columns("rater_code")} == {
        "id", "rater_group_id", "code_hash", "used"}


def every_value() -> list[tuple[str, str, str]]:
    """(table, column, value as text) of every stored value of every table."""
    found = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(text(f'SELECT * FROM "{table.name}"')).mappings():
            found.extend((table.name, column, str(value)) for column, value in row.items()
                         if value is not None)
    return found


def test_after_submission_nothing_stored_or_logged_links_the_sheet_to_its_code(
        app, world, collecting, caplog):
    evaluation, codes = collecting
    code = codes[0]
    caplog.set_level(logging.DEBUG)
    fill_and_submit(rater(app, code), evaluation, world)
    sheet = db.session.scalar(select(RatingSheet))
    code_row = db.session.scalar(select(RaterCode).where(
        RaterCode.code_hash == code_service.code_hash(code)))
    assert code_row.used
    values = every_value()
    plain = {code, code.replace("-", ""), code_service.shown(code)}
    # The code itself is stored nowhere; its hash only in its own row.
    assert not [v for v in values if any(p in v[2] for p in plain)]
    assert [v[:2] for v in values if code_row.code_hash in v[2]] == [("rater_code", "code_hash")]
    # The sheet's id is nowhere but in the sheet's own rows, and no sheet row holds the
    # code row's id, hash or draft.
    assert {v[0] for v in values if sheet.id in v[2]} == set(SHEET_TABLES)
    assert db.session.get(RaterDraft, code_row.id) is None
    for table in SHEET_TABLES:
        columns = {c["name"] for c in inspect(db.engine).get_columns(table)}
        assert not columns & {"code_id", "rater_code_id", "code_hash"}
    logged = [record.getMessage() for record in caplog.records]
    assert not [line for line in logged if any(p in line for p in plain) or sheet.id in line]
