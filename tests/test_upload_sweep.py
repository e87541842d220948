"""Uploads are renamed into place only after their commit, and ``flask sweep-uploads``
finds (and with ``--delete`` removes) what a killed upload left (issue 14, orphan uploads)."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from conftest import move, raise_item
from rectify import create_app
from rectify.extensions import db
from rectify.models import Attachment, DeliverableFile
from rectify.services.tracking import attachments, deliverables, items

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
PDF = b"%PDF-1.4 " + bytes(range(256)) * 4
HOUR_AND_A_BIT = attachments.STALE_TEMPORARY_SECONDS + 60


@pytest.fixture
def folder(app) -> Path:
    return Path(app.config["UPLOAD_FOLDER"])


@pytest.fixture
def signed_item(world):
    return move(world, raise_item(world), ("dept-a", "sign_for"))


def files_in(folder: Path) -> list[str]:
    return sorted(os.listdir(folder)) if folder.exists() else []


def add_evidence(world, item, name="现场照片.png"):
    return items.add_action(world.users["dept-a"], item, "evidence", "整改前后对比照片",
                            files=[(name, PNG)])


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def sweep(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["sweep-uploads", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_committed_upload_is_in_place_under_its_final_name(world, signed_item, folder):
    add_evidence(world, signed_item)
    stored = db.session.scalar(select(Attachment.stored_name))
    assert files_in(folder) == [stored]


def test_a_failing_commit_leaves_no_file(world, signed_item, folder, monkeypatch):
    def failing_commit():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(items.audit, "commit", failing_commit)
    with pytest.raises(RuntimeError):
        add_evidence(world, signed_item)
    assert files_in(folder) == []
    assert db.session.scalar(select(Attachment)) is None


def test_a_kill_before_the_commit_leaves_only_a_temporary_file(app, folder):
    stored = attachments.store("方案.pdf", PDF)  # the process dies here, before any commit
    assert files_in(folder) == [stored.stored_name + ".part"]
    assert "0 dealt with" in sweep(app, "--delete")  # young: may be an upload in progress
    assert files_in(folder) == [stored.stored_name + ".part"]
    age(folder / (stored.stored_name + ".part"), HOUR_AND_A_BIT)
    assert "upload never committed" in sweep(app)
    assert files_in(folder) == [stored.stored_name + ".part"]  # only listed without --delete
    sweep(app, "--delete")
    assert files_in(folder) == []


def test_the_sweep_finds_and_removes_an_orphan_and_keeps_referenced_files(
        app, world, signed_item, folder):
    add_evidence(world, signed_item)
    owed = deliverables.request_deliverables(world.users["committee"], world.campaign,
                                             "rectification_plan", date(2026, 6, 20),
                                             [world.units["a"]]).created[0]
    deliverables.submit(world.users["dept-a"], owed, [("方案.pdf", PDF)])
    referenced = sorted([db.session.scalar(select(Attachment.stored_name)),
                         db.session.scalar(select(DeliverableFile.stored_name))])
    (folder / "0123456789abcdef").write_bytes(b"left by a killed upload")

    report = sweep(app)
    assert "Orphan: 0123456789abcdef (no row names it)" in report
    assert "2 files in use, 1 to sweep" in report
    assert files_in(folder) == sorted(referenced + ["0123456789abcdef"])

    assert "Removed: 0123456789abcdef" in sweep(app, "--delete")
    assert files_in(folder) == referenced
    assert "2 files in use, 0 to sweep" in sweep(app)


def test_the_sweep_finishes_a_rename_the_kill_interrupted(app, world, signed_item, folder):
    add_evidence(world, signed_item)
    stored = db.session.scalar(select(Attachment.stored_name))
    temporary = folder / (stored + ".part")
    os.replace(folder / stored, temporary)  # killed between the commit and the rename
    age(temporary, HOUR_AND_A_BIT)
    assert f"Unfinished: {stored}.part" in sweep(app)
    assert f"Finished: {stored}.part" in sweep(app, "--delete")
    assert files_in(folder) == [stored]


def test_backup_reports_the_sweep(tmp_path):
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    (uploads / "feedface").write_bytes(b"orphan")
    app = create_app({"TESTING": True, "UPLOAD_FOLDER": str(uploads),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'rectify.sqlite'}"})
    with app.app_context():
        db.create_all()
    result = app.test_cli_runner().invoke(
        args=["backup", "--out", str(tmp_path / "copy.sqlite")])
    assert result.exit_code == 0, result.output
    assert "Orphan: feedface (no row names it)" in result.output
    assert "1 to sweep (run sweep-uploads --delete)" in result.output
    assert (uploads / "feedface").exists()


def test_a_part_file_renamed_while_the_sweep_runs_is_kept_not_a_crash(app, folder,
                                                                      monkeypatch):
    """The backup's sweep runs while uploads commit: a ``.part`` listed by the sweep may
    be renamed into place before its age is read (found by the backup-while-serving test)."""
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / f"abc.png{attachments.TEMPORARY_SUFFIX}"
    part.write_bytes(PNG)
    real_scandir = os.scandir

    def scandir_then_commit(path):
        entries = list(real_scandir(path))
        os.replace(part, folder / "abc.png")  # the upload commits right after the listing
        return iter(entries)

    monkeypatch.setattr(attachments.os, "scandir", scandir_then_commit)
    with app.app_context():
        report = attachments.sweep()
    assert report.kept == 1 and not report.stale_temporary and not report.orphans
