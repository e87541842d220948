"""A check type is for the units that use it (适用单位, from the plugin's declaration or the
CHECK_TYPE_UNITS setting): an item whose lead unit is not among them is refused, with a
clear message, on the web form, through the API and in an imported problem list."""

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from conftest import csrf_token, raise_item
from rectify.extensions import db
from rectify.models import Item
from rectify.services.tracking import items as item_service
from rectify.services.tracking.item_fields import ItemFieldsInvalid

# market_inspection: the market plugin declares 市城市管理局 (cgj) only, none of the world's.
NOT_FOR_UNIT_A = "market_inspection"


def count() -> int:
    return db.session.scalar(select(func.count(Item.id)))


def form(world, **changes):
    return {"campaign_id": world.campaign.id, "lead_unit_id": world.units["a"].id,
            "category_id": world.category.id, "source": "questionnaire", "priority": "normal",
            "problem": "马路市场占道经营", "requirement": "规范管理", "due_date": "",
            "check_type": NOT_FOR_UNIT_A, **changes}


def test_the_web_form_refuses_a_check_type_not_for_the_lead_unit(world, login):
    client = login("committee")
    data = {**form(world), "csrf_token": csrf_token(client, "/items/new")}
    response = client.post("/items/new", data=data)
    assert response.status_code == 200
    assert "该检查类型不适用于本事项的牵头单位" in response.get_data(as_text=True)
    assert count() == 0
    data["check_type"] = "river_patrol"  # declared for unit a (in the tests' settings)
    assert client.post("/items/new", data=data).status_code == 302
    assert count() == 1


def test_editing_refuses_it_too_and_changes_nothing(world, login):
    item = raise_item(world)
    client = login("committee")
    data = {**form(world), "version": item.version,
            "csrf_token": csrf_token(client, f"/items/{item.id}/edit")}
    response = client.post(f"/items/{item.id}/edit", data=data)
    assert "该检查类型不适用于本事项的牵头单位" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Item, item.id).check_type is None
    assert db.session.get(Item, item.id).version == item.version


def test_the_service_refuses_it_for_every_caller(world):
    with pytest.raises(ItemFieldsInvalid) as refused:
        raise_item(world, check_type=NOT_FOR_UNIT_A)
    assert refused.value.errors["check_type"].code == "check_type_not_for_unit"
    assert count() == 0


def test_a_committee_setting_names_its_own_units(world, app):
    app.config["CHECK_TYPE_UNITS"] = {**app.config["CHECK_TYPE_UNITS"], NOT_FOR_UNIT_A: ["a"]}
    assert raise_item(world, check_type=NOT_FOR_UNIT_A).check_type == NOT_FOR_UNIT_A
    fields = item_service.ItemFields(
        campaign=world.campaign, lead_unit=world.units["b"], category=world.category,
        source="questionnaire", problem="占道", requirement="整改", check_type=NOT_FOR_UNIT_A)
    with pytest.raises(ItemFieldsInvalid) as refused:  # unit b does not use this check type
        item_service.raise_item(world.users["committee"], fields)
    assert refused.value.errors["check_type"].code == "check_type_not_for_unit"


def test_an_import_row_with_it_is_reported_and_nothing_is_imported(world, login):
    book = Workbook()
    book.active.append(["牵头单位", "问题类别", "问题来源", "存在问题", "整改要求", "检查类型"])
    book.active.append(["市甲局", "依法行政", "问卷调查", "河道采砂", "加强巡查", "河道巡查"])
    book.active.append(["市甲局", "依法行政", "问卷调查", "马路市场", "规范管理", "市场巡查"])
    content = io.BytesIO()
    book.save(content)
    client = login("committee")
    response = client.post("/items/import/", data={
        "csrf_token": csrf_token(client, "/items/import/"), "campaign_id": world.campaign.id,
        "file": (io.BytesIO(content.getvalue()), "问题清单.xlsx")},
        content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert "检查类型“市场巡查”不适用于该牵头单位" in page
    assert count() == 0
