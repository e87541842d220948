"""Who may see what: every read of items goes through here.

Which *moves* a role may make lives in :mod:`rectify.workflow`; this module holds the
visibility rule (as pure predicates and SQL scopes) and which pages and navigation links a
user is shown. It knows nothing of requests: the views' guards (sign in, 403, 404) are
:mod:`rectify.web.guards`, over these predicates. A department user sees the items its unit,
or any unit below it, leads or co-operates on: a town (镇街区) reads its stations' (站所)
items, a department such as 市交通运输局 those of its sub-units; a station sees its own.
Deliverables (报送材料) are read by their own unit only. The other roles see all.
Templates ask these predicates (``permissions`` is a template global), never role names.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, MutableMapping
from typing import Protocol

from sqlalchemy import ColumnElement, false, select, true

from . import workflow
from .extensions import db
from .models import Deliverable, Item, Unit
from .models.items import item_co_units
from .routing import MAX_ID

READ_ALL_ROLES = (workflow.ADMIN, workflow.COMMITTEE, workflow.LEADER)

SubtreeCache = MutableMapping[int, frozenset[int]]
"""Subtrees already read, by unit id."""


class Reader(Protocol):
    """Who reads: a signed-in :class:`User`, or the operator running a command
    (:class:`CommandLineReader`). The read rules need only these three."""

    @property
    def role(self) -> str: ...

    @property
    def unit_id(self) -> int | None: ...

    @property
    def id(self) -> int | None: ...


class CommandLineReader:
    """Who reads when a command (``flask report ...``) runs: the operator of the server,
    who may read everything, as an administrator."""

    role = workflow.ADMIN
    unit_id = None
    id = None


def reads_everything(user: Reader) -> bool:
    return user.role in READ_ALL_ROLES


def _no_subtree_cache() -> SubtreeCache | None:
    return None


_subtree_cache: Callable[[], SubtreeCache | None] = _no_subtree_cache


def keep_subtrees_in(cache: Callable[[], SubtreeCache | None]) -> None:
    """Have :func:`unit_subtree_ids` keep its answers in the mapping ``cache`` returns
    (``None``: read afresh). The layer that knows how long an answer may be kept sets it:
    the web keeps one per request (:func:`rectify.web.guards.request_subtree_cache`), so a
    page that scopes many queries asks once, while commands and tests' own reads, which
    write the tree between reads, ask each time."""
    global _subtree_cache
    _subtree_cache = cache


def unit_subtree_ids(unit_id: int) -> frozenset[int]:
    """The unit and every unit below it, at any depth, by one recursive query.

    ``UNION`` rather than ``UNION ALL`` ends the recursion even on a cycle that bad data
    might hold (the admin form refuses to make one).
    """
    cache = _subtree_cache()
    if cache is not None and unit_id in cache:
        return cache[unit_id]
    tree = select(Unit.id).where(Unit.id == unit_id).cte("unit_subtree", recursive=True)
    tree = tree.union(select(Unit.id).where(Unit.parent_id == tree.c.id))
    subtree = frozenset(db.session.scalars(select(tree.c.id)))
    if cache is not None:
        cache[unit_id] = subtree
    return subtree


def sub_unit_ids(unit_id: int | None) -> frozenset[int]:
    """The units below ``unit_id`` (not itself): whose items its users read and follow."""
    if unit_id is None:
        return frozenset()
    return unit_subtree_ids(unit_id) - {unit_id}


def involving_units(unit_ids: Collection[int]) -> ColumnElement[bool]:
    """Items that any of ``unit_ids`` leads or co-operates on.

    Written as an id list (index lookups) rather than ``lead IN (...) OR EXISTS(co-unit)``,
    which the database checks row by row over every item the other conditions leave:
    13 -> 2 ms for the list's counts, 1,030 -> ~100 ms for a unit page, at 100,000 items.
    """
    ids = sorted(unit_ids)
    led = select(Item.id).where(Item.lead_unit_id.in_(ids))
    co_operated = select(item_co_units.c.item_id).where(item_co_units.c.unit_id.in_(ids))
    return Item.id.in_(led.union_all(co_operated))


def visible_items_clause(user: Reader) -> ColumnElement[bool]:
    """SQL condition selecting the items ``user`` may read."""
    if reads_everything(user):
        return true()
    if user.role != workflow.DEPARTMENT or user.unit_id is None:
        return Item.id.is_(None)  # nothing
    return involving_units(unit_subtree_ids(user.unit_id))


def readable_unit_ids(user: Reader) -> frozenset[int] | None:
    """The units whose items and pages ``user`` may read: ``None`` for every unit."""
    if reads_everything(user):
        return None
    if user.role != workflow.DEPARTMENT or user.unit_id is None:
        return frozenset()
    return unit_subtree_ids(user.unit_id)


def may_read_unit(user: Reader, unit_id: int) -> bool:
    """Whether ``user`` may read a unit's own pages and documents (unit dashboard,
    feedback letter): every unit for the readers of everything, a department user its
    unit and the units below it."""
    readable = readable_unit_ids(user)
    return readable is None or unit_id in readable


def visible_units_clause(user: Reader) -> ColumnElement[bool]:
    """SQL condition selecting the units whose figures ``user`` may read (the per-unit
    charts): every unit for the readers of everything, else :func:`readable_unit_ids`."""
    readable = readable_unit_ids(user)
    if readable is None:
        return true()
    return Unit.id.in_(sorted(readable)) if readable else false()


def home_unit_id(user: Reader) -> int | None:
    """The unit a department user works for (its dashboard's "my unit" page); ``None``
    for the other roles, who open unit pages from the charts."""
    return user.unit_id if user.role == workflow.DEPARTMENT else None


def unit_page_id(user: Reader, requested: int | None) -> int | None:
    """The unit a unit page shows ``user`` when ``requested`` is asked for: any unit for
    the readers of everything; for a department user the requested unit if it may read
    it (its own or one below it), else its own unit."""
    valid = requested if isinstance(requested, int) and 0 < requested <= MAX_ID else None
    if reads_everything(user):
        return valid
    own = home_unit_id(user)
    if own is None:
        return None
    return valid if valid is not None and may_read_unit(user, valid) else own


def may_read_campaign_reports(user: Reader) -> bool:
    """The progress report and every unit's feedback letters in one archive are for the
    readers of every unit; a department downloads its own units' letters one by one."""
    return reads_everything(user)


def may_read_league(user: Reader) -> bool:
    """The league table (排名) compares every unit, so only the readers of all read it."""
    return reads_everything(user)


def may_read_extension_requests(user: Reader) -> bool:
    """Every item's extension requests in one list (the committee's queue) are for the
    readers of every unit; a department sees its requests on its items' pages."""
    return reads_everything(user)


def may_read_missing_deliverables(user: Reader) -> bool:
    """Every unit's missing and late deliverables at once are for the readers of every
    unit; a department sees what its own unit owes in its list and its to-do."""
    return reads_everything(user)


def may_work_recheck_queue(user: Reader) -> bool:
    """The queue of re-checks (回头看) due and upcoming is the committee office's work."""
    return user.role == workflow.COMMITTEE


def may_sign_for_items(user: Reader) -> bool:
    """Signing for items (签收) is a unit's: department users sign for several of their
    items at once (each is still its own workflow move)."""
    return user.role == workflow.DEPARTMENT


def shown_nav_sections(user: Reader) -> frozenset[str]:
    """The optional links of the main navigation ``user`` is shown: ``severe_overdue``
    (leaders follow the severely overdue items), ``rechecks`` and ``extension_requests``
    (the committee's office works those queues), ``league`` and ``administration``."""
    shown = set()
    if user.role == workflow.LEADER:
        shown.add("severe_overdue")
    if may_work_recheck_queue(user):
        shown.add("rechecks")
    if user.role == workflow.COMMITTEE:
        shown.add("extension_requests")
    if may_read_league(user):
        shown.add("league")
    if user.role == workflow.ADMIN:
        shown.add("administration")
    return frozenset(shown)


def get_visible_item(user: Reader, item_id: int) -> Item | None:
    return db.session.scalar(select(Item).where(Item.id == item_id, visible_items_clause(user)))


def visible_deliverables_clause(user: Reader) -> ColumnElement[bool]:
    """SQL condition selecting the deliverables (报送材料) ``user`` may read: readers all,
    a department its own unit's only."""
    if reads_everything(user):
        return true()
    if user.role != workflow.DEPARTMENT or user.unit_id is None:
        return false()
    return Deliverable.unit_id == user.unit_id


def get_visible_deliverable(user: Reader, deliverable_id: int) -> Deliverable | None:
    return db.session.scalar(select(Deliverable).where(
        Deliverable.id == deliverable_id, visible_deliverables_clause(user)))
