"""Synthetic items and their histories, as rows for bulk inserts.

Each item gets a story that the workflow allows: raised (``created`` event), signed for
by its lead unit, worked on (measures, progress, evidence, check records), submitted,
perhaps returned and resubmitted, closed, perhaps reopened. Every step is an audit event
with the same actor, status change and reason the services would record, at increasing
moments between the day the item was raised and now; the item's ``version`` counts the
status changes, as the ORM's optimistic lock would have.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate

from .. import workflow
from ..hookspecs import CheckType, Field, validate_record
from ..models import SOURCES
from . import texts
from .org import Org

CAMPAIGN_DAYS = 180        # items were raised over the last half year
FEEDBACK_SHARE = 0.5       # half of them in the first ten days (the feedback meeting)
OVERDUE_SHARE = 0.3        # of the items not closed, this share is past its due date
CHECKED_SHARE = 0.03       # items with a plugin check type (more at units that suit one)
CO_UNIT_SHARE = 0.2        # items with co-operating units
HEAVY_ITEMS = 5            # in-progress items with exactly HEAVY_ACTIONS records
HEAVY_ACTIONS = 50
STATUS_WEIGHTS = {workflow.OPEN: 12, workflow.IN_PROGRESS: 43, workflow.SUBMITTED: 10,
                  workflow.CLOSED: 35}
SOURCE_WEIGHTS = (30, 20, 12, 15, 8, 10, 5)  # in SOURCES order
CATEGORY_WEIGHTS = (30, 30, 28, 12)
PRIORITY_WEIGHTS = {"high": 20, "normal": 65, "low": 15}
KIND_WEIGHTS = {"measure": 35, "progress": 32, "evidence": 18, "comment": 10, "instruction": 5}
UNIT_KIND_WEIGHT = {"department": 4.0, "institution": 3.0, "town": 1.5, "station": 0.6}


@dataclass
class Rows:
    """Rows of one chunk of items, by table."""

    item: list[dict] = field(default_factory=list)
    item_co_unit: list[dict] = field(default_factory=list)
    action: list[dict] = field(default_factory=list)
    check_record: list[dict] = field(default_factory=list)
    event: list[dict] = field(default_factory=list)


class ItemFactory:
    """Makes items one at a time; ids of every table are handed out in order."""

    def __init__(self, org: Org, check_types: list[CheckType], rng: random.Random,
                 now: datetime, actions_per_item: float) -> None:
        self.org, self.rng, self.now = org, rng, now
        self.today = now.date()
        self.check_types = sorted(check_types, key=lambda ct: ct.id)
        self.actions_per_item = actions_per_item
        self.ids = {"item": 0, "action": 0, "check_record": 0, "event": 0}
        self.numbers: dict[int, int] = {}
        weights = [UNIT_KIND_WEIGHT.get(org.unit_kinds[u], 1.0) * rng.lognormvariate(0, 0.6)
                   for u in org.unit_ids]
        self.unit_weights = list(accumulate(weights))
        self.problems = texts.problems_by_category()
        self.records = texts.record_texts()
        self.reasons = texts.reasons()
        # Work happens on items that are not open (about 13%, with a quarter of a
        # comment each on average); scale so the mean over all items is kept.
        self.work_mean = max(0.0, (actions_per_item - 0.13 * 0.25) / 0.87)

    def _next(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def _pick(self, weights: dict):
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def add(self, rows: Rows) -> None:
        """Append one item and everything that happened to it to ``rows``."""
        rng, org = self.rng, self.org
        heavy = self.ids["item"] < HEAVY_ITEMS
        unit_id = rng.choices(org.unit_ids, cum_weights=self.unit_weights)[0]
        created = self._raised_at()
        status = workflow.IN_PROGRESS if heavy else self._status(created)
        item = self._item_row(unit_id, created, status)
        rows.item.append(item)
        co_units = self._co_units(unit_id)
        rows.item_co_unit += [{"item_id": item["id"], "unit_id": u} for u in co_units]
        self._event(rows, item, org.staff["committee"], created, "created",
                    new=self._snapshot(item, co_units))
        window = self._story(rows, item, status, created)
        count = HEAVY_ACTIONS if heavy else self._action_count(status)
        self._actions(rows, item, co_units, window, count)
        if item["check_type"] and status != workflow.OPEN:
            self._check_records(rows, item, window)

    # The item itself ------------------------------------------------------------------

    def _raised_at(self) -> datetime:
        start = self.now - timedelta(days=CAMPAIGN_DAYS)
        span = 10 if self.rng.random() < FEEDBACK_SHARE else CAMPAIGN_DAYS - 1
        return start + timedelta(days=self.rng.uniform(0, span))

    def _status(self, created: datetime) -> str:
        if (self.now - created).days < 7:
            return self._pick({workflow.OPEN: 7, workflow.IN_PROGRESS: 3})
        return self._pick(STATUS_WEIGHTS)

    def _due_date(self, created: datetime, status: str) -> date:
        raised = created.date()
        earliest = raised + timedelta(days=15)
        overdue = status != workflow.CLOSED and self.rng.random() < OVERDUE_SHARE
        if overdue and earliest < self.today:
            return earliest + timedelta(days=self.rng.randrange((self.today - earliest).days))
        if status == workflow.CLOSED:
            return raised + timedelta(days=self.rng.randint(30, 150))
        return max(self.today, earliest) + timedelta(days=self.rng.randint(0, 120))

    def _item_row(self, unit_id: int, created: datetime, status: str) -> dict:
        rng, org = self.rng, self.org
        category = rng.choices(org.category_ids,
                               weights=CATEGORY_WEIGHTS[:len(org.category_ids)])[0]
        pool = self.problems.get(org.category_codes[category]) or self.problems["service"]
        problem, requirement = rng.choice(pool)
        self.numbers[unit_id] = self.numbers.get(unit_id, 0) + 1
        code = f"{org.code_prefix}-{org.unit_codes[unit_id].upper()}-{self.numbers[unit_id]:03d}"
        person = rng.randrange(10_000)
        return {
            "id": self._next("item"), "code": code, "campaign_id": org.campaign_id,
            "lead_unit_id": unit_id, "category_id": category,
            "source": rng.choices(SOURCES, weights=SOURCE_WEIGHTS)[0],
            "problem": problem, "requirement": requirement,
            "priority": self._pick(PRIORITY_WEIGHTS), "due_date": self._due_date(created, status),
            "status": status,
            "responsible_leader": f"{rng.choice(texts.LEADER_TITLES)} {texts.person_name(person)}",
            "responsible_person": texts.person_name(person + 7),
            "check_type": self._check_type(unit_id),
            "created_at": created, "created_by_id": org.staff["committee"],
            "signed_at": None, "signed_by_id": None, "closed_at": None,
            "verification_opinion": "", "version": 1,
        }

    def _check_type(self, unit_id: int) -> str | None:
        if not self.check_types:
            return None
        code = self.org.unit_codes[unit_id]
        suited = [ct for ct in self.check_types if code in ct.unit_codes]
        if suited and self.rng.random() < 0.4:
            return self.rng.choice(suited).id
        if self.rng.random() < CHECKED_SHARE:
            return self.rng.choice(suited or self.check_types).id
        return None

    def _co_units(self, lead: int) -> list[int]:
        if self.rng.random() >= CO_UNIT_SHARE:
            return []
        picked = {self.rng.choice(self.org.unit_ids) for _ in range(self.rng.randint(1, 2))}
        return sorted(picked - {lead})

    def _snapshot(self, item: dict, co_units: list[int]) -> dict:
        """What :func:`rectify.services.tracking.items.snapshot` records when an item is raised."""
        names = self.org.unit_names
        return {
            "code": item["code"], "lead_unit": names[item["lead_unit_id"]],
            "co_units": [names[u] for u in co_units],
            "category": self.org.category_names[item["category_id"]],
            "source": item["source"], "problem": item["problem"],
            "requirement": item["requirement"], "priority": item["priority"],
            "due_date": item["due_date"].isoformat(),
            "responsible_leader": item["responsible_leader"],
            "responsible_person": item["responsible_person"],
            "check_type": item["check_type"], "status": workflow.OPEN,
        }

    # The story: transitions ------------------------------------------------------------

    def _moves(self, status: str) -> list[str]:
        """Transition names that lead from open to ``status``, sometimes the long way."""
        rng = self.rng
        if status == workflow.OPEN:
            return []
        moves = ["sign_for"]
        if rng.random() < 0.15:
            moves += ["submit", "return_item"]
        if status == workflow.IN_PROGRESS and rng.random() < 0.05:
            moves += ["submit", "close", "reopen"]
        if status in (workflow.SUBMITTED, workflow.CLOSED):
            moves.append("submit")
        if status == workflow.CLOSED:
            moves.append("close")
        return moves

    def _story(self, rows: Rows, item: dict, status: str,
               created: datetime) -> tuple[datetime, datetime]:
        """Record the transitions; return the first in-progress span (for the work)."""
        moves = self._moves(status)
        span = (self.now - created).total_seconds()
        moments = sorted(created + timedelta(seconds=self.rng.uniform(0.02, 0.98) * span)
                         for _ in moves)
        work = (created, self.now)
        current = workflow.OPEN
        for name, moment in zip(moves, moments, strict=True):
            transition = workflow.TRANSITIONS[name]
            lead = transition.role == workflow.DEPARTMENT
            actor = (self.org.liaison_of[item["lead_unit_id"]] if lead
                     else self.org.staff["committee"])
            reason = self.rng.choice(self.reasons) if transition.needs_reason else ""
            self._event(rows, item, actor, moment, name, old={"status": current},
                        new={"status": transition.target}, reason=reason)
            current = transition.target
            item["version"] += 1
            item.update(workflow.transition_stamps(name, actor, moment, reason,
                                                   new_due_date=item["due_date"]))
            if name == "sign_for":
                work = (moment, self.now)
            elif name == "submit" and work[1] == self.now:
                work = (work[0], moment)
        assert current == status, (moves, status)
        return work

    # Records: actions and check records --------------------------------------------------

    def _action_count(self, status: str) -> int:
        if status == workflow.OPEN:
            return self.rng.choice((0, 0, 0, 1))  # at most a committee comment
        return int(2 * self.work_mean * self.rng.random() + 0.5)

    def _actions(self, rows: Rows, item: dict, co_units: list[int],
                 window: tuple[datetime, datetime], count: int) -> None:
        org, rng = self.org, self.rng
        for _ in range(count):
            kind = self._pick(KIND_WEIGHTS) if item["signed_at"] else "comment"
            if kind in texts.WORK_KINDS:
                unit = (rng.choice(co_units) if co_units and rng.random() < 0.2
                        else item["lead_unit_id"])
                author, moment = org.liaison_of[unit], self._between(*window)
            else:
                unit = None
                author = org.staff["committee" if kind == "comment" else "leader"]
                moment = self._between(item["created_at"], self.now)
            body = rng.choice(self.records[kind])
            action = {"id": self._next("action"), "item_id": item["id"], "kind": kind,
                      "body": body, "author_id": author, "unit_id": unit, "created_at": moment}
            rows.action.append(action)
            self._event(rows, item, author, moment, "action_added", action_id=action["id"],
                        new={"kind": kind, "body": body, "attachments": []})

    def _check_records(self, rows: Rows, item: dict, window: tuple[datetime, datetime]) -> None:
        check_type = next(ct for ct in self.check_types if ct.id == item["check_type"])
        author = self.org.liaison_of[item["lead_unit_id"]]
        for _ in range(self.rng.randint(2, 8)):
            moment = self._between(*window)
            values = {f.name: self._value(f, moment.date()) for f in check_type.fields}
            problems = validate_record(check_type, values)
            assert not problems, (check_type.id, values, problems)
            stored = {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
            rows.check_record.append({"id": self._next("check_record"), "item_id": item["id"],
                                      "check_type": check_type.id, "values": stored,
                                      "author_id": author, "created_at": moment})
            self._event(rows, item, author, moment, "check_record_added",
                        new={"check_type": check_type.id, **stored})

    def _value(self, spec: Field, day: date):
        """A value that fits the field's declaration (type, bounds, choices)."""
        rng = self.rng
        if spec.type == "date":
            return day.replace(day=1) if spec.name == "month" else day
        if spec.type in ("int", "float"):
            low = int(spec.min) if spec.min is not None else 0
            high = int(spec.max) if spec.max is not None else low + 60
            return rng.randint(low, high) if spec.type == "int" else float(rng.randint(low, high))
        if spec.type == "bool":
            return rng.random() < 0.7
        if spec.type == "choice":
            return rng.choice(spec.choices).value
        if not spec.required and rng.random() < 0.5:
            return ""
        return f"{spec.title_zh}{rng.randint(1, 40)}号"

    def _between(self, start: datetime, end: datetime) -> datetime:
        return start + (end - start) * self.rng.random()

    def _event(self, rows: Rows, item: dict, actor: int, at: datetime, kind: str,
               old: dict | None = None, new: dict | None = None, reason: str = "",
               action_id: int | None = None) -> None:
        rows.event.append({"item_id": item["id"], "actor_id": actor, "at": at, "kind": kind,
                           "old": old, "new": new, "reason": reason, "action_id": action_id})

    def number_events(self, rows: Rows) -> None:
        """Give the chunk's events ids in time order within each item (the timeline's
        tie-break), after all of the chunk's items are made."""
        rows.event.sort(key=lambda e: (e["item_id"], e["at"]))
        for event in rows.event:
            event["id"] = self._next("event")
