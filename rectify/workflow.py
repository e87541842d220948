"""The workflow rules of a rectification item, in one pure module.

Nothing here imports Flask or SQLAlchemy: the web pages, the API, the CLI and the
plugins all ask this module who may do what to an item in which state, so each rule
is written exactly once.

    open (待签收) --sign_for--> in_progress (整改中) --submit--> submitted (待验收)
    submitted --return_item--> in_progress      submitted --close--> closed (已销号)
    closed --reopen--> in_progress

Overdue (逾期) is derived, never stored: an item is overdue when it is not closed and
today is past its due date (see :func:`is_overdue`; the SQL form lives on the model).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from .working_days import SpecialDays, add_working_days, working_days_between

# Roles ------------------------------------------------------------------------------
ADMIN = "admin"
COMMITTEE = "committee"
DEPARTMENT = "department"
LEADER = "leader"
ROLES = (ADMIN, COMMITTEE, LEADER, DEPARTMENT)

# Statuses ---------------------------------------------------------------------------
OPEN = "open"
IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"
CLOSED = "closed"
STATUSES = (OPEN, IN_PROGRESS, SUBMITTED, CLOSED)
UNCLOSED_STATUSES = (OPEN, IN_PROGRESS, SUBMITTED)  # the statuses an item can be overdue in

# Kinds of corrective-work records (整改记录) -------------------------------------------
MEASURE = "measure"
PROGRESS = "progress"
EVIDENCE = "evidence"
COMMENT = "comment"
INSTRUCTION = "instruction"
WORK_KINDS = (MEASURE, PROGRESS, EVIDENCE)
ACTION_KINDS = (MEASURE, PROGRESS, EVIDENCE, COMMENT, INSTRUCTION)

# Campaign stages (评议阶段), in the report's order: 自查 → 评议 → 检查 → 反馈整改 -------------
SELF_CHECK = "self_check"
EVALUATION = "evaluation"
INSPECTION = "inspection"
RECTIFICATION = "rectification"
STAGES = (SELF_CHECK, EVALUATION, INSPECTION, RECTIFICATION)
# Items come from the inspection's findings: they are raised while the groups inspect and
# while the units rectify, never before the inspection.
RAISING_STAGES = (INSPECTION, RECTIFICATION)

# Lead unit (牵头单位) or co-operating unit (配合单位) of an item, or a unit above one
# of them (a town over its stations, a department over its sub-units: 上级单位) --------
LEAD = "lead"
CO_OPERATING = "co_operating"
PARENT_UNIT = "parent_unit"
ITEM_UNITS = (LEAD, CO_OPERATING)


class WorkflowError(Exception):
    """A move the rules forbid. ``code`` names the rule for messages and API errors;
    ``details`` are further reasons (e.g. a plugin's, each with ``text(locale)``)."""

    def __init__(self, code: str, message: str, details: tuple[object, ...] = ()):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


@dataclass(frozen=True)
class Actor:
    """Who is acting: a role and, for department users, the bound unit and the units
    below it (``sub_unit_ids``)."""

    role: str
    unit_id: int | None = None
    sub_unit_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class ItemFacts:
    """What the rules need to know about an item."""

    status: str
    lead_unit_id: int
    co_unit_ids: frozenset[int] = field(default_factory=frozenset)
    campaign_archived: bool = False  # an archived campaign's items are read-only


def _refuse_if_archived(item: ItemFacts) -> None:
    if item.campaign_archived:
        raise WorkflowError("campaign_archived", "The campaign is archived: its items are "
                                                 "read-only.")


def relation(actor: Actor, item: ItemFacts) -> str | None:
    """Whether a department actor's unit leads the item, co-operates on it, is above a
    unit that does (it follows the item and may comment, but acts on nothing), or none."""
    if actor.role != DEPARTMENT or actor.unit_id is None:
        return None
    if actor.unit_id == item.lead_unit_id:
        return LEAD
    if actor.unit_id in item.co_unit_ids:
        return CO_OPERATING
    if actor.sub_unit_ids & ({item.lead_unit_id} | item.co_unit_ids):
        return PARENT_UNIT
    return None


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    role: str
    needs_lead_unit: bool = False
    needs_reason: bool = False
    needs_opinion: bool = False  # the verification opinion (验收意见), given as the reason
    needs_new_due_date: bool = False  # a fresh deadline, so the item is not overdue at once
    needs_checks_passed: bool = False  # the plugin rules of the item's check type


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("sign_for", (OPEN,), IN_PROGRESS, DEPARTMENT, needs_lead_unit=True),
        Transition("submit", (IN_PROGRESS,), SUBMITTED, DEPARTMENT, needs_lead_unit=True,
                   needs_checks_passed=True),
        Transition("return_item", (SUBMITTED,), IN_PROGRESS, COMMITTEE, needs_reason=True),
        Transition("close", (SUBMITTED,), CLOSED, COMMITTEE, needs_opinion=True,
                   needs_checks_passed=True),
        Transition("reopen", (CLOSED,), IN_PROGRESS, COMMITTEE, needs_reason=True,
                   needs_new_due_date=True),
    )
}


def transition_stamps(name: str, actor_id: int, moment: datetime, reason: str = "",
                      new_due_date: date | None = None) -> dict[str, Any]:
    """The item columns a move sets besides its status: who signed for it and when,
    when it was closed and with which verification opinion (cleared on reopening), and
    a reopened item's new deadline. The services and the synthetic-data generator both
    stamp items so."""
    if name == "sign_for":
        return {"signed_at": moment, "signed_by_id": actor_id}
    if name == "close":
        return {"closed_at": moment, "verification_opinion": reason.strip()}
    if name == "reopen":
        return {"closed_at": None, "verification_opinion": "", "due_date": new_due_date}
    return {}


def check_transition(
    name: str, actor: Actor, item: ItemFacts, reason: str = "",
    new_due_date: date | None = None, today: date | None = None,
) -> Transition:
    """Return the transition if ``actor`` may apply it to ``item`` now, else raise.

    ``reason`` is the text the move records: why an item is returned or reopened, or the
    verification opinion (验收意见) it is closed with. Reopening also sets a new deadline
    (``new_due_date``, not before ``today``): the old one has usually passed, and the
    item would be overdue the moment it is reopened.
    """
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise WorkflowError("unknown_transition", f"Unknown transition: {name}")
    _refuse_if_archived(item)
    if actor.role != transition.role:
        raise WorkflowError("forbidden", "Your role may not do this.")
    if transition.needs_lead_unit and relation(actor, item) != LEAD:
        raise WorkflowError("forbidden", "Only the lead unit may do this.")
    if item.status not in transition.sources:
        raise WorkflowError("wrong_status", "The item's status does not allow this.")
    if transition.needs_reason and not reason.strip():
        raise WorkflowError("reason_required", "A reason is required.")
    if transition.needs_opinion and not reason.strip():
        raise WorkflowError("opinion_required", "A verification opinion is required.")
    if transition.needs_new_due_date:
        _check_new_due_date(new_due_date, today)
    return transition


def _check_new_due_date(new_due_date: date | None, today: date | None) -> None:
    if new_due_date is None:
        raise WorkflowError("due_date_required", "A new due date is required.")
    if today is None or new_due_date < today:
        raise WorkflowError("date_in_past", "The date cannot be in the past.")


def available_transitions(actor: Actor, item: ItemFacts) -> list[str]:
    """Names of the transitions ``actor`` may apply now (ignoring reasons and dates)."""
    names = []
    for name in TRANSITIONS:
        try:
            check_transition(name, actor, item, reason="x", new_due_date=date.max,
                             today=date.min)
        except WorkflowError:
            continue
        names.append(name)
    return names


# Work, comments, extensions and instructions -----------------------------------------

def check_add_action(kind: str, actor: Actor, item: ItemFacts) -> None:
    """May ``actor`` add an action (整改记录) of ``kind`` to ``item``?

    Measures, progress and evidence come from the lead or a co-operating unit, only
    after the lead unit has signed for the item and while it is not closed.
    Comments (意见) come from the committee, the item's units and the units above them (a
    town comments on its stations' items); leaders write instructions (批示) instead, as
    their role is described to users.
    """
    if kind not in ACTION_KINDS:
        raise WorkflowError("unknown_kind", f"Unknown kind of record: {kind}")
    _refuse_if_archived(item)
    if kind in WORK_KINDS:
        if relation(actor, item) not in ITEM_UNITS:
            raise WorkflowError("forbidden", "Only the item's units may log work.")
        if item.status == OPEN:
            raise WorkflowError("not_signed", "The lead unit must sign for the item first.")
        if item.status != IN_PROGRESS:
            raise WorkflowError("wrong_status", "Work can only be logged while in progress.")
    elif kind == COMMENT:
        if actor.role != COMMITTEE and relation(actor, item) is None:
            raise WorkflowError("forbidden", "Your role may not comment here.")
    elif kind == INSTRUCTION and actor.role != LEADER:
        raise WorkflowError("forbidden", "Only leaders may write instructions.")


def can_add_action(kind: str, actor: Actor, item: ItemFacts) -> bool:
    try:
        check_add_action(kind, actor, item)
    except WorkflowError:
        return False
    return True


def waits_for_sign_for(actor: Actor, item: ItemFacts) -> bool:
    """The actor's unit would log work on the item, but the lead unit has not signed for
    it yet (the item page says so instead of offering measures)."""
    try:
        check_add_action(MEASURE, actor, item)
    except WorkflowError as error:
        return error.code == "not_signed"
    return False


# Check records: correcting, withdrawing, and whose records count ------------------------

def check_change_check_record(actor: Actor, item: ItemFacts, is_author: bool,
                              withdrawn: bool) -> None:
    """Its author corrects or withdraws a check record, while work may be logged on the
    item (the rule for adding one); a withdrawn record stays withdrawn."""
    check_add_action(EVIDENCE, actor, item)
    if not is_author:
        raise WorkflowError("forbidden", "Only the record's author may change it.")
    if withdrawn:
        raise WorkflowError("record_withdrawn", "This record was withdrawn.")


def check_withdraw_check_record(actor: Actor, item: ItemFacts, is_author: bool,
                                withdrawn: bool, reason: str) -> None:
    """Withdrawing is changing the record, and says why."""
    check_change_check_record(actor, item, is_author, withdrawn)
    if not reason.strip():
        raise WorkflowError("reason_required", "A reason is required.")


def can_choose_counted_units(actor: Actor, item: ItemFacts) -> bool:
    try:
        check_counted_units(actor, item, frozenset())
    except WorkflowError:
        return False
    return True


def check_counted_units(actor: Actor, item: ItemFacts, uncounted_unit_ids: frozenset[int]) -> None:
    """The committee decides which co-operating units' check records count for the item's
    checks (the lead unit's always do), so a co-unit's bad record cannot block the lead
    unit for good."""
    if actor.role != COMMITTEE:
        raise WorkflowError("forbidden", "Only the committee decides whose records count.")
    if item.status == CLOSED:
        raise WorkflowError("wrong_status", "The item's status does not allow this.")
    if not uncounted_unit_ids <= item.co_unit_ids:
        raise WorkflowError("not_a_co_unit", "Only co-operating units can be left out.")


def record_counts(record_unit_id: int | None, withdrawn: bool,
                  uncounted_unit_ids: frozenset[int]) -> bool:
    """Whether a check record counts for the plugin rules: not withdrawn, and not from a
    unit the committee left out."""
    return not withdrawn and record_unit_id not in uncounted_unit_ids


MAX_WORKING_DAYS = 2500  # some ten years: more is a typing error


def check_working_days(count: int) -> None:
    """A deadline or an extension in working days is 1 to ``MAX_WORKING_DAYS``."""
    if not 1 <= count <= MAX_WORKING_DAYS:
        raise WorkflowError("working_days_range",
                            f"Between 1 and {MAX_WORKING_DAYS} working days.")


def extended_due_date(current_due: date, new_due: date | None, working_days: int | None,
                      special: SpecialDays) -> date:
    """The deadline an extension asks for: ``new_due``, or ``working_days`` working days
    after the current deadline on the holiday calendar; one of the two, not both."""
    if working_days is None:
        if new_due is None:
            raise WorkflowError("new_due_required",
                                "Give the new due date or the working days.")
        return new_due
    if new_due is not None:
        raise WorkflowError("date_and_working_days",
                            "Give the due date or the working days, not both.")
    check_working_days(working_days)
    return add_working_days(current_due, working_days, special)


def check_request_extension(
    actor: Actor, item: ItemFacts, new_due: date, current_due: date, reason: str,
    has_pending: bool,
) -> None:
    """The lead unit asks for a later deadline (申请延期) while the item is being worked on."""
    _refuse_if_archived(item)
    if relation(actor, item) != LEAD:
        raise WorkflowError("forbidden", "Only the lead unit may ask for an extension.")
    if item.status not in (OPEN, IN_PROGRESS):
        raise WorkflowError("wrong_status", "The item's status does not allow this.")
    if has_pending:
        raise WorkflowError("pending_exists", "An extension request is already waiting.")
    if new_due <= current_due:
        raise WorkflowError("date_not_later", "The new date must be later than the due date.")
    if not reason.strip():
        raise WorkflowError("reason_required", "A reason is required.")


def can_decide_extension(actor: Actor, item: ItemFacts) -> bool:
    try:
        check_decide_extension(actor, item)
    except WorkflowError:
        return False
    return True


def check_decide_extension(actor: Actor, item: ItemFacts) -> None:
    """The committee approves or declines an extension request of an item not closed:
    closing withdraws a pending request, and a closed item's deadline stays as it was."""
    if actor.role != COMMITTEE:
        raise WorkflowError("forbidden", "Only the committee may decide extensions.")
    _refuse_if_archived(item)
    if item.status == CLOSED:
        raise WorkflowError("item_closed", "The item is closed; its deadline no longer changes.")


def can_request_extension(actor: Actor, item: ItemFacts) -> bool:
    return (relation(actor, item) == LEAD and item.status in (OPEN, IN_PROGRESS)
            and not item.campaign_archived)


def can_edit_item(actor: Actor) -> bool:
    """The committee raises and edits items; nobody else changes their fields."""
    return actor.role == COMMITTEE


def check_edit_item(actor: Actor, item: ItemFacts) -> None:
    """The committee edits an item's fields, unless its campaign is archived."""
    if not can_edit_item(actor):
        raise WorkflowError("forbidden", "Only the committee edits items.")
    _refuse_if_archived(item)


def can_change_item(actor: Actor, item: ItemFacts) -> bool:
    try:
        check_edit_item(actor, item)
    except WorkflowError:
        return False
    return True


def can_raise_item(actor: Actor) -> bool:
    return actor.role == COMMITTEE


def stage_allows_raising(stage: str) -> bool:
    """Items are raised from the inspection's findings: in 检查 and 反馈整改 only."""
    return stage in RAISING_STAGES


@dataclass(frozen=True)
class CampaignFacts:
    """What the rules need to know about a campaign."""

    stage: str
    archived: bool = False


def may_raise_in(campaign: CampaignFacts) -> bool:
    """Whether items can be raised in the campaign now (not archived, a raising stage)."""
    return not campaign.archived and stage_allows_raising(campaign.stage)


def check_raise_item(actor: Actor, campaign: CampaignFacts) -> None:
    """The committee raises (or moves) an item into a campaign that accepts items now."""
    if not can_raise_item(actor):
        raise WorkflowError("forbidden", "Only the committee raises items.")
    if campaign.archived:
        raise WorkflowError("campaign_archived", "The campaign is archived: its items are "
                                                 "read-only.")
    if not stage_allows_raising(campaign.stage):
        raise WorkflowError("stage_closed", "Items can be raised only in the inspection and "
                                            "rectification stages.")
def check_check_type_suits(suited_unit_codes: tuple[str, ...], lead_unit_code: str) -> None:
    """A check type is for the units its plugin declares (适用单位; none declared: any
    unit): an item led by another unit cannot take it."""
    if suited_unit_codes and lead_unit_code not in suited_unit_codes:
        raise WorkflowError("check_type_not_for_unit",
                            "This check type is not for the item's lead unit.")


def awaits_resubmission(status: str, last_transition: str | None) -> bool:
    """The item was returned (退回) and its unit has not submitted it again yet: the
    return reason is what the unit must work on."""
    return status == IN_PROGRESS and last_transition == "return_item"


def is_acceptable_due_date(due_date: date | None, today: date) -> bool:
    """A deadline given when an item is raised must not have passed already (``None``
    takes the campaign's default deadline)."""
    return due_date is None or due_date >= today


DUE_SOON_DAYS = 7  # default of the DUE_SOON_DAYS setting: "due soon" is due within a week


def is_due_within(status: str, due_date: date, today: date, days: int) -> bool:
    """Not closed, not overdue, and due within ``days`` days. The SQL twin is
    ``Item.due_within_clause``."""
    return status != CLOSED and today <= due_date <= today + timedelta(days=days)


def is_overdue(status: str, due_date: date, today: date) -> bool:
    """Not closed and today past the due date. The SQL twin is ``Item.is_overdue``."""
    return status != CLOSED and due_date < today


def days_left(due_date: date, today: date, special: SpecialDays | None = None) -> int:
    """Days until the due date; negative when overdue. Given the calendar's ``special``
    days (an item whose deadline was given in working days), working days: 0 on the
    deadline and on the days off just after it, -1 on the next working day."""
    if special is None:
        return (due_date - today).days
    return working_days_between(today, due_date, special)


def is_severely_overdue(status: str, due_date: date, today: date, threshold_days: int) -> bool:
    """Overdue by more than ``threshold_days`` (严重逾期). The SQL twin is
    ``Item.severe_overdue_clause``."""
    return is_overdue(status, due_date, today) and -days_left(due_date, today) > threshold_days


# Traffic lights (亮灯): green on track (or closed), yellow within the setting's working
# days of the deadline, red overdue, severe (严重逾期, darker red) overdue past the
# severe-overdue setting.
GREEN, YELLOW, RED, SEVERE = "green", "yellow", "red", "severe"
LIGHTS = (GREEN, YELLOW, RED, SEVERE)
YELLOW_LIGHT_WORKING_DAYS = 5  # default of the YELLOW_LIGHT_WORKING_DAYS setting


def yellow_until(today: date, working_days: int, special: SpecialDays) -> date:
    """The last due date that lights yellow today: due within ``working_days`` working
    days (the working days after today up to the deadline), counted once for a whole
    list so that :func:`light` and its SQL twin compare dates only."""
    return add_working_days(today, working_days + 1, special) - timedelta(days=1)


def light(status: str, due_date: date, today: date, yellow_until_date: date,
          severe_days: int) -> str:
    """An item's light today (one of ``LIGHTS``). The SQL twin is ``Item.light_clause``."""
    if status == CLOSED:
        return GREEN
    if is_severely_overdue(status, due_date, today, severe_days):
        return SEVERE
    if is_overdue(status, due_date, today):
        return RED
    return YELLOW if due_date <= yellow_until_date else GREEN


def due_soon_threshold(status: str, due_date: date, today: date,
                       thresholds: tuple[int, ...]) -> int | None:
    """Which "due in N days" reminder an item is in today: the smallest N not below the
    days left (so with (7, 3), 5 days left is the 7-day reminder and 2 days the 3-day
    one, and a reminder run that missed a day still sends it). ``None`` when the item is
    closed, overdue, or further off than every N."""
    if status == CLOSED:
        return None
    return days_threshold(due_date, today, thresholds)


def days_threshold(due_date: date, today: date, thresholds: tuple[int, ...]) -> int | None:
    """The smallest of ``thresholds`` not below the days left until ``due_date``;
    ``None`` when it has passed or is further off than every threshold."""
    left = days_left(due_date, today)
    fitting = [n for n in thresholds if n >= left >= 0]
    return min(fitting) if fitting else None


# Chasing (催办) ---------------------------------------------------------------------------

CHASEABLE_STATUSES = (OPEN, IN_PROGRESS)


def may_chase(actor: Actor) -> bool:
    """Chasing (催办) is the committee's, of items and of documents alike."""
    return actor.role == COMMITTEE


def check_chase(actor: Actor, item: ItemFacts, message: str) -> None:
    """The committee chases an item that waits on its units (not yet signed for, or being
    worked on), with a message to them. A submitted item waits on the committee itself,
    and a closed one on nobody."""
    if not may_chase(actor):
        raise WorkflowError("forbidden", "Only the committee may chase items.")
    _refuse_if_archived(item)
    if item.status not in CHASEABLE_STATUSES:
        raise WorkflowError("wrong_status", "The item's status does not allow this.")
    if not message.strip():
        raise WorkflowError("empty", "The text is empty.")


def can_chase(actor: Actor, item: ItemFacts) -> bool:
    try:
        check_chase(actor, item, message="x")
    except WorkflowError:
        return False
    return True


# Follow-up after closing: re-checks (回头看) and satisfaction ratings (满意度测评) ------------

RECHECK_PENDING = "pending"
RECHECK_CONFIRMED = "confirmed"
RECHECK_REOPENED = "reopened"
RECHECK_RESULTS = (RECHECK_CONFIRMED, RECHECK_REOPENED)


def can_follow_up(actor: Actor, item: ItemFacts) -> bool:
    """The committee schedules re-checks and records ratings on closed items."""
    return actor.role == COMMITTEE and item.status == CLOSED and not item.campaign_archived


def _check_follow_up(actor: Actor, item: ItemFacts) -> None:
    if actor.role != COMMITTEE:
        raise WorkflowError("forbidden", "Only the committee follows up closed items.")
    _refuse_if_archived(item)
    if item.status != CLOSED:
        raise WorkflowError("wrong_status", "Only a closed item can be followed up.")


def check_schedule_recheck(
    actor: Actor, item: ItemFacts, due: date, today: date, has_pending: bool,
) -> None:
    """The committee schedules a re-check (回头看) of a closed item, for today or later;
    an item has at most one re-check waiting for its result."""
    _check_follow_up(actor, item)
    if has_pending:
        raise WorkflowError("recheck_pending", "A re-check is already scheduled.")
    if due < today:
        raise WorkflowError("date_in_past", "The date cannot be in the past.")


def check_recheck_result(
    actor: Actor, item: ItemFacts, result: str, reason: str,
    new_due_date: date | None = None, today: date | None = None,
) -> None:
    """The committee records a re-check's result: confirmed (the rectification lasts), or
    reopened with a reason and a new deadline — which is the core's ``reopen``
    transition, checked here too."""
    _check_follow_up(actor, item)
    if result not in RECHECK_RESULTS:
        raise WorkflowError("unknown_result", f"Unknown re-check result: {result}")
    if result == RECHECK_REOPENED:
        check_transition("reopen", actor, item, reason, new_due_date, today)


def check_record_rating(
    actor: Actor, item: ItemFacts, satisfied: int, basically_satisfied: int, dissatisfied: int,
) -> None:
    """The committee records the deputies' ratings of a closed item's rectification:
    counts of 满意, 基本满意 and 不满意, none negative, at least one rating in all."""
    _check_follow_up(actor, item)
    counts = (satisfied, basically_satisfied, dissatisfied)
    if any(n < 0 for n in counts):
        raise WorkflowError("bad_counts", "Counts cannot be negative.")
    if sum(counts) == 0:
        raise WorkflowError("no_ratings", "Enter at least one rating.")


@dataclass(frozen=True)
class RatingCounts:
    """Deputies' ratings (满意度测评) of one item, or pooled over several."""

    satisfied: int = 0            # 满意
    basically_satisfied: int = 0  # 基本满意
    dissatisfied: int = 0         # 不满意

    @property
    def total(self) -> int:
        return self.satisfied + self.basically_satisfied + self.dissatisfied

    @property
    def rate(self) -> float | None:
        return satisfaction_rate(self.satisfied, self.basically_satisfied, self.dissatisfied)


def closure_rate(closed: int, raised: int) -> float:
    """销号率: the share of the items raised that are closed (0 when none was raised). The
    one formula the dashboards, the league table, the progress report and the API use."""
    return closed / raised if raised else 0.0


def satisfaction_rate(satisfied: int, basically_satisfied: int, dissatisfied: int) -> float | None:
    """满意率: the share of ratings that are 满意 or 基本满意, as the reference report and
    the usual practice for deputies' ratings count it; ``None`` when there is no rating.

    The one formula every page, dashboard, export and report uses; a unit's rate pools
    the counts of all its rated items (each deputy's rating weighs the same).
    """
    total = satisfied + basically_satisfied + dissatisfied
    if total == 0:
        return None
    return (satisfied + basically_satisfied) / total


# Campaigns (评议活动): their stages, inspection groups, archiving ---------------------------

def can_manage_campaigns(actor: Actor) -> bool:
    """Administrators and the committee's office run campaigns and their inspection groups;
    leaders read them; department liaisons do not see them."""
    return actor.role in (ADMIN, COMMITTEE)


def can_read_campaigns(actor: Actor) -> bool:
    return actor.role in (ADMIN, COMMITTEE, LEADER)


def check_change_campaign(actor: Actor, campaign: CampaignFacts) -> None:
    """Edit a campaign, its groups, or archive it: managers only, never once archived."""
    if not can_manage_campaigns(actor):
        raise WorkflowError("forbidden", "Only administrators and the committee manage "
                                         "campaigns.")
    if campaign.archived:
        raise WorkflowError("campaign_archived", "The campaign is archived: it is read-only.")


def may_join_group(member: Actor) -> bool:
    """Inspection groups are made of committee staff."""
    return member.role == COMMITTEE


def next_stage(stage: str) -> str | None:
    """The stage after ``stage``; ``None`` after the last (反馈整改)."""
    position = STAGES.index(stage)
    return STAGES[position + 1] if position + 1 < len(STAGES) else None


def check_advance_stage(actor: Actor, campaign: CampaignFacts) -> str:
    """Move a campaign to its next stage; return that stage."""
    check_change_campaign(actor, campaign)
    following = next_stage(campaign.stage)
    if following is None:
        raise WorkflowError("last_stage", "The campaign is already in its last stage.")
    return following


def check_stage_dates(dates: list[tuple[date, date]]) -> None:
    """Each stage's (start, end), in ``STAGES`` order: every stage ends on or after it
    starts, and starts on or after the previous one ends."""
    if len(dates) != len(STAGES):
        raise WorkflowError("stage_dates_missing", "Every stage needs a start and an end date.")
    # Not strict: [None, *dates] is one longer, its last entry has no next stage to pair with.
    for (start, end), previous in zip(dates, [None, *dates], strict=False):
        if end < start:
            raise WorkflowError("stage_ends_before_start", "A stage cannot end before it starts.")
        if previous is not None and start < previous[1]:
            raise WorkflowError("stages_out_of_order", "Each stage must start after the "
                                                       "previous one ends.")
# Units' deliverables (报送材料) --------------------------------------------------------------
# The committee asks a unit for a document of a campaign stage by a date; the unit uploads
# it; the committee accepts it (final) or returns it with a reason, and the unit uploads
# again.

SELF_CHECK_REPORT = "self_check_report"        # 自查报告
RECTIFICATION_PLAN = "rectification_plan"      # 整改方案
RECTIFICATION_REPORT = "rectification_report"  # 整改情况报告
# Each kind of document and the campaign stage it belongs to (STAGES in models/org.py).
DELIVERABLE_STAGES = {
    SELF_CHECK_REPORT: "self_check",
    RECTIFICATION_PLAN: "rectification",
    RECTIFICATION_REPORT: "rectification",
}
DELIVERABLE_KINDS = tuple(DELIVERABLE_STAGES)

REQUESTED = "requested"
ACCEPTED = "accepted"
RETURNED = "returned"
DELIVERABLE_STATUSES = (REQUESTED, SUBMITTED, ACCEPTED, RETURNED)
OWED_STATUSES = (REQUESTED, RETURNED)  # the unit has to (re-)submit


@dataclass(frozen=True)
class DeliverableFacts:
    """What the rules need to know about a deliverable."""

    status: str
    unit_id: int


def may_request_deliverables(actor: Actor) -> bool:
    return actor.role == COMMITTEE


def check_request_deliverable(actor: Actor, kind: str, due_date: date, today: date) -> None:
    """The committee asks for a document of a known kind, due today or later."""
    if not may_request_deliverables(actor):
        raise WorkflowError("forbidden", "Only the committee asks for documents.")
    if kind not in DELIVERABLE_STAGES:
        raise WorkflowError("unknown_kind", f"Unknown kind of document: {kind}")
    if due_date < today:
        raise WorkflowError("date_in_past", "The date cannot be in the past.")


def check_submit_deliverable(actor: Actor, deliverable: DeliverableFacts, file_count: int) -> None:
    """The unit's own liaison uploads the document while it is owed (asked for, or
    returned), with at least one file."""
    if actor.role != DEPARTMENT or actor.unit_id != deliverable.unit_id:
        raise WorkflowError("forbidden", "Only the unit itself submits its documents.")
    if deliverable.status not in OWED_STATUSES:
        raise WorkflowError("wrong_document_status", "The document's status does not allow this.")
    if file_count < 1:
        raise WorkflowError("no_file", "Attach the document.")


def can_submit_deliverable(actor: Actor, deliverable: DeliverableFacts) -> bool:
    try:
        check_submit_deliverable(actor, deliverable, file_count=1)
    except WorkflowError:
        return False
    return True


def check_decide_deliverable(actor: Actor, deliverable: DeliverableFacts, accept: bool,
                             reason: str) -> None:
    """The committee accepts a submitted document, or returns it with a reason."""
    if actor.role != COMMITTEE:
        raise WorkflowError("forbidden", "Only the committee decides on documents.")
    if deliverable.status != SUBMITTED:
        raise WorkflowError("wrong_document_status", "The document's status does not allow this.")
    if not accept and not reason.strip():
        raise WorkflowError("reason_required", "A reason is required.")


def can_decide_deliverable(actor: Actor, deliverable: DeliverableFacts) -> bool:
    try:
        check_decide_deliverable(actor, deliverable, accept=True, reason="")
    except WorkflowError:
        return False
    return True


def check_chase_deliverable(actor: Actor, deliverable: DeliverableFacts, message: str) -> None:
    """The committee chases (催办) a document the unit still owes, with a message."""
    if actor.role != COMMITTEE:
        raise WorkflowError("forbidden", "Only the committee may chase.")
    if deliverable.status not in OWED_STATUSES:
        raise WorkflowError("wrong_document_status", "The document's status does not allow this.")
    if not message.strip():
        raise WorkflowError("empty", "The text is empty.")


def can_chase_deliverable(actor: Actor, deliverable: DeliverableFacts) -> bool:
    try:
        check_chase_deliverable(actor, deliverable, message="x")
    except WorkflowError:
        return False
    return True


def is_deliverable_late(status: str, due_date: date, submitted_on: date | None,
                        today: date) -> bool:
    """Late: still owed and past its due date, or the submission that stands (the one
    awaiting a decision, or accepted) came after the due date. The SQL twin is
    ``Deliverable.late_clause``."""
    if status in OWED_STATUSES:
        return due_date < today
    return submitted_on is not None and submitted_on > due_date


def deliverable_reminder(status: str, due_date: date, today: date,
                         thresholds: tuple[int, ...]) -> int | None:
    """Which reminder an owed document is in today: 0 when overdue, else the "due in N
    days" threshold as for items (:func:`days_threshold`); ``None`` when nothing is owed
    or the date is further off than every threshold."""
    if status not in OWED_STATUSES:
        return None
    if due_date < today:
        return 0
    return days_threshold(due_date, today, thresholds)
