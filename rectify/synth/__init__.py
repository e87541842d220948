"""Province-size synthetic data for benchmarks and load tests: ``flask --app app synth``.

Unlike the demo (:mod:`rectify.demo`), which raises a few dozen items through the services,
this lays down up to millions of rows with SQLAlchemy Core bulk inserts, a chunk of items
at a time, in a few transactions. It bypasses the services but keeps their rules: every
item has a ``created`` event and one event per transition along a path the workflow
allows, ``version`` counts the status changes, actions and check records sit in the span
when the rules allow them, and check records fit their plugin's field declarations.

The same seed on the same day gives the same data (``random.Random(seed)``; dates are
relative to today).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import click
from flask import current_app
from sqlalchemy import func, insert, select, text

from .. import clock
from ..extensions import db
from ..models import (
    Action,
    Campaign,
    Category,
    CheckRecord,
    Event,
    InspectionGroup,
    Item,
    Unit,
    User,
)
from ..models.items import item_co_units
from ..models.org import group_units
from ..plugins import check_types
from . import org as org_rows
from .items import ItemFactory, Rows

CHUNK = 5_000             # items generated and inserted together
COMMIT_EVERY = 100_000    # items per transaction


@dataclass
class SynthSummary:
    units: int
    users: int
    items: int
    actions: int
    events: int
    check_records: int
    seconds: float

    def __str__(self) -> str:
        return (f"{self.units} units, {self.users} users, {self.items} items, "
                f"{self.actions} actions, {self.check_records} check records, "
                f"{self.events} events in {self.seconds:.1f} s")


class DatabaseNotEmpty(Exception):
    pass


def synthesize(units: int, items: int, actions_per_item: float, seed: int = 1,
               password: str = "rectify-demo", today: date | None = None) -> SynthSummary:
    """Fill an empty, migrated database; return how many rows of each kind were made."""
    if (db.session.scalar(select(func.count(Unit.id)))
            or db.session.scalar(select(func.count(User.id)))):
        raise DatabaseNotEmpty("The database already has data; synth needs an empty one.")
    started = time.perf_counter()
    rng = random.Random(seed)
    today = today or clock.today()
    now = clock.local_midnight_utc(today)  # the history ends as today begins
    org = _write_organisation(units, rng, password, now)
    factory = ItemFactory(org, list(check_types(current_app).values()), rng, now,
                          actions_per_item)
    _write_items(factory, items)
    _reset_sequences()
    db.session.commit()
    return SynthSummary(units=len(org.unit_ids), users=len(org.liaison_of) + len(org.staff),
                        items=factory.ids["item"], actions=factory.ids["action"],
                        events=factory.ids["event"], check_records=factory.ids["check_record"],
                        seconds=time.perf_counter() - started)


def _insert(table, rows: list[dict]) -> None:
    if rows:
        db.session.connection().execute(insert(table), rows)


def _write_organisation(count: int, rng: random.Random, password: str,
                        now: datetime) -> org_rows.Org:
    campaign = org_rows.campaign_row(now.date())
    categories = org_rows.category_rows()
    units = org_rows.unit_rows(count, rng)
    groups, members = org_rows.group_rows(units)
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    users = org_rows.user_rows(units, password, method, now - timedelta(days=200))
    _insert(Campaign.__table__, [campaign])
    _insert(Category.__table__, categories)
    _insert(Unit.__table__, units)
    _insert(InspectionGroup.__table__, groups)
    _insert(group_units, members)
    _insert(User.__table__, users)
    return org_rows.org_summary(campaign, units, categories, users)


def _write_items(factory: ItemFactory, count: int) -> None:
    made = 0
    while made < count:
        rows = Rows()
        for _ in range(min(CHUNK, count - made)):
            factory.add(rows)
        factory.number_events(rows)
        _insert(Item.__table__, rows.item)
        _insert(item_co_units, rows.item_co_unit)
        _insert(Action.__table__, rows.action)
        _insert(CheckRecord.__table__, rows.check_record)
        _insert(Event.__table__, rows.event)
        made += len(rows.item)
        if made % COMMIT_EVERY == 0:
            db.session.commit()


def _reset_sequences() -> None:
    """PostgreSQL: move each id sequence past the ids given explicitly."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in ("campaign", "category", "unit", "inspection_group", "user", "item",
                  "action", "check_record", "event"):
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM \"{table}\"), 0) + 1, false)"))


@click.command("synth")
@click.option("--units", default=1000, show_default=True,
              help="Units (departments, towns, stations).")
@click.option("--items", default=100_000, show_default=True, help="Rectification items.")
@click.option("--actions-per-item", default=5.0, show_default=True,
              help="Mean number of records (整改记录) per item.")
@click.option("--seed", default=1, show_default=True, help="Same seed, same data.")
def synth_command(units: int, items: int, actions_per_item: float, seed: int) -> None:
    """Fill an empty database with province-size synthetic data (for benchmarks)."""
    try:
        summary = synthesize(units, items, actions_per_item, seed,
                             current_app.config["DEMO_PASSWORD"])
    except DatabaseNotEmpty as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Synthetic data: {summary}")
    click.echo(f"Logins: admin, committee, leader, dept-<unit code>; password "
               f"{current_app.config['DEMO_PASSWORD']}")
