"""The data generation: a token that changes whenever the application writes to the
database, so that what was computed from the data can tell whether it is still current
(:mod:`rectify.web.page_cache`).

The statements the app's engine runs mark their connection when they write; when a
session commits a transaction so marked (or holding ORM changes still to flush), a new
token is written **after** that commit, on the same connection, in a one-statement
transaction of its own. So no write path (pages, API, CLI, import, plugins, the
synthetic data) has to remember, and no writer waits for another: the row is locked for
that one statement, never for the length of a writer's transaction (on PostgreSQL the
whole transaction used to queue on it). The new token is in place before the write's
request answers, so the next view after a write is always made again. SQL run outside
the application is not seen, and a process that stops between a commit and its bump
leaves pages up to ``PAGE_CACHE_SECONDS`` old.

:func:`track_writes` installs the hooks on one app's engine and session (not on
SQLAlchemy's classes: nothing else in the process is touched), when the page cache is on.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import String, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql import Insert

from ..extensions import Model, db

logger = logging.getLogger(__name__)

_WROTE = "rectify_wrote"
_BUMP = "rectify_bump_generation"
_WRITES = ("INSERT", "UPDATE", "DELETE")
# Writes no page shows: a session's last use is recorded on reads
# (rectify/services/accounts/user_sessions.py).
_UNTRACKED = ("UPDATE USER_SESSION ", "UPDATE DATA_GENERATION ", "INSERT INTO DATA_GENERATION ")


class DataGeneration(Model):
    """One row (id 1). The token is random, not a counter: restoring a backup brings back
    the token of the data it holds, so it can never match pages of other data."""

    __tablename__ = "data_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32))


def current_generation() -> str | None:
    """The token now (None before the first write). Plain SQL: this runs on every view of
    a cached page, where the ORM's statement handling cost more than the query."""
    return db.session.connection().exec_driver_sql(
        "SELECT token FROM data_generation WHERE id = 1").scalar()


def track_writes(engine: Engine) -> None:
    """Renew the generation after every committed write through ``engine`` and the
    app's session (once per engine)."""
    if event.contains(engine, "before_cursor_execute", _note_write):
        return
    event.listen(engine, "before_cursor_execute", _note_write)
    event.listen(engine, "rollback", _forget_write)
    event.listen(engine, "commit", _forget_write)  # the session's hook has seen the mark
    if not event.contains(db.session, "before_commit", _mark_for_bump):
        event.listen(db.session, "before_commit", _mark_for_bump)
        event.listen(db.session, "after_commit", _bump_after_commit)


def _note_write(conn: Connection, _cursor: object, statement: str, _parameters: object,
                _context: object, _executemany: bool) -> None:
    head = statement.lstrip()[:40].upper()
    if head[:6] in _WRITES and not head.startswith(_UNTRACKED):
        conn.info[_WROTE] = True


def _forget_write(conn: Connection) -> None:
    conn.info.pop(_WROTE, None)


def _mark_for_bump(session_: Session) -> None:
    """Before the commit: does it write anything, or is it about to (the commit flushes
    pending ORM changes after this hook)?"""
    if not session_.in_transaction():
        return
    connection = session_.connection()
    if not event.contains(connection.engine, "before_cursor_execute", _note_write):
        return  # another app's engine, without the page cache
    pending = session_.new or session_.dirty or session_.deleted
    if connection.info.pop(_WROTE, False) or pending:
        session_.info[_BUMP] = connection


def _bump_after_commit(session_: Session) -> None:
    """On the connection that has just committed (before the session gives it back: no
    second connection per writer), in a transaction of its own. The write is committed:
    a failure here must not report it as failed, so it is logged, and pages made before
    it may be served until ``PAGE_CACHE_SECONDS``."""
    connection: Connection | None = session_.info.pop(_BUMP, None)
    if connection is None:
        return
    try:
        _write_new_token(connection)
        connection.commit()
    except SQLAlchemyError:  # the session's close rolls the token's transaction back
        logger.exception("the data generation was not renewed after a commit")


def _write_new_token(connection: Connection) -> None:
    """A new token, written on ``connection``; on PostgreSQL its commit does not wait for
    the disk (a token lost in a crash costs a page made again, or one at most
    ``PAGE_CACHE_SECONDS`` old), so the row is locked for microseconds."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
    connection.execute(_upsert_generation(connection.dialect.name))


def _upsert_generation(dialect: str) -> Insert:
    """``INSERT … ON CONFLICT (id) DO UPDATE``: one statement whether the row is there or
    not, so concurrent first writers do not collide."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(DataGeneration).values(id=1, token=uuid.uuid4().hex)
    return statement.on_conflict_do_update(index_elements=[DataGeneration.id],
                                           set_={"token": statement.excluded.token})
