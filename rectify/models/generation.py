"""The data generation: a token that changes whenever the application writes to the
database, so that what was computed from the data can tell whether it is still current
(:mod:`rectify.web.page_cache`).

Every statement that writes marks its connection; when a session commits a transaction
so marked (or holding ORM changes still to flush), a new token is written in that same
transaction. The hooks sit on SQLAlchemy's
``Engine`` and ``Session`` classes, so no write path (pages, API, CLI, import, plugins,
the synthetic data) has to remember. SQL run outside the application is not seen.
"""

from __future__ import annotations

import uuid

from sqlalchemy import String, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db

_WROTE = "rectify_wrote"
_WRITES = ("INSERT", "UPDATE", "DELETE")
# Writes no page shows: a session's last use is recorded on reads
# (rectify/services/user_sessions.py).
_UNTRACKED = ("UPDATE USER_SESSION ",)


class DataGeneration(db.Model):
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


@event.listens_for(Engine, "before_cursor_execute")
def _note_write(conn, _cursor, statement, _parameters, _context, _executemany) -> None:
    head = statement.lstrip()[:40].upper()
    if head[:6] in _WRITES and not head.startswith(_UNTRACKED):
        conn.info[_WROTE] = True


@event.listens_for(Engine, "rollback")
def _forget_write(conn) -> None:
    conn.info.pop(_WROTE, None)


@event.listens_for(Session, "before_commit")
def _bump_generation(session_: Session) -> None:
    """In the committing transaction, if it wrote anything or is about to (the commit
    flushes pending ORM changes after this hook): a new generation token."""
    connection = session_.connection()
    pending = session_.new or session_.dirty or session_.deleted
    if connection.info.pop(_WROTE, False) or pending:
        connection.execute(_upsert_generation(connection.dialect.name))
        connection.info.pop(_WROTE, None)


def _upsert_generation(dialect: str):
    """``INSERT … ON CONFLICT (id) DO UPDATE``: one statement whether the row is there or
    not, so concurrent first writers do not collide."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(DataGeneration).values(id=1, token=uuid.uuid4().hex)
    return statement.on_conflict_do_update(index_elements=[DataGeneration.id],
                                           set_={"token": statement.excluded.token})
