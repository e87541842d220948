"""Deliverables (报送材料) in real headless Chromium: the committee asks every unit for its
rectification plan, the unit uploads it, the committee returns it with a reason, the unit
sees the reason and uploads again, and the committee accepts it."""

import pytest
from playwright.sync_api import expect

from rectify.extensions import db
from rectify.models import Deliverable

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def test_a_plan_is_asked_for_returned_and_accepted(world, live_server, new_page, tmp_path):
    plan = tmp_path / "整改方案.pdf"
    plan.write_bytes(b"%PDF-1.4 plan")
    committee = new_page()
    sign_in(committee, live_server, "committee")
    committee.goto(f"{live_server}/deliverables/request")
    committee.select_option("#kind", "rectification_plan")
    committee.fill("#due_date", "2026-06-20")
    screenshot(committee, "deliverables-request")
    committee.click("button[data-action=request]")
    expect(committee.locator(".flash-success")).to_contain_text("已向 3 个单位提出报送要求")
    own = db.session.scalar(db.select(Deliverable.id).where(
        Deliverable.unit_id == world.units["a"].id))

    unit = new_page()
    sign_in(unit, live_server, "dept-a")
    unit.goto(f"{live_server}/deliverables/")
    expect(unit.locator("tr[data-deliverable]")).to_have_count(1)
    unit.click("tr[data-deliverable] a")
    unit.set_input_files("#files", str(plan))
    unit.fill("#note", "请审阅")
    screenshot(unit, "deliverable-unit-upload")
    unit.click("button[data-action=submit-deliverable]")
    expect(unit.locator(".flash-success")).to_contain_text("材料已报送")

    committee.goto(f"{live_server}/deliverables/{own}")
    committee.select_option("#decision", "return")
    committee.fill("#reason", "缺少整改时限")
    screenshot(committee, "deliverable-committee-decision")
    committee.click("button[data-action=decide]")
    expect(committee.locator(".badge[data-status=returned]")).to_be_visible()

    unit.goto(f"{live_server}/deliverables/")
    expect(unit.locator(".reason")).to_contain_text("缺少整改时限")
    screenshot(unit, "deliverables-unit-list")
    unit.click("tr[data-deliverable] a")
    expect(unit.locator("[data-return-reason]")).to_contain_text("缺少整改时限")
    unit.set_input_files("#files", str(plan))
    unit.click("button[data-action=submit-deliverable]")

    committee.goto(f"{live_server}/deliverables/{own}")
    committee.click("button[data-action=decide]")
    expect(committee.locator(".badge[data-status=accepted]").first).to_be_visible()
    screenshot(committee, "deliverable-committee-accepted")
    committee.goto(f"{live_server}/deliverables/")
    screenshot(committee, "deliverables-committee-list")
    committee.goto(f"{live_server}/deliverables/missing")
    expect(committee.locator('[data-count="missing"]')).to_have_text("2")
    screenshot(committee, "deliverables-missing")
    db.session.rollback()
    assert db.session.get(Deliverable, own).status == "accepted"
