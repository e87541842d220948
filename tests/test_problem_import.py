"""Importing a problem list from Excel: all rows checked first, all or nothing, and the
same file twice creates nothing new."""

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from conftest import csrf_token, raise_item
from rectify.extensions import db
from rectify.models import Event, Item

HEADERS = ["编号", "牵头单位", "配合单位", "问题类别", "问题来源", "存在问题", "整改要求",
           "整改期限", "优先级", "责任领导", "责任人", "检查类型"]


def row(unit="市甲局", problem="早市管理不到位", **cells):
    values = {"编号": None, "牵头单位": unit, "配合单位": None, "问题类别": "依法行政",
              "问题来源": "问卷调查", "存在问题": problem, "整改要求": "建立常态化管理机制",
              "整改期限": date(2026, 9, 30), "优先级": None, "责任领导": "副局长 王明",
              "责任人": "张三", "检查类型": None, **cells}
    return [values[h] for h in HEADERS]


def workbook(*rows, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for cells in rows:
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, world, content: bytes, filename="问题清单.xlsx"):
    token = csrf_token(client, "/items/import/")
    return client.post("/items/import/", data={
        "csrf_token": token, "campaign_id": world.campaign.id,
        "file": (io.BytesIO(content), filename)}, content_type="multipart/form-data")


def item_count() -> int:
    return db.session.scalar(db.select(db.func.count(Item.id)))


@pytest.fixture
def committee(login):
    return login("committee")


def test_a_clean_file_raises_every_row(world, committee):
    response = upload(committee, world, workbook(
        row(**{"配合单位": "市乙局、市丙局", "优先级": "高",
               "检查类型": "河道巡查"}),
        row(unit="b", problem="执法不规范",
            **{"整改期限": "2026-10-15", "问题来源": "deputy_evaluation"}),
    ))
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "已导入 2 项" in page
    first = db.session.scalar(db.select(Item).where(Item.problem == "早市管理不到位"))
    assert first.code == "T26-A-001" and first.lead_unit.name == "市甲局"
    assert sorted(u.name for u in first.co_units) == ["市丙局", "市乙局"]
    assert first.priority == "high" and first.check_type == "river_patrol"
    assert first.due_date == date(2026, 9, 30) and first.status == "open"
    assert first.responsible_leader == "副局长 王明" and first.responsible_person == "张三"
    second = db.session.scalar(db.select(Item).where(Item.problem == "执法不规范"))
    assert second.lead_unit.code == "b" and second.due_date == date(2026, 10, 15)
    assert second.source == "deputy_evaluation"
    created = db.session.scalars(db.select(Event).where(Event.kind == "created")).all()
    assert {e.item_id for e in created} == {first.id, second.id}
    assert all(e.actor_id == world.users["committee"].id for e in created)


def test_importing_the_same_file_again_creates_nothing(world, committee):
    content = workbook(row(), row(problem="第二个问题"),
                       row(problem="带编号的问题", **{"编号": "T26-A-050"}))
    upload(committee, world, content)
    assert item_count() == 3
    response = upload(committee, world, content)
    assert response.status_code == 200
    assert "3 行此前已导入，已跳过" in response.get_data(as_text=True)
    assert item_count() == 3
    codes = sorted(db.session.scalars(db.select(Item.code)))
    assert codes == ["T26-A-001", "T26-A-002", "T26-A-050"]
    upload(committee, world, workbook(row(problem="新的问题")))  # numbering continues
    new = db.session.scalar(db.select(Item).where(Item.problem == "新的问题"))
    assert new.code == "T26-A-051"


def test_an_empty_due_date_takes_the_campaign_deadline(world, committee):
    upload(committee, world, workbook(row(**{"整改期限": None})))
    assert db.session.scalar(db.select(Item.due_date)) == world.campaign.default_due_date


@pytest.mark.parametrize("cells, column, message", [
    ({"牵头单位": "市不存在局"}, "牵头单位", "没有名为“市不存在局”的单位"),
    ({"配合单位": "市乙局、市无名局"}, "配合单位", "没有名为“市无名局”的单位"),
    ({"问题类别": "不存在的类别"}, "问题类别", "没有名为“不存在的类别”的问题类别"),
    ({"问题来源": "小道消息"}, "问题来源", "没有名为“小道消息”的问题来源"),
    ({"检查类型": "无此检查"}, "检查类型", "没有名为“无此检查”的检查类型"),
    ({"整改期限": "明年"}, "整改期限", "“明年”不是日期"),
    ({"整改期限": date(2026, 5, 31)}, "整改期限", "整改期限2026-05-31已过"),
    ({"存在问题": None}, "存在问题", "必填"),
    ({"存在问题": "   "}, "存在问题", "必填"),
    ({"整改要求": "长" * 5001}, "整改要求", "超过5000个字符"),
])
def test_each_bad_cell_is_named_and_nothing_is_imported(world, committee, cells, column, message):
    response = upload(committee, world, workbook(row(problem="好的一行"), row(**cells)))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "未导入任何事项" in page
    assert f"<tr><td>3</td><td>{column}</td><td>" in page and message in page
    assert item_count() == 0


def test_duplicate_codes_in_the_file_or_database_are_refused(world, committee):
    existing = raise_item(world, lead="b", problem="乙局已有的问题")
    response = upload(committee, world, workbook(
        row(**{"编号": "T26-A-007"}), row(problem="另一个", **{"编号": "T26-A-007"}),
        row(problem="第三个", **{"编号": existing.code})))
    page = response.get_data(as_text=True)
    assert "编号 T26-A-007 在第 2 行也已使用" in page
    assert f"编号 {existing.code} 已被其他事项使用" in page
    assert item_count() == 1


def test_wrong_headers_are_reported(world, committee):
    headers = ["牵头单位", "问题类别", "存在问题", "备注"]
    response = upload(committee, world,
                      workbook(["市甲局", "依法行政", "问题", "x"], headers=headers))
    page = response.get_data(as_text=True)
    assert "未知的列标题“备注”" in page
    for missing in ("问题来源", "整改要求"):
        assert f"<td>{missing}</td><td>缺少此列" in page
    assert item_count() == 0


def test_english_headers_and_names_are_accepted(world, committee):
    english = ["Code", "Lead unit", "Co-operating units", "Category", "Source", "Problem",
               "Requirement", "Due date", "Priority", "Responsible leader",
               "Responsible person", "Check type"]
    cells = [None, "Unit A", "c", "law", "Questionnaire", "Problem in English", "Fix it",
             datetime(2026, 9, 1), "Low", None, None, "river_patrol"]
    assert upload(committee, world, workbook(cells, headers=english)).status_code == 200
    item = db.session.scalar(db.select(Item))
    assert item.lead_unit.code == "a" and item.priority == "low" and item.co_units[0].code == "c"


@pytest.mark.parametrize("content", [
    b"code,unit\n1,a\n",                                     # a CSV renamed to .xlsx
    b"PK\x03\x04" + b"\x00" * 100,                           # a broken zip
    b"",                                                      # empty
    b"<html><script>alert(1)</script></html>",
])
def test_files_that_are_not_workbooks_are_refused(world, committee, content):
    response = upload(committee, world, content)
    assert response.status_code == 400 and "不是 Excel 工作簿" in response.get_data(as_text=True)
    assert item_count() == 0


def test_a_zip_that_is_not_a_workbook_is_refused(world, committee):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert upload(committee, world, buffer.getvalue()).status_code == 400
    assert item_count() == 0


def test_a_zip_bomb_is_refused_before_parsing(world, committee, app):
    app.config["IMPORT_MAX_UNPACKED_MB"] = 0
    content = workbook(*[row(problem=f"问题{n}" + "很长" * 100) for n in range(60)])
    response = upload(committee, world, content)
    assert response.status_code == 400 and "解压后超过允许的大小" in response.get_data(as_text=True)
    assert item_count() == 0


def test_an_oversized_file_is_refused(world, committee, app):
    app.config["MAX_IMPORT_MB"] = 0
    response = upload(committee, world, workbook(row()))
    assert response.status_code == 400 and "文件超过 0 MB" in response.get_data(as_text=True)
    assert item_count() == 0


def test_only_the_committee_imports(world, login):
    for username in ("dept-a", "leader", "admin"):
        client = login(username)
        assert client.get("/items/import/").status_code == 403
        assert client.get("/items/import/template.xlsx").status_code == 403
    response = login("committee").post("/items/import/", data={
        "campaign_id": world.campaign.id, "file": (io.BytesIO(workbook(row())), "x.xlsx")},
        content_type="multipart/form-data")
    assert response.status_code == 400 and item_count() == 0  # no CSRF token


def test_the_template_has_the_headers_and_the_allowed_values(world, committee):
    response = committee.get("/items/import/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    items, values = book.worksheets
    assert [c.value for c in items[1]] == HEADERS
    columns = {values.cell(1, c).value: [values.cell(r, c).value
                                         for r in range(2, values.max_row + 1)]
               for c in range(1, values.max_column + 1)}
    assert [v for v in columns["牵头单位"] if v] == ["市丙局", "市甲局", "市乙局"]  # pinyin order
    assert "河道巡查" in columns["检查类型"] and "问卷调查" in columns["问题来源"]
    assert items.data_validations.dataValidation  # drop-down lists


def test_the_filled_template_imports(world, committee):
    template = load_workbook(io.BytesIO(committee.get("/items/import/template.xlsx").data))
    template.worksheets[0].append(row())
    buffer = io.BytesIO()
    template.save(buffer)
    assert upload(committee, world, buffer.getvalue()).status_code == 200
    assert item_count() == 1


def test_a_co_unit_named_twice_or_the_lead_named_as_co_unit_is_stored_once(world, committee):
    response = upload(committee, world, workbook(row(**{"配合单位": "市乙局、b、市甲局、市乙局"})))
    assert response.status_code == 200 and "已导入 1 项" in response.get_data(as_text=True)
    item = db.session.scalar(db.select(Item))
    assert [u.code for u in item.co_units] == ["b"]
