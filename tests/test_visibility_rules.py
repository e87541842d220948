"""Which units, pages and links a user is shown is decided in rectify/permissions.py (and,
for moves, rectify/workflow.py); templates ask those predicates and never compare role
names themselves."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import select, update

from conftest import move, raise_item
from rectify import permissions, workflow
from rectify.extensions import db
from rectify.models import Unit

TEMPLATES = Path(__file__).resolve().parent.parent / "rectify" / "templates"
ROLE_COMPARISON = re.compile(
    r"\brole\s*(==|!=|\bin\b|\bnot\s+in\b)"
    r"|['\"](" + "|".join(workflow.ROLES) + r")['\"]")


def test_no_template_compares_role_names():
    found = [f"{path.relative_to(TEMPLATES)}:{number}: {line.strip()}"
             for path in sorted(TEMPLATES.rglob("*.html"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if ROLE_COMPARISON.search(line)]
    assert found == []


@pytest.mark.parametrize("line", [
    "{% if current_user.role == 'committee' %}", "{% if current_user.role != \"department\" %}",
    "{% if user.role in ('admin', 'leader') %}", "{% if role not in roles %}",
])
def test_the_template_check_catches_role_comparisons(line):
    assert ROLE_COMPARISON.search(line)


def test_the_template_check_lets_role_labels_through():
    assert not ROLE_COMPARISON.search("{{ labels.ROLE_LABELS[current_user.role] }}")
    assert not ROLE_COMPARISON.search('<div class="notice" role="status">')


def user(role: str, unit_id: int | None = None):
    return SimpleNamespace(role=role, unit_id=unit_id)


@pytest.mark.parametrize("role, sections", [
    (workflow.ADMIN, {"league", "administration"}),
    (workflow.COMMITTEE, {"league", "rechecks", "extension_requests"}),
    (workflow.LEADER, {"league", "severe_overdue"}),
    (workflow.DEPARTMENT, set()),
])
def test_nav_sections_per_role(role, sections):
    assert permissions.shown_nav_sections(user(role, 1 if role == workflow.DEPARTMENT else None)) \
        == sections


@pytest.mark.parametrize("role, allowed", [
    (workflow.ADMIN, True), (workflow.COMMITTEE, True), (workflow.LEADER, True),
    (workflow.DEPARTMENT, False),
])
def test_league_and_campaign_reports_are_for_the_readers_of_every_unit(role, allowed):
    assert permissions.may_read_league(user(role, 1)) is allowed
    assert permissions.may_read_campaign_reports(user(role, 1)) is allowed


def test_home_unit_is_a_department_users_own():
    assert permissions.home_unit_id(user(workflow.DEPARTMENT, 7)) == 7
    assert permissions.home_unit_id(user(workflow.DEPARTMENT)) is None
    assert permissions.home_unit_id(user(workflow.COMMITTEE, 7)) is None


@pytest.fixture
def town(world):
    """Unit a becomes a town over a station s; b stays apart."""
    station = Unit(code="s", name="甲站", name_en="Station S", kind="station",
                   parent_id=world.units["a"].id)
    db.session.add(station)
    db.session.commit()
    return SimpleNamespace(world=world, station=station)


def test_unit_page_shows_a_department_its_units_and_falls_back_to_its_own(town):
    a, b, station = town.world.units["a"].id, town.world.units["b"].id, town.station.id
    dept_a = town.world.users["dept-a"]
    assert permissions.unit_page_id(dept_a, station) == station
    assert permissions.unit_page_id(dept_a, a) == a
    assert permissions.unit_page_id(dept_a, b) == a  # not its own: its own page instead
    assert permissions.unit_page_id(dept_a, None) == a
    assert permissions.unit_page_id(town.world.users["dept-b"], station) == b


def test_unit_page_shows_the_readers_any_valid_unit(town):
    committee, b = town.world.users["committee"], town.world.units["b"].id
    assert permissions.unit_page_id(committee, b) == b
    assert permissions.unit_page_id(committee, None) is None
    assert permissions.unit_page_id(committee, 2**31) is None  # beyond the database's ids
    assert permissions.unit_page_id(committee, "1") is None


def test_visible_units_are_a_departments_subtree_and_every_unit_for_readers(town):
    def visible(username):
        clause = permissions.visible_units_clause(town.world.users[username])
        return set(db.session.scalars(select(Unit.code).where(clause)))

    assert visible("dept-a") == {"a", "s"}
    assert visible("dept-b") == {"b"}
    assert visible("committee") == {"a", "b", "c", "s"}
    assert db.session.scalars(select(Unit.code).where(
        permissions.visible_units_clause(user(workflow.DEPARTMENT)))).all() == []


NAV_LINKS = {"severe_overdue": "severe=y", "rechecks": "/rechecks/",
             "extension_requests": 'href="/extensions/"', "league": 'href="/league/"',
             "administration": 'href="/admin/users"'}


@pytest.mark.parametrize("username", ["admin", "committee", "leader", "dept-a"])
def test_the_navigation_shows_the_sections_the_predicate_names(world, login, username):
    page = login(username).get("/items/").get_data(as_text=True)
    nav = page[page.index('<nav class="mainnav">'):page.index("</nav>")]
    shown = {key for key, link in NAV_LINKS.items() if link in nav}
    assert shown == permissions.shown_nav_sections(world.users[username])


def test_a_department_is_told_to_sign_for_an_open_item_before_logging_work(world, login):
    item = raise_item(world, lead="a", co=("b",))
    for username in ("dept-a", "dept-b"):
        assert 'id="sign-for-first"' in login(username).get(f"/items/{item.id}").get_data(
            as_text=True)
    assert 'id="sign-for-first"' not in login("committee").get(f"/items/{item.id}").get_data(
        as_text=True)
    move(world, item, ("dept-a", "sign_for"))
    assert 'id="sign-for-first"' not in login("dept-a").get(f"/items/{item.id}").get_data(
        as_text=True)


def test_waits_for_sign_for_is_the_refusal_of_work_on_an_open_item():
    lead = workflow.Actor(workflow.DEPARTMENT, unit_id=1)
    other = workflow.Actor(workflow.DEPARTMENT, unit_id=3)
    item = workflow.ItemFacts(workflow.OPEN, lead_unit_id=1, co_unit_ids=frozenset({2}))
    assert workflow.waits_for_sign_for(lead, item)
    assert workflow.waits_for_sign_for(workflow.Actor(workflow.DEPARTMENT, unit_id=2), item)
    assert not workflow.waits_for_sign_for(other, item)
    assert not workflow.waits_for_sign_for(workflow.Actor(workflow.COMMITTEE), item)
    for facts in (workflow.ItemFacts(workflow.IN_PROGRESS, lead_unit_id=1),
                  workflow.ItemFacts(workflow.OPEN, lead_unit_id=1, campaign_archived=True)):
        assert not workflow.waits_for_sign_for(lead, facts)


def test_outside_a_request_each_subtree_read_sees_the_tree_as_it_is_now(town):
    a, station = town.world.units["a"].id, town.station.id
    assert permissions.unit_subtree_ids(a) == {a, station}
    town.station.parent_id = town.world.units["b"].id
    db.session.commit()
    assert permissions.unit_subtree_ids(a) == {a}


def test_within_a_request_each_subtree_is_read_once(app, town):
    a, b, station = town.world.units["a"].id, town.world.units["b"].id, town.station.id
    with app.app_context(), app.test_request_context("/items/"):
        assert permissions.unit_subtree_ids(a) == {a, station}
        db.session.execute(update(Unit).where(Unit.id == station).values(parent_id=b))
        db.session.commit()
        assert permissions.unit_subtree_ids(a) == {a, station}  # as the page began
    with app.app_context(), app.test_request_context("/items/"):
        assert permissions.unit_subtree_ids(a) == {a}
