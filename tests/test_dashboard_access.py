"""The dashboards sit behind the core's login and unit scoping: anonymous callbacks get
401, page loads redirect to sign-in, and a department user naming another unit gets its
own numbers only. Also: Flask's error pages survive Dash, and two apps in one process
each serve working dashboards."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from conftest import FreshContextClient, move, raise_item, sign_in
from dashboards import PREFIX
from dashboards.request_checks import output_names
from dashboards.testing import CallbackClient, find_props, kpis, text_of
from rectify import create_app
from rectify.extensions import db
from rectify.models import Item, User

CALLBACK = f"{PREFIX}_dash-update-component"


@pytest.fixture
def items(world):
    """a leads two (one overdue), b leads one on which a co-operates, c leads two."""
    made = {
        "a1": raise_item(world, lead="a", due_date=date(2026, 5, 1)),
        "a2": raise_item(world, lead="a", due_date=date(2026, 7, 1)),
        "b1": raise_item(world, lead="b", co=("a",), due_date=date(2026, 7, 1)),
        "c1": raise_item(world, lead="c", due_date=date(2026, 5, 10)),
        "c2": raise_item(world, lead="c", due_date=date(2026, 5, 11)),
    }
    move(world, made["c2"], ("dept-c", "sign_for"), ("dept-c", "submit"), ("committee", "close"))
    return made


def test_anonymous_callbacks_get_401_and_pages_redirect_to_sign_in(app, items):
    client = app.test_client()
    response = client.post(CALLBACK, json={"output": "ov-cards.children", "inputs": []})
    assert response.status_code == 401 and response.get_json() == {"error": "unauthenticated"}
    for path in ("_dash-layout", "_dash-dependencies", "_reload-hash",
                 "assets/dashboard.css", "_favicon.ico"):
        assert client.get(PREFIX + path).status_code == 401, path
    for path in ("", "overdue", "meeting", "unit/1"):
        response = client.get(PREFIX + path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login?next=")


def test_an_inactive_user_is_refused(app, items, login):
    client = login("dept-a")
    assert client.get(PREFIX).status_code == 200
    user = db.session.scalar(select(User).where(User.username == "dept-a"))
    user.active = False
    db.session.commit()
    assert client.get(PREFIX).status_code == 302
    assert client.post(CALLBACK, json={}).status_code == 401


def test_signed_in_pages_load_and_callbacks_need_the_csrf_token(app, items, login):
    client = login("committee")
    for path in ("", "overdue", "plugins", "meeting", f"unit/{items['a1'].lead_unit_id}"):
        response = client.get(PREFIX + path)
        assert response.status_code == 200 and "_dash-renderer" in response.get_data(as_text=True)
    callbacks = CallbackClient(client)
    assert callbacks.call("ov-cards.children")  # with the token: fine
    callbacks.token = ""
    assert callbacks.post("ov-cards.children", {}).status_code == 400


def test_the_page_has_the_viewers_language_and_title(world, login):
    page = login("committee").get(PREFIX).get_data(as_text=True)
    assert '<html lang="zh-CN">' in page and "<title>数据看板 · 整改通</title>" in page
    world.users["committee"].locale = "en"
    db.session.commit()
    page = login("committee").get(PREFIX).get_data(as_text=True)
    assert '<html lang="en">' in page and "<title>Dashboard · Rectify</title>" in page


def own_numbers(world, items):
    """What dept-a may see: a1, a2 (it leads) and b1 (it co-operates on)."""
    return {"total": "3", "closed": "0", "overdue": "1"}


def test_department_posting_another_units_page_gets_its_own_numbers(world, items, login):
    dept = CallbackClient(login("dept-a"))
    own = dept.call("un-cards.children", {"un-unit.data": world.units["a"].id})
    other = dept.call("un-cards.children", {"un-unit.data": world.units["c"].id})
    assert kpis(other["un-cards"]["children"]) == kpis(own["un-cards"]["children"])
    assert {k: v for k, v in kpis(other["un-cards"]["children"]).items()
            if k in ("total", "closed", "overdue")} == own_numbers(world, items)
    table = dept.call("un-table.children", {"un-unit.data": world.units["c"].id})["un-table"]
    assert [p["href"] for p in find_props(table, "href")] == [f"/items/{items['a1'].id}"]
    page = dept.call("page.children", {"url.pathname": f"{PREFIX}unit/{world.units['c'].id}"})
    assert "市甲局" in text_of(page["page"]["children"])
    assert "市丙局" not in text_of(page["page"]["children"])


def test_department_overview_and_overdue_hold_only_visible_items(world, items, login):
    dept = CallbackClient(login("dept-a"))
    for campaign in (None, world.campaign.id):
        response = dept.call("ov-cards.children", {"ov-filter-campaign.value": campaign})
        cards = kpis(response["ov-cards"]["children"])
        assert {k: cards[k] for k in ("total", "closed", "overdue")} == own_numbers(world, items)
        assert response["ov-units"]["figure"]["data"][0]["y"] == ["市甲局"]
    overdue = dept.call("od-table.children", {"od-sort.value": "unit"})
    hrefs = [p["href"] for p in find_props(overdue["od-table"], "href")]
    assert hrefs == [f"/items/{items['a1'].id}"]
    assert overdue["od-units"]["figure"]["data"][0]["y"] == ["市甲局"]
    meeting = dept.call("mt-kpis.children", {"mt-tick.n_intervals": 0})
    assert kpis(meeting["mt-kpis"])["total"] == "3"


def test_committee_sees_every_unit(world, items, login):
    committee = CallbackClient(login("committee"))
    cards = kpis(committee.call("ov-cards.children")["ov-cards"]["children"])
    assert cards["total"] == "5" and cards["closed"] == "1" and cards["overdue"] == "2"


def test_flask_error_pages_still_render_with_dash_mounted(app, items, login):
    client = login("dept-a")
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and "<main>" in missing.get_data(as_text=True)
    forbidden = client.get("/items/new")
    assert forbidden.status_code == 403 and "<main>" in forbidden.get_data(as_text=True)
    other_item = client.get(f"/items/{items['c1'].id}")
    assert other_item.status_code == 404
    anonymous = app.test_client().get("/items/")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_the_nav_links_to_the_dashboard(items, login):
    page = login("dept-a").get("/items/").get_data(as_text=True)
    assert f'href="{PREFIX}"' in page and f'href="{PREFIX}meeting"' in page


def test_two_apps_in_one_process_each_serve_working_dashboards(app, db_url, world, items):
    second = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url,
                         "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    second.test_client_class = FreshContextClient
    assert second.extensions["rectify_dashboards"] is not app.extensions["rectify_dashboards"]
    for flask_app in (app, second, app):
        client = flask_app.test_client()
        assert sign_in(client, "committee").status_code == 302
        callbacks = CallbackClient(client)
        cards = kpis(callbacks.call("ov-cards.children")["ov-cards"]["children"])
        assert cards["total"] == str(db.session.query(Item).count())


def test_dash_first_request_setup_runs_only_for_dashboard_requests(app, items, login):
    dash_app = app.extensions["rectify_dashboards"]
    assert app.test_client().get("/login").status_code == 200
    assert not dash_app._got_first_request["setup_server"]  # Flask pages never run it
    login("committee").get(PREFIX)
    assert dash_app._got_first_request["setup_server"]


def test_malformed_callback_bodies_get_400_and_unknown_suite_files_404(app, items, login):
    client = login("committee")
    callbacks = CallbackClient(client)
    header = {"X-CSRFToken": callbacks.token}
    good = callbacks.callback_for("ov-cards.children")
    outputs = [{"id": name.split(".")[0], "property": name.split(".")[1]}
               for name in output_names(good["output"])]
    well_formed = {"output": good["output"], "outputs": outputs,
                   "inputs": [{"id": s["id"], "property": s["property"], "value": None}
                              for s in good["inputs"]],
                   "state": [], "changedPropIds": []}
    app.config["PROPAGATE_EXCEPTIONS"] = False  # a Dash crash answers 500, as in production
    assert client.post(CALLBACK, json=well_formed, headers=header).status_code == 200
    malformed = [[], {}, {"inputs": []}, {"output": 5},
                 {**well_formed, "output": "nope.children"},
                 {**well_formed, "outputs": None},
                 {**well_formed, "outputs": [{"id": "nope", "property": "children"}]},
                 {**well_formed, "inputs": "x"}, {**well_formed, "inputs": []},
                 {**well_formed, "inputs": [1] * len(good["inputs"])},
                 {**well_formed, "state": [{"id": "x"}]},
                 {**well_formed, "changedPropIds": [5]}]
    for body in malformed:
        response = client.post(CALLBACK, json=body, headers=header)
        assert response.status_code == 400, body
        assert response.get_json() == {"error": "malformed callback request"}
    response = client.post(CALLBACK, data="{{", headers={**header,
                                                         "Content-Type": "application/json"})
    assert response.status_code == 400
    for path in ("nope/x.js", "dash/nope.js", "dash/../x.js", "dash"):
        assert client.get(f"{PREFIX}_dash-component-suites/{path}").status_code == 404, path
    dash_app = app.extensions["rectify_dashboards"]
    package, paths = next((p, sorted(v)) for p, v in dash_app.registered_paths.items() if v)
    assert client.get(f"{PREFIX}_dash-component-suites/{package}/{paths[0]}").status_code == 200
