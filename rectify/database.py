"""Engine settings that make SQLite safe for several writers."""

from sqlalchemy import event
from sqlalchemy.engine import Engine

from .private_files import restrict


def tune_sqlite(engine: Engine) -> None:
    """WAL journal, a busy timeout and enforced foreign keys on every SQLite connection,
    and the database file readable by the app's user only."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        if engine.url.database and ":memory:" not in engine.url.database:
            restrict(engine.url.database)  # before the PRAGMAs create the -wal file
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        if ":memory:" not in str(engine.url):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
