"""SQLite databases holding the demo campaign, and what the load can act on in them.

Building one takes ``flask db upgrade`` and ``flask demo`` (about 15 s, mostly password
hashing), so it is built once per process and copied for each test with the same online
backup the ``backup`` command uses.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from rectify.backup import copy_database

from .server import flask_command

_built: Path | None = None


def demo_database(target: Path) -> str:
    """A fresh copy of the demo database at ``target``; returns its URL."""
    global _built
    if _built is None:
        folder = Path(tempfile.mkdtemp(prefix="rectify-demo-db-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = folder / "demo.sqlite"
        url = f"sqlite:///{path}"
        flask_command(url, folder, "db", "upgrade")
        flask_command(url, folder, "demo")
        _built = path
    copy_database(_built, target)
    return f"sqlite:///{target}"


@dataclass(frozen=True)
class WorkTarget:
    """A department liaison and an item of its unit on which it may log work."""

    username: str
    item_id: int


def work_targets(database: Path) -> list[WorkTarget]:
    """Liaisons of units leading an item in progress, with that item (records allowed)."""
    query = """
        SELECT user.username, item.id FROM item
        JOIN user ON user.unit_id = item.lead_unit_id AND user.role = 'department'
        WHERE item.status = 'in_progress' AND user.active ORDER BY item.id"""
    with closing(sqlite3.connect(database)) as connection:
        return [WorkTarget(username, item_id) for username, item_id in connection.execute(query)]


def action_bodies(database: Path) -> set[str]:
    """The text of every action (整改记录) in the database."""
    with closing(sqlite3.connect(database)) as connection:
        return {body for (body,) in connection.execute("SELECT body FROM action")}


def attachment_counts(database: Path) -> dict[str, int]:
    """Action text -> how many files it carries."""
    query = """SELECT action.body, count(attachment.id) FROM action
               LEFT JOIN attachment ON attachment.action_id = action.id GROUP BY action.id"""
    with closing(sqlite3.connect(database)) as connection:
        return dict(connection.execute(query).fetchall())
