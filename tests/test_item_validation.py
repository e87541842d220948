"""One validation of item fields (rectify.services.tracking.item_fields) for every entry point: the
same bad fields, through the web form, the API and the problem-list import, are refused
at the same field for the same reason, and nothing is written."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from conftest import csrf_token, raise_item
from rectify.extensions import db
from rectify.models import Category, Event, Item
from rectify.services.accounts import tokens
from rectify.services.tracking.item_fields import ItemFieldsInvalid

API = "/api/v1"
HEADERS = {"lead_unit": "牵头单位", "co_units": "配合单位", "category": "问题类别",
           "source": "问题来源", "problem": "存在问题", "requirement": "整改要求",
           "due_date": "整改期限", "check_type": "检查类型"}


@dataclass
class Change:
    """Item fields as the entry points would name them: units and categories as rows."""

    values: dict[str, Any]

    def form(self) -> dict[str, Any]:
        out = {}
        for key, value in self.values.items():
            if key == "lead_unit":
                out["lead_unit_id"] = value.id
            elif key == "co_units":
                out["co_unit_ids"] = [unit.id for unit in value]
            elif key == "category":
                out["category_id"] = value.id
            elif key == "due_date":
                out["due_date"] = value.isoformat()
            else:
                out[key] = value
        return out

    def cells(self) -> dict[str, Any]:
        names = {"lead_unit": lambda u: u.name, "category": lambda c: c.name,
                 "co_units": lambda units: "、".join(u.name for u in units)}
        return {HEADERS[key]: names.get(key, lambda v: v)(value)
                for key, value in self.values.items()}


@dataclass
class Case:
    setup: Callable[[Any], Change]
    field: str  # the API's and the form's field name
    code: str
    web_message: str
    import_message: str


def _inactive_lead_unit(world) -> Change:
    world.units["c"].active = False
    db.session.commit()
    return Change({"lead_unit": world.units["c"]})


def _inactive_co_unit(world) -> Change:
    world.units["c"].active = False
    db.session.commit()
    return Change({"co_units": [world.units["b"], world.units["c"]]})


def _inactive_category(world) -> Change:
    retired = Category(code="retired", name="旧类别", active=False)
    db.session.add(retired)
    db.session.commit()
    return Change({"category": retired})


CASES = {
    "inactive lead unit": Case(_inactive_lead_unit, "lead_unit_id", "inactive_unit",
                               "单位市丙局已停用。", "单位市丙局已停用。"),
    "inactive co-unit": Case(_inactive_co_unit, "co_unit_ids", "inactive_unit",
                             "单位市丙局已停用。", "单位市丙局已停用。"),
    "inactive category": Case(_inactive_category, "category_id", "inactive_category",
                              "问题类别“旧类别”已停用。", "问题类别“旧类别”已停用。"),
    "due date passed": Case(lambda world: Change({"due_date": date(2026, 5, 31)}), "due_date",
                            "in_past", "整改期限不能早于今天。", "整改期限2026-05-31已过。"),
    "absurd due date": Case(lambda world: Change({"due_date": date(2099, 1, 1)}), "due_date",
                            "too_far", "整改期限2099-01-01过远", "整改期限2099-01-01过远"),
    "check type not for the unit": Case(
        lambda world: Change({"check_type": "market_inspection"}), "check_type",
        "check_type_not_for_unit", "该检查类型不适用于本事项的牵头单位",
        "检查类型“market_inspection”不适用于该牵头单位"),
}
# Refused before the service sees them (the form's, the API schema's and the import's own
# parsing), and by the service for any other caller: the same field, nothing written.
TEXT_CASES = {"empty problem": {"problem": "   "},
              "problem with a control character": {"problem": "早市\x07管理"}}


def good_form(world) -> dict[str, Any]:
    return {"campaign_id": world.campaign.id, "lead_unit_id": world.units["a"].id,
            "co_unit_ids": [], "category_id": world.category.id, "source": "questionnaire",
            "priority": "normal", "problem": "早市管理不到位", "requirement": "建立常态化管理机制",
            "due_date": "", "responsible_leader": "", "responsible_person": "", "check_type": ""}


def api_body(form: dict[str, Any]) -> dict[str, Any]:
    """The form's values as a JSON body: fields left empty are left out."""
    return {key: value for key, value in form.items() if value != ""}


def good_row() -> dict[str, Any]:
    return {"牵头单位": "市甲局", "配合单位": None, "问题类别": "依法行政", "问题来源": "问卷调查",
            "存在问题": "早市管理不到位", "整改要求": "建立常态化管理机制",
            "整改期限": date(2026, 9, 30), "检查类型": None}


def workbook(cells: dict[str, Any]) -> bytes:
    book = Workbook()
    book.active.append(list(cells))
    book.active.append(list(cells.values()))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def api_client(app, world):
    plain = tokens.issue_token(world.users["committee"], "t")[1]
    client, headers = app.test_client(), {"Authorization": f"Bearer {plain}"}
    return client, headers


def field_html(page: str, field: str) -> str:
    """The form's <div class="field"> holding the input named ``field``."""
    blocks = [b for b in page.split('<div class="field') if f'name="{field}"' in b]
    assert blocks, f"no field {field} on the page"
    return blocks[0]


def written() -> tuple[int, int]:
    return (db.session.scalar(select(func.count(Item.id))),
            db.session.scalar(select(func.count(Event.id))))


@pytest.mark.parametrize("name", CASES)
def test_raising_refuses_the_same_fields_on_every_entry_point(world, app, login, name):
    case = CASES[name]
    change = case.setup(world)
    before = written()
    web = login("committee")
    data = {**good_form(world), **change.form(), "csrf_token": csrf_token(web, "/items/new")}
    page = web.post("/items/new", data=data)
    assert page.status_code == 200
    shown = field_html(page.get_data(as_text=True), case.field)
    assert "has-error" in shown and case.web_message in shown

    client, headers = api_client(app, world)
    answer = client.post(f"{API}/items", json=api_body({**good_form(world), **change.form()}),
                         headers=headers)
    assert answer.status_code == 422
    assert [(d["field"], d["code"]) for d in answer.get_json()["error"]["details"]] == \
        [(case.field, case.code)]

    imported = web.post("/items/import/", data={
        "csrf_token": csrf_token(web, "/items/import/"), "campaign_id": world.campaign.id,
        "file": (io.BytesIO(workbook({**good_row(), **change.cells()})), "问题清单.xlsx")},
        content_type="multipart/form-data")
    report = imported.get_data(as_text=True)
    column = HEADERS[{"lead_unit_id": "lead_unit", "co_unit_ids": "co_units",
                      "category_id": "category"}.get(case.field, case.field)]
    assert imported.status_code == 400
    assert f"<tr><td>2</td><td>{column}</td><td>{case.import_message}" in report
    db.session.expire_all()
    assert written() == before


EDIT_CASES = {**{name: CASES[name] for name in ("inactive lead unit", "inactive co-unit",
                                                "inactive category", "absurd due date",
                                                "check type not for the unit")},
              "due date before raised": Case(
                  lambda world: Change({"due_date": date(2026, 5, 31)}), "due_date",
                  "before_raised", "整改期限2026-05-31早于事项交办日期。", "")}


@pytest.mark.parametrize("name", EDIT_CASES)
def test_editing_refuses_the_same_fields_on_the_web_and_the_api(world, app, login, name):
    case = EDIT_CASES[name]
    item = raise_item(world)
    change = case.setup(world)
    before = written()
    web = login("committee")
    data = {**good_form(world), **change.form(), "version": item.version,
            "csrf_token": csrf_token(web, f"/items/{item.id}/edit")}
    page = web.post(f"/items/{item.id}/edit", data=data)
    assert page.status_code == 200
    shown = field_html(page.get_data(as_text=True), case.field)
    assert "has-error" in shown and case.web_message in shown

    client, headers = api_client(app, world)
    answer = client.patch(f"{API}/items/{item.id}", headers=headers,
                          json={"version": item.version, **change.form()})
    assert answer.status_code == 422
    assert [(d["field"], d["code"]) for d in answer.get_json()["error"]["details"]] == \
        [(case.field, case.code)]
    db.session.expire_all()
    assert written() == before and db.session.get(Item, item.id).version == item.version


@pytest.mark.parametrize("name", TEXT_CASES)
def test_bad_text_is_refused_everywhere(world, app, login, name):
    change = TEXT_CASES[name]
    before = written()
    web = login("committee")
    data = {**good_form(world), **change, "csrf_token": csrf_token(web, "/items/new")}
    page = web.post("/items/new", data=data)
    assert page.status_code == 200
    assert "has-error" in field_html(page.get_data(as_text=True), "problem")
    client, headers = api_client(app, world)
    answer = client.post(f"{API}/items", json=api_body({**good_form(world), **change}),
                         headers=headers)
    assert answer.status_code == 422
    assert [d["field"] for d in answer.get_json()["error"]["details"]] == ["problem"]
    with pytest.raises(ItemFieldsInvalid) as refused:  # the demo's and any other caller's way
        raise_item(world, **change)
    assert list(refused.value.errors) == ["problem"]
    db.session.rollback()
    assert written() == before


def test_an_empty_problem_is_refused_by_the_import_too(world, login):
    web = login("committee")
    imported = web.post("/items/import/", data={
        "csrf_token": csrf_token(web, "/items/import/"), "campaign_id": world.campaign.id,
        "file": (io.BytesIO(workbook({**good_row(), "存在问题": "   "})), "问题清单.xlsx")},
        content_type="multipart/form-data")
    assert imported.status_code == 400
    assert "<tr><td>2</td><td>存在问题</td><td>必填" in imported.get_data(as_text=True)
    assert written() == (0, 0)


def test_an_archived_campaign_takes_no_item_from_any_entry_point(world, app, login):
    world.campaign.archived_at = datetime(2026, 5, 1)
    db.session.commit()
    web = login("committee")
    data = {**good_form(world), "csrf_token": csrf_token(web, "/items/new")}
    page = web.post("/items/new", data=data)
    assert "has-error" in field_html(page.get_data(as_text=True), "campaign_id")
    client, headers = api_client(app, world)
    answer = client.post(f"{API}/items", json=api_body(good_form(world)), headers=headers)
    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "campaign_archived"
    imported = web.post("/items/import/", data={
        "csrf_token": csrf_token(web, "/items/import/"), "campaign_id": world.campaign.id,
        "file": (io.BytesIO(workbook(good_row())), "问题清单.xlsx")},
        content_type="multipart/form-data")
    assert "has-error" in field_html(imported.get_data(as_text=True), "campaign_id")
    assert written() == (0, 0)


def test_an_item_keeps_its_deactivated_lead_unit_on_the_web_and_the_api(world, app, login):
    """The reported disagreement: the web refused to save an item whose lead unit was
    deactivated since, while PATCH took it. Both now keep the unit, as items keep a
    retired category, and both refuse to move an item to an inactive unit."""
    item = raise_item(world, co=("b",))
    world.units["a"].active = False
    world.units["b"].active = False
    db.session.commit()
    web = login("committee")
    edit = web.get(f"/items/{item.id}/edit").get_data(as_text=True)
    assert "市甲局（已停用）" in field_html(edit, "lead_unit_id")
    data = {**good_form(world), "co_unit_ids": [world.units["b"].id], "priority": "high",
            "version": item.version, "csrf_token": csrf_token(web, f"/items/{item.id}/edit")}
    assert web.post(f"/items/{item.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    assert db.session.get(Item, item.id).priority == "high"
    client, headers = api_client(app, world)
    answer = client.patch(f"{API}/items/{item.id}", headers=headers,
                          json={"version": db.session.get(Item, item.id).version,
                                "priority": "low"})
    assert answer.status_code == 200
    db.session.expire_all()
    saved = db.session.get(Item, item.id)
    assert (saved.lead_unit.code, [u.code for u in saved.co_units], saved.priority) == \
        ("a", ["b"], "low")
