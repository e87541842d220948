"""Guessed ids and other units' ids: a department user (dept-a, unit a) who names unit c's
item, record, file or request in a path, form, filter or JSON body is refused
(403/404/422) and nothing changes; filters naming unit c still list only unit a's items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select
from test_hostile_inputs import snapshot
from test_route_access import PNG

from conftest import csrf_token, move, raise_item
from dashboards.testing import CallbackClient
from rectify.extensions import db
from rectify.models import Attachment
from rectify.services.accounts.tokens import issue_token
from rectify.services.tracking import checks
from rectify.services.tracking import items as item_service
from rectify.services.tracking.attachments import publish, store


@dataclass
class Scene:
    own: object  # unit a's item in progress, with a pending extension request
    other: object  # unit c's item in progress, with a file and a pending extension request
    own_request: int
    other_request: int
    other_attachment: int
    other_token: int
    other_record: int  # unit c's check record on its item


@pytest.fixture
def scene(world) -> Scene:
    own = move(world, raise_item(world, due_date=date(2026, 5, 1)), ("dept-a", "sign_for"))
    other = move(world, raise_item(world, lead="c", check_type="river_patrol",
                                   due_date=date(2026, 5, 1), problem="丙局的问题"),
                 ("dept-c", "sign_for"))
    dept_c = world.users["dept-c"]
    action = item_service.add_action(dept_c, other, "evidence", "照片")
    stored = store("现场.png", PNG)
    publish([stored])
    db.session.add(Attachment(item_id=other.id, action_id=action.id, **stored.__dict__))
    own_request = item_service.request_extension(world.users["dept-a"], own, date(2026, 12, 1),
                                                 "汛期")
    other_request = item_service.request_extension(dept_c, other, date(2026, 12, 1), "汛期")
    token, _plain = issue_token(dept_c, "丙局")
    record = checks.add_check_record(dept_c, other, {
        "date": date(2026, 5, 20), "river_section": "胶河", "illegal_mining_found": False,
        "equipment_seized": 0})
    attachment = db.session.scalar(select(Attachment.id).where(Attachment.item_id == other.id))
    return Scene(own, other, own_request.id, other_request.id, attachment, token.id, record.id)


# (who, path, form) -> the refusals allowed. Paths use {own}, {other}, ... from the scene.
FORM_ATTEMPTS = [
    ("dept-a", "/items/{other}/transition/submit", {"version": "{other_version}"}),
    ("dept-a", "/items/{other}/actions", {"kind": "progress", "body": "越权"}),
    ("dept-a", "/items/{other}/checks", {"check_date": "2026-05-20",
                                         "check_river_section": "胶河",
                                         "check_equipment_seized": "0"}),
    ("dept-a", "/items/{other}/extension", {"new_due_date": "2026-12-31", "reason": "越权"}),
    ("dept-a", "/items/{own}/extension/{own_request}", {"decision": "approve",
                                                         "version": "{own_version}"}),
    ("committee", "/items/{own}/extension/{other_request}", {"decision": "approve",
                                                             "version": "{own_version}"}),
    ("dept-a", "/items/{own}/edit", {"lead_unit_id": "{unit_c}", "problem": "改单位",
                                      "requirement": "整改", "version": "{own_version}"}),
    ("dept-a", "/account/tokens/{other_token}/revoke", {}),
    ("dept-a", "/items/{other}/chase", {"message": "催"}),
    ("dept-a", "/items/{other}/checks/{other_record}/edit", {"check_date": "2026-05-21",
                                                             "check_river_section": "胶河",
                                                             "check_equipment_seized": "5"}),
    ("dept-a", "/items/{other}/checks/{other_record}/withdraw", {"reason": "越权"}),
    ("dept-a", "/items/{own}/checks/{other_record}/withdraw", {"reason": "越权"}),
    ("dept-a", "/items/{other}/counted-units", {}),
]


def filled(text: str, world, scene: Scene) -> str:
    return text.format(own=scene.own.id, other=scene.other.id, own_request=scene.own_request,
                       other_request=scene.other_request, other_record=scene.other_record,
                       other_token=scene.other_token, unit_c=world.units["c"].id,
                       own_version=scene.own.version, other_version=scene.other.version)


@pytest.mark.parametrize("who, path, form", FORM_ATTEMPTS,
                         ids=[f"{who} {path}" for who, path, _f in FORM_ATTEMPTS])
def test_forms_naming_what_is_not_yours_change_nothing(world, login, scene, who, path, form):
    client = login(who)
    data = {key: filled(value, world, scene) for key, value in form.items()}
    before = snapshot()
    response = client.post(filled(path, world, scene),
                           data={**data, "csrf_token": csrf_token(client, "/preferences")})
    assert response.status_code in (403, 404)
    assert snapshot() == before


def test_another_units_file_is_not_found(login, scene):
    response = login("dept-a").get(f"/items/attachments/{scene.other_attachment}")
    assert response.status_code == 404


# (method, path, body) through the API with dept-a's token
API_ATTEMPTS = [
    ("POST", "/api/v1/items", {"campaign_id": "{campaign}", "lead_unit_id": "{unit_c}",
                               "category_id": "{category}", "source": "questionnaire",
                               "problem": "越权", "requirement": "整改"}),
    ("PATCH", "/api/v1/items/{own}", {"version": "{own_version}", "lead_unit_id": "{unit_c}"}),
    ("PATCH", "/api/v1/items/{other}", {"version": "{other_version}", "problem": "改"}),
    ("POST", "/api/v1/items/{other}/actions", {"kind": "progress", "body": "越权"}),
    ("POST", "/api/v1/items/{other}/transitions/submit", {}),
    ("POST", "/api/v1/items/{other}/chases", {"message": "催"}),
    ("GET", "/api/v1/items/{other}", None),
    ("GET", "/api/v1/items/{other}/actions", None),
]


def api_body(body, world, scene):
    if body is None:
        return None
    numbers = {"campaign": world.campaign.id, "category": world.category.id,
               "unit_c": world.units["c"].id, "own_version": scene.own.version,
               "other_version": scene.other.version}
    return {key: numbers[value[1:-1]] if isinstance(value, str) and value[1:-1] in numbers
            else value for key, value in body.items()}


@pytest.mark.parametrize("method, path, body", API_ATTEMPTS,
                         ids=[f"{m} {p}" for m, p, _b in API_ATTEMPTS])
def test_api_calls_naming_what_is_not_yours_change_nothing(app, world, scene, method, path,
                                                           body):
    _token, plain = issue_token(world.users["dept-a"], "hostile")
    before = snapshot()
    response = app.test_client().open(filled(path, world, scene), method=method,
                                      json=api_body(body, world, scene),
                                      headers={"Authorization": f"Bearer {plain}"})
    assert response.status_code in (403, 404, 422), response.get_json()
    assert snapshot() == before


# Filters naming another unit -------------------------------------------------------------

def test_list_and_export_filters_naming_another_unit_show_only_your_items(app, world, login,
                                                                          scene):
    client = login("dept-a")
    unit_c = world.units["c"].id
    page = client.get(f"/items/?unit={unit_c}").get_data(as_text=True)
    export = client.get(f"/items/export.xlsx?unit={unit_c}").data
    assert scene.other.code not in page
    assert scene.other.code.encode() not in export
    _token, plain = issue_token(world.users["dept-a"], "hostile")
    listed = app.test_client().get(f"/api/v1/items?unit={unit_c}",
                                   headers={"Authorization": f"Bearer {plain}"}).get_json()
    assert [item["code"] for item in listed["items"]] == []
    everything = app.test_client().get("/api/v1/items",
                                       headers={"Authorization": f"Bearer {plain}"}).get_json()
    assert [item["code"] for item in everything["items"]] == [scene.own.code]


def test_dashboard_callbacks_naming_another_unit_show_your_unit(world, login, scene):
    dashboards = CallbackClient(login("dept-a"))
    unit_c, unit_a = world.units["c"].id, world.units["a"].id
    other = dashboards.call("un-table.children", {"un-unit.data": unit_c})
    own = dashboards.call("un-table.children", {"un-unit.data": unit_a})
    assert other == own
    assert scene.own.code in str(own) and scene.other.code not in str(other)
    overdue = dashboards.call("od-table.children", {"od-filter-campaign.value": world.campaign.id})
    assert scene.other.code not in str(overdue) and scene.own.code in str(overdue)
