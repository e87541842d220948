"""Every page works under the Content-Security-Policy: no violation is reported in real
Chromium on the Flask pages or the Dash pages, and the headers are on every response."""

import pytest

from conftest import move, raise_item
from rectify.extensions import db
from rectify.models import Item
from rectify.services.tracking import checks

from .conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') +
                              ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
});
"""


def pages_for(world) -> dict[str, list[str]]:
    item = move(world, raise_item(world, check_type="river_patrol", co=("b",)),
                ("dept-a", "sign_for"))
    checks.add_check_record(world.users["dept-a"], db.session.get(Item, item.id), {
        "date": world.campaign.default_due_date.replace(month=5, day=20),
        "river_section": "胶河", "illegal_mining_found": False, "equipment_seized": 0})
    unit = world.units["a"].id
    common = ["/", "/items/", f"/items/{item.id}", "/reports/", "/preferences", "/account/tokens",
              "/dashboard/", "/dashboard/overdue", "/dashboard/plugins",
              f"/dashboard/unit/{unit}", "/dashboard/meeting"]
    return {"committee": common + ["/items/new", f"/items/{item.id}/edit", "/items/import/",
                                   "/rechecks/", "/league/", "/notifications/",
                                   "/extensions/", "/items/chase-overdue", "/todo/to_verify"],
            "dept-a": common,
            "admin": ["/", "/admin/users", "/admin/units", "/admin/plugins", "/league/"]}


def test_no_page_breaks_the_content_security_policy(world, live_server, new_page):
    pages = pages_for(world)
    for username, paths in pages.items():
        page = new_page()
        page.add_init_script(RECORD_VIOLATIONS)
        sign_in(page, live_server, username)
        for path in paths:
            response = page.goto(live_server + path)
            assert response.status == 200, (username, path, response.status)
            assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
            page.wait_for_load_state("networkidle")
            if path.startswith("/dashboard"):
                page.wait_for_selector(".dash-shell", timeout=15000)
                page.wait_for_timeout(500)  # the charts draw after the callbacks answer
            violations = page.evaluate("window.__cspViolations")
            assert violations == [], (username, path, violations)
            if path == "/dashboard/":
                screenshot(page, f"csp-dashboard-{username}")
