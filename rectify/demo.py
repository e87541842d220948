"""Loading the demo data: the evaluation report's campaign, units, groups and problems.

``load_demo(password)`` is idempotent. Units, categories, groups and accounts are
created when missing (looked up by their key) and never overwritten, so an admin's edits
survive a reload; each item has a fixed code and is skipped when that code exists.

Items are raised and moved through the workflow by the same services the web pages use,
each step under ``clock.frozen_at`` at a back-dated moment, so the audit trail and the
timelines read as ninety days of real work. Every date is relative to the load date.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import or_, select

from . import clock, workflow
from .demo_data import (
    ALIASES,
    CAMPAIGN_CODE,
    CAMPAIGN_DEADLINE,
    CAMPAIGN_START,
    CAMPAIGN_TITLE,
    CATEGORIES,
    DEPARTMENT_PREFIX,
    EVALUATION_DESIGNED,
    EVALUATION_TITLE,
    GROUP_MEMBERS,
    GROUPS,
    INDICATORS,
    ITEMS,
    LIAISON_SUFFIX,
    ORG_CREATED,
    ORGANISATION,
    PLAN_DUE,
    PLAN_EXCEPTIONS,
    PLAN_REQUESTED,
    PLAN_RETURN_REASON,
    QUESTIONS,
    RATER_GROUPS,
    REPORT_REQUESTED,
    SHORT_NAMES,
    STAFF,
    STAGE_DAYS,
    SUB_UNITS,
    UNITS,
    Day,
    DemoItem,
    Month,
)
from .extensions import db
from .models import (
    Campaign,
    CampaignStage,
    Category,
    CheckRecord,
    Deliverable,
    ExtensionRequest,
    InspectionGroup,
    Item,
    Unit,
    UnitAlias,
    User,
)
from .services.evaluation import design as evaluation_design
from .services.setup import holidays, organisation
from .services.setup.campaigns import advance_stage
from .services.tracking import deliverables
from .services.tracking.chasing import chase_item
from .services.tracking.checks import add_check_record, withdraw_check_record
from .services.tracking.followup import record_rating, schedule_recheck
from .services.tracking.item_fields import ItemFields
from .services.tracking.items import (
    add_action,
    apply_transition,
    decide_extension,
    pending_extension,
    raise_item,
    request_extension,
)
from .workflow import RatingCounts

# Every demo unit's name by code: the 44 units, then the units below them.
UNIT_NAMES: dict[str, str] = {**{code: name for code, name, *_ in UNITS},
                              **{code: name for code, name, *_ in SUB_UNITS}}

# (username, role, unit code or None) of every demo account: the staff, then a liaison of
# each of the 44 units and of each unit below them (a town's liaison reads its stations').
DEMO_USERNAMES: list[tuple[str, str, str | None]] = [
    *((username, role, None) for username, role, _ in STAFF),
    *((username, workflow.COMMITTEE, None) for members in GROUP_MEMBERS for username, _ in members),
    *((DEPARTMENT_PREFIX + code, workflow.DEPARTMENT, code) for code in UNIT_NAMES),
]

# Story verbs that are workflow transitions, by who applies them.
_LIAISON_MOVES = {"sign": "sign_for", "submit": "submit"}
_COMMITTEE_MOVES = {"return": "return_item", "close": "close", "reopen": "reopen"}


@dataclass
class DemoSummary:
    """How many rows of each kind one load created (all zero on a repeated load)."""

    campaigns: int = 0
    units: int = 0
    groups: int = 0
    categories: int = 0
    users: int = 0
    items: int = 0
    deliverables: int = 0
    evaluations: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self))

    def __str__(self) -> str:
        return ", ".join(f"{f.name}: {getattr(self, f.name)}" for f in fields(self))


@dataclass
class _Stage:
    """What the item stories need: the organisation, the cast and the calendar."""

    campaign: Campaign
    units: dict[str, Unit]
    categories: dict[str, Category]
    users: dict[str, User]
    anchor: datetime  # 09:00 today in the committee's time zone, as naive UTC
    today: date

    def at(self, day: int, step: int = 0) -> datetime:
        """The moment of a story step: ``day`` days from today, steps 20 minutes apart."""
        return self.anchor + timedelta(days=day, minutes=20 * step)

    def liaison(self, unit_code: str) -> User:
        return self.users[DEPARTMENT_PREFIX + unit_code]


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role, unit name or "") of every demo account, for `make run` to print."""
    return [(username, role, UNIT_NAMES[code] if code else "")
            for username, role, code in DEMO_USERNAMES]


def load_demo(password: str) -> DemoSummary:
    """Create whatever of the demo data is missing; every account gets ``password``."""
    if not password:
        raise ValueError("The demo accounts need a password.")
    summary = DemoSummary()
    today = clock.today()
    anchor = _anchor(today)
    with clock.frozen_at(anchor + timedelta(days=ORG_CREATED)):
        if not organisation.is_set_up():
            organisation.save_organisation(None, commit=False, **ORGANISATION)
        holidays.seed_from_library(commit=False)
        units = _units(summary)
        campaign = _campaign(today, units, summary)
        categories = _categories(summary)
        users = _users(password, units, summary)
        _groups(campaign, units, users, summary)
        db.session.commit()
    if summary.campaigns:
        _advance_through_stages(campaign, users["committee"], anchor)
    stage = _Stage(campaign, units, categories, users, anchor, today)
    summary.items = _items(stage)
    summary.deliverables = _deliverables(stage)
    summary.evaluations = _evaluation(stage)
    return summary


def _anchor(today: date) -> datetime:
    local = datetime.combine(today, time(9, 0), tzinfo=clock.TIMEZONE)
    return local.astimezone(UTC).replace(tzinfo=None)


# The organisation -----------------------------------------------------------------------

def _campaign(today: date, units: dict[str, Unit], summary: DemoSummary) -> Campaign:
    """The report's campaign over its 44 units (the stations below the towns are the towns'
    to evaluate), created in 自查 with its stage dates."""
    campaign = db.session.scalar(select(Campaign).where(Campaign.title == CAMPAIGN_TITLE))
    if campaign is None:
        year = (today + timedelta(days=CAMPAIGN_START)).year
        campaign = Campaign(title=CAMPAIGN_TITLE, year=year, stage=workflow.STAGES[0],
                            theme="转变作风，依法行政",
                            default_due_date=today + timedelta(days=CAMPAIGN_DEADLINE),
                            code_prefix=f"{CAMPAIGN_CODE}{year % 100:02d}",
                            units=[units[code] for code, *_ in UNITS],
                            stage_dates=[CampaignStage(stage=stage, position=position,
                                                       starts_on=today + timedelta(days=first),
                                                       ends_on=today + timedelta(days=last))
                                         for position, (stage, first, last)
                                         in enumerate(STAGE_DAYS)])
        db.session.add(campaign)
        summary.campaigns += 1
    return campaign


def _advance_through_stages(campaign: Campaign, committee: User, anchor: datetime) -> None:
    """Move the new campaign on at each stage's first day, as the committee did, so its
    history shows 自查 → 评议 → 检查 → 反馈整改."""
    for _stage, first, _last in STAGE_DAYS[1:]:
        with clock.frozen_at(anchor + timedelta(days=first)):
            advance_stage(committee, campaign)


def _units(summary: DemoSummary) -> dict[str, Unit]:
    """The report's units in its order, then the towns, stations and sub-units below them
    (parents first). A unit already there gets the official order number and short name
    only where none is set, and aliases only while it has none and no other unit holds the
    name."""
    units: dict[str, Unit] = {}
    taken = set(db.session.scalars(select(UnitAlias.name)))
    rows = [(*row, None) for row in UNITS] + list(SUB_UNITS)
    for position, (code, name, name_en, kind, parent) in enumerate(rows, start=1):
        unit = db.session.scalar(select(Unit).where(or_(Unit.code == code, Unit.name == name)))
        if unit is None:
            unit = Unit(code=code, name=name, name_en=name_en, kind=kind,
                        parent=units[parent] if parent else None)
            db.session.add(unit)
            summary.units += 1
        unit.position = unit.position or position
        unit.short_name = unit.short_name or SHORT_NAMES.get(code, "")
        if not unit.aliases:
            unit.aliases = [UnitAlias(name=alias) for alias in ALIASES.get(code, ())
                            if alias not in taken]
        units[code] = unit
    return units


def _categories(summary: DemoSummary) -> dict[str, Category]:
    categories = {}
    for position, (code, name, name_en) in enumerate(CATEGORIES, start=1):
        category = db.session.scalar(
            select(Category).where(or_(Category.code == code, Category.name == name)))
        if category is None:
            category = Category(code=code, name=name, name_en=name_en, position=position)
            db.session.add(category)
            summary.categories += 1
        categories[code] = category
    return categories


def _groups(campaign: Campaign, units: dict[str, Unit], users: dict[str, User],
            summary: DemoSummary) -> None:
    db.session.flush()  # the campaign needs its id
    for (name, leader, codes), members in zip(GROUPS, GROUP_MEMBERS, strict=True):
        found = db.session.scalar(select(InspectionGroup).where(
            InspectionGroup.campaign_id == campaign.id, InspectionGroup.name == name))
        if found is None:
            db.session.add(InspectionGroup(
                campaign=campaign, name=name, leader_name=leader,
                members=[users[username] for username, _ in members],
                units=[units[code] for code in codes]))
            summary.groups += 1


def _users(password: str, units: dict[str, Unit], summary: DemoSummary) -> dict[str, User]:
    display = {username: name for username, _, name in STAFF}
    display.update(member for members in GROUP_MEMBERS for member in members)
    users = {}
    for username, role, code in DEMO_USERNAMES:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            unit = units[code] if code else None
            user = User(username=username, role=role, unit=unit,
                        display_name=unit.name + LIAISON_SUFFIX if unit else display[username])
            user.set_password(password)
            db.session.add(user)
            summary.users += 1
        users[username] = user
    return users


# The items and their histories ----------------------------------------------------------

def item_codes(prefix: str) -> list[str]:
    """The fixed codes of the demo items, in ``ITEMS`` order: prefix, unit, running number."""
    seen: Counter[str] = Counter()
    codes = []
    for spec in ITEMS:
        seen[spec.unit] += 1
        codes.append(f"{prefix}-{spec.unit.upper()}-{seen[spec.unit]:03d}")
    return codes


def _items(stage: _Stage) -> int:
    created = 0
    for code, spec in zip(item_codes(stage.campaign.code_prefix), ITEMS, strict=True):
        if db.session.scalar(select(Item.id).where(Item.code == code)) is not None:
            continue
        with clock.frozen_at(stage.at(spec.raised)):
            item = raise_item(stage.users["committee"], _fields(stage, spec), code=code)
        for number, step in enumerate(spec.story, start=1):
            with clock.frozen_at(stage.at(step[0], number)):
                _play(stage, spec, item, *step[1:])
        created += 1
    return created


def _fields(stage: _Stage, spec: DemoItem) -> ItemFields:
    return ItemFields(
        campaign=stage.campaign,
        lead_unit=stage.units[spec.unit],
        category=stage.categories[spec.category],
        source=spec.source,
        problem=spec.problem,
        requirement=spec.requirement,
        priority=spec.priority,
        due_date=None if spec.due is None else stage.today + timedelta(days=spec.due),
        due_working_days=spec.due_working_days,
        responsible_leader=spec.leader,
        responsible_person=spec.person,
        co_units=[stage.units[code] for code in spec.co],
        check_type=spec.check_type,
    )


def _check_values(stage: _Stage, values: dict[str, Any]) -> dict[str, Any]:
    """A demo check record's values with ``Day``/``Month`` offsets turned into dates."""
    def concrete(value: Any) -> Any:
        if isinstance(value, Day):
            return stage.today + timedelta(days=value.offset)
        if isinstance(value, Month):
            months = stage.today.year * 12 + stage.today.month - 1 + value.offset
            return date(months // 12, months % 12 + 1, 1)
        return value

    return {name: concrete(value) for name, value in values.items()}


def _latest_record(item: Item, author: User) -> CheckRecord:
    return db.session.scalars(select(CheckRecord).where(
        CheckRecord.item_id == item.id, CheckRecord.author_id == author.id)
        .order_by(CheckRecord.id.desc()).limit(1)).one()


# A story step's text: a note, or a check record's values; its arg: days from the load
# date, a unit's code, or the three rating counts (see ``DemoItem``).
StepText = str | dict[str, Any]
StepArg = int | str | tuple[int, int, int] | None


def _play(stage: _Stage, spec: DemoItem, item: Item, verb: str, text: StepText = "",
          arg: StepArg = None) -> None:
    """One step of an item's story, by the user whose job it is (see ``DemoItem``)."""
    committee, liaison = stage.users["committee"], stage.liaison(spec.unit)
    note = text if isinstance(text, str) else ""
    by_unit = stage.liaison(arg) if isinstance(arg, str) else liaison
    if verb in _LIAISON_MOVES:
        apply_transition(liaison, item, _LIAISON_MOVES[verb])
    elif verb in _COMMITTEE_MOVES:
        apply_transition(committee, item, _COMMITTEE_MOVES[verb], reason=note,
                         new_due_date=_day(stage, arg) if arg else None)
    elif verb in workflow.WORK_KINDS:
        add_action(by_unit, item, verb, note)
    elif verb == "comment":
        add_action(committee, item, workflow.COMMENT, note)
    elif verb == "instruct":
        add_action(stage.users["leader"], item, workflow.INSTRUCTION, note)
    elif verb == "extend":
        request_extension(liaison, item, _day(stage, arg), note)
    elif verb in ("approve", "decline"):
        decide_extension(committee, item, _pending(item), verb == "approve", note)
    elif verb == "check" and isinstance(text, dict):
        add_check_record(by_unit, item, _check_values(stage, text))
    elif verb == "withdraw" and isinstance(arg, str):
        withdraw_check_record(by_unit, item, _latest_record(item, by_unit), note)
    elif verb == "chase":
        chase_item(committee, item, note)
    elif verb == "rate" and isinstance(arg, tuple):
        record_rating(committee, item, RatingCounts(*arg))
    elif verb == "recheck":
        schedule_recheck(committee, item, _day(stage, arg))
    else:
        raise ValueError(f"Unknown demo story step: {verb} {text!r} {arg!r}")


def _day(stage: _Stage, arg: StepArg) -> date:
    """The day a step's ``arg`` names, in days from the load date."""
    if not isinstance(arg, int):
        raise ValueError(f"A demo story step needs a number of days, not {arg!r}")
    return stage.today + timedelta(days=arg)


def _pending(item: Item) -> ExtensionRequest:
    request = pending_extension(item)
    if request is None:
        raise ValueError(f"The demo story decides an extension {item.code} never asked for")
    return request


# Units' deliverables (报送材料) ------------------------------------------------------------

def _deliverables(stage: _Stage) -> int:
    """Every unit's rectification plan with its story, and the rectification report asked
    for; nothing when the campaign already has them."""
    if db.session.scalar(select(Deliverable.id).where(
            Deliverable.campaign_id == stage.campaign.id).limit(1)) is not None:
        return 0
    committee, units = stage.users["committee"], deliverables.campaign_units(stage.campaign)
    with clock.frozen_at(stage.at(PLAN_REQUESTED)):
        plans = deliverables.request_deliverables(
            committee, stage.campaign, workflow.RECTIFICATION_PLAN,
            stage.today + timedelta(days=PLAN_DUE), units).created
    for number, plan in enumerate(plans):
        _plan_story(stage, plan, PLAN_EXCEPTIONS.get(plan.unit.code, "accepted"), number)
    with clock.frozen_at(stage.at(REPORT_REQUESTED)):
        reports = deliverables.request_deliverables(
            committee, stage.campaign, workflow.RECTIFICATION_REPORT,
            stage.campaign.default_due_date, units).created
    return len(plans) + len(reports)


def _plan_story(stage: _Stage, plan: Deliverable, story: str, number: int) -> None:
    """Submit (on time, or late for ``awaiting_late``) and decide one unit's plan."""
    if story == "missing":
        return
    submitted = PLAN_DUE + (25 if story == "awaiting_late" else -3 - number % 5)
    document = (f"{plan.unit.name}整改方案.txt", f"{plan.unit.name}关于检查评议反馈问题的整改方案"
                .encode())
    with clock.frozen_at(stage.at(submitted, number % 20)):
        deliverables.submit(stage.liaison(plan.unit.code), plan, [document],
                            note="请审阅。")
    if story in ("accepted", "returned"):
        with clock.frozen_at(stage.at(PLAN_DUE + 2 + number % 4, number % 20)):
            deliverables.decide(stage.users["committee"], plan, accept=story == "accepted",
                                reason=PLAN_RETURN_REASON if story == "returned" else "")


# The evaluation ------------------------------------------------------------------------

def _evaluation(stage: _Stage) -> int:
    """The campaign's evaluation design (four rater groups rating the 44 units, four
    indicators, the questionnaire), collecting since the 评议 stage began: the committee
    issues codes and raters fill sheets. Nothing when the campaign already has one."""
    campaign, committee = stage.campaign, stage.users["committee"]
    if evaluation_design.evaluation_of(campaign) is not None:
        return 0
    with clock.frozen_at(stage.at(EVALUATION_DESIGNED)):
        evaluation = evaluation_design.create_evaluation(committee, campaign, EVALUATION_TITLE,
                                                         "indicators")
        for name, weight in RATER_GROUPS:
            fields = evaluation_design.GroupFields(name, weight, list(campaign.units))
            evaluation_design.save_group(committee, evaluation, None, fields)
        for name, points in INDICATORS:
            evaluation_design.save_indicator(committee, evaluation, None, name, points)
        for kind, text, options in QUESTIONS:
            evaluation_design.save_question(committee, evaluation, None, kind, text, options)
    collection_starts = next(first for name, first, _ in STAGE_DAYS if name == "evaluation")
    with clock.frozen_at(stage.at(collection_starts)):
        evaluation_design.start_collection(committee, evaluation)
    return 1
