"""Slowing down password guessing without handing anyone a way to lock others out.

Failures are kept in the database (``LoginFailure``), not in process memory, so every
worker of the app sees the same count. Two rules, both delays that end by themselves:

* an **account at one address**: after ``LOGIN_MAX_FAILURES_PER_ACCOUNT`` failures
  within ``LOGIN_FAILURE_WINDOW_MINUTES``, each further try waits 1, 2, 4 … minutes
  after the last failure, at most ``LOGIN_LOCK_MINUTES``. Failures at other addresses do
  not count: however much someone guesses at ``admin`` from elsewhere, the owner signs
  in from their own computer;
* an **address trying many accounts** (password spraying): after failures for
  ``LOGIN_MAX_FAILURES_PER_ADDRESS`` different accounts, the address waits
  ``LOGIN_LOCK_MINUTES``, except for accounts that have signed in from it before, so a
  colleague behind the same office NAT is not locked out by it.

The address is the client's as the trusted proxies report it (``RECTIFY_TRUSTED_PROXIES``,
see the README). A success clears the failures of that account at that address. The
current-password check of the password-change page counts the same way.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, distinct, func, select

from ... import clock
from ...extensions import db
from ...models import LoginFailure, User, UserSession


class Throttled(Exception):
    def __init__(self, minutes: int):
        super().__init__(minutes)
        self.minutes = minutes


def _window_start() -> datetime:
    return clock.now() - timedelta(minutes=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"])


def _minutes_until(moment: datetime) -> int:
    seconds = (moment - clock.now()).total_seconds()
    return max(0, -(-int(seconds) // 60))


def minutes_locked(username: str, address: str) -> int:
    """Minutes until this account may try again from this address; 0 when it may now."""
    return max(_account_wait(username.lower(), address), _address_wait(username, address))


def _account_wait(username: str, address: str) -> int:
    count, last = db.session.execute(
        select(func.count(LoginFailure.id), func.max(LoginFailure.at)).where(
            LoginFailure.username == username, LoginFailure.address == address,
            LoginFailure.at >= _window_start())).one()
    over = count - current_app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    if over < 0:
        return 0
    delay = min(2 ** over, current_app.config["LOGIN_LOCK_MINUTES"])
    return _minutes_until(last + timedelta(minutes=delay))


def _address_wait(username: str, address: str) -> int:
    accounts, last = db.session.execute(
        select(func.count(distinct(LoginFailure.username)), func.max(LoginFailure.at)).where(
            LoginFailure.address == address, LoginFailure.at >= _window_start())).one()
    if accounts < current_app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]:
        return 0
    if _has_signed_in_from(username, address):
        return 0
    return _minutes_until(last + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"]))


def _has_signed_in_from(username: str, address: str) -> bool:
    return db.session.scalar(
        select(UserSession.id).join(User, User.id == UserSession.user_id)
        .where(func.lower(User.username) == username.lower(), UserSession.address == address)
        .limit(1)) is not None


def record_failure(username: str, address: str) -> None:
    db.session.add(LoginFailure(username=username.lower()[:80], address=address[:64],
                                at=clock.now()))
    db.session.commit()


def clear_failures(username: str, address: str) -> None:
    """After a success: this account's failures at this address, and any old ones."""
    db.session.execute(delete(LoginFailure).where(
        ((LoginFailure.username == username.lower()) & (LoginFailure.address == address))
        | (LoginFailure.at < _window_start())))
    db.session.commit()


def check_current_password(user: User, password: str, address: str) -> bool:
    """The password-change page's check of the current password, throttled like a
    sign-in (else a stolen session could guess the password at full speed)."""
    wait = minutes_locked(user.username, address)
    if wait:
        raise Throttled(wait)
    if user.check_password(password):
        clear_failures(user.username, address)
        return True
    record_failure(user.username, address)
    return False
