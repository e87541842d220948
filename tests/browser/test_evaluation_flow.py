"""An evaluation through the browser: the committee designs one (a rater group, an
indicator, a question), prints code slips and starts collection; a rater on a 390 px
phone enters a code, scores each unit with progress shown, answers the questionnaire and
submits once."""

from __future__ import annotations

import re

from evaluation_world import file_sheet, make_evaluation
from playwright.sync_api import expect
from sqlalchemy import func, select

from browser.conftest import screenshot, sign_in
from rectify.extensions import db
from rectify.models import Evaluation, RaterCode, RatingSheet, SheetScore
from rectify.services.evaluation import codes as code_service
from rectify.services.evaluation import design

PHONE = {"width": 390, "height": 844}


def test_committee_designs_an_evaluation_and_prints_slips(world, live_server, new_page):
    world.campaign.units = list(world.units.values())
    db.session.commit()
    page = new_page()
    sign_in(page, live_server, "committee")
    page.click("nav.mainnav >> text=评议打分")
    page.click("text=新建评议")
    page.fill("#title", "2026年度民主评议")
    page.select_option("#sheet_form", "indicators")
    page.click("button.primary")
    page.wait_for_selector(".flash-success")
    page.click("text=新增评议主体")
    page.fill("#name", "市级以上人大代表")
    page.fill("#weight", "100")
    screenshot(page, "evaluation-group-form")
    page.click("button.primary")
    page.click("text=新增指标")
    page.fill("#name", "依法行政")
    page.fill("#max_points", "30")
    page.click("button.primary")
    page.click("text=新增问题")
    page.select_option("#kind", "units")
    page.fill("#text", "存在吃拿卡要问题的单位有")
    screenshot(page, "evaluation-question-form")
    page.click("button.primary")
    page.wait_for_selector("ol.questions")
    screenshot(page, "evaluation-detail")
    page.fill("form.issue-codes input[name=count]", "9")
    page.click("text=发放评议码并打印")
    expect(page.locator(".slip")).to_have_count(9)
    screenshot(page, "evaluation-slips")
    page.emulate_media(media="print")
    screenshot(page, "evaluation-slips-print")
    page.emulate_media(media="screen")
    page.click("text=返回评议")
    assert re.findall(r"\d+", page.inner_text("table.rater-groups tbody tr"))[-2:] == ["9", "0"]
    page.check("form.confirm-act input[name=confirmed]")
    page.click("form.confirm-act button")
    expect(page.locator(".flash-success")).to_contain_text("已开始收集")
    assert db.session.scalar(select(Evaluation.status)) == "collecting"
    page.goto(f"{live_server}/evaluations/")
    screenshot(page, "evaluation-list")


def test_a_rater_fills_a_short_sheet_on_a_phone(world, live_server, browser):
    evaluation = make_evaluation(world)
    code = code_service.issue_codes(world.users["committee"], evaluation.groups[3], 1)[0]
    design.start_collection(world.users["committee"], evaluation)
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    try:
        page.goto(f"{live_server}/rate/?code={code_service.shown(code)}")
        screenshot(page, "rate-enter")
        page.click("button.primary")
        for number, points in ((1, ("30", "28", "18", "20")), (2, ("25", "27", "16", "19"))):
            expect(page.locator(".progress-text")).to_have_text(f"第 {number} / 2 个单位")
            fields = page.locator(".indicator input")
            for index, value in enumerate(points):
                fields.nth(index).fill(value)
            if number == 1:
                assert_fits_the_phone(page)
                screenshot(page, "rate-unit")
            page.click("button.primary")
        page.get_by_label("基本满意").check()
        page.locator("fieldset.question").nth(1).locator("label.choice").first.click()
        page.fill("textarea", "办事效率还需提高")
        screenshot(page, "rate-questions")
        page.click("button.primary")
        screenshot(page, "rate-review")
        page.click("text=提交评议表")
        expect(page.locator("h1")).to_have_text("谢谢")
        screenshot(page, "rate-done")
    finally:
        context.close()
    assert db.session.scalar(select(func.count()).select_from(RatingSheet)) == 1
    assert db.session.scalar(select(func.count()).select_from(SheetScore)) == 2 * 4
    assert db.session.scalar(select(RaterCode.used))


def assert_fits_the_phone(page) -> None:
    """Nothing wider than the screen, and every button and choice big enough to tap."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for target in page.locator("button, .button, input[type=number]").all():
        box = target.bounding_box()
        assert box["height"] >= 44, box


def test_a_leader_reads_the_ranking(world, live_server, new_page):
    evaluation = make_evaluation(world, collecting=True)
    for group in evaluation.groups[:3]:
        file_sheet(world, group, {"a": (28, 27, 18, 19), "b": (20, 20, 12, 10),
                                  "c": (22, 21, 15, 14)})
    file_sheet(world, evaluation.groups[3], {"a": (30, 30, 20, 20), "b": (25, 25, 15, 15)})
    page = new_page()
    sign_in(page, live_server, "leader")
    page.goto(f"{live_server}/evaluations/{evaluation.id}")
    page.click("text=评议结果")
    rows = page.locator("table.evaluation-results tbody tr")
    expect(rows).to_have_count(3)
    assert rows.nth(0).locator("td").nth(1).inner_text() == "市甲局"
    screenshot(page, "evaluation-results")
