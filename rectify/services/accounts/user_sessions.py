"""Server-side sessions: starting, checking, listing and ending them.

A session is alive while it has not been ended, was used within ``SESSION_IDLE_MINUTES``
and began less than ``SESSION_MAX_HOURS`` ago. Every worker reads the same rows, so an
ended session is refused everywhere on its next request. Use is recorded at most once a
minute (``TOUCH_RESOLUTION``): recording every request would write on every read.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, Select, select, update
from sqlalchemy.orm import joinedload

from ... import clock
from ...extensions import db
from ...models import User, UserSession

TOUCH_RESOLUTION = timedelta(minutes=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start(user: User, address: str, user_agent: str) -> str:
    """Open a session for ``user``; return its key, which only the cookie holds."""
    key = secrets.token_urlsafe(32)
    now = clock.now()
    db.session.add(UserSession(key_hash=_hash(key), user_id=user.id, created_at=now,
                               last_seen_at=now, address=address[:64],
                               user_agent=user_agent[:200]))
    db.session.commit()
    return key


def _alive_since() -> tuple[datetime, datetime]:
    """The oldest last use and the oldest start a live session may have."""
    config, now = current_app.config, clock.now()
    return (now - timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
            now - timedelta(hours=config["SESSION_MAX_HOURS"]))


def _alive() -> Select[UserSession]:
    idle_limit, age_limit = _alive_since()
    return select(UserSession).where(UserSession.ended_at.is_(None),
                                     UserSession.last_seen_at >= idle_limit,
                                     UserSession.created_at >= age_limit)


def live_session(key: str | None, user_id: int) -> UserSession | None:
    """The live session of ``key`` if it belongs to ``user_id``, read with its user in one
    query (this runs on every request); its use is recorded."""
    if not key:
        return None
    found = db.session.scalar(_alive().options(joinedload(UserSession.user)).where(
        UserSession.key_hash == _hash(key), UserSession.user_id == user_id))
    if found is not None:
        _touch(found)
    return found


def _touch(user_session: UserSession) -> None:
    """Record the use with a plain UPDATE, so the item pages' data generation (which any
    ORM change would renew) stays as it is."""
    now = clock.now()
    if now - user_session.last_seen_at < TOUCH_RESOLUTION:
        return
    db.session.execute(update(UserSession).where(UserSession.id == user_session.id)
                       .values(last_seen_at=now).execution_options(synchronize_session=False))
    db.session.commit()


def end(key: str | None) -> None:
    """Sign-out: end the session of ``key`` (nothing if there is none)."""
    if key:
        _end(UserSession.key_hash == _hash(key))


def end_all(user: User, keep_key: str | None = None) -> None:
    """End every session of ``user`` (all but ``keep_key``'s), in the caller's
    transaction: the caller commits it with the change that calls for it."""
    condition = UserSession.user_id == user.id
    if keep_key:
        condition = condition & (UserSession.key_hash != _hash(keep_key))
    _end(condition, commit=False)


def end_others(user: User, own_key: str | None) -> None:
    """The user ends their sessions on other devices."""
    end_all(user, keep_key=own_key)
    db.session.commit()


def _end(condition: ColumnElement[bool], commit: bool = True) -> None:
    db.session.execute(update(UserSession).where(condition, UserSession.ended_at.is_(None))
                       .values(ended_at=clock.now()).execution_options(synchronize_session=False))
    if commit:
        db.session.commit()


def sessions_of(user: User) -> list[UserSession]:
    """The user's live sessions, the most recently used first."""
    query = _alive().where(UserSession.user_id == user.id).order_by(
        UserSession.last_seen_at.desc(), UserSession.id.desc())
    return list(db.session.scalars(query))


def is_key_of(user_session: UserSession, key: str | None) -> bool:
    return bool(key and user_session.key_hash == _hash(key))
