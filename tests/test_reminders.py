"""Daily reminders on a frozen clock (today is 2026-06-01): items due in 7 and in 3 days
and overdue items are reminded once per item, reminder and due date; running the
reminders twice in a day sends nothing new."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine

from conftest import TODAY, move, raise_item
from rectify import workflow
from rectify.extensions import db
from rectify.models import Event, Notification
from rectify.services.notices.reminders import remind
from rectify.services.tracking import items as item_service


@pytest.mark.parametrize("days_left, expected", [
    (8, None), (7, 7), (5, 7), (4, 7), (3, 3), (1, 3), (0, 3), (-1, None)])
def test_the_reminder_an_item_is_in_depends_on_its_days_left(days_left, expected):
    due = TODAY + timedelta(days=days_left)
    assert workflow.due_soon_threshold("in_progress", due, TODAY, (7, 3)) == expected


def test_closed_items_are_never_due_soon():
    assert workflow.due_soon_threshold("closed", TODAY + timedelta(days=2), TODAY, (7, 3)) is None


def reminders(world, username: str) -> list[tuple[str, str]]:
    """(kind, dedupe key) of a user's reminder notices."""
    rows = db.session.execute(db.select(Notification.kind, Notification.dedupe_key).where(
        Notification.user_id == world.users[username].id,
        Notification.dedupe_key.is_not(None)).order_by(Notification.id))
    return [tuple(row) for row in rows]


def due_in(world, days: int, **fields):
    return raise_item(world, due_date=TODAY + timedelta(days=days), **fields)


def test_due_soon_and_overdue_items_are_reminded_once(world):
    soon7, soon3, later = due_in(world, 7), due_in(world, 2, co=("b",)), due_in(world, 8)
    late = due_in(world, -1)
    closed = due_in(world, -5)
    move(world, closed, ("dept-a", "sign_for"), ("dept-a", "submit"), ("committee", "close"))
    sent = remind(TODAY)
    assert sent == {"due_soon": 3, "overdue": 2}   # dept-a ×2, dept-b ×1; dept-a and committee
    assert reminders(world, "dept-a") == [
        ("due_soon", f"due_soon:7:{soon7.id}:2026-06-08"),
        ("due_soon", f"due_soon:3:{soon3.id}:2026-06-03"),
        ("overdue", f"overdue:{late.id}:2026-05-31"),
    ]
    assert reminders(world, "dept-b") == [("due_soon", f"due_soon:3:{soon3.id}:2026-06-03")]
    assert reminders(world, "committee") == [("overdue", f"overdue:{late.id}:2026-05-31")]
    assert reminders(world, "dept-c") == [] and reminders(world, "leader") == []
    assert later.id not in {n.item_id for n in db.session.scalars(db.select(Notification).where(
        Notification.dedupe_key.is_not(None)))}
    # A second run the same day sends nothing new.
    assert sum(remind(TODAY).values()) == 0
    assert len(reminders(world, "dept-a")) == 3


def test_the_next_days_bring_the_next_reminders(world):
    item = due_in(world, 8)
    assert sum(remind(TODAY).values()) == 0
    for day in range(1, 11):
        today = TODAY + timedelta(days=day)
        with time_machine.travel(datetime(2026, 6, 1 + day, 1, 0), tick=False):
            remind(today)
            remind(today)
    kinds = [key.split(":")[0] + (":" + key.split(":")[1] if key.startswith("due") else "")
             for _kind, key in reminders(world, "dept-a")]
    assert kinds == ["due_soon:7", "due_soon:3", "overdue"]
    assert item.due_date == date(2026, 6, 9)


def test_an_extended_deadline_is_reminded_again(world):
    item = due_in(world, 3)
    move(world, item, ("dept-a", "sign_for"))
    remind(TODAY)
    request = item_service.request_extension(world.users["dept-a"], item, TODAY + timedelta(days=6),
                                             "需协调")
    item_service.decide_extension(world.users["committee"], item, request, approve=True)
    assert remind(TODAY) == {"due_soon": 1}
    assert [key for _kind, key in reminders(world, "dept-a")] == [
        f"due_soon:3:{item.id}:2026-06-04", f"due_soon:7:{item.id}:2026-06-07"]


def test_remind_also_records_newly_overdue_items_in_the_audit_trail(world):
    item = due_in(world, -2)
    remind(TODAY)
    remind(TODAY)
    overdue_events = db.session.scalars(db.select(Event).where(
        Event.item_id == item.id, Event.kind == "overdue")).all()
    assert len(overdue_events) == 1


def test_the_reminder_days_are_configurable(world, app):
    app.config["NOTIFY_DUE_DAYS"] = (14,)
    item = due_in(world, 10)
    remind(TODAY)
    assert reminders(world, "dept-a") == [("due_soon", f"due_soon:14:{item.id}:2026-06-11")]


def test_the_command_runs_the_reminders(world, app):
    due_in(world, 7)
    due_in(world, -3)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["remind"])
    assert first.exit_code == 0, first.output
    assert "1 due-soon and 2 overdue notice(s) sent." in first.output
    second = runner.invoke(args=["remind"])
    assert "0 due-soon and 0 overdue notice(s) sent." in second.output
