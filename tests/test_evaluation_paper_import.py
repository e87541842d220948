"""Collecting paper scoring sheets: the committee downloads a rater group's template (one
row per paper sheet, a sheet-number column, one column per unit × indicator or per unit,
drop-downs and whole-number ranges), types the sheets in and imports them all or
nothing, with each bad cell reported at its row and column. A sheet number the group
already has replaces that sheet; paper sheets are the same anonymous rows online sheets
are, so they add up; nothing is imported unless the evaluation collects sheets."""

from __future__ import annotations

import io

import pytest
from evaluation_world import make_evaluation
from openpyxl import load_workbook
from sqlalchemy import func, inspect, select

from conftest import csrf_token
from rectify.extensions import db
from rectify.models import PaperSheet, RatingSheet, SheetScore
from rectify.services.evaluation import codes as code_service
from rectify.services.evaluation import design, rating

GOOD = (28, 26, 18, 19)  # 依法行政 30, 服务质量 30, 作风建设 20, 廉政 20


@pytest.fixture
def collecting(world):
    return make_evaluation(world, collecting=True)


def template(client, evaluation, group_number: int = 0):
    group = evaluation.groups[group_number]
    response = client.get(f"/evaluations/{evaluation.id}/groups/{group.id}/paper-template.xlsx")
    assert response.status_code == 200, response.get_data(as_text=True)
    return load_workbook(io.BytesIO(response.data))


def filled(book, *rows) -> bytes:
    sheet = book.worksheets[0]
    for cells in rows:
        sheet.append(list(cells))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, evaluation, content: bytes, group_number: int = 0):
    url = f"/evaluations/{evaluation.id}/paper"
    return client.post(url, data={
        "csrf_token": csrf_token(client, url), "group_id": evaluation.groups[group_number].id,
        "file": (io.BytesIO(content), "纸质评议表.xlsx")}, content_type="multipart/form-data")


def row(number, points=GOOD, units: int = 3):
    return (number, *(points * units))


def sheet_count() -> int:
    return db.session.scalar(select(func.count(RatingSheet.id)))


def test_the_template_has_a_sheet_number_and_a_column_per_unit_and_indicator(
        world, login, collecting):
    for code, position in (("a", 2), ("b", 1), ("c", 3)):  # the official order: b, a, c
        world.units[code].position = position
    db.session.commit()
    sheet = template(login("committee"), collecting).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:6] == ["表号", "市乙局 · 依法行政（30分）", "市乙局 · 服务质量（30分）",
                           "市乙局 · 作风建设（20分）", "市乙局 · 廉政（20分）",
                           "市甲局 · 依法行政（30分）"]
    assert len(headers) == 1 + 3 * 4 and headers[-1] == "市丙局 · 廉政（20分）"
    ranges = {(v.type, v.formula1, v.formula2): str(v.sqref)
              for v in sheet.data_validations.dataValidation}
    assert ranges[("whole", "1", "999999")] == "A2:A5000"
    assert ranges[("whole", "0", "30")].split() == ["B2:B5000", "C2:C5000", "F2:F5000",
                                                    "G2:G5000", "J2:J5000", "K2:K5000"]
    assert "M2:M5000" in ranges[("whole", "0", "20")].split()


def test_a_group_rating_fewer_units_gets_only_their_columns(world, login, collecting):
    headers = [c.value for c in template(login("committee"), collecting, 3).worksheets[0][1]]
    assert len(headers) == 1 + 2 * 4 and not any("市丙局" in str(h) for h in headers)


def test_the_grade_form_template_offers_the_grades_as_a_drop_down(world, login):
    evaluation = make_evaluation(world, "grades", collecting=True)
    book = template(login("committee"), evaluation)
    sheet, values = book.worksheets
    assert [c.value for c in sheet[1]] == ["表号", "市丙局", "市甲局", "市乙局"]  # pinyin
    (grades,) = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert grades.formula1 == f"'{values.title}'!$A$2:$A$4"
    assert str(grades.sqref).split() == ["B2:B5000", "C2:C5000", "D2:D5000"]
    assert [values.cell(r, 1).value for r in (2, 3, 4)] == ["满意", "基本满意", "不满意"]


def test_a_good_file_is_stored_as_anonymous_paper_sheets(world, login, collecting):
    client = login("committee")
    content = filled(template(client, collecting), row(1), row(2, (30, 30, 20, 20)))
    response = upload(client, collecting, content)
    assert response.status_code == 200
    assert "已导入 2 份纸质评议表" in response.get_data(as_text=True)
    group = collecting.groups[0]
    assert sorted(db.session.scalars(select(PaperSheet.number))) == [1, 2]
    assert sheet_count() == 2
    unit_a = world.units["a"].id
    points = db.session.scalars(select(SheetScore.points).where(SheetScore.unit_id == unit_a))
    assert sorted(points) == sorted([*GOOD, 30, 30, 20, 20])
    assert db.session.scalar(select(func.count()).select_from(SheetScore)) == 2 * 12
    assert {s.rater_group_id for s in db.session.scalars(select(RatingSheet))} == {group.id}


def test_grades_are_stored_with_their_points(world, login):
    evaluation = make_evaluation(world, "grades", collecting=True)
    client = login("committee")
    response = upload(client, evaluation, filled(template(client, evaluation),
                                                 (7, "满意", "基本满意", "Dissatisfied")))
    assert response.status_code == 200, response.get_data(as_text=True)
    stored = {grade: points for grade, points in
              db.session.execute(select(SheetScore.grade, SheetScore.points))}
    assert stored == {"satisfied": 100, "basically_satisfied": 80, "dissatisfied": 60}


@pytest.mark.parametrize(("cells", "column", "message"), [
    (row(1, (31, 26, 18, 19)), "市甲局 · 依法行政（30分）", "“31”不是 0 至 30 之间的整数分"),
    (row(1, (28, 26, -1, 19)), "市甲局 · 作风建设（20分）", "“-1”不是 0 至 20 之间的整数分"),
    (row(1, (28, "良", 18, 19)), "市甲局 · 服务质量（30分）", "“良”不是 0 至 30 之间的整数分"),
    (row(1, (28, 26.5, 18, 19)), "市甲局 · 服务质量（30分）", "“26.5”不是 0 至 30 之间的整数分"),
    (row(None), "表号", "必填"),
    (row("第一张"), "表号", "“第一张”不是表号"),
    ((1, *GOOD, *GOOD, 28, None, 18, 19), "市乙局 · 服务质量（30分）", "必填"),
])
def test_a_bad_cell_is_reported_at_its_row_and_column_and_nothing_is_imported(
        world, login, collecting, cells, column, message):
    client = login("committee")
    response = upload(client, collecting, filled(template(client, collecting), row(5), cells))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "未导入任何评议表" in page
    assert f"<tr><td>3</td><td>{column}</td><td>{message}" in page
    assert sheet_count() == 0


def test_an_unknown_grade_is_reported(world, login):
    evaluation = make_evaluation(world, "grades", collecting=True)
    client = login("committee")
    response = upload(client, evaluation, filled(template(client, evaluation),
                                                 (1, "满意", "较满意", "满意")))
    assert response.status_code == 400
    assert "<tr><td>2</td><td>市甲局</td><td>“较满意”不是等次" in response.get_data(as_text=True)
    assert sheet_count() == 0


def test_a_sheet_number_twice_in_the_file_is_refused(world, login, collecting):
    client = login("committee")
    response = upload(client, collecting, filled(template(client, collecting),
                                                 row(4), row(5), row(4)))
    assert response.status_code == 400
    assert "<tr><td>4</td><td>表号</td><td>表号 4 在第 2 行也已使用" in \
        response.get_data(as_text=True)
    assert sheet_count() == 0


def test_a_file_with_wrong_columns_is_refused(world, login, collecting):
    client = login("committee")
    other_group = filled(template(client, collecting, 3), (1, *GOOD * 2))
    response = upload(client, collecting, other_group)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<td>市丙局 · 依法行政（30分）</td><td>缺少此列" in page
    assert sheet_count() == 0


def test_importing_again_replaces_sheets_by_their_number(world, login, collecting):
    client = login("committee")
    content = filled(template(client, collecting), row(1), row(2))
    assert upload(client, collecting, content).status_code == 200
    assert upload(client, collecting, content).status_code == 200
    assert sheet_count() == 2
    ids = set(db.session.scalars(select(RatingSheet.id)))
    corrected = filled(template(client, collecting), row(2, (10, 26, 18, 19)), row(3))
    response = upload(client, collecting, corrected)
    assert "1 份表号已导入过的评议表已替换" in response.get_data(as_text=True)
    assert sheet_count() == 3
    assert ids <= set(db.session.scalars(select(RatingSheet.id)))
    second = db.session.scalar(select(PaperSheet.sheet_id).where(PaperSheet.number == 2))
    unit_a = world.units["a"].id
    assert db.session.scalar(select(func.min(SheetScore.points)).where(
        SheetScore.sheet_id == second, SheetScore.unit_id == unit_a)) == 10
    assert db.session.scalar(select(func.count()).select_from(SheetScore)) == 3 * 12


def test_paper_and_online_sheets_add_up(app, world, login, collecting):
    group = collecting.groups[0]
    (typed,) = code_service.issue_codes(world.users["committee"], group, 1)
    code = rating.open_code(typed)
    indicators = [i.id for i in collecting.indicators]
    for unit in group.units:
        assert rating.save_unit(code, unit.id, dict(zip(indicators, (20, 20, 10, 10),
                                                        strict=True))) is None
    rating.save_answers(code, {collecting.questions[0].id: 0})
    rating.submit(code)
    client = login("committee")
    assert upload(client, collecting, filled(template(client, collecting), row(1))).status_code \
        == 200
    assert sheet_count() == 2
    assert db.session.scalar(select(func.count(PaperSheet.sheet_id))) == 1
    unit_a, first = world.units["a"].id, indicators[0]
    average = db.session.scalar(select(func.avg(SheetScore.points)).join(RatingSheet).where(
        RatingSheet.rater_group_id == group.id, SheetScore.unit_id == unit_a,
        SheetScore.indicator_key == first))
    assert float(average) == (20 + 28) / 2
    page = client.get(f"/evaluations/{collecting.id}/paper").get_data(as_text=True)
    assert '<td class="num">1</td>' in page


@pytest.mark.parametrize("state", ["design", "closed"])
def test_nothing_is_imported_unless_the_evaluation_collects(world, login, state):
    evaluation = make_evaluation(world, collecting=True)
    client = login("committee")
    content = filled(template(client, evaluation), row(1))
    if state == "closed":
        design.close_collection(world.users["committee"], evaluation)
    else:
        evaluation.status = "design"
        db.session.commit()
    group = evaluation.groups[0]
    refused = client.get(f"/evaluations/{evaluation.id}/groups/{group.id}/paper-template.xlsx")
    assert refused.status_code == 302
    page = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "评议不在收集阶段" in page and "只有在评议收集评议表期间才能导入纸质评议表" in page
    response = upload(client, evaluation, content)
    assert response.status_code == 400
    assert sheet_count() == 0


def test_the_evaluation_page_links_to_paper_collection_while_collecting(world, login, collecting):
    page = login("committee").get(f"/evaluations/{collecting.id}").get_data(as_text=True)
    assert f'href="/evaluations/{collecting.id}/paper"' in page
    assert login("leader").get(f"/evaluations/{collecting.id}/paper").status_code == 403
    assert login("dept-a").get(f"/evaluations/{collecting.id}/paper").status_code == 403


def test_a_paper_sheet_row_relates_a_sheet_to_its_number_and_group_only(app):
    columns = {c["name"] for c in inspect(db.engine).get_columns("paper_sheet")}
    assert columns == {"sheet_id", "rater_group_id", "number"}
    referred = {fk["referred_table"] for fk in inspect(db.engine).get_foreign_keys("paper_sheet")}
    assert referred == {"rating_sheet", "rater_group"}
