"""A campaign through the browser: the committee creates one with its four stages, forms
an inspection group, and moves the campaign to its next stage after confirming; the
timeline highlights the current stage."""

from __future__ import annotations

from sqlalchemy import select

from browser.conftest import screenshot, sign_in
from rectify.extensions import db
from rectify.models import Campaign, InspectionGroup

STAGE_DATES = {
    "self_check": ("2027-01-04", "2027-01-31"), "evaluation": ("2027-02-01", "2027-03-15"),
    "inspection": ("2027-03-16", "2027-04-30"), "rectification": ("2027-05-01", "2027-11-30"),
}


def test_committee_creates_a_campaign_forms_a_group_and_moves_it_on(world, live_server,
                                                                    new_page):
    page = new_page()
    sign_in(page, live_server, "committee")
    page.click("nav.mainnav >> text=评议活动")
    page.click("text=新建评议活动")
    page.fill("#title", "2027年度“转变作风，依法行政”检查评议")
    page.fill("#year", "2027")
    page.fill("#theme", "转变作风，依法行政")
    page.fill("#code_prefix", "ZG27")
    page.fill("#default_due_date", "2027-11-30")
    for stage, (starts, ends) in STAGE_DATES.items():
        page.fill(f"#{stage}_starts", starts)
        page.fill(f"#{stage}_ends", ends)
    screenshot(page, "campaign-form")
    page.click("button.primary")
    page.wait_for_selector("ol.stages")
    campaign = db.session.scalar(select(Campaign).where(Campaign.code_prefix == "ZG27"))
    assert len(campaign.units) == 3  # every active unit was ticked by default
    assert "自查" in page.inner_text("li.stage.current")

    page.click("text=新建检查组")
    page.fill("#name", "第一检查组")
    page.fill("#leader_name", "王振华")
    page.get_by_label("committee", exact=True).check()
    page.get_by_label("市甲局", exact=True).check()
    screenshot(page, "campaign-group-form")
    page.click("button.primary")
    page.wait_for_selector("table.groups")
    group = db.session.scalar(select(InspectionGroup).where(
        InspectionGroup.campaign_id == campaign.id))
    assert [u.code for u in group.units] == ["a"]

    page.click("text=进入下一阶段")  # not confirmed: the browser keeps the form
    assert db.session.get(Campaign, campaign.id).stage == "self_check"
    page.check("form.confirm-act >> input[name=confirmed] >> nth=0")
    page.click("text=进入下一阶段")
    page.wait_for_selector(".flash-success")
    db.session.expire_all()
    assert db.session.get(Campaign, campaign.id).stage == "evaluation"
    current = page.inner_text("li.stage.current")
    assert "评议" in current and "2027年2月1日" in current
    assert "自查 → 评议" in page.inner_text(".campaign-history")
    assert "进入下一阶段" in page.inner_text(".campaign-history")
    screenshot(page, "campaign-page")

    page.click("nav.mainnav >> text=评议活动")
    assert "2027年度" in page.inner_text("table.campaigns")
    screenshot(page, "campaign-list")
