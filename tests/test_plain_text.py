"""Control characters (NUL, escape, ...) are refused wherever users type text: forms, the
check-record form, imports, plugin records and the API. PostgreSQL cannot even store NUL."""

import io
import zipfile

import pytest
from openpyxl import Workbook
from test_items_web import item_form

from conftest import csrf_token, move, raise_item
from rectify.extensions import db
from rectify.hookspecs import validate_record
from rectify.models import CheckRecord, Item
from rectify.plugins import check_types
from rectify.services.accounts.tokens import issue_token
from rectify.text import has_control_characters

# U+FFFE and U+FFFF cannot be written into a Word or Excel file (issue 14, point 7).
HOSTILE = ["早市\x00管理", "escape\x1b[31m", "bell\x07", "delete\x7f", "反向\ufffe", "非字符\uffff"]


@pytest.mark.parametrize("text", HOSTILE)
def test_the_rule(text):
    assert has_control_characters(text)


def test_line_breaks_and_tabs_are_text():
    assert not has_control_characters("第一行\r\n第二行\t（附表）")


@pytest.mark.parametrize("text", HOSTILE)
def test_the_item_form_refuses_control_characters(world, login, text):
    client = login("committee")
    data = item_form(world, csrf_token=csrf_token(client, "/items/new"), problem=text)
    response = client.post("/items/new", data=data)
    assert response.status_code == 200 and "不允许包含控制字符" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Item.id))) == 0


def test_the_check_record_form_refuses_control_characters(world, login):
    item = move(world, raise_item(world, check_type="river_patrol"), ("dept-a", "sign_for"))
    client = login("dept-a")
    response = client.post(f"/items/{item.id}/checks", data={
        "csrf_token": csrf_token(client, f"/items/{item.id}"), "check_date": "2026-05-20",
        "check_river_section": "胶河\x00禁采区", "check_equipment_seized": "0"})
    assert response.status_code == 400
    assert db.session.scalar(db.select(db.func.count(CheckRecord.id))) == 0


def test_plugin_records_refuse_control_characters(app):
    patrol = check_types(app)["river_patrol"]
    problems = validate_record(patrol, {"date": None, "river_section": "胶河\x1b",
                                        "illegal_mining_found": False, "equipment_seized": 0})
    assert "control_characters" in [p.code for p in problems]


def test_a_workbook_with_a_control_character_reference_is_refused(world, login):
    """openpyxl never hands over a control character: XML forbids them, so such a sheet
    fails to parse, and it must fail as "not a workbook", not as a server error."""
    book = Workbook()
    book.active.append(["牵头单位", "问题类别", "问题来源", "存在问题", "整改要求"])
    book.active.append(["市甲局", "依法行政", "问卷调查", "早市PLACEHOLDER管理", "整改"])
    buffer, patched = io.BytesIO(), io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(patched, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename).replace(b"PLACEHOLDER", b"&#27;"))
    client = login("committee")
    response = client.post("/items/import/", data={
        "csrf_token": csrf_token(client, "/items/import/"), "campaign_id": world.campaign.id,
        "file": (io.BytesIO(patched.getvalue()), "x.xlsx")}, content_type="multipart/form-data")
    assert response.status_code == 400 and "不是 Excel 工作簿" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Item.id))) == 0


def test_the_api_refuses_control_characters_with_422(world, app):
    _token, plain = issue_token(world.users["committee"], "test")
    response = app.test_client().post("/api/v1/items", headers={"Authorization": f"Bearer {plain}"},
                                      json={"campaign_id": world.campaign.id,
                                            "lead_unit_id": world.units["a"].id,
                                            "category_id": world.category.id,
                                            "source": "questionnaire", "problem": "早市\x00管理",
                                            "requirement": "整改"})
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(Item.id))) == 0


def test_reports_are_written_even_when_stored_text_holds_xml_invalid_characters(world, login):
    """Text stored before the rule (or by SQL) must not break the Word documents."""
    item = raise_item(world)
    db.session.execute(db.update(Item).where(Item.id == item.id).values(
        problem="早市\ufffe管理\uffff不到位", requirement="整改\x01要求"))
    db.session.commit()
    client = login("committee")
    for url in (f"/reports/{world.campaign.id}/progress.docx",
                f"/reports/{world.campaign.id}/feedback/{world.units['a'].id}.docx"):
        response = client.get(url)
        assert response.status_code == 200, url
        document = zipfile.ZipFile(io.BytesIO(response.data)).read("word/document.xml").decode()
        assert "\ufffe" not in document and "\x01" not in document
    letter = zipfile.ZipFile(io.BytesIO(response.data)).read("word/document.xml").decode()
    assert "早市管理不到位" in letter
