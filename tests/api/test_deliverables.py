"""Documents (报送材料) through the API: the committee asks, the unit submits files checked
as on the web, the committee returns or accepts and chases; a department sees and
submits only its own unit's documents."""

import io
from datetime import date, datetime

import time_machine
from sqlalchemy import func, select

from rectify.extensions import db
from rectify.models import Deliverable, DeliverableFile
from rectify.services.tracking import deliverables as service

from .conftest import API, token_for

PDF = b"%PDF-1.4 rectification plan"


def ask(world, unit="a", kind="rectification_plan", due=date(2026, 7, 1)):
    return service.request_deliverables(world.users["committee"], world.campaign, kind,
                                        due, [world.units[unit]]).created[0]


def submit(client, deliverable_id, files, note="整改方案"):
    return client.post(f"/deliverables/{deliverable_id}/submissions",
                       content_type="multipart/form-data", data={"note": note, "files": files})


def test_asked_submitted_returned_and_accepted_through_the_api(world, api, app):
    committee, unit = api("committee"), api("dept-a")
    asked = committee.post("/deliverables", json={
        "campaign_id": world.campaign.id, "kind": "rectification_plan",
        "due_date": "2026-07-01", "unit_ids": [world.units["a"].id, world.units["b"].id]})
    assert asked.status_code == 201 and asked.get_json()["already_asked"] == 0
    again = committee.post("/deliverables", json={
        "campaign_id": world.campaign.id, "kind": "rectification_plan", "due_date": "2026-07-01",
        "unit_ids": [world.units["a"].id]})
    assert again.get_json() == {"created": [], "already_asked": 1}
    own = [d for d in unit.get("/deliverables").get_json()["deliverables"]]
    assert [d["unit"]["code"] for d in own] == ["a"]
    deliverable_id = own[0]["id"]
    submitted = submit(unit, deliverable_id, [(io.BytesIO(PDF), "整改方案.pdf")])
    assert submitted.status_code == 201 and submitted.get_json()["status"] == "submitted"
    file_id = submitted.get_json()["submissions"][0]["files"][0]["id"]
    got = app.test_client().get(f"{API}/deliverables/files/{file_id}", headers={
        "Authorization": f"Bearer {token_for(world, 'leader')}"})
    assert got.data == PDF and got.headers["X-Content-Type-Options"] == "nosniff"
    path = f"/deliverables/{deliverable_id}/decision"
    no_reason = committee.post(path, json={"accept": False})
    assert no_reason.status_code == 422
    returned = committee.post(path, json={"accept": False, "reason": "措施不具体"})
    assert returned.get_json()["status"] == "returned"
    submit(unit, deliverable_id, [(io.BytesIO(PDF), "整改方案（修改）.pdf")])
    accepted = committee.post(path, json={"accept": True})
    assert accepted.get_json()["status"] == "accepted"
    assert len(accepted.get_json()["submissions"]) == 2
    late = submit(unit, deliverable_id, [(io.BytesIO(PDF), "再交.pdf")])
    assert late.status_code == 409


def test_bad_files_and_bodies_change_nothing(world, api):
    deliverable = ask(world)
    unit = api("dept-a")
    for files, code in (([(io.BytesIO(b"<html>"), "方案.pdf")], "content"),
                        ([(io.BytesIO(b"MZ"), "方案.exe")], "type"), ([], "no_file")):
        refused = submit(unit, deliverable.id, files)
        assert refused.status_code == 422
        error = refused.get_json()["error"]
        assert code in {error["code"], *(d["code"] for d in error["details"])}, error
    for body in ({"campaign_id": 999999, "kind": "rectification_plan", "due_date": "2026-07-01"},
                 {"campaign_id": world.campaign.id, "kind": "poem", "due_date": "2026-07-01"},
                 {"campaign_id": world.campaign.id, "kind": "rectification_plan",
                  "due_date": "2026-05-01"},
                 {"campaign_id": world.campaign.id, "kind": "rectification_plan",
                  "due_date": "2026-07-01", "unit_ids": [999999]}):
        assert api("committee").post("/deliverables", json=body).status_code == 422, body
    assert db.session.scalar(select(func.count(Deliverable.id))) == 1
    assert db.session.scalar(select(func.count(DeliverableFile.id))) == 0


def test_another_units_document_is_not_found_and_roles_are_refused(world, api, app):
    other = ask(world, unit="c")
    assert api("dept-a").get(f"/deliverables/{other.id}").status_code == 404
    assert submit(api("dept-a"), other.id, [(io.BytesIO(PDF), "a.pdf")]).status_code == 404
    assert submit(api("committee"), other.id, [(io.BytesIO(PDF), "a.pdf")]).status_code == 403
    assert api("dept-c").post("/deliverables", json={
        "campaign_id": world.campaign.id, "kind": "rectification_plan",
        "due_date": "2026-07-01"}).status_code == 403
    chased = api("committee").post(f"/deliverables/{other.id}/chases",
                                   json={"message": "请尽快报送"})
    assert chased.status_code == 201 and chased.get_json()["deliverable_id"] == other.id
    assert api("dept-c").post(f"/deliverables/{other.id}/chases",
                              json={"message": "催"}).status_code == 403
    assert api("dept-c").get(f"/deliverables/{other.id}").get_json()["status"] == "requested"


def test_the_overview_of_missing_and_late_documents_is_the_web_s(world, api):
    missing = ask(world, "a")
    with time_machine.travel(datetime(2026, 5, 1, 2, 0), tick=False):
        overdue = ask(world, "b", kind="self_check_report", due=date(2026, 5, 20))
        submitted_late = ask(world, "c", kind="self_check_report", due=date(2026, 5, 20))
    service.submit(world.users["dept-c"], submitted_late, [("自查报告.pdf", PDF)])
    overview = api("leader").get("/deliverables/overview").get_json()
    assert [d["id"] for d in overview["missing"]] == [overdue.id, missing.id]
    assert [d["id"] for d in overview["late"]] == [overdue.id, submitted_late.id]
    assert sorted((u["unit"]["code"], u["owed"], u["submitted"], u["late"])
                  for u in overview["units"]) == [("a", 1, 0, 0), ("b", 1, 0, 1), ("c", 0, 1, 1)]
    other = api("committee").get("/deliverables/overview",
                                 query={"campaign": world.campaign.id + 1}).get_json()
    assert other == {"missing": [], "late": [], "units": []}


def test_a_department_cannot_read_every_unit_s_missing_documents(world, api):
    ask(world, "c")
    for username in ("dept-a", "dept-c"):
        refused = api(username).get("/deliverables/overview")
        assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
