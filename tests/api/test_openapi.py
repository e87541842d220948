"""The OpenAPI document describes every API route, is valid OpenAPI 3.1, and the API's
real answers validate against it (every ApiClient call in these tests checks that)."""

import io
import re

from openapi_spec_validator import validate

from conftest import move, raise_item

from .conftest import API, openapi_document

PATROL = {"date": "2026-05-20", "river_section": "胶河", "illegal_mining_found": False,
          "equipment_seized": 0}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
METHODS = {"GET", "POST", "PATCH", "PUT", "DELETE"}


def openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def test_document_is_valid_openapi(app):
    document = openapi_document(app)
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"


def test_every_api_route_is_documented(app):
    document = openapi_document(app)
    routes = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith(API + "/")]
    assert len(routes) >= 12
    documented = {(path, method.upper()) for path, operations in document["paths"].items()
                  for method in operations}
    for rule in routes:
        for method in rule.methods & METHODS:
            assert (openapi_path(rule.rule), method) in documented, f"{method} {rule.rule}"
    assert len(documented) == sum(len(rule.methods & METHODS) for rule in routes)


def test_every_operation_answers_as_documented(world, api):
    """One happy call per operation, each validated against the document; all covered."""
    client = api("committee")
    unit = api("dept-a")
    created = client.post("/items", json={
        "campaign_id": world.campaign.id, "lead_unit_id": world.units["a"].id,
        "category_id": world.category.id, "source": "questionnaire", "problem": "问题",
        "requirement": "要求"}).get_json()
    item_id = created["id"]
    patrol = move(world, raise_item(world, check_type="river_patrol"), ("dept-a", "sign_for"))
    records = f"/items/{patrol.id}/check-records"
    record = unit.post(records, json={"values": PATROL})
    asked = unit.post(f"/items/{item_id}/extensions",
                      json={"new_due_date": "2026-12-31", "reason": "汛期"})
    with_files = unit.post(f"/items/{patrol.id}/attachments", content_type="multipart/form-data",
                           data={"kind": "evidence", "body": "照片",
                                 "files": [(io.BytesIO(PNG), "现场.png")]})
    closed = move(world, raise_item(world), ("dept-a", "sign_for"), ("dept-a", "submit"),
                  ("committee", "close"))
    follow_up = f"/items/{closed.id}"
    recheck = client.post(f"{follow_up}/rechecks", json={"due_date": "2026-09-01"})
    requested = client.post("/deliverables", json={
        "campaign_id": world.campaign.id, "kind": "rectification_plan", "due_date": "2026-07-01",
        "unit_ids": [world.units["a"].id]})
    document = f"/deliverables/{requested.get_json()['created'][0]['id']}"
    chased = client.post(f"{document}/chases", json={"message": "请报送"})
    submitted = unit.post(f"{document}/submissions", content_type="multipart/form-data",
                          data={"files": [(io.BytesIO(PNG), "方案.png")]})
    shared = f"/items/{raise_item(world, co=('b',)).id}/counted-units"
    calls = {
        "request_deliverables": requested,
        "deliverable_overview": client.get("/deliverables/overview"),
        "chase_deliverable": chased,
        "submit_deliverable": submitted,
        "decide_deliverable": client.post(f"{document}/decision", json={"accept": True}),
        "read_deliverable": unit.get(document),
        "list_deliverables": unit.get("/deliverables"),
        "schedule_recheck": recheck,
        "record_recheck_result": client.post(
            f"{follow_up}/rechecks/{recheck.get_json()['id']}/result",
            json={"result": "confirmed"}),
        "record_rating": client.call("PUT", f"{follow_up}/rating", json={"satisfied": 3}),
        "read_follow_up": unit.get(f"{follow_up}/follow-up"),
        "recheck_queue": client.get("/rechecks"),
        "request_extension": asked,
        "decide_extension": client.post(
            f"/items/{item_id}/extensions/{asked.get_json()['id']}/decision",
            json={"approve": False, "note": "期限不变"}),
        "list_items": client.get("/items", query={"sort": "unit"}),
        "read_item": client.get(f"/items/{item_id}"),
        "update_item": client.patch(f"/items/{item_id}", json={"version": 1, "priority": "high"}),
        "apply_transition": unit.post(f"/items/{item_id}/transitions/sign_for", json={}),
        "add_action": unit.post(f"/items/{item_id}/actions",
                                json={"kind": "evidence", "body": "照片"}),
        "list_actions": client.get(f"/items/{item_id}/actions"),
        "add_check_record": record,
        "list_check_records": unit.get(records),
        "correct_check_record": unit.patch(f"{records}/{record.get_json()['id']}",
                                           json={"values": {**PATROL, "equipment_seized": 1}}),
        "withdraw_check_record": unit.post(f"{records}/{record.get_json()['id']}/withdrawal",
                                           json={"reason": "日期有误"}),
        "add_record_with_files": with_files,
        "list_attachments": client.get(f"/items/{item_id}/attachments"),
        "list_extensions": client.get(f"/items/{item_id}/extensions"),
        "list_extension_requests": client.get("/extensions", query={"status": "any"}),
        "read_counted_units": unit.get(shared),
        "set_counted_units": client.call("PUT", shared,
                                         json={"uncounted_unit_ids": [world.units["b"].id]}),
        "list_chases": client.get(f"/items/{item_id}/chases"),
        "item_timeline": client.get(f"/items/{item_id}/timeline"),
        "list_notifications": unit.get("/notifications"),
        "mark_read": unit.post("/notifications/read", json={"ids": None}),
        "chase_item": client.post(f"/items/{item_id}/chases", json={"message": "请抓紧"}),
        "sign_for_items": unit.post("/items/sign-for", json={"item_ids": [raise_item(world).id]}),
        "count_overdue_to_chase": client.get("/items/chase-overdue"),
        "chase_overdue": client.post("/items/chase-overdue", json={"message": "请抓紧"}),
        "me": unit.get("/me"),
        "list_units": client.get("/units"),
        "list_campaigns": client.get("/campaigns"),
        "dashboard": client.get("/dashboard"),
        "openapi_document": api(None).get("/openapi.json"),
    }
    assert all(response.status_code in (200, 201) for response in calls.values())
    document = client.document
    operation_ids = {operation["operationId"] for operations in document["paths"].values()
                     for operation in operations.values()}
    # Raising is called above; the download answers bytes (tests/api/test_attachments.py).
    assert operation_ids == set(calls) | {"create_item", "download_attachment",
                                          "download_deliverable_file"}


def test_unknown_api_paths_and_methods_answer_json(world, api, app):
    client = api("committee")
    missing = client.get("/no-such-thing")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    wrong_method = client.call("DELETE", "/items")
    assert wrong_method.status_code == 405
    assert wrong_method.get_json()["error"]["code"] == "method_not_allowed"
    item = raise_item(world)
    assert client.call("PUT", f"/items/{item.id}", json={}).status_code == 405
    web_page = app.test_client().get("/no-such-page")
    assert web_page.status_code == 404 and not web_page.is_json


def test_the_document_needs_no_token(app):
    response = app.test_client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    assert "/api/v1/items/{item_id}" in response.get_json()["paths"]
