"""Campaigns through the pages and the services: creating one with its stages and units,
the stage timeline, moving to the next stage and archiving (confirmed and audited),
inspection groups, raising only while the stage allows it, an archived campaign's items
read-only at every entry point, and next year's campaign started from this one."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from api.conftest import ApiClient, openapi_document, token_for
from openpyxl import Workbook
from sqlalchemy import func, select

from conftest import csrf_token, move, raise_item
from rectify import workflow
from rectify.extensions import db
from rectify.models import Campaign, Event, InspectionGroup, Item
from rectify.services.setup import campaigns as campaign_service
from rectify.services.setup.campaigns import CampaignFields, GroupFields, NextCampaign
from rectify.services.tracking import chasing, followup
from rectify.services.tracking import items as item_service
from rectify.workflow import WorkflowError

STAGE_DATES = [(date(2027, 1, 4), date(2027, 1, 31)), (date(2027, 2, 1), date(2027, 3, 15)),
               (date(2027, 3, 16), date(2027, 4, 30)), (date(2027, 5, 1), date(2027, 11, 30))]


def campaign_form(world, **changes) -> dict:
    data = {"title": "2027年度检查评议", "year": "2027", "theme": "转变作风，依法行政",
            "code_prefix": "zg27", "default_due_date": "2027-11-30",
            "unit_ids": [world.units["a"].id, world.units["b"].id]}
    for stage, (start, end) in zip(workflow.STAGES, STAGE_DATES, strict=True):
        data[f"{stage}_starts"], data[f"{stage}_ends"] = start.isoformat(), end.isoformat()
    data.update(changes)
    return data


def new_campaign(world, stage: str = "self_check", **changes) -> Campaign:
    fields = CampaignFields(title=changes.pop("title", "2027年度检查评议"), year=2027,
                            code_prefix=changes.pop("code_prefix", "ZG27"),
                            default_due_date=date(2027, 11, 30), theme="转变作风，依法行政",
                            units=[world.units["a"], world.units["b"]], stage_dates=STAGE_DATES)
    campaign = campaign_service.save_campaign(world.users["admin"], None, fields)
    campaign.stage = stage
    db.session.commit()
    return campaign


def raise_in(world, campaign: Campaign) -> Item:
    fields = item_service.ItemFields(campaign=campaign, lead_unit=world.units["a"],
                                     category=world.category, source="questionnaire",
                                     problem="早市管理不到位", requirement="建立常态化管理机制")
    return item_service.raise_item(world.users["committee"], fields)


def history(campaign: Campaign) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.campaign_id == campaign.id)
                                   .order_by(Event.id)))


# Creating and editing ---------------------------------------------------------------------

@pytest.mark.parametrize("manager", ["admin", "committee"])
def test_a_manager_creates_a_campaign_with_its_stages_and_units(world, login, manager):
    client = login(manager)
    data = campaign_form(world, csrf_token=csrf_token(client, "/campaigns/new"))
    response = client.post("/campaigns/new", data=data)
    assert response.status_code == 302
    campaign = db.session.scalar(select(Campaign).where(Campaign.year == 2027))
    assert response.headers["Location"].endswith(f"/campaigns/{campaign.id}")
    assert campaign.stage == "self_check" and campaign.code_prefix == "ZG27"
    assert campaign.theme == "转变作风，依法行政" and not campaign.archived
    assert {u.code for u in campaign.units} == {"a", "b"}
    assert [(s.stage, s.starts_on, s.ends_on) for s in campaign.stage_dates] == [
        (stage, start, end)
        for stage, (start, end) in zip(workflow.STAGES, STAGE_DATES, strict=True)]
    [created] = history(campaign)
    assert created.kind == "campaign_created" and created.actor_id == world.users[manager].id
    assert created.item_id is None and created.new["title"] == "2027年度检查评议"


def test_stage_dates_out_of_order_are_refused_and_nothing_is_saved(world, login):
    client = login("committee")
    token = csrf_token(client, "/campaigns/new")
    page = client.post("/campaigns/new", data=campaign_form(
        world, csrf_token=token, evaluation_starts="2027-01-20")).get_data(as_text=True)
    assert "各阶段须在上一阶段结束当日或之后开始" in page
    page = client.post("/campaigns/new", data=campaign_form(
        world, csrf_token=token, inspection_ends="2027-03-01")).get_data(as_text=True)
    assert "阶段的结束日期不能早于开始日期" in page
    page = client.post("/campaigns/new", data=campaign_form(
        world, csrf_token=token, rectification_ends="")).get_data(as_text=True)
    assert "has-error" in page
    assert db.session.scalar(select(func.count(Campaign.id))) == 1  # the world's only


def test_titles_and_code_prefixes_are_unique_and_text_is_checked(world, login):
    client = login("admin")
    token = csrf_token(client, "/campaigns/new")
    page = client.post("/campaigns/new", data=campaign_form(
        world, csrf_token=token, title=world.campaign.title)).get_data(as_text=True)
    assert "已有评议活动使用此名称" in page
    page = client.post("/campaigns/new", data=campaign_form(
        world, csrf_token=token, code_prefix="T26")).get_data(as_text=True)
    assert "已有评议活动使用此编号前缀" in page
    page = client.post("/campaigns/new", data=campaign_form(
        world, csrf_token=token, theme="依法\x1b行政")).get_data(as_text=True)
    assert "不允许包含控制字符" in page
    assert db.session.scalar(select(func.count(Campaign.id))) == 1


def test_editing_records_only_what_changed(world, login):
    campaign = new_campaign(world)
    client = login("committee")
    url = f"/campaigns/{campaign.id}/edit"
    form = client.get(url).get_data(as_text=True)
    assert 'value="2027-03-16"' in form  # the stage dates are filled in
    client.post(url, data=campaign_form(world, csrf_token=csrf_token(client, url),
                                        title="2027年度检查评议（修订）",
                                        unit_ids=[world.units["a"].id]))
    campaign = db.session.get(Campaign, campaign.id)
    assert campaign.title == "2027年度检查评议（修订）"
    assert [u.code for u in campaign.units] == ["a"]
    changed = history(campaign)[-1]
    assert changed.kind == "campaign_changed"
    assert set(changed.new) == {"title", "units"}
    assert changed.old["units"] == ["市甲局", "市乙局"] and changed.new["units"] == ["市甲局"]


def test_departments_may_not_see_campaigns_and_leaders_only_read(world, login):
    for name in ("dept-a", "dept-c"):
        client = login(name)
        assert client.get("/campaigns/").status_code == 403
        assert client.get(f"/campaigns/{world.campaign.id}").status_code == 403
        assert "/campaigns/" not in client.get("/items/").get_data(as_text=True)
    leader = login("leader")
    page = leader.get(f"/campaigns/{world.campaign.id}").get_data(as_text=True)
    assert world.campaign.title in page
    assert "进入下一阶段" not in page and "归档评议活动" not in page and "新建检查组" not in page
    assert 'href="/campaigns/"' in leader.get("/items/").get_data(as_text=True)  # the nav


# The stage timeline, moving on, archiving ---------------------------------------------------

def test_the_campaign_page_shows_the_timeline_with_the_current_stage(world, login):
    campaign = new_campaign(world, stage="evaluation")
    page = login("leader").get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    stages = re.findall(r'<li class="stage([^"]*)"', page)
    assert stages == [" done", " current", "", ""]
    current = page.split('aria-current="step"')[1].split("</li>")[0]
    assert "评议" in current and "2027年2月1日" in current and "2027年3月15日" in current
    assert page.count("可提出整改事项") == 2  # 检查 and 反馈整改
    listing = login("committee").get("/campaigns/").get_data(as_text=True)
    assert campaign.title in listing and world.campaign.title in listing


def test_moving_to_the_next_stage_needs_confirmation_and_is_recorded(world, login):
    campaign = new_campaign(world, stage="inspection")
    client = login("committee")
    url = f"/campaigns/{campaign.id}"
    token = csrf_token(client, url)
    response = client.post(f"{url}/advance", data={"csrf_token": token})
    assert response.status_code == 302
    assert db.session.get(Campaign, campaign.id).stage == "inspection"
    assert "请勾选以确认" in client.get(url).get_data(as_text=True)
    client.post(f"{url}/advance", data={"csrf_token": token, "confirmed": "y"})
    assert db.session.get(Campaign, campaign.id).stage == "rectification"
    advanced = history(campaign)[-1]
    assert advanced.kind == "stage_advanced" and advanced.actor_id == world.users["committee"].id
    assert (advanced.old, advanced.new) == ({"stage": "inspection"}, {"stage": "rectification"})
    page = client.get(url).get_data(as_text=True)
    assert "检查 → 反馈整改" in page
    assert "committee" in page.split("历史记录")[1]
    client.post(f"{url}/advance", data={"csrf_token": token, "confirmed": "y"})
    assert "评议活动已处于最后阶段" in client.get(url).get_data(as_text=True)
    assert len(history(campaign)) == 2


def test_archiving_needs_confirmation_is_recorded_and_freezes_the_campaign(world, login):
    client = login("admin")
    url = f"/campaigns/{world.campaign.id}"
    token = csrf_token(client, url)
    client.post(f"{url}/archive", data={"csrf_token": token})
    assert not db.session.get(Campaign, world.campaign.id).archived
    client.post(f"{url}/archive", data={"csrf_token": token, "confirmed": "y"})
    campaign = db.session.get(Campaign, world.campaign.id)
    assert campaign.archived
    [archived] = history(campaign)
    assert archived.kind == "campaign_archived" and archived.actor_id == world.users["admin"].id
    page = client.get(url).get_data(as_text=True)
    assert "已归档" in page and "进入下一阶段" not in page and "新建检查组" not in page
    assert client.get(f"{url}/edit").status_code == 302
    client.post(f"{url}/edit", data=campaign_form(world, csrf_token=token))
    assert db.session.get(Campaign, world.campaign.id).year == 2026
    with pytest.raises(WorkflowError) as refused:
        campaign_service.advance_stage(world.users["admin"], campaign)
    assert refused.value.code == "campaign_archived"


# Raising follows the stage -----------------------------------------------------------------

@pytest.mark.parametrize("stage", ["self_check", "evaluation"])
def test_no_item_is_raised_before_the_inspection(world, login, stage):
    campaign = new_campaign(world, stage=stage)
    with pytest.raises(WorkflowError) as refused:
        raise_in(world, campaign)
    assert refused.value.code == "stage_closed"
    client = login("committee")
    form = client.get("/items/new").get_data(as_text=True)
    assert campaign.title not in form and world.campaign.title in form
    data = {"campaign_id": campaign.id, "lead_unit_id": world.units["a"].id,
            "category_id": world.category.id, "source": "questionnaire", "priority": "normal",
            "problem": "问题", "requirement": "要求",
            "csrf_token": csrf_token(client, "/items/new")}
    assert client.post("/items/new", data=data).status_code == 200
    assert campaign.title not in client.get("/items/import/").get_data(as_text=True)
    assert db.session.scalar(select(func.count(Item.id))) == 0
    campaign_service.advance_stage(world.users["committee"], db.session.get(Campaign, campaign.id))
    if stage == "evaluation":  # now in 检查
        item = raise_in(world, db.session.get(Campaign, campaign.id))
        assert item.code.startswith("ZG27-")


def test_the_api_refuses_items_in_a_closed_stage_or_archived_campaign(app, world):
    api = ApiClient(app, token_for(world, "committee"), openapi_document(app))
    campaign = new_campaign(world, stage="self_check")
    body = {"campaign_id": campaign.id, "lead_unit_id": world.units["a"].id,
            "category_id": world.category.id, "source": "questionnaire", "problem": "接口",
            "requirement": "整改"}
    response = api.post("/items", json=body)
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "stage_closed"
    campaign_service.archive_campaign(world.users["admin"], world.campaign)
    response = api.post("/items", json={**body, "campaign_id": world.campaign.id})
    assert response.get_json()["error"]["code"] == "campaign_archived"
    assert db.session.scalar(select(func.count(Item.id))) == 0


def test_an_import_into_an_archived_campaign_raises_nothing(world):
    from rectify.services.documents.problem_import import import_problem_list

    book = Workbook()
    book.active.append(["牵头单位", "问题类别", "问题来源", "存在问题", "整改要求"])
    book.active.append(["市甲局", "依法行政", "问卷调查", "导入的问题", "整改"])
    stream = io.BytesIO()
    book.save(stream)
    campaign_service.archive_campaign(world.users["admin"], world.campaign)
    with pytest.raises(WorkflowError) as refused:
        import_problem_list(world.users["committee"], world.campaign, io.BytesIO(stream.getvalue()))
    assert refused.value.code == "campaign_archived"
    assert db.session.scalar(select(func.count(Item.id))) == 0


# An archived campaign's items are read-only -----------------------------------------------

def test_an_archived_campaigns_items_refuse_every_change_but_still_read(world, login, app):
    open_item = raise_item(world, co=("b",))
    working = move(world, raise_item(world), ("dept-a", "sign_for"))
    closed = move(world, raise_item(world), ("dept-a", "sign_for"), ("dept-a", "submit"),
                  ("committee", "close"))
    request = item_service.request_extension(world.users["dept-a"], working,
                                             date(2026, 12, 31), "汛期")
    lead, staff = login("dept-a"), login("committee")
    assert 'data-transition="sign_for"' in lead.get(f"/items/{open_item.id}").get_data(as_text=True)
    assert f"/items/{open_item.id}/edit" in staff.get(
        f"/items/{open_item.id}").get_data(as_text=True)
    campaign_service.archive_campaign(world.users["committee"], world.campaign)
    committee, dept = world.users["committee"], world.users["dept-a"]
    attempts = [
        lambda: item_service.apply_transition(dept, open_item, "sign_for"),
        lambda: item_service.add_action(dept, working, "progress", "进展"),
        lambda: item_service.add_action(committee, working, "comment", "意见"),
        lambda: item_service.request_extension(dept, open_item, date(2026, 12, 31), "汛期"),
        lambda: item_service.decide_extension(committee, working, request, True),
        lambda: chasing.chase_item(committee, working, "请抓紧"),
        lambda: followup.schedule_recheck(committee, closed, date(2026, 9, 1)),
        lambda: item_service.update_item(committee, open_item, item_service.ItemFields(
            campaign=world.campaign, lead_unit=world.units["a"], category=world.category,
            source="questionnaire", problem="改", requirement="改"), None),
    ]
    for attempt in attempts:
        with pytest.raises(WorkflowError) as refused:
            attempt()
        assert refused.value.code == "campaign_archived"
        db.session.rollback()
    events = db.session.scalar(select(func.count(Event.id)))
    page = lead.get(f"/items/{open_item.id}").get_data(as_text=True)
    assert "已归档" in page and 'data-transition="sign_for"' not in page
    token = csrf_token(lead, f"/items/{open_item.id}")
    lead.post(f"/items/{open_item.id}/transition/sign_for",
              data={"csrf_token": token, "version": open_item.version})
    assert db.session.get(Item, open_item.id).status == "open"
    assert staff.get(f"/items/{open_item.id}/edit").status_code == 302
    assert f"/items/{open_item.id}/edit" not in staff.get(f"/items/{open_item.id}").get_data(
        as_text=True)
    api = ApiClient(app, token_for(world, "dept-a"), openapi_document(app))
    response = api.post(f"/items/{open_item.id}/transitions/sign_for",
                        json={"version": open_item.version})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "campaign_archived"
    assert db.session.scalar(select(func.count(Event.id))) == events


# Inspection groups -------------------------------------------------------------------------

def test_a_manager_forms_a_group_of_committee_staff_over_evaluated_units(world, login):
    campaign = new_campaign(world)
    client = login("admin")
    url = f"/campaigns/{campaign.id}/groups/new"
    form = client.get(url).get_data(as_text=True)
    assert "市甲局" in form and "市丙局" not in form  # only the evaluated units
    assert ">committee<" in form and ">leader<" not in form  # committee staff only
    token = csrf_token(client, url)
    client.post(url, data={"csrf_token": token, "name": "第一检查组", "leader_name": "王振华",
                           "member_ids": [world.users["committee"].id],
                           "unit_ids": [world.units["a"].id, world.units["b"].id]})
    group = db.session.scalar(select(InspectionGroup).where(
        InspectionGroup.campaign_id == campaign.id))
    assert (group.name, group.leader_name) == ("第一检查组", "王振华")
    assert [m.username for m in group.members] == ["committee"]
    assert [u.code for u in group.units] == ["a", "b"]
    assert history(campaign)[-1].kind == "group_created"
    page = client.get(f"/campaigns/{campaign.id}").get_data(as_text=True)
    assert "第一检查组" in page and "王振华" in page and "市甲局、市乙局" in page
    client.post(f"/campaigns/{campaign.id}/groups/{group.id}", data={
        "csrf_token": token, "name": "第一检查组", "leader_name": "王振华", "member_ids": [],
        "unit_ids": [world.units["b"].id]})
    group = db.session.get(InspectionGroup, group.id)
    assert [u.code for u in group.units] == ["b"] and group.members == []
    changed = history(campaign)[-1]
    assert changed.kind == "group_changed" and changed.old["units"] == ["市甲局", "市乙局"]


def test_groups_refuse_other_roles_and_units_the_campaign_does_not_evaluate(world):
    campaign = new_campaign(world)
    admin = world.users["admin"]
    cases = [
        (GroupFields("第一组", members=[world.users["leader"]]), "member_not_committee"),
        (GroupFields("第一组", units=[world.units["c"]]), "unit_not_evaluated"),
    ]
    for fields, code in cases:
        with pytest.raises(campaign_service.CampaignError) as refused:
            campaign_service.save_group(admin, campaign, None, fields)
        assert refused.value.code == code
        db.session.rollback()
    campaign_service.save_group(admin, campaign, None, GroupFields("第一组"))
    with pytest.raises(campaign_service.CampaignError) as refused:
        campaign_service.save_group(admin, campaign, None, GroupFields("第一组"))
    assert refused.value.code == "group_name_taken"
    db.session.rollback()
    with pytest.raises(WorkflowError):
        campaign_service.save_group(world.users["leader"], campaign, None, GroupFields("第二组"))
    assert db.session.scalar(select(func.count(InspectionGroup.id))) == 1


# Next year's campaign ----------------------------------------------------------------------

def test_next_years_campaign_copies_units_groups_and_dates_but_no_item(world, login):
    source = new_campaign(world, stage="rectification")
    campaign_service.save_group(world.users["admin"], source, None, GroupFields(
        "第一检查组", "王振华", [world.users["committee"]], [world.units["b"]]))
    raise_in(world, db.session.get(Campaign, source.id))
    campaign_service.archive_campaign(world.users["admin"], db.session.get(Campaign, source.id))
    client = login("committee")
    url = f"/campaigns/{source.id}/next"
    form = client.get(url).get_data(as_text=True)
    assert 'value="2028"' in form and 'value="2028-11-30"' in form
    response = client.post(url, data={"csrf_token": csrf_token(client, url),
                                      "title": "2028年度检查评议", "year": "2028",
                                      "code_prefix": "ZG28", "default_due_date": "2028-11-30"})
    assert response.status_code == 302
    copy = db.session.scalar(select(Campaign).where(Campaign.code_prefix == "ZG28"))
    assert copy.stage == "self_check" and not copy.archived
    assert copy.theme == source.theme and {u.code for u in copy.units} == {"a", "b"}
    assert copy.dates_of("inspection").starts_on == date(2028, 3, 16)
    [group] = campaign_service.groups_of(copy)
    assert (group.name, group.leader_name) == ("第一检查组", "王振华")
    assert [m.username for m in group.members] == ["committee"]
    assert [u.code for u in group.units] == ["b"]
    assert len(campaign_service.groups_of(db.session.get(Campaign, source.id))) == 1
    assert db.session.scalar(select(func.count(Item.id)).where(Item.campaign_id == copy.id)) == 0
    kinds = [e.kind for e in history(copy)]
    assert kinds == ["campaign_created", "campaign_started_from"]
    assert history(copy)[-1].new == {"from": "2027年度检查评议", "groups": ["第一检查组"]}
    filters = client.get("/items/").get_data(as_text=True)  # the group filter tells them apart
    assert "第一检查组（2027）" in filters and "第一检查组（2028）" in filters


def test_a_copy_keeps_29_february_in_the_month():
    assert campaign_service.years_later(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert campaign_service.years_later(date(2027, 5, 1), 1) == date(2028, 5, 1)


def test_starting_from_a_campaign_needs_a_free_title_and_prefix(world):
    with pytest.raises(campaign_service.CampaignError) as refused:
        campaign_service.start_from(world.users["admin"], world.campaign, NextCampaign(
            title="下一轮", year=2027, code_prefix="T26", default_due_date=date(2027, 8, 1)))
    assert refused.value.code == "prefix_taken"
    db.session.rollback()
    assert db.session.scalar(select(func.count(Campaign.id))) == 1


def test_a_campaign_without_stage_dates_gives_the_new_years_quarters(world):
    copy = campaign_service.start_from(world.users["committee"], world.campaign, NextCampaign(
        title="下一轮", year=2027, code_prefix="T27", default_due_date=date(2027, 8, 1)))
    assert [(s.starts_on, s.ends_on) for s in copy.stage_dates] == [
        (date(2027, 1, 1), date(2027, 3, 31)), (date(2027, 4, 1), date(2027, 6, 30)),
        (date(2027, 7, 1), date(2027, 9, 30)), (date(2027, 10, 1), date(2027, 12, 31))]
