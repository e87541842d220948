"""Every route of the app, for every role and method, against one table of rules.

The test walks the app's URL map. A route missing from ``RULES`` fails the test, so a new
route cannot be added without saying who may use it. Each request is valid for the route
(real ids, a valid form or JSON body, a CSRF token or API token), so the only thing that
can refuse it is the permission being tested; each (route, role) pair starts from the same
fresh objects (made once per role; the database is rolled back after every request).

Outcomes: ``ok`` (allowed: anything but the refusals below and never a 5xx), ``login``
(a redirect to the sign-in page), ``401``, ``403``, ``404``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from evaluation_world import make_evaluation
from openpyxl import Workbook

from conftest import PASSWORD, csrf_token, move, raise_item, sign_in
from dashboards.testing import CallbackClient
from rectify.extensions import db
from rectify.models import Attachment, Campaign, InspectionGroup, Item, Notification
from rectify.services.accounts import tokens
from rectify.services.setup import holidays
from rectify.services.tracking import checks, deliverables, followup
from rectify.services.tracking import items as item_service
from rectify.services.tracking.attachments import publish, store

ROLES = ("anon", "admin", "committee", "leader", "dept_own", "dept_other")
USERNAMES = {"admin": "admin", "committee": "committee", "leader": "leader",
             "dept_own": "dept-a", "dept_other": "dept-c"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def outcomes(default: str = "ok", **by_role: str) -> dict[str, str]:
    """Expected outcome per role: ``default`` for the signed-in roles, ``login`` for
    anonymous visitors, unless named."""
    table = {role: default for role in ROLES}
    table["anon"] = "login"
    table.update(by_role)
    return table


EVERYONE = outcomes()
PUBLIC = outcomes(anon="ok")
PUBLIC_TO_ALL = outcomes("ok", anon="ok")  # the rater's pages: no account needed
ADMIN_ONLY = outcomes("403", admin="ok")
COMMITTEE_ONLY = outcomes("403", committee="ok")
READERS = outcomes("ok", dept_own="403", dept_other="403")
MANAGERS = outcomes("403", admin="ok", committee="ok")  # campaigns and their groups
# Item pages: readers and the item's own unit; another unit's department gets 404.
ITEM_VISIBLE = outcomes(dept_other="404")
COMMITTEE_ON_ITEM = outcomes("403", committee="ok", dept_other="404")
LEAD_UNIT_ON_ITEM = outcomes("403", dept_own="ok", dept_other="404")
API = {role: ("401" if outcome == "login" else outcome) for role, outcome in EVERYONE.items()}


def api(table: dict[str, str]) -> dict[str, str]:
    return {role: ("401" if outcome == "login" else outcome) for role, outcome in table.items()}


@dataclass
class Objects:
    """Fresh objects for one request: an open item (unit b co-operates), an item in
    progress with a check type, a check record, a file and a pending extension, a closed
    item with a pending re-check, the committee's API token and a notice for the lead
    unit's user (all led by unit a); a campaign with a group; a document unit a owes, and
    one it submitted (with a file)."""

    open_item: Item
    working: Item
    closed: Item
    attachment_id: int
    request_id: int
    recheck_id: int
    token_id: int
    record_id: int
    campaign_id: int
    group_id: int
    owed_id: int
    delivered_id: int
    delivered_version: int
    delivered_file_id: int
    evaluation_id: int
    rater_group_id: int
    indicator_id: int
    question_id: int


def make_campaign(world) -> tuple[int, int]:
    """A campaign in inspection with one group, fresh for each request (one may archive it)."""
    number = db.session.scalar(db.select(db.func.count(Campaign.id))) + 1
    campaign = Campaign(title=f"权限测试评议{number}", year=2026, stage="inspection",
                        default_due_date=date(2026, 9, 1), code_prefix=f"P{number}",
                        units=list(world.units.values()))
    group = InspectionGroup(campaign=campaign, name="第一检查组", leader_name="王组长",
                            members=[world.users["committee"]], units=[world.units["a"]])
    db.session.add_all([campaign, group])
    db.session.commit()
    return campaign.id, group.id


def campaign_form(world, title: str = "新一轮评议", prefix: str = "NEW") -> dict[str, Any]:
    stages = {}
    for number, stage in enumerate(("self_check", "evaluation", "inspection", "rectification")):
        stages[f"{stage}_starts"] = f"2027-0{number * 2 + 1}-01"
        stages[f"{stage}_ends"] = f"2027-0{number * 2 + 2}-01"
    return {"title": title, "year": "2027", "theme": "依法行政", "code_prefix": prefix,
            "default_due_date": "2027-12-31", "unit_ids": [u.id for u in world.units.values()],
            **stages}


def make_objects(world) -> Objects:
    committee, dept = world.users["committee"], world.users["dept-a"]
    open_item = raise_item(world, co=("b",))
    working = move(world, raise_item(world, check_type="river_patrol"), ("dept-a", "sign_for"))
    stored = store("现场.png", PNG)
    publish([stored])
    action = item_service.add_action(dept, working, "evidence", "照片")
    db.session.add(Attachment(item_id=working.id, action_id=action.id, **stored.__dict__))
    request = item_service.request_extension(dept, working, date(2026, 12, 31), "汛期")
    record = checks.add_check_record(dept, working, {
        "date": date(2026, 5, 20), "river_section": "胶河", "illegal_mining_found": False,
        "equipment_seized": 0})
    closed = move(world, raise_item(world), ("dept-a", "sign_for"), ("dept-a", "submit"),
                  ("committee", "close"))
    recheck = followup.schedule_recheck(committee, closed, date(2026, 9, 1))
    token, _plain = tokens.issue_token(committee, "matrix")
    notice = Notification(user_id=dept.id, item_id=open_item.id, kind="chased", params={})
    db.session.add(notice)
    db.session.commit()
    attachment = db.session.scalar(db.select(Attachment.id).where(Attachment.item_id == working.id))
    owed, delivered = (deliverables.request_deliverables(
        committee, fresh_campaign(), kind, date(2026, 7, 1), [world.units["a"]]).created[0]
        for kind in ("rectification_plan", "rectification_report"))
    submission = deliverables.submit(dept, delivered, [("整改情况报告.pdf", b"%PDF-1.4 report")])
    evaluated = db.session.get(Campaign, make_campaign(world)[0])
    evaluation = make_evaluation(world, campaign=evaluated)
    return Objects(open_item, working, closed, attachment, request.id, recheck.id, token.id,
                   record.id, *make_campaign(world), owed.id, delivered.id,
                   delivered.version, submission.files[0].id, evaluation.id,
                   evaluation.groups[0].id, evaluation.indicators[0].id,
                   evaluation.questions[0].id)


def fresh_campaign() -> Campaign:
    """A campaign of its own, so each request finds its units' documents not yet asked for."""
    number = db.session.scalar(db.select(db.func.count(Campaign.id))) + 1
    campaign = Campaign(title=f"权限测试{number}", year=2026, default_due_date=date(2026, 8, 1),
                        code_prefix=f"P{number}")
    db.session.add(campaign)
    return campaign


def workbook() -> bytes:
    book = Workbook()
    book.active.append(["牵头单位", "问题类别", "问题来源", "存在问题", "整改要求"])
    book.active.append(["市甲局", "依法行政", "问卷调查", "权限测试问题", "整改"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def item_form(world) -> dict[str, Any]:
    return {"campaign_id": world.campaign.id, "lead_unit_id": world.units["a"].id,
            "category_id": world.category.id, "source": "questionnaire", "priority": "normal",
            "problem": "权限测试", "requirement": "整改", "due_date": ""}


@dataclass(frozen=True)
class Rule:
    """Who may use a route, and how to make a valid request to it."""

    expected: dict[str, str]
    params: Callable[[Any, Objects], dict] = lambda world, o: {}
    data: Callable[[Any, Objects], dict] | None = None  # form fields or JSON body


def item(o):
    return {"item_id": o.open_item.id}


def special_day(world, o) -> dict:
    """A 调休上班 day to delete (made inside the request's undoable block)."""
    holidays.save_day(None, date(2027, 10, 9), True, "调休上班")
    return {"day": "2027-10-09"}


def campaign(o):
    return {"campaign_id": o.campaign_id}


def group_form(world) -> dict[str, Any]:
    return {"name": "第二检查组", "leader_name": "李组长",
            "member_ids": [world.users["committee"].id], "unit_ids": [world.units["b"].id]}


def record(o):
    """The lead unit's check record on the item in progress (its author is dept-a)."""
    return {"item_id": o.working.id, "record_id": o.record_id}


def evaluation(o, **more):
    return {"evaluation_id": o.evaluation_id, **more}


def group_part(o):
    return evaluation(o, group_id=o.rater_group_id)


def rater_group_form(world) -> dict[str, Any]:
    return {"name": "镇人大代表", "weight": "0", "unit_ids": [world.units["a"].id]}


API_PATROL = {"date": "2026-05-21", "river_section": "胶河", "illegal_mining_found": False,
              "equipment_seized": 0}


# (method, rule) -> Rule
RULES: dict[tuple[str, str], Rule] = {
    ("GET", "/"): Rule(EVERYONE),
    ("GET", "/healthz"): Rule(PUBLIC),
    ("GET", "/favicon.ico"): Rule(PUBLIC),
    ("GET", "/todo/<key>"): Rule(outcomes("404", dept_own="ok", dept_other="ok"),
                                 lambda w, o: {"key": "returned"}),
    ("GET", "/static/<path:filename>"): Rule(PUBLIC, lambda w, o: {"filename": "app.css"}),
    ("GET", "/login"): Rule(PUBLIC),
    ("POST", "/login"): Rule(PUBLIC, data=lambda w, o: {"username": "nobody", "password": "x"}),
    ("POST", "/logout"): Rule(EVERYONE, data=lambda w, o: {}),
    ("GET", "/login/code"): Rule(PUBLIC),  # without a right password: back to sign-in
    ("POST", "/login/code"): Rule(PUBLIC, data=lambda w, o: {"code": "000000"}),
    ("GET", "/account/two-factor"): Rule(EVERYONE),
    ("POST", "/account/two-factor"): Rule(EVERYONE, data=lambda w, o: {"code": "000000"}),
    ("POST", "/language/<code>"): Rule(PUBLIC, lambda w, o: {"code": "en"}, lambda w, o: {}),
    ("GET", "/preferences"): Rule(EVERYONE),
    ("POST", "/preferences"): Rule(EVERYONE, data=lambda w, o: {"locale": "zh_Hans_CN"}),
    ("POST", "/preferences/password"): Rule(EVERYONE, data=lambda w, o: {
        "current_password": "wrong", "new_password": "x" * 10, "confirm": "x" * 10}),
    ("GET", "/account/tokens"): Rule(EVERYONE),
    ("POST", "/account/tokens"): Rule(EVERYONE, data=lambda w, o: {"name": "cli",
                                                                   "expires_in": "30"}),
    ("POST", "/account/tokens/<int:token_id>/revoke"): Rule(
        outcomes("404", committee="ok"), lambda w, o: {"token_id": o.token_id}, lambda w, o: {}),
    ("GET", "/account/sessions"): Rule(EVERYONE),
    ("POST", "/account/sessions/end-others"): Rule(EVERYONE, data=lambda w, o: {}),
    ("GET", "/notifications/"): Rule(EVERYONE),
    ("POST", "/notifications/read-all"): Rule(EVERYONE, data=lambda w, o: {}),
    # Admin pages
    ("GET", "/admin/users"): Rule(ADMIN_ONLY),
    ("GET", "/admin/users/new"): Rule(ADMIN_ONLY),
    ("POST", "/admin/users/new"): Rule(ADMIN_ONLY, data=lambda w, o: {
        "username": "newbie", "display_name": "", "role": "leader", "unit_id": 0,
        "password": "long enough 1"}),
    ("GET", "/admin/users/<int:user_id>"): Rule(ADMIN_ONLY,
                                                lambda w, o: {"user_id": w.users["dept-b"].id}),
    ("POST", "/admin/users/<int:user_id>"): Rule(
        ADMIN_ONLY, lambda w, o: {"user_id": w.users["dept-b"].id},
        lambda w, o: {"display_name": "乙", "role": "department", "unit_id": w.units["b"].id,
                      "active": "y"}),
    ("POST", "/admin/users/<int:user_id>/password"): Rule(
        ADMIN_ONLY, lambda w, o: {"user_id": w.users["dept-b"].id},
        lambda w, o: {"password": "reset password 1"}),
    ("POST", "/admin/users/<int:user_id>/two-factor/reset"): Rule(
        ADMIN_ONLY, lambda w, o: {"user_id": w.users["dept-b"].id}, lambda w, o: {}),
    ("POST", "/admin/users/<int:user_id>/tokens/<int:token_id>/revoke"): Rule(
        ADMIN_ONLY, lambda w, o: {"user_id": w.users["committee"].id, "token_id": o.token_id},
        lambda w, o: {}),
    ("GET", "/admin/units"): Rule(ADMIN_ONLY),
    ("GET", "/admin/units/new"): Rule(ADMIN_ONLY),
    ("POST", "/admin/units/new"): Rule(ADMIN_ONLY, data=lambda w, o: {
        "code": "newunit", "name": "市新局", "name_en": "", "kind": "department",
        "parent_id": 0, "active": "y", "short_name": "新局", "position": "5",
        "aliases": "市新办"}),
    ("GET", "/admin/units/<int:unit_id>"): Rule(ADMIN_ONLY,
                                                lambda w, o: {"unit_id": w.units["b"].id}),
    ("POST", "/admin/units/<int:unit_id>"): Rule(
        ADMIN_ONLY, lambda w, o: {"unit_id": w.units["b"].id},
        lambda w, o: {"code": "b", "name": "市乙局", "name_en": "", "kind": "department",
                      "parent_id": 0, "active": "y", "short_name": "乙局", "position": "2",
                      "aliases": "市乙办"}),
    ("GET", "/admin/plugins"): Rule(ADMIN_ONLY),
    ("GET", "/admin/categories"): Rule(ADMIN_ONLY),
    ("GET", "/admin/categories/new"): Rule(ADMIN_ONLY),
    ("POST", "/admin/categories/new"): Rule(ADMIN_ONLY, data=lambda w, o: {
        "code": "newcat", "name": "新类别", "name_en": "", "position": "9", "active": "y"}),
    ("GET", "/admin/categories/<int:category_id>"): Rule(
        ADMIN_ONLY, lambda w, o: {"category_id": w.category.id}),
    ("POST", "/admin/categories/<int:category_id>"): Rule(
        ADMIN_ONLY, lambda w, o: {"category_id": w.category.id},
        lambda w, o: {"code": "law", "name": "依法行政", "name_en": "", "position": "1",
                      "active": "y"}),
    ("GET", "/admin/organisation"): Rule(ADMIN_ONLY),
    ("GET", "/admin/holidays/"): Rule(ADMIN_ONLY),
    ("POST", "/admin/holidays/"): Rule(ADMIN_ONLY, data=lambda w, o: {
        "day": "2027-10-01", "kind": "off", "name": "国庆节"}),
    ("POST", "/admin/holidays/<day>/delete"): Rule(ADMIN_ONLY, special_day, lambda w, o: {}),
    ("POST", "/admin/holidays/import"): Rule(ADMIN_ONLY, data=lambda w, o: {
        "lines": "2027-10-01,休,国庆节"}),
    ("POST", "/admin/holidays/seed"): Rule(ADMIN_ONLY, data=lambda w, o: {}),
    ("POST", "/admin/organisation"): Rule(ADMIN_ONLY, data=lambda w, o: {
        "full_name": "某某市人大常委会", "short_name": "市人大常委会", "name_en": "", "city": "",
        "sender_name": "", "doc_prefix": ""}),
    # Items
    ("GET", "/items/"): Rule(EVERYONE),
    ("GET", "/items/export.xlsx"): Rule(EVERYONE),
    ("GET", "/items/new"): Rule(COMMITTEE_ONLY),
    ("POST", "/items/new"): Rule(COMMITTEE_ONLY, data=lambda w, o: item_form(w)),
    ("GET", "/items/import/"): Rule(COMMITTEE_ONLY),
    ("POST", "/items/import/"): Rule(COMMITTEE_ONLY, data=lambda w, o: {
        "campaign_id": w.campaign.id, "file": (io.BytesIO(workbook()), "问题清单.xlsx")}),
    ("GET", "/items/import/template.xlsx"): Rule(COMMITTEE_ONLY),
    ("GET", "/items/chase-overdue"): Rule(COMMITTEE_ONLY),
    ("POST", "/items/chase-overdue"): Rule(COMMITTEE_ONLY, data=lambda w, o: {
        "message": "请加快整改"}),
    ("POST", "/items/sign-for"): Rule(outcomes("403", dept_own="ok", dept_other="ok"),
                                      data=lambda w, o: {"item_id": str(o.open_item.id)}),
    ("GET", "/items/<int:item_id>"): Rule(ITEM_VISIBLE, lambda w, o: item(o)),
    ("GET", "/items/<int:item_id>/edit"): Rule(COMMITTEE_ONLY, lambda w, o: item(o)),
    ("POST", "/items/<int:item_id>/edit"): Rule(
        COMMITTEE_ONLY, lambda w, o: item(o),
        lambda w, o: {**item_form(w), "version": o.open_item.version}),
    ("POST", "/items/<int:item_id>/transition/<name>"): Rule(
        LEAD_UNIT_ON_ITEM, lambda w, o: {**item(o), "name": "sign_for"},
        lambda w, o: {"version": o.open_item.version}),
    ("POST", "/items/<int:item_id>/actions"): Rule(
        outcomes(admin="403", leader="403", dept_other="404"), lambda w, o: item(o),
        lambda w, o: {"kind": "comment", "body": "意见"}),
    ("GET", "/items/<int:item_id>/checks/<int:record_id>/edit"): Rule(
        LEAD_UNIT_ON_ITEM, lambda w, o: record(o)),
    ("POST", "/items/<int:item_id>/checks/<int:record_id>/edit"): Rule(
        LEAD_UNIT_ON_ITEM, lambda w, o: record(o),
        lambda w, o: {"check_date": "2026-05-21", "check_river_section": "胶河",
                      "check_equipment_seized": "1"}),
    ("POST", "/items/<int:item_id>/checks/<int:record_id>/withdraw"): Rule(
        LEAD_UNIT_ON_ITEM, lambda w, o: record(o), lambda w, o: {"reason": "记录有误"}),
    ("POST", "/items/<int:item_id>/counted-units"): Rule(
        COMMITTEE_ON_ITEM, lambda w, o: item(o), lambda w, o: {"counted": []}),
    ("POST", "/items/<int:item_id>/checks"): Rule(
        LEAD_UNIT_ON_ITEM, lambda w, o: {"item_id": o.working.id},
        lambda w, o: {"check_date": "2026-05-20", "check_river_section": "胶河",
                      "check_equipment_seized": "0"}),
    ("POST", "/items/<int:item_id>/extension"): Rule(
        LEAD_UNIT_ON_ITEM, lambda w, o: {"item_id": o.open_item.id},
        lambda w, o: {"new_due_date": "2026-12-31", "reason": "汛期"}),
    ("POST", "/items/<int:item_id>/extension/<int:request_id>"): Rule(
        COMMITTEE_ON_ITEM, lambda w, o: {"item_id": o.working.id, "request_id": o.request_id},
        lambda w, o: {"decision": "approve", "note": "", "version": o.working.version}),
    ("POST", "/items/<int:item_id>/chase"): Rule(
        COMMITTEE_ON_ITEM, lambda w, o: {"item_id": o.working.id},
        lambda w, o: {"message": "请加快整改"}),
    ("POST", "/items/<int:item_id>/rechecks"): Rule(
        COMMITTEE_ON_ITEM, lambda w, o: {"item_id": o.closed.id},
        lambda w, o: {"due_date": "2026-10-01"}),
    ("POST", "/items/<int:item_id>/rechecks/<int:recheck_id>"): Rule(
        COMMITTEE_ON_ITEM, lambda w, o: {"item_id": o.closed.id, "recheck_id": o.recheck_id},
        lambda w, o: {"result": "confirmed", "note": "", "version": o.closed.version}),
    ("POST", "/items/<int:item_id>/rating"): Rule(
        COMMITTEE_ON_ITEM, lambda w, o: {"item_id": o.closed.id},
        lambda w, o: {"satisfied": "10", "basically_satisfied": "2", "dissatisfied": "1"}),
    ("GET", "/items/attachments/<int:attachment_id>"): Rule(
        ITEM_VISIBLE, lambda w, o: {"attachment_id": o.attachment_id}),
    # Campaigns and their inspection groups
    ("GET", "/campaigns/"): Rule(READERS),
    ("GET", "/campaigns/new"): Rule(MANAGERS),
    ("POST", "/campaigns/new"): Rule(MANAGERS, data=lambda w, o: campaign_form(w)),
    ("GET", "/campaigns/<int:campaign_id>"): Rule(READERS, lambda w, o: campaign(o)),
    ("GET", "/campaigns/<int:campaign_id>/edit"): Rule(MANAGERS, lambda w, o: campaign(o)),
    ("POST", "/campaigns/<int:campaign_id>/edit"): Rule(
        MANAGERS, lambda w, o: campaign(o),
        lambda w, o: campaign_form(w, f"改名评议{o.campaign_id}", f"E{o.campaign_id}")),
    ("POST", "/campaigns/<int:campaign_id>/advance"): Rule(
        MANAGERS, lambda w, o: campaign(o), lambda w, o: {"confirmed": "y"}),
    ("POST", "/campaigns/<int:campaign_id>/archive"): Rule(
        MANAGERS, lambda w, o: campaign(o), lambda w, o: {"confirmed": "y"}),
    ("GET", "/campaigns/<int:campaign_id>/next"): Rule(MANAGERS, lambda w, o: campaign(o)),
    ("POST", "/campaigns/<int:campaign_id>/next"): Rule(
        MANAGERS, lambda w, o: campaign(o),
        lambda w, o: {"title": f"下一轮{o.campaign_id}", "year": "2027",
                      "code_prefix": f"N{o.campaign_id}", "default_due_date": "2027-12-31"}),
    ("GET", "/campaigns/<int:campaign_id>/groups/new"): Rule(MANAGERS, lambda w, o: campaign(o)),
    ("POST", "/campaigns/<int:campaign_id>/groups/new"): Rule(
        MANAGERS, lambda w, o: campaign(o), lambda w, o: group_form(w)),
    ("GET", "/campaigns/<int:campaign_id>/groups/<int:group_id>"): Rule(
        MANAGERS, lambda w, o: {**campaign(o), "group_id": o.group_id}),
    ("POST", "/campaigns/<int:campaign_id>/groups/<int:group_id>"): Rule(
        MANAGERS, lambda w, o: {**campaign(o), "group_id": o.group_id},
        lambda w, o: {**group_form(w), "name": "第一检查组"}),
    # Deliverables (报送材料)
    ("GET", "/deliverables/"): Rule(EVERYONE),
    ("GET", "/deliverables/missing"): Rule(READERS),
    ("GET", "/deliverables/request"): Rule(COMMITTEE_ONLY),
    ("POST", "/deliverables/request"): Rule(COMMITTEE_ONLY, data=lambda w, o: {
        "campaign_id": w.campaign.id, "kind": "self_check_report", "due_date": "2026-07-15",
        "scope": "all"}),
    ("GET", "/deliverables/<int:deliverable_id>"): Rule(
        ITEM_VISIBLE, lambda w, o: {"deliverable_id": o.owed_id}),
    ("POST", "/deliverables/<int:deliverable_id>/submissions"): Rule(
        LEAD_UNIT_ON_ITEM, lambda w, o: {"deliverable_id": o.owed_id},
        lambda w, o: {"note": "", "files": (io.BytesIO(PNG), "整改方案.png")}),
    ("POST", "/deliverables/<int:deliverable_id>/decision"): Rule(
        COMMITTEE_ON_ITEM, lambda w, o: {"deliverable_id": o.delivered_id},
        lambda w, o: {"decision": "accept", "reason": "", "version": o.delivered_version}),
    ("POST", "/deliverables/<int:deliverable_id>/chase"): Rule(
        COMMITTEE_ON_ITEM, lambda w, o: {"deliverable_id": o.owed_id},
        lambda w, o: {"message": "请尽快报送整改方案"}),
    ("GET", "/deliverables/files/<int:file_id>"): Rule(
        ITEM_VISIBLE, lambda w, o: {"file_id": o.delivered_file_id}),
    # Follow-up, reports
    ("GET", "/rechecks/"): Rule(COMMITTEE_ONLY),
    ("GET", "/extensions/"): Rule(READERS),
    ("GET", "/league/"): Rule(READERS),
    ("GET", "/league/export.xlsx"): Rule(READERS),
    ("GET", "/reports/"): Rule(EVERYONE),
    ("GET", "/reports/<int:campaign_id>/progress.docx"): Rule(
        READERS, lambda w, o: {"campaign_id": w.campaign.id}),
    ("GET", "/reports/<int:campaign_id>/feedback.zip"): Rule(
        READERS, lambda w, o: {"campaign_id": w.campaign.id}),
    ("GET", "/reports/<int:campaign_id>/feedback/<int:unit_id>.docx"): Rule(
        ITEM_VISIBLE, lambda w, o: {"campaign_id": w.campaign.id, "unit_id": w.units["a"].id}),
    # Dashboards (Dash): pages redirect to sign-in, everything else answers 401
    ("GET", "/dashboard/"): Rule(EVERYONE),
    ("GET", "/dashboard/<path:path>"): Rule(EVERYONE, lambda w, o: {"path": "overdue"}),
    ("GET", "/dashboard/_dash-layout"): Rule(api(EVERYONE)),
    ("GET", "/dashboard/_dash-dependencies"): Rule(api(EVERYONE)),
    ("GET", "/dashboard/_reload-hash"): Rule(api(EVERYONE)),
    ("GET", "/dashboard/_favicon.ico"): Rule(api(EVERYONE)),
    ("GET", "/dashboard/assets/<path:filename>"): Rule(
        api(EVERYONE), lambda w, o: {"filename": "dashboard.css"}),
    ("GET", "/dashboard/_dash-component-suites/<string:package_name>/<path:fingerprinted_path>"):
        Rule(api(EVERYONE), lambda w, o: {"package_name": "dash",
                                          "fingerprinted_path": "dcc/dash_core_components.js"}),
    ("POST", "/dashboard/_dash-update-component"): Rule(api(EVERYONE)),
    # Evaluations (评议): the committee designs, leaders read, departments never see them
    ("GET", "/evaluations/"): Rule(READERS),
    ("GET", "/evaluations/new"): Rule(MANAGERS),
    ("POST", "/evaluations/new"): Rule(MANAGERS, data=lambda w, o: {
        "campaign_id": o.campaign_id, "title": "权限测试评议", "sheet_form": "grades"}),
    ("GET", "/evaluations/<int:evaluation_id>"): Rule(READERS, lambda w, o: evaluation(o)),
    ("GET", "/evaluations/<int:evaluation_id>/results"): Rule(READERS, lambda w, o: evaluation(o)),
    ("GET", "/evaluations/<int:evaluation_id>/sheet"): Rule(MANAGERS, lambda w, o: evaluation(o)),
    ("POST", "/evaluations/<int:evaluation_id>/sheet"): Rule(
        MANAGERS, lambda w, o: evaluation(o), lambda w, o: {
            "title": "评议", "sheet_form": "grades", "points_satisfied": "100",
            "points_basically_satisfied": "80", "points_dissatisfied": "60"}),
    ("GET", "/evaluations/<int:evaluation_id>/groups/new"): Rule(
        MANAGERS, lambda w, o: evaluation(o)),
    ("POST", "/evaluations/<int:evaluation_id>/groups/new"): Rule(
        MANAGERS, lambda w, o: evaluation(o), lambda w, o: rater_group_form(w)),
    ("GET", "/evaluations/<int:evaluation_id>/groups/<int:group_id>"): Rule(
        MANAGERS, lambda w, o: group_part(o)),
    ("POST", "/evaluations/<int:evaluation_id>/groups/<int:group_id>"): Rule(
        MANAGERS, lambda w, o: group_part(o), lambda w, o: rater_group_form(w)),
    ("POST", "/evaluations/<int:evaluation_id>/weights"): Rule(
        MANAGERS, lambda w, o: evaluation(o), lambda w, o: {
            f"weight-{g}": 25 for g in range(o.rater_group_id, o.rater_group_id + 4)}),
    ("GET", "/evaluations/<int:evaluation_id>/indicators/new"): Rule(
        MANAGERS, lambda w, o: evaluation(o)),
    ("POST", "/evaluations/<int:evaluation_id>/indicators/new"): Rule(
        MANAGERS, lambda w, o: evaluation(o), lambda w, o: {"name": "效能", "max_points": "10"}),
    ("GET", "/evaluations/<int:evaluation_id>/indicators/<int:indicator_id>"): Rule(
        MANAGERS, lambda w, o: evaluation(o, indicator_id=o.indicator_id)),
    ("POST", "/evaluations/<int:evaluation_id>/indicators/<int:indicator_id>"): Rule(
        MANAGERS, lambda w, o: evaluation(o, indicator_id=o.indicator_id),
        lambda w, o: {"name": "依法行政", "max_points": "25"}),
    ("GET", "/evaluations/<int:evaluation_id>/questions/new"): Rule(
        MANAGERS, lambda w, o: evaluation(o)),
    ("POST", "/evaluations/<int:evaluation_id>/questions/new"): Rule(
        MANAGERS, lambda w, o: evaluation(o),
        lambda w, o: {"kind": "text", "text": "其他意见", "options": ""}),
    ("GET", "/evaluations/<int:evaluation_id>/questions/<int:question_id>"): Rule(
        MANAGERS, lambda w, o: evaluation(o, question_id=o.question_id)),
    ("POST", "/evaluations/<int:evaluation_id>/questions/<int:question_id>"): Rule(
        MANAGERS, lambda w, o: evaluation(o, question_id=o.question_id),
        lambda w, o: {"kind": "single", "text": "总体评价", "options": "好\n差"}),
    ("POST", "/evaluations/<int:evaluation_id>/<any(groups, indicators, questions):kind>/"
             "<int:part_id>/remove"): Rule(
        MANAGERS, lambda w, o: evaluation(o, kind="indicators", part_id=o.indicator_id),
        lambda w, o: {"confirmed": "y"}),
    ("POST", "/evaluations/<int:evaluation_id>/start"): Rule(
        MANAGERS, lambda w, o: evaluation(o), lambda w, o: {"confirmed": "y"}),
    ("POST", "/evaluations/<int:evaluation_id>/close"): Rule(
        MANAGERS, lambda w, o: evaluation(o), lambda w, o: {"confirmed": "y"}),
    ("POST", "/evaluations/<int:evaluation_id>/groups/<int:group_id>/codes"): Rule(
        MANAGERS, lambda w, o: group_part(o), lambda w, o: {"count": "3"}),
    ("GET", "/evaluations/<int:evaluation_id>/paper"): Rule(MANAGERS, lambda w, o: evaluation(o)),
    ("POST", "/evaluations/<int:evaluation_id>/paper"): Rule(
        MANAGERS, lambda w, o: evaluation(o), lambda w, o: {
            "group_id": o.rater_group_id, "file": (io.BytesIO(workbook()), "纸质评议表.xlsx")}),
    ("GET", "/evaluations/<int:evaluation_id>/groups/<int:group_id>/paper-template.xlsx"): Rule(
        MANAGERS, lambda w, o: group_part(o)),
    # The rater's pages: public (no account), bound to the code kept in the session; a
    # request without a valid code gets the refusal page, which is still an answer.
    ("GET", "/rate/"): Rule(PUBLIC_TO_ALL),
    ("POST", "/rate/"): Rule(PUBLIC_TO_ALL, data=lambda w, o: {"code": "ABCD-EFGH"}),
    ("GET", "/rate/units/<int:number>"): Rule(PUBLIC_TO_ALL, lambda w, o: {"number": 1}),
    ("POST", "/rate/units/<int:number>"): Rule(PUBLIC_TO_ALL, lambda w, o: {"number": 1},
                                               lambda w, o: {"grade": "satisfied"}),
    ("GET", "/rate/questions"): Rule(PUBLIC_TO_ALL),
    ("POST", "/rate/questions"): Rule(PUBLIC_TO_ALL, data=lambda w, o: {}),
    ("GET", "/rate/review"): Rule(PUBLIC_TO_ALL),
    ("POST", "/rate/submit"): Rule(PUBLIC_TO_ALL, data=lambda w, o: {}),
    ("GET", "/rate/done"): Rule(PUBLIC_TO_ALL),
    # JSON API (token authentication)
    ("GET", "/api/v1/openapi.json"): Rule(PUBLIC),
    ("GET", "/api/v1/me"): Rule(API),
    ("GET", "/api/v1/units"): Rule(API),
    ("GET", "/api/v1/campaigns"): Rule(API),
    ("GET", "/api/v1/dashboard"): Rule(API),
    ("GET", "/api/v1/items"): Rule(API),
    ("POST", "/api/v1/items"): Rule(api(COMMITTEE_ONLY), data=lambda w, o: {
        "campaign_id": w.campaign.id, "lead_unit_id": w.units["a"].id,
        "category_id": w.category.id, "source": "questionnaire", "problem": "接口",
        "requirement": "整改"}),
    ("GET", "/api/v1/items/<int:item_id>"): Rule(api(ITEM_VISIBLE), lambda w, o: item(o)),
    ("PATCH", "/api/v1/items/<int:item_id>"): Rule(
        api(outcomes("403", committee="ok")), lambda w, o: item(o),
        lambda w, o: {"version": o.open_item.version, "problem": "改"}),
    ("GET", "/api/v1/items/<int:item_id>/actions"): Rule(api(ITEM_VISIBLE), lambda w, o: item(o)),
    ("POST", "/api/v1/items/<int:item_id>/actions"): Rule(
        api(outcomes(admin="403", leader="403", dept_other="404")), lambda w, o: item(o),
        lambda w, o: {"kind": "comment", "body": "意见"}),
    ("POST", "/api/v1/items/<int:item_id>/chases"): Rule(
        api(COMMITTEE_ON_ITEM), lambda w, o: {"item_id": o.working.id},
        lambda w, o: {"message": "请加快整改"}),
    ("POST", "/api/v1/items/<int:item_id>/extensions"): Rule(
        api(LEAD_UNIT_ON_ITEM), lambda w, o: item(o),
        lambda w, o: {"new_due_date": "2026-12-31", "reason": "汛期"}),
    ("POST", "/api/v1/items/<int:item_id>/extensions/<int:request_id>/decision"): Rule(
        api(COMMITTEE_ON_ITEM), lambda w, o: {"item_id": o.working.id, "request_id": o.request_id},
        lambda w, o: {"approve": True}),
    ("GET", "/api/v1/items/<int:item_id>/check-records"): Rule(
        api(ITEM_VISIBLE), lambda w, o: {"item_id": o.working.id}),
    ("POST", "/api/v1/items/<int:item_id>/check-records"): Rule(
        api(LEAD_UNIT_ON_ITEM), lambda w, o: {"item_id": o.working.id},
        lambda w, o: {"values": API_PATROL}),
    ("PATCH", "/api/v1/items/<int:item_id>/check-records/<int:record_id>"): Rule(
        api(LEAD_UNIT_ON_ITEM), lambda w, o: record(o),
        lambda w, o: {"values": {**API_PATROL, "equipment_seized": 1}}),
    ("POST", "/api/v1/items/<int:item_id>/check-records/<int:record_id>/withdrawal"): Rule(
        api(LEAD_UNIT_ON_ITEM), lambda w, o: record(o), lambda w, o: {"reason": "记录有误"}),
    ("GET", "/api/v1/items/<int:item_id>/counted-units"): Rule(
        api(ITEM_VISIBLE), lambda w, o: item(o)),
    ("PUT", "/api/v1/items/<int:item_id>/counted-units"): Rule(
        api(COMMITTEE_ON_ITEM), lambda w, o: item(o),
        lambda w, o: {"uncounted_unit_ids": [w.units["b"].id]}),
    ("POST", "/api/v1/items/<int:item_id>/attachments"): Rule(
        api(outcomes(admin="403", leader="403", dept_other="404")), lambda w, o: item(o),
        lambda w, o: {"kind": "comment", "body": "意见", "files": (io.BytesIO(PNG), "现场.png")}),
    ("GET", "/api/v1/items/<int:item_id>/attachments"): Rule(
        api(ITEM_VISIBLE), lambda w, o: {"item_id": o.working.id}),
    ("GET", "/api/v1/attachments/<int:attachment_id>"): Rule(
        api(ITEM_VISIBLE), lambda w, o: {"attachment_id": o.attachment_id}),
    ("GET", "/api/v1/items/<int:item_id>/follow-up"): Rule(
        api(ITEM_VISIBLE), lambda w, o: {"item_id": o.closed.id}),
    ("POST", "/api/v1/items/<int:item_id>/rechecks"): Rule(
        api(COMMITTEE_ON_ITEM), lambda w, o: {"item_id": o.closed.id},
        lambda w, o: {"due_date": "2026-10-01"}),
    ("POST", "/api/v1/items/<int:item_id>/rechecks/<int:recheck_id>/result"): Rule(
        api(COMMITTEE_ON_ITEM), lambda w, o: {"item_id": o.closed.id, "recheck_id": o.recheck_id},
        lambda w, o: {"result": "confirmed"}),
    ("PUT", "/api/v1/items/<int:item_id>/rating"): Rule(
        api(COMMITTEE_ON_ITEM), lambda w, o: {"item_id": o.closed.id},
        lambda w, o: {"satisfied": 10, "basically_satisfied": 2, "dissatisfied": 1}),
    ("GET", "/api/v1/items/<int:item_id>/timeline"): Rule(api(ITEM_VISIBLE), lambda w, o: item(o)),
    ("GET", "/api/v1/items/<int:item_id>/extensions"): Rule(
        api(ITEM_VISIBLE), lambda w, o: {"item_id": o.working.id}),
    ("GET", "/api/v1/items/<int:item_id>/chases"): Rule(api(ITEM_VISIBLE), lambda w, o: item(o)),
    ("GET", "/api/v1/notifications"): Rule(API),
    ("POST", "/api/v1/notifications/read"): Rule(API, data=lambda w, o: {"ids": None}),
    ("GET", "/api/v1/deliverables"): Rule(API),
    ("GET", "/api/v1/deliverables/overview"): Rule(api(READERS)),
    ("GET", "/api/v1/extensions"): Rule(api(READERS)),
    ("GET", "/api/v1/rechecks"): Rule(api(COMMITTEE_ONLY)),
    ("POST", "/api/v1/items/sign-for"): Rule(
        api(outcomes("403", dept_own="ok", dept_other="ok")),
        data=lambda w, o: {"item_ids": [o.open_item.id]}),
    ("GET", "/api/v1/items/chase-overdue"): Rule(api(COMMITTEE_ONLY)),
    ("POST", "/api/v1/items/chase-overdue"): Rule(api(COMMITTEE_ONLY), data=lambda w, o: {
        "message": "请加快整改"}),
    ("POST", "/api/v1/deliverables"): Rule(api(COMMITTEE_ONLY), data=lambda w, o: {
        "campaign_id": w.campaign.id, "kind": "self_check_report", "due_date": "2026-07-15"}),
    ("GET", "/api/v1/deliverables/<int:deliverable_id>"): Rule(
        api(ITEM_VISIBLE), lambda w, o: {"deliverable_id": o.owed_id}),
    ("POST", "/api/v1/deliverables/<int:deliverable_id>/submissions"): Rule(
        api(LEAD_UNIT_ON_ITEM), lambda w, o: {"deliverable_id": o.owed_id},
        lambda w, o: {"note": "", "files": (io.BytesIO(PNG), "整改方案.png")}),
    ("POST", "/api/v1/deliverables/<int:deliverable_id>/decision"): Rule(
        api(COMMITTEE_ON_ITEM), lambda w, o: {"deliverable_id": o.delivered_id},
        lambda w, o: {"accept": True, "version": o.delivered_version}),
    ("POST", "/api/v1/deliverables/<int:deliverable_id>/chases"): Rule(
        api(COMMITTEE_ON_ITEM), lambda w, o: {"deliverable_id": o.owed_id},
        lambda w, o: {"message": "请尽快报送整改方案"}),
    ("GET", "/api/v1/deliverables/files/<int:file_id>"): Rule(
        api(ITEM_VISIBLE), lambda w, o: {"file_id": o.delivered_file_id}),
    ("POST", "/api/v1/items/<int:item_id>/transitions/<name>"): Rule(
        api(LEAD_UNIT_ON_ITEM), lambda w, o: {**item(o), "name": "sign_for"},
        lambda w, o: {"version": o.open_item.version}),
}


def outcome(response) -> str:
    location = response.headers.get("Location", "")
    if response.status_code == 302 and "/login?next=" in location:
        return "login"
    if response.status_code >= 500:
        return f"server error {response.status_code}"
    if response.status_code in (401, 403, 404):
        return str(response.status_code)
    return "ok"


def url_of(rule: str, params: dict) -> str:
    """``/items/<int:item_id>`` with ``{"item_id": 3}`` -> ``/items/3``."""
    return re.sub(r"<(?:[^:<>]+:)?(\w+)>", lambda m: str(params[m.group(1)]), rule)


class Caller:
    """One signed-in (or anonymous) client per role, with its CSRF and API tokens."""

    def __init__(self, app, world, role: str):
        self.role, self.client = role, app.test_client()
        self.user = world.users.get(USERNAMES.get(role, ""))
        if self.user is not None:
            assert sign_in(self.client, self.user.username, PASSWORD).status_code == 302
            self.api_token = tokens.issue_token(self.user, "matrix caller")[1]
        self.csrf = csrf_token(self.client, "/preferences" if self.user else "/login")

    def call(self, method: str, rule: str, url: str, data: dict | None):
        if rule.startswith("/api/"):
            headers = {"Authorization": f"Bearer {self.api_token}"} if self.user else {}
            if data and any(isinstance(v, tuple) for v in data.values()):
                return self.client.post(url, data=data, headers=headers,
                                        content_type="multipart/form-data")
            return self.client.open(url, method=method, json=data if method != "GET" else None,
                                    headers=headers)
        if rule == "/dashboard/_dash-update-component":
            if self.user is None:
                return self.client.post(url, json={})
            return CallbackClient(self.client).post("ov-cards.children", {})
        if method == "GET":
            return self.client.get(url)
        form = {**(data or {}), "csrf_token": self.csrf}
        has_file = any(isinstance(v, tuple) for v in form.values())
        return self.client.post(url, data=form,
                                content_type="multipart/form-data" if has_file else None)


def test_every_route_is_in_the_table(app):
    routes = {(method, rule.rule) for rule in app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    missing = sorted(routes - set(RULES))
    assert not missing, f"add these routes to RULES with who may use them: {missing}"
    assert not sorted(set(RULES) - routes), "RULES names routes the app no longer has"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_table_says(app, undoable, world, role):
    caller = Caller(app, world, role)
    objects = make_objects(world)
    wrong = []
    signing_out_last = sorted(RULES.items(), key=lambda entry: entry[0] == ("POST", "/logout"))
    for (method, rule), spec in signing_out_last:
        with undoable():
            url = url_of(rule, spec.params(world, objects))
            data = spec.data(world, objects) if spec.data else None
            got = outcome(caller.call(method, rule, url, data))
        if got != spec.expected[role]:
            wrong.append(f"{method} {url}: expected {spec.expected[role]}, got {got}")
    assert not wrong, "\n".join(wrong)
