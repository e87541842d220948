"""A first campaign from an empty database, as a newcomer runs it: ``flask init`` (the
first administrator and the organisation), then everything else in headless Chromium —
the administrator's organisation settings, categories, units (a town with a station, a
department) and users; the committee's campaign with its four stages' dates, its
evaluated units and an inspection group; items raised in 检查; the units asked for their
整改方案; the station signs for its item and uploads its plan, the committee accepts it and
moves the campaign on to 反馈整改; the station submits, the committee closes the item with a
verification opinion; and the town's liaison follows its station's item and sees it in
the town's rolled-up figures. No demo loader, no ``world``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from conftest import PASSWORD
from rectify import clock
from rectify.extensions import db
from rectify.models import Item, Unit

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

COMMITTEE_FULL_NAME = "青州市人民代表大会常务委员会"
COMMITTEE_SHORT_NAME = "青州市人大常委会"
TOWN, STATION, DEPARTMENT = "南关镇", "南关派出所", "市城市管理局"
UNITS = (  # code, name, short name, kind, parent, official order
    ("cgj", DEPARTMENT, "市城管局", "department", None, 1),
    ("ngz", TOWN, "", "town", None, 2),
    ("ngpcs", STATION, "", "station", TOWN, 3),
)
USERS = (  # username, display name, role, unit
    ("office", "李明", "committee", None),
    ("ngpcs", "王芳", "department", STATION),
    ("ngz", "赵强", "department", TOWN),
)
STATION_PROBLEM = "户籍窗口办事群众排队时间长，周末无人值守"
DEPARTMENT_PROBLEM = "早市管理不到位，靠抢秤、抢商品管理"
OPINION = "经现场核查，户籍窗口已实行周末轮岗值守，群众满意，同意销号"
TOWN_COMMENT = "镇里已督促派出所巩固整改成果，纳入年底站所评议"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def run_init(app) -> None:
    """What a newcomer types after ``flask db upgrade``; the password comes on stdin."""
    result = app.test_cli_runner().invoke(args=[
        "init", "--admin-username", "admin", "--password-stdin",
        "--full-name", COMMITTEE_FULL_NAME, "--short-name", COMMITTEE_SHORT_NAME,
        "--city", "青州市"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output


def saved(page: Page) -> None:
    expect(page.locator(".flash-success")).to_contain_text("已保存")


def set_up_organisation(page: Page, base: str) -> None:
    page.click("nav >> text=组织设置")
    expect(page.locator("#full_name")).to_have_value(COMMITTEE_FULL_NAME)
    page.fill("#sender_name", "青州市人大常委会办公室")
    page.fill("#doc_prefix", "青人常函")
    page.click("button.primary")
    saved(page)
    expect(page.locator("[data-preview=sender]")).to_have_text("青州市人大常委会办公室")
    expect(page.locator("[data-preview=number]")).to_contain_text("青人常函〔")
    screenshot(page, "first-run-organisation")


def create_categories(page: Page) -> None:
    for position, (code, name) in enumerate((("style", "作风建设"), ("law", "依法行政"))):
        page.click("nav >> text=问题类别")
        page.click("text=新建问题类别")
        page.fill("#code", code)
        page.fill("#name", name)
        page.fill("#position", str(position + 1))
        page.click("button.primary")
        saved(page)
    expect(page.locator("table tbody tr")).to_have_count(2)
    screenshot(page, "first-run-categories")


def create_units(page: Page) -> None:
    for code, name, short_name, kind, parent, position in UNITS:
        page.click("nav >> text=单位管理")
        page.click("text=新增单位")
        page.fill("#code", code)
        page.fill("#name", name)
        page.fill("#short_name", short_name)
        page.fill("#position", str(position))
        page.select_option("#kind", kind)
        if parent:
            page.select_option("#parent_id", label=parent)
        if code == "cgj":
            page.fill("#aliases", "城管局\n市城管执法局")
        if kind == "station":
            screenshot(page, "first-run-unit-form")
        page.click("button.primary")
        saved(page)
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(2)).to_contain_text(TOWN)  # the station's parent
    screenshot(page, "first-run-units")


def create_users(page: Page) -> None:
    for username, display_name, role, unit in USERS:
        page.click("nav >> text=用户管理")
        page.click("text=新增用户")
        page.fill("#username", username)
        page.fill("#display_name", display_name)
        page.select_option("#role", role)
        if unit:
            page.select_option("#unit_id", label=unit)
        page.fill("#password", PASSWORD)
        page.click("button.primary")
        expect(page.locator(".flash-success")).to_contain_text(username)
    expect(page.locator("table tbody tr")).to_have_count(4)
    screenshot(page, "first-run-users")


def create_campaign(page: Page) -> None:
    today = clock.today()
    page.click("nav >> text=评议活动")
    expect(page.locator("main")).to_contain_text("还没有")  # no campaign yet
    page.click("text=新建评议活动")
    page.fill("#title", f"{today.year}年度“转变作风，依法行政”检查评议")
    page.fill("#year", str(today.year))
    page.fill("#theme", "转变作风，依法行政")
    page.fill("#code_prefix", "QZ")
    page.fill("#default_due_date", (today + timedelta(days=150)).isoformat())
    stage_days = {"self_check": (-60, -41), "evaluation": (-40, -21),
                  "inspection": (-20, 10), "rectification": (11, 180)}
    for stage, (starts, ends) in stage_days.items():
        page.fill(f"#{stage}_starts", (today + timedelta(days=starts)).isoformat())
        page.fill(f"#{stage}_ends", (today + timedelta(days=ends)).isoformat())
    for _code, name, *_rest in UNITS:
        expect(page.get_by_label(name, exact=True)).to_be_checked()
    screenshot(page, "first-run-campaign-form")
    page.click("button.primary")
    expect(page.locator("li.stage.current")).to_contain_text("自查")
    expect(page.locator("ul.chips li")).to_have_count(3)

    page.click("text=新建检查组")
    page.fill("#name", "第一检查组")
    page.fill("#leader_name", "王振华")
    page.get_by_label("李明", exact=True).check()
    for _code, name, *_rest in UNITS:
        page.get_by_label(name, exact=True).check()
    page.click("button.primary")
    expect(page.locator("table.groups")).to_contain_text("第一检查组")
    expect(page.locator("table.groups")).to_contain_text(STATION)


def advance_stage(page: Page, to: str) -> None:
    advance = page.locator("form.confirm-act", has_text="进入下一阶段")
    advance.locator("input[name=confirmed]").check()
    advance.locator("button").click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("li.stage.current")).to_contain_text(to)


def raise_item(page: Page, unit: str, category: str, problem: str) -> str:
    page.click("nav >> text=交办事项")
    page.select_option("#lead_unit_id", label=unit)
    page.select_option("#category_id", label=category)
    page.select_option("#source", "questionnaire")
    page.fill("#problem", problem)
    page.fill("#requirement", "建立长效机制，按期整改到位")
    page.click("button.primary")
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator(".badge.status-open").first).to_be_visible()
    return page.inner_text("h1 .code")


def ask_for_plans(page: Page, base: str) -> None:
    page.click("nav >> text=报送材料")
    page.click("text=要求单位报送材料")
    page.select_option("#kind", "rectification_plan")
    page.fill("#due_date", (clock.today() + timedelta(days=7)).isoformat())
    screenshot(page, "first-run-ask-for-plans")
    page.click("button[data-action=request]")
    expect(page.locator(".flash-success")).to_contain_text("已向 3 个单位提出报送要求")
    expect(page.locator("tr[data-deliverable]")).to_have_count(3)


def test_a_first_campaign_from_an_empty_database(app, live_server, new_page, tmp_path):
    run_init(app)
    base = live_server

    admin = new_page()
    admin.goto(f"{base}/login")
    expect(admin.locator("main")).to_contain_text(COMMITTEE_SHORT_NAME)
    sign_in(admin, base, "admin")
    set_up_organisation(admin, base)
    create_categories(admin)
    create_units(admin)
    create_users(admin)

    committee = new_page()
    sign_in(committee, base, "office")
    create_campaign(committee)
    campaign_page = committee.url
    advance_stage(committee, "评议")
    advance_stage(committee, "检查")
    expect(committee.locator(".campaign-history")).to_contain_text("评议 → 检查")
    screenshot(committee, "first-run-campaign-inspection")
    station_item = raise_item(committee, STATION, "作风建设", STATION_PROBLEM)
    screenshot(committee, "first-run-item-raised")
    department_item = raise_item(committee, DEPARTMENT, "依法行政", DEPARTMENT_PROBLEM)
    ask_for_plans(committee, base)

    station = new_page()
    sign_in(station, base, "ngpcs")
    expect(station.locator("table[data-queue=to_sign_for] tr")).to_have_count(1)
    expect(station.locator("[data-queue=deliverables_due]")).to_contain_text("整改方案")
    expect(station.locator("main")).not_to_contain_text(department_item)
    screenshot(station, "first-run-station-home")
    station.click(f"table[data-queue=to_sign_for] >> text={station_item}")
    station.click("button[data-transition=sign_for]")
    expect(station.locator(".badge.status-in_progress").first).to_be_visible()
    plan = tmp_path / "南关派出所整改方案.pdf"
    plan.write_bytes(PDF)
    station.goto(f"{base}/")
    station.click("table[data-queue=deliverables_due] a")
    station.set_input_files("#files", str(plan))
    station.fill("#note", "请审阅")
    station.click("button[data-action=submit-deliverable]")
    expect(station.locator(".flash-success")).to_contain_text("材料已报送")
    expect(station.locator("#submissions a.file")).to_have_text(plan.name)

    committee.goto(f"{base}/")
    expect(committee.locator("table[data-queue=deliverables_to_check] tr")).to_have_count(1)
    screenshot(committee, "first-run-committee-home")
    committee.click("table[data-queue=deliverables_to_check] a")
    committee.select_option("#decision", "accept")
    committee.click("button[data-action=decide]")
    expect(committee.locator(".badge[data-status=accepted]").first).to_be_visible()
    committee.goto(campaign_page)
    advance_stage(committee, "反馈整改")

    station.goto(f"{base}/items/")
    station.click(f"text={station_item}")
    station.click("button[data-transition=submit]")
    expect(station.locator(".badge.status-submitted").first).to_be_visible()

    committee.goto(f"{base}/")
    committee.click(f"table[data-queue=to_verify] >> text={station_item}")
    close = committee.locator("form.transition", has=committee.locator(
        "button[data-transition=close]"))
    close.locator("textarea[name=reason]").fill(OPINION)
    close.locator("button[data-transition=close]").click()
    expect(committee.locator(".badge.status-closed").first).to_be_visible()
    expect(committee.locator("dd.opinion")).to_have_text(OPINION)
    screenshot(committee, "first-run-item-closed")

    town = new_page()
    sign_in(town, base, "ngz")
    town.goto(f"{base}/items/")
    rows = town.locator("table.items tbody tr")
    expect(rows).to_have_count(1)  # its station's item, not the department's
    expect(rows.first).to_contain_text(STATION)
    screenshot(town, "first-run-town-items")
    town.click(f"text={station_item}")
    expect(town.locator(".badge.status-closed").first).to_be_visible()
    expect(town.locator("dd.opinion")).to_have_text(OPINION)
    expect(town.locator("button[data-transition]")).to_have_count(0)  # it follows, not acts
    expect(town.locator("#kind option")).to_have_text(["意见"])  # a comment, not work
    town.fill("#body", TOWN_COMMENT)
    town.click("text=保存记录")
    expect(town.locator(".timeline li.kind-comment")).to_contain_text(TOWN_COMMENT)
    screenshot(town, "first-run-town-item")

    town_id = db.session.scalar(select(Unit.id).where(Unit.code == "ngz"))
    town.goto(f"{base}/dashboard/unit/{town_id}")
    expect(town.locator("#un-title")).to_have_text(TOWN)
    expect(town.locator("#un-cards [data-kpi=total] .kpi-value")).to_have_text("1")
    expect(town.locator("#un-cards [data-kpi=closed] .kpi-value")).to_have_text("1")
    expect(town.locator("#un-cards [data-kpi=closure_rate] .kpi-value")).to_have_text("100%")
    expect(town.locator("#un-sub-units")).to_contain_text(STATION)
    expect(town.locator("#un-status .xtick text, #un-status .ytick text").first).to_be_visible()
    expect(town.locator("#un-trend .main-svg").first).to_be_visible()
    screenshot(town, "first-run-town-dashboard")

    db.session.rollback()  # read what the server committed
    statuses = dict(db.session.execute(select(Item.code, Item.status)).all())
    assert statuses == {station_item: "closed", department_item: "open"}
