"""Slowing down password guessing: failed sign-ins lock an account, and an address,
for a while.

Failures are kept in the database (``LoginFailure``), not in process memory, so every
worker of the app sees the same count. An account is locked after
``LOGIN_MAX_FAILURES_PER_ACCOUNT`` failures within ``LOGIN_LOCK_MINUTES``; an address
after ``LOGIN_MAX_FAILURES_PER_ADDRESS`` (it may try many usernames). A successful
sign-in clears the account's count.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from .. import clock
from ..extensions import db
from ..models import LoginFailure


def _window_start():
    return clock.now() - timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])


def _failures(column, value: str) -> tuple[int, object]:
    """How many failures of ``column == value`` in the window, and the oldest one's time."""
    return db.session.execute(
        select(func.count(LoginFailure.id), func.min(LoginFailure.at))
        .where(column == value, LoginFailure.at >= _window_start())).one()


def minutes_locked(username: str, address: str) -> int:
    """Minutes until this account or address may try again; 0 when it may now."""
    config = current_app.config
    limits = ((LoginFailure.username, username.lower(), config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]),
              (LoginFailure.address, address, config["LOGIN_MAX_FAILURES_PER_ADDRESS"]))
    waits = []
    for column, value, limit in limits:
        count, oldest = _failures(column, value)
        if count >= limit:
            unlock = oldest + timedelta(minutes=config["LOGIN_LOCK_MINUTES"])
            waits.append(max(1, -(-int((unlock - clock.now()).total_seconds()) // 60)))
    return max(waits, default=0)


def record_failure(username: str, address: str) -> None:
    db.session.add(LoginFailure(username=username.lower()[:80], address=address[:64],
                                at=clock.now()))
    db.session.commit()


def clear_failures(username: str) -> None:
    """After a successful sign-in; old failures of any account are dropped too."""
    db.session.execute(delete(LoginFailure).where(
        (LoginFailure.username == username.lower()) | (LoginFailure.at < _window_start())))
    db.session.commit()
