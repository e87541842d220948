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
from datetime import date

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

# Kinds of corrective-work records (整改记录) -------------------------------------------
MEASURE = "measure"
PROGRESS = "progress"
EVIDENCE = "evidence"
COMMENT = "comment"
INSTRUCTION = "instruction"
WORK_KINDS = (MEASURE, PROGRESS, EVIDENCE)
ACTION_KINDS = (MEASURE, PROGRESS, EVIDENCE, COMMENT, INSTRUCTION)

# Lead unit (牵头单位) or co-operating unit (配合单位) of an item --------------------------
LEAD = "lead"
CO_OPERATING = "co_operating"


class WorkflowError(Exception):
    """A move the rules forbid. ``code`` names the rule for messages and API errors;
    ``details`` are further reasons (e.g. a plugin's, each with ``text(locale)``)."""

    def __init__(self, code: str, message: str, details: tuple = ()):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


@dataclass(frozen=True)
class Actor:
    """Who is acting: a role and, for department users, the bound unit."""

    role: str
    unit_id: int | None = None


@dataclass(frozen=True)
class ItemFacts:
    """What the rules need to know about an item."""

    status: str
    lead_unit_id: int
    co_unit_ids: frozenset[int] = field(default_factory=frozenset)


def relation(actor: Actor, item: ItemFacts) -> str | None:
    """Whether a department actor's unit leads the item, co-operates on it, or neither."""
    if actor.role != DEPARTMENT or actor.unit_id is None:
        return None
    if actor.unit_id == item.lead_unit_id:
        return LEAD
    if actor.unit_id in item.co_unit_ids:
        return CO_OPERATING
    return None


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    role: str
    needs_lead_unit: bool = False
    needs_reason: bool = False
    needs_checks_passed: bool = False  # the plugin rules of the item's check type


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("sign_for", (OPEN,), IN_PROGRESS, DEPARTMENT, needs_lead_unit=True),
        Transition("submit", (IN_PROGRESS,), SUBMITTED, DEPARTMENT, needs_lead_unit=True,
                   needs_checks_passed=True),
        Transition("return_item", (SUBMITTED,), IN_PROGRESS, COMMITTEE, needs_reason=True),
        Transition("close", (SUBMITTED,), CLOSED, COMMITTEE, needs_checks_passed=True),
        Transition("reopen", (CLOSED,), IN_PROGRESS, COMMITTEE, needs_reason=True),
    )
}


def check_transition(name: str, actor: Actor, item: ItemFacts, reason: str = "") -> Transition:
    """Return the transition if ``actor`` may apply it to ``item`` now, else raise."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise WorkflowError("unknown_transition", f"Unknown transition: {name}")
    if actor.role != transition.role:
        raise WorkflowError("forbidden", "Your role may not do this.")
    if transition.needs_lead_unit and relation(actor, item) != LEAD:
        raise WorkflowError("forbidden", "Only the lead unit may do this.")
    if item.status not in transition.sources:
        raise WorkflowError("wrong_status", "The item's status does not allow this.")
    if transition.needs_reason and not reason.strip():
        raise WorkflowError("reason_required", "A reason is required.")
    return transition


def available_transitions(actor: Actor, item: ItemFacts) -> list[str]:
    """Names of the transitions ``actor`` may apply now (ignoring reasons)."""
    names = []
    for name, transition in TRANSITIONS.items():
        try:
            check_transition(name, actor, item, reason="x" if transition.needs_reason else "")
        except WorkflowError:
            continue
        names.append(name)
    return names


# Work, comments, extensions and instructions -----------------------------------------

def check_add_action(kind: str, actor: Actor, item: ItemFacts) -> None:
    """May ``actor`` add an action (整改记录) of ``kind`` to ``item``?

    Measures, progress and evidence come from the lead or a co-operating unit, only
    after the lead unit has signed for the item and while it is not closed.
    Comments come from the committee; instructions (批示) from leaders.
    """
    if kind not in ACTION_KINDS:
        raise WorkflowError("unknown_kind", f"Unknown kind of record: {kind}")
    if kind in WORK_KINDS:
        if relation(actor, item) is None:
            raise WorkflowError("forbidden", "Only the item's units may log work.")
        if item.status == OPEN:
            raise WorkflowError("not_signed", "The lead unit must sign for the item first.")
        if item.status != IN_PROGRESS:
            raise WorkflowError("wrong_status", "Work can only be logged while in progress.")
    elif kind == COMMENT:
        if actor.role not in (COMMITTEE, LEADER) and relation(actor, item) is None:
            raise WorkflowError("forbidden", "Your role may not comment here.")
    elif kind == INSTRUCTION and actor.role != LEADER:
        raise WorkflowError("forbidden", "Only leaders may write instructions.")


def can_add_action(kind: str, actor: Actor, item: ItemFacts) -> bool:
    try:
        check_add_action(kind, actor, item)
    except WorkflowError:
        return False
    return True


def check_request_extension(
    actor: Actor, item: ItemFacts, new_due: date, current_due: date, reason: str,
    has_pending: bool,
) -> None:
    """The lead unit asks for a later deadline (申请延期) while the item is being worked on."""
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


def can_decide_extension(actor: Actor) -> bool:
    return actor.role == COMMITTEE


def check_decide_extension(actor: Actor) -> None:
    """The committee approves or declines an extension request."""
    if not can_decide_extension(actor):
        raise WorkflowError("forbidden", "Only the committee may decide extensions.")


def can_request_extension(actor: Actor, item: ItemFacts) -> bool:
    return relation(actor, item) == LEAD and item.status in (OPEN, IN_PROGRESS)


def can_edit_item(actor: Actor) -> bool:
    """The committee raises and edits items; nobody else changes their fields."""
    return actor.role == COMMITTEE


def can_raise_item(actor: Actor) -> bool:
    return actor.role == COMMITTEE


def is_acceptable_due_date(due_date: date | None, today: date) -> bool:
    """A deadline given when an item is raised must not have passed already (``None``
    takes the campaign's default deadline)."""
    return due_date is None or due_date >= today


def is_overdue(status: str, due_date: date, today: date) -> bool:
    """Not closed and today past the due date. The SQL twin is ``Item.is_overdue``."""
    return status != CLOSED and due_date < today


def days_left(due_date: date, today: date) -> int:
    """Days until the due date; negative when overdue."""
    return (due_date - today).days
