"""Backing up and restoring the database: ``flask --app app backup`` and ``restore``.

SQLite: the copy is made with SQLite's online backup API, which reads one consistent
snapshot of the database while the app goes on serving (in WAL mode readers never block
writers, and the copy is taken in a single step so a write in the middle cannot make it
start over). The copy is written beside its target and renamed into place, so a crash
never leaves a half-written backup under the final name, and it is checked with
``PRAGMA integrity_check`` before the command reports success.

PostgreSQL: use the database's own tools; the commands print how (see
:data:`POSTGRES_HOWTO`) and exit with an error rather than pretend.

Evidence files live in ``RECTIFY_UPLOAD_FOLDER``, not in the database. They are written
once under random (temporary) names before the row that points to them is committed and
renamed into place after, so copying that folder *after* the database backup gives a
set of files that holds every file the backup refers to. ``backup`` also reports what
``sweep-uploads`` would remove: files left by an upload that was killed.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import make_url

from .extensions import db
from .services.tracking import attachments

POSTGRES_HOWTO = """\
This database is PostgreSQL: back it up with PostgreSQL's own tools, while the app serves
(pg_dump reads one consistent snapshot):

  pg_dump --format=custom --file=rectify-$(date +%Y%m%d-%H%M%S).dump "$DATABASE"

and restore into an empty database (stop the app first):

  createdb rectify_restored
  pg_restore --no-owner --dbname=rectify_restored rectify-YYYYmmdd-HHMMSS.dump

where DATABASE is the database URL without the "+psycopg" driver part, e.g.
postgresql://rectify:secret@db-host/rectify. Copy the upload folder after the dump;
`flask --app app sweep-uploads` lists the files a killed upload left there."""


class BackupError(Exception):
    pass


def sqlite_path(database_url: str) -> Path:
    """The file of a SQLite database URL; :class:`BackupError` for any other database."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        raise BackupError(POSTGRES_HOWTO)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(f"Cannot back up {url.render_as_string(hide_password=True)}: "
                          "only a SQLite file or PostgreSQL (with pg_dump) is supported.")
    return Path(url.database)


def integrity_problems(path: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` and ``foreign_key_check`` report (empty: sound)."""
    try:
        with closing(sqlite3.connect(path)) as connection:
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            problems = [] if rows == ["ok"] else rows
            problems += [f"foreign key: {row}"
                         for row in connection.execute("PRAGMA foreign_key_check")]
    except sqlite3.DatabaseError as error:  # e.g. "file is not a database"
        return [str(error)]
    return problems


def copy_database(source: Path, target: Path) -> None:
    """Copy the SQLite database ``source`` to ``target`` with the online backup API.

    The copy is written to a temporary file beside ``target`` (rollback journal, so the
    backup is one self-contained file), checked, then renamed over ``target``."""
    if not source.exists():
        raise BackupError(f"No database at {source}.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with closing(sqlite3.connect(source, timeout=30)) as src, \
            closing(sqlite3.connect(partial)) as dst:
        src.backup(dst)  # pages=-1: the whole database from one snapshot
        dst.execute("PRAGMA journal_mode=DELETE")
    problems = integrity_problems(partial)
    if problems:
        partial.unlink()
        raise BackupError("The copy failed its integrity check: " + "; ".join(problems[:5]))
    os.replace(partial, target)


def restore_database(backup: Path, target: Path) -> None:
    """Write the backup ``backup`` into the database file ``target`` (app stopped).

    The backup API writes through SQLite, so a ``-wal`` file left beside ``target`` by a
    crashed server is dealt with properly, rather than replayed over copied pages."""
    if not backup.exists():
        raise BackupError(f"No backup at {backup}.")
    problems = integrity_problems(backup)
    if problems:
        raise BackupError(f"{backup} is damaged: " + "; ".join(problems[:5]))
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(backup)) as src, \
            closing(sqlite3.connect(target, timeout=30)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")  # as the app runs it (rectify.database)
    problems = integrity_problems(target)
    if problems:
        raise BackupError("The restored database failed its integrity check: "
                          + "; ".join(problems[:5]))


def default_backup_path(instance_path: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(instance_path) / "backups" / f"rectify-{stamp}.sqlite"


@click.command("backup")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the copy (default: instance/backups/rectify-<time>.sqlite).")
@with_appcontext
def backup_command(out: Path | None) -> None:
    """Copy the database consistently while the app is serving (SQLite)."""
    try:
        source = sqlite_path(current_app.config["SQLALCHEMY_DATABASE_URI"])
        target = out or default_backup_path(current_app.instance_path)
        copy_database(source, target)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up {source} to {target} (integrity check: ok).")
    click.echo(f"Copy the upload folder now too: {current_app.config['UPLOAD_FOLDER']}")
    echo_sweep_report(attachments.sweep(delete=False), deleted=False)


@click.command("sweep-uploads")
@click.option("--delete", is_flag=True,
              help="Remove the files found (default: only list them).")
@with_appcontext
def sweep_uploads_command(delete: bool) -> None:
    """Find upload files no evidence or deliverable row names (left by a killed upload)."""
    echo_sweep_report(attachments.sweep(delete=delete), deleted=delete)


def echo_sweep_report(report: attachments.SweepReport, deleted: bool) -> None:
    for name in report.orphans:
        click.echo(f"{'Removed' if deleted else 'Orphan'}: {name} (no row names it)")
    for name in report.stale_temporary:
        click.echo(f"{'Removed' if deleted else 'Orphan'}: {name} (upload never committed)")
    for name in report.unfinished:
        click.echo(f"{'Finished' if deleted else 'Unfinished'}: {name} (committed, not renamed)")
    found = len(report.orphans) + len(report.stale_temporary) + len(report.unfinished)
    click.echo(f"Upload folder: {report.kept} files in use, {found} "
               f"{'dealt with' if deleted else 'to sweep (run sweep-uploads --delete)'}.")


@click.command("restore")
@click.argument("backup", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Overwrite an existing database without asking.")
@with_appcontext
def restore_command(backup: Path, yes: bool) -> None:
    """Replace the database with BACKUP (stop the app first)."""
    try:
        target = sqlite_path(current_app.config["SQLALCHEMY_DATABASE_URI"])
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    if target.exists() and target.stat().st_size and not yes:
        click.confirm(f"Replace the database {target} with {backup}? Stop the app first.",
                      abort=True)
    db.engine.dispose()  # no pooled connection of this process keeps the old file open
    try:
        restore_database(backup, target)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {target} from {backup} (integrity check: ok).")
