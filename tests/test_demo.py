"""The demo data: the report's campaign, 44 units (and the towns, stations and sub-units
below them), five groups, four categories, the accounts, and items with real histories
laid down through the services."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from flask import current_app
from sqlalchemy import func, select

from conftest import empty_all_tables
from rectify import clock, create_app, workflow
from rectify.demo import DEMO_USERNAMES, DemoSummary, demo_logins, item_codes, load_demo
from rectify.demo_data import CAMPAIGN_TITLE, ITEMS, SUB_UNITS, UNITS
from rectify.extensions import db
from rectify.models import (
    PRIORITIES,
    SOURCES,
    Action,
    Campaign,
    Category,
    CheckRecord,
    Evaluation,
    Event,
    ExtensionRequest,
    InspectionGroup,
    Item,
    SpecialDay,
    Unit,
    User,
)
from rectify.plugins import check_types_by_plugin
from rectify.services.setup import organisation
from rectify.services.tracking import checks

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
    units = {code for code, *_ in (*UNITS, *SUB_UNITS)}
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
    assert demo == DemoSummary(campaigns=1, units=44 + len(SUB_UNITS), groups=5, categories=4,
                               users=3 + 10 + 44 + len(SUB_UNITS), items=len(ITEMS),
                               deliverables=2 * 44, evaluations=1)
    assert demo.items >= 30
    assert _count(Item) == demo.items and _count(User) == demo.users


def test_campaign_dates_are_relative_to_the_load_date(demo):
    campaign = db.session.scalar(select(Campaign))
    assert "转变作风" in campaign.title and "依法行政" in campaign.title
    assert campaign.stage == "rectification"
    assert campaign.year == 2026  # 90 days before the load date
    assert campaign.code_prefix == "ZG26"
    assert campaign.default_due_date == TODAY + timedelta(days=60)


def _evaluated_units() -> list[Unit]:
    return db.session.scalars(select(Unit).where(Unit.code.in_([c for c, *_ in UNITS]))).all()
def test_the_campaign_went_through_the_reports_four_stages(demo):
    campaign = db.session.scalar(select(Campaign))
    stages = campaign.stage_dates
    assert [s.stage for s in stages] == list(workflow.STAGES)
    workflow.check_stage_dates([(s.starts_on, s.ends_on) for s in stages])
    assert all(s.starts_on.year == campaign.year for s in stages)
    rectification = campaign.dates_of("rectification")
    assert rectification.starts_on == TODAY - timedelta(days=90)  # the findings fed back
    assert rectification.ends_on == campaign.default_due_date
    advanced = db.session.scalars(select(Event).where(Event.campaign_id == campaign.id,
                                                      Event.kind == "stage_advanced")
                                  .order_by(Event.at)).all()
    assert [(e.kind, e.old["stage"], e.new["stage"]) for e in advanced] == [
        ("stage_advanced", "self_check", "evaluation"),
        ("stage_advanced", "evaluation", "inspection"),
        ("stage_advanced", "inspection", "rectification")]
    assert all(e.actor.username == "committee" for e in advanced)
    assert [e.at.date() for e in advanced] == [s.starts_on for s in stages[1:]]
    assert len(campaign.units) == 44


def test_44_units_with_short_ascii_codes(demo):
    units = _evaluated_units()
    assert len(units) == 44 and all(unit.parent_id is None for unit in units)
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


def test_units_in_the_reports_order_with_short_names_and_aliases(demo):
    listed = db.session.scalars(select(Unit.code).order_by(*Unit.official_order())).all()
    assert listed == [code for code, *_ in (*UNITS, *SUB_UNITS)]  # the 44, then the units below
    assert db.session.scalar(select(Unit.position).where(Unit.code == "wsj")) == 1
    cgj = db.session.scalar(select(Unit).where(Unit.code == "cgj"))
    assert cgj.short_name == "市城管局" and "城管局" in cgj.alias_names
    jj = db.session.scalar(select(Unit).where(Unit.code == "jj"))
    assert "市公安局交警" in jj.alias_names  # as the report writes it


def test_the_organisation_is_the_reports_committee(demo):
    settings = organisation.current()
    assert settings.short_name == "市人大常委会" and settings.city == ""
    assert settings.sender("zh") == "市人大常委会"
    assert settings.document_number(2026) == "市人大常函〔2026〕　号"


def test_five_groups_cover_every_unit_once(demo):
    groups = db.session.scalars(select(InspectionGroup)).all()
    assert sorted(g.name for g in groups) == sorted(
        ["第一检查组", "第二检查组", "第三检查组", "第四检查组", "第五检查组"])
    covered = [unit.id for group in groups for unit in group.units]
    assert len(covered) == len(set(covered)) == 44
    assert set(covered) == {unit.id for unit in _evaluated_units()}
    assert all(group.leader_name for group in groups)
    members = [member for group in groups for member in group.members]
    assert len(members) == len(set(members)) == 10
    assert all(member.role == workflow.COMMITTEE for member in members)
    campaign = db.session.scalar(select(Campaign))
    assert all(group.campaign_id == campaign.id for group in groups)


def test_the_evaluation_has_the_reports_four_rater_groups_and_indicators(demo):
    evaluation = db.session.scalar(select(Evaluation))
    assert evaluation.campaign.title == CAMPAIGN_TITLE and evaluation.status == "collecting"
    assert [(g.name, g.weight, len(g.units)) for g in evaluation.groups] == [
        ("市级以上人大代表", 40, 44), ("镇党委政府与街区党工委办事处", 20, 44),
        ("大中型企业负责人", 20, 44), ("被评议单位主要负责同志", 20, 44)]
    assert [(i.name, i.max_points) for i in evaluation.indicators] == [
        ("依法行政", 30), ("服务质量", 30), ("作风建设", 20), ("廉政", 20)]
    units_questions = [q.text for q in evaluation.questions if q.kind == "units"]
    assert len(units_questions) == 5 and "以罚代纠" in units_questions[0]
    assert evaluation.collection_started_at.date() == LOAD_MOMENT.date() + timedelta(days=-130)


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


def test_towns_have_stations_and_the_transport_bureau_its_sub_units(demo):
    units = {u.code: u for u in db.session.scalars(select(Unit))}
    towns = [u for u in units.values() if u.kind == "town"]
    assert len(towns) == 3 and all(u.parent_id is None for u in towns)
    for town in towns:
        stations = [u for u in units.values() if u.parent_id == town.id]
        assert len(stations) == 3 and all(u.kind == "station" for u in stations)
        assert all(u.name.startswith(town.name[:2]) for u in stations)
    below_transport = {u.name for u in units.values() if u.parent_id == units["jtj"].id}
    assert below_transport == {"市交通运输局公路管理处", "市交通运输局客运办",
                               "市交通运输局出租办", "市交通运输局运管所"}
    assert all(u.parent.kind == "town" for u in units.values() if u.kind == "station")


def test_a_town_liaison_reads_its_stations_items_and_no_others(demo):
    from rectify.permissions import visible_items_clause

    town = db.session.scalar(select(User).where(User.username == "dept-ngz"))
    visible = db.session.scalars(select(Item).where(visible_items_clause(town))).all()
    leads = {item.lead_unit.code for item in visible}
    assert leads == {"nggts", "ngpcs", "nggds"}  # its three stations' items
    assert any(item.status == workflow.CLOSED for item in visible)
    assert any(item.is_overdue(TODAY) for item in visible)
    station_items = db.session.scalars(select(Item).join(Unit, Unit.id == Item.lead_unit_id)
                                       .where(Unit.kind == "station")).all()
    assert len(station_items) >= 7
    transport = db.session.scalar(select(User).where(User.username == "dept-jtj"))
    seen = {i.lead_unit.code for i in db.session.scalars(
        select(Item).where(visible_items_clause(transport)))}
    assert {"jtj", "glc", "kyb", "czb", "ygs"} <= seen


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


def test_closed_items_carry_their_verification_opinion(demo):
    closed = db.session.scalars(select(Item).where(Item.status == workflow.CLOSED)).all()
    assert closed and all(item.verification_opinion for item in closed)


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
    for event in reopened:  # with a new deadline, not overdue at once
        assert date.fromisoformat(event.new["due_date"]) > event.at.date()
    assert any(db.session.get(Item, e.item_id).status != workflow.CLOSED for e in reopened)


def test_extensions_approved_pending_and_withdrawn(demo):
    approved = db.session.scalars(
        select(ExtensionRequest).where(ExtensionRequest.status == "approved")).all()
    assert approved
    for request in approved:
        assert db.session.get(Item, request.item_id).due_date == request.new_due_date
    withdrawn = db.session.scalars(
        select(ExtensionRequest).where(ExtensionRequest.status == "withdrawn")).all()
    assert withdrawn and all(db.session.get(Item, r.item_id).status == workflow.CLOSED
                             for r in withdrawn)
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


def test_check_records_are_in_the_timeline_by_the_items_units(demo):
    records = db.session.scalars(select(CheckRecord)).all()
    assert len(records) == len(_events("check_record_added")) >= 30
    for record in records:
        item = db.session.get(Item, record.item_id)
        assert record.unit_id == record.author.unit_id
        assert record.unit_id == item.lead_unit_id or record.unit in item.co_units
        assert record.check_type == item.check_type
    [withdrawn] = [r for r in records if r.withdrawn_at]  # a co-unit's mistaken patrol
    assert withdrawn.unit in db.session.get(Item, withdrawn.item_id).co_units
    assert _events("check_record_withdrawn")[0].reason


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


def test_loading_again_keeps_an_admins_order_short_name_and_organisation(demo):
    cgj = db.session.scalar(select(Unit).where(Unit.code == "cgj"))
    kept = (cgj.position, cgj.short_name, organisation.current())
    cgj.position, cgj.short_name = 99, "城管"
    organisation.save_organisation(None, full_name="某某市人大常委会")
    try:
        load_demo(PASSWORD)
        db.session.expire_all()
        cgj = db.session.scalar(select(Unit).where(Unit.code == "cgj"))
        assert (cgj.position, cgj.short_name) == (99, "城管")
        assert organisation.current().full_name == "某某市人大常委会"
    finally:
        cgj.position, cgj.short_name = kept[0], kept[1]
        organisation.save_organisation(None, **vars(kept[2]))


def test_a_password_is_required(demo):
    with pytest.raises(ValueError):
        load_demo("")


def test_follow_up_chases_ratings_and_rechecks(demo):
    from rectify.models import Chase, Rating, Recheck
    from rectify.services.tracking.followup import recheck_queue

    assert _count(select(Chase).subquery()) == 3
    ratings = db.session.scalars(select(Rating)).all()
    assert len(ratings) == 3 and all(r.rate and r.rate > 0.8 for r in ratings)
    assert _count(select(Recheck).subquery()) == 2
    queue = recheck_queue(TODAY)
    assert len(queue.due) == 1 and len(queue.upcoming) == 1


def test_every_unit_has_a_rectification_plan_and_is_asked_for_its_report(demo):
    from rectify.models import Deliverable
    from rectify.services.tracking.deliverables import missing_and_late

    plans = db.session.scalars(select(Deliverable).where(
        Deliverable.kind == workflow.RECTIFICATION_PLAN)).all()
    assert len(plans) == 44 == len({d.unit_id for d in plans})
    statuses = Counter(d.status for d in plans)
    assert statuses["accepted"] >= 30 and statuses["submitted"] >= 2
    assert statuses["returned"] == 1 and statuses["requested"] >= 2
    returned = next(d for d in plans if d.status == "returned")
    assert returned.submissions[0].decision_reason
    assert all(d.submissions and d.submissions[0].files for d in plans
               if d.status != "requested")
    admin = db.session.scalar(select(User).where(User.username == "admin"))
    found = missing_and_late(admin, TODAY)
    late_submitted = [d for d in found.late if d.status == "submitted"]
    assert len(found.missing) >= 3 and late_submitted
    reports = db.session.scalars(select(Deliverable).where(
        Deliverable.kind == workflow.RECTIFICATION_REPORT)).all()
    assert len(reports) == 44
    assert all(d.status == "requested" and d.due_date > TODAY for d in reports)
def test_the_demo_fills_each_roles_to_do_queues(demo):
    from rectify.services.reads import queues

    def counts(username: str) -> dict[str, int]:
        user = db.session.scalar(select(User).where(User.username == username))
        return {q.key: q.count for q in queues.queues_for(user, TODAY)}

    assert all(counts("committee").values())
    assert all(counts("leader").values())
    assert counts("dept-cgj")["returned"] == 1
    assert counts("dept-gsj")["extensions_answered"] == 1
    assert counts("dept-fgj")["to_sign_for"] == 1


def test_some_items_are_due_in_working_days(demo):
    working = db.session.scalars(select(Item).where(Item.due_in_working_days)).all()
    assert len(working) == 2
    assert db.session.scalar(select(func.count()).select_from(SpecialDay)) > 500
    overdue = [item for item in working if item.is_overdue(TODAY)]
    assert len(overdue) == 1  # ten working days from a month ago have passed
