"""The demo data: the report's campaign, 44 units, five groups, four categories, the
accounts, and items with real histories laid down through the services."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from flask import current_app
from sqlalchemy import func, select

from conftest import empty_all_tables
from rectify import clock, create_app, workflow
from rectify.demo import DEMO_USERNAMES, DemoSummary, demo_logins, item_codes, load_demo
from rectify.demo_data import ITEMS, UNITS
from rectify.extensions import db
from rectify.models import (
    PRIORITIES, SOURCES, Action, Campaign, Category, CheckRecord, Event, ExtensionRequest,
    InspectionGroup, Item, Unit, User,
)
from rectify.plugins import check_types_by_plugin
from rectify.services import checks

PASSWORD = "demo password 1"
LOAD_MOMENT = datetime(2026, 6, 1, 2, 0)  # 10:00 in Shanghai
TODAY = date(2026, 6, 1)

REPORT_UNITS = (
    "市卫生局", "市广播电视中心", "市财政局", "市经济和信息化局", "市教育局",
    "市人力资源和社会保障局", "市安全生产监督管理局", "市食品药品监督管理局", "市民政局",
    "市林业局", "市供销合作社联合社", "市发展和改革局", "市畜牧局", "市规划局", "市环境保护局",
    "市公安局", "市住房和城乡建设局", "市农业局", "市城市管理局", "市人口和计划生育局",
    "市行政服务中心", "市农业机械管理局", "市商务局", "市土地经营开发管理办公室", "市审计局",
    "市国土资源局", "市交通运输局", "市水利局", "市公安局交通警察大队",
)


@pytest.fixture(scope="module")
def demo(db_url, tmp_path_factory):
    """One demo load on the emptied test database, shared by this module's tests."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url,
                      "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
                      "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        empty_all_tables()
        with clock.frozen_at(LOAD_MOMENT):
            summary = load_demo(PASSWORD)
        yield summary
        db.session.remove()
        empty_all_tables()


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _items_with(text: str) -> list[Item]:
    return list(db.session.scalars(select(Item).where(Item.problem.contains(text))))


def _events(kind: str) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.kind == kind)))


# The data tables themselves --------------------------------------------------------------

def test_item_stories_are_well_formed():
    units = {code for code, *_ in UNITS}
    for spec in ITEMS:
        assert spec.unit in units and set(spec.co) <= units, spec.problem
        assert spec.source in SOURCES and spec.priority in PRIORITIES
        days = [step[0] for step in spec.story]
        assert days == sorted(days), f"story out of order: {spec.problem}"
        assert all(spec.raised <= day < 0 for day in days), spec.problem
        assert spec.raised < 0


def test_item_codes_are_fixed_and_unique():
    codes = item_codes("ZG26")
    assert len(set(codes)) == len(ITEMS)
    assert codes == item_codes("ZG26")
    assert all(re.fullmatch(r"ZG26-[A-Z]+-\d{3}", code) for code in codes)


# The organisation ------------------------------------------------------------------------

def test_first_load_reports_what_it_created(demo):
    assert demo == DemoSummary(campaigns=1, units=44, groups=5, categories=4,
                               users=3 + 44, items=len(ITEMS))
    assert demo.items >= 30
    assert _count(Item) == demo.items and _count(User) == demo.users


def test_campaign_dates_are_relative_to_the_load_date(demo):
    campaign = db.session.scalar(select(Campaign))
    assert "转变作风" in campaign.title and "依法行政" in campaign.title
    assert campaign.stage == "rectification"
    assert campaign.year == 2026  # 90 days before the load date
    assert campaign.code_prefix == "ZG26"
    assert campaign.default_due_date == TODAY + timedelta(days=60)


def test_44_units_with_short_ascii_codes(demo):
    units = db.session.scalars(select(Unit)).all()
    assert len(units) == 44
    assert len({u.code for u in units}) == 44 and len({u.name for u in units}) == 44
    for unit in units:
        assert re.fullmatch(r"[a-z]{2,6}", unit.code), unit.code
        assert unit.kind in ("department", "institution")
        assert unit.name_en and unit.name.startswith("市")
    names = {u.name for u in units}
    assert set(REPORT_UNITS) <= names
    by_code = {u.code: u.name for u in units}
    assert by_code["cgj"] == "市城市管理局" and by_code["gaj"] == "市公安局"
    assert by_code["jj"] == "市公安局交通警察大队" and by_code["slj"] == "市水利局"


def test_five_groups_cover_every_unit_once(demo):
    groups = db.session.scalars(select(InspectionGroup)).all()
    assert sorted(g.name for g in groups) == sorted(
        ["第一检查组", "第二检查组", "第三检查组", "第四检查组", "第五检查组"])
    covered = [unit.id for group in groups for unit in group.units]
    assert len(covered) == len(set(covered)) == 44
    assert set(covered) == set(db.session.scalars(select(Unit.id)))
    assert all(group.leader_name for group in groups)


def test_four_categories(demo):
    categories = {c.code: c.name for c in db.session.scalars(select(Category))}
    assert categories == {"conduct": "作风建设", "service": "服务质量",
                          "law": "依法行政", "overall": "大局意识"}


def test_every_unit_has_a_working_liaison_login(demo):
    for unit in db.session.scalars(select(Unit)):
        user = db.session.scalar(select(User).where(User.username == f"dept-{unit.code}"))
        assert user is not None, unit.name
        assert user.role == workflow.DEPARTMENT and user.unit_id == unit.id
        assert user.display_name == unit.name + "联络员"
        assert user.check_password(PASSWORD) and not user.check_password("wrong")
        assert user.actor.unit_id == unit.id


def test_staff_logins(demo):
    for username, role in (("admin", "admin"), ("committee", "committee"), ("leader", "leader")):
        user = db.session.scalar(select(User).where(User.username == username))
        assert user.role == role and user.unit_id is None
        assert user.check_password(PASSWORD)
        assert re.search(r"[\u4e00-\u9fff]", user.display_name)


def test_demo_logins_list_every_account(demo):
    logins = demo_logins()
    assert len(logins) == len(DEMO_USERNAMES) == _count(User)
    users = {u.username: u for u in db.session.scalars(select(User))}
    for username, role, unit_name in logins:
        assert users[username].role == role
        assert unit_name == (users[username].unit.name if users[username].unit else "")


# The items -------------------------------------------------------------------------------

def test_items_in_every_status(demo):
    statuses = set(db.session.scalars(select(Item.status)))
    assert statuses == set(workflow.STATUSES)
    for status in workflow.STATUSES:
        count = _count(select(Item).where(Item.status == status).subquery())
        assert count >= 3, status


def test_overdue_and_due_soon_items(demo):
    overdue = db.session.scalars(select(Item).where(Item.overdue_clause(TODAY))).all()
    assert len(overdue) >= 3
    assert {i.status for i in overdue} >= {workflow.OPEN, workflow.IN_PROGRESS}
    soon = [i for i in db.session.scalars(select(Item).where(Item.status != workflow.CLOSED))
            if 0 <= (i.due_date - TODAY).days <= 7]
    assert len(soon) >= 3
    closed = db.session.scalars(select(Item).where(Item.status == workflow.CLOSED)).all()
    assert all(i.closed_at and i.closed_at < LOAD_MOMENT for i in closed)


@pytest.mark.parametrize("text, unit", [
    ("早市", "cgj"), ("抢秤", "cgj"), ("物业", "zjj"), ("限速", "gaj"), ("假牌车", "jj"),
    ("黑车", "jj"), ("外地车辆", "jtj"), ("胶河", "slj"), ("以罚代纠", None),
    ("吃拿卡要", None), ("乱收费", None), ("门难进", None), ("推诿", None),
])
def test_the_reports_problems_are_items(demo, text, unit):
    items = _items_with(text)
    assert items, text
    if unit:
        assert unit in {i.lead_unit.code for i in items}
    assert all(i.requirement and i.responsible_leader and i.responsible_person for i in items)


def test_joint_matters_have_co_operating_units_who_log_work(demo):
    shirking = [i for i in _items_with("推诿") if i.co_units]
    assert shirking
    joint = db.session.scalars(select(Item).where(Item.co_units.any())).all()
    co_logged = [i for i in joint if db.session.scalar(select(func.count(Action.id)).where(
        Action.item_id == i.id, Action.unit_id.in_([u.id for u in i.co_units])))]
    assert len(co_logged) >= 2


def test_every_item_has_a_created_event_and_an_ordered_timeline(demo):
    committee = db.session.scalar(select(User).where(User.username == "committee"))
    start = LOAD_MOMENT - timedelta(days=91)
    for item in db.session.scalars(select(Item)):
        events = db.session.scalars(
            select(Event).where(Event.item_id == item.id).order_by(Event.id)).all()
        assert [e.kind for e in events].count("created") == 1
        assert events[0].kind == "created" and events[0].actor_id == committee.id
        moments = [e.at for e in events]
        assert moments == sorted(moments), item.code
        assert start <= moments[0] and moments[-1] < LOAD_MOMENT, item.code
        assert item.created_at == moments[0]
        moves = [e for e in events if e.kind in workflow.TRANSITIONS]
        assert (moves[-1].new["status"] if moves else workflow.OPEN) == item.status


def test_history_spans_the_last_ninety_days(demo):
    first, last = db.session.execute(select(func.min(Event.at), func.max(Event.at))).one()
    assert (LOAD_MOMENT - first).days >= 85
    assert (LOAD_MOMENT - last).days <= 3


def test_returned_then_reworked(demo):
    returned = {e.item_id: e for e in _events("return_item")}
    assert returned
    reworked = [item_id for item_id, event in returned.items()
                if db.session.scalar(select(func.count(Event.id)).where(
                    Event.item_id == item_id, Event.kind == "action_added",
                    Event.at > event.at))]
    assert reworked
    assert all(e.reason for e in returned.values())


def test_reopened_after_a_re_check(demo):
    reopened = _events("reopen")
    assert reopened and all(e.reason for e in reopened)
    assert any(db.session.get(Item, e.item_id).status != workflow.CLOSED for e in reopened)


def test_extensions_approved_and_pending(demo):
    approved = db.session.scalars(
        select(ExtensionRequest).where(ExtensionRequest.status == "approved")).all()
    assert approved
    for request in approved:
        assert db.session.get(Item, request.item_id).due_date == request.new_due_date
    pending = db.session.scalars(
        select(ExtensionRequest).where(ExtensionRequest.status == "pending")).all()
    assert pending
    for request in pending:
        assert db.session.get(Item, request.item_id).due_date == request.old_due_date


def test_leader_instructions_and_work_records(demo):
    instructions = db.session.scalars(select(Action).where(
        Action.kind == workflow.INSTRUCTION)).all()
    assert instructions and all(a.author.role == workflow.LEADER for a in instructions)
    for kind in workflow.WORK_KINDS:
        records = db.session.scalars(select(Action).where(Action.kind == kind)).all()
        assert records and all(a.author.role == workflow.DEPARTMENT for a in records), kind
    assert all(e.action_id for e in _events("action_added"))


def _rule_results() -> dict[str, list[tuple[str, list[str]]]]:
    """Per plugin: (item code, reason codes today) of every demo item with a check type."""
    owners = check_types_by_plugin(current_app)
    results: dict[str, list[tuple[str, list[str]]]] = {}
    for item in db.session.scalars(select(Item).where(Item.check_type.isnot(None))):
        reasons = checks.blockers_for(item, TODAY)
        results.setdefault(owners[item.check_type][0], []).append(
            (item.code, [r.code for r in reasons]))
    return results


def test_each_plugin_has_a_passing_and_a_failing_item(demo):
    results = _rule_results()
    assert set(results) == {"traffic", "sand_mining", "market"}
    for plugin, items in results.items():
        assert any(not reasons for _, reasons in items), plugin
        assert any(reasons for _, reasons in items), plugin
    failing = {code: reasons for items in results.values() for code, reasons in items if reasons}
    assert sorted(sum(failing.values(), [])) == sorted([
        "sign_not_posted", "site_not_published",            # 北环路 has no sign yet
        "recent_mining_found",                              # 胶河: mining found 15 days ago
        "education_share_low", "violent_enforcement_complaints"])  # 南关夜市 / 火车站


def test_check_records_are_in_the_timeline_by_the_lead_unit(demo):
    records = db.session.scalars(select(CheckRecord)).all()
    assert len(records) == len(_events("check_record_added")) >= 30
    for record in records:
        item = db.session.get(Item, record.item_id)
        assert record.author.unit_id == item.lead_unit_id
        assert record.check_type == item.check_type


# Loading again ---------------------------------------------------------------------------

def _row_counts() -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def test_loading_again_creates_nothing_and_keeps_passwords(demo):
    before = _row_counts()
    with clock.frozen_at(LOAD_MOMENT + timedelta(days=400)):  # even in another year
        summary = load_demo("another password")
    assert summary == DemoSummary() and summary.total == 0
    assert _row_counts() == before
    user = db.session.scalar(select(User).where(User.username == "dept-cgj"))
    assert user.check_password(PASSWORD)


def test_a_password_is_required(demo):
    with pytest.raises(ValueError):
        load_demo("")


def test_follow_up_chases_ratings_and_rechecks(demo):
    from rectify.models import Chase, Rating, Recheck
    from rectify.services.followup import recheck_queue

    assert _count(select(Chase).subquery()) == 3
    ratings = db.session.scalars(select(Rating)).all()
    assert len(ratings) == 3 and all(r.rate and r.rate > 0.8 for r in ratings)
    assert _count(select(Recheck).subquery()) == 2
    queue = recheck_queue(TODAY)
    assert len(queue.due) == 1 and len(queue.upcoming) == 1


def test_the_demo_fills_each_roles_to_do_queues(demo):
    from rectify.services import queues

    def counts(username: str) -> dict[str, int]:
        user = db.session.scalar(select(User).where(User.username == username))
        return {q.key: q.count for q in queues.queues_for(user, TODAY)}

    assert all(counts("committee").values())
    assert all(counts("leader").values())
    assert counts("dept-cgj")["returned"] == 1
    assert counts("dept-gsj")["extensions_answered"] == 1
    assert counts("dept-fgj")["to_sign_for"] == 1
