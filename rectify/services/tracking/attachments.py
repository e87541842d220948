"""Storing and checking uploaded evidence files.

Files live under the instance folder (never under ``static``) with random names; the
original name, size, type and SHA-256 are kept so a download returns the same bytes.

A file is written under a temporary name (``<name>.part``) and renamed into place only
after the row that points to it is committed (:func:`publish`), so a process killed
mid-upload leaves at most a ``.part`` file, never a file under a final name that no row
names. :func:`sweep` finds what such a kill left: stale ``.part`` files, files no row
names, and committed files whose rename did not happen (it finishes those).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import time
from dataclasses import dataclass, field

from flask import Response, current_app, send_file
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from ...extensions import db
from ...models import Attachment, DeliverableFile
from ...private_files import create_private, private_folder

TEMPORARY_SUFFIX = ".part"
STALE_TEMPORARY_SECONDS = 3600  # a .part file older than this is no upload in progress

# First bytes of the file kinds we accept, by extension.
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "pdf": (b"%PDF-",),
    "docx": _ZIP, "xlsx": _ZIP, "pptx": _ZIP,
    "doc": _OLE, "xls": _OLE, "ppt": _OLE, "wps": _OLE,
}

CONTENT_TYPES = {
    "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif",
    "webp": "image/webp", "pdf": "application/pdf", "txt": "text/plain",
    "doc": "application/msword", "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint", "wps": "application/octet-stream",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


class UploadRejected(Exception):
    def __init__(self, code: str, filename: str):
        super().__init__(code)
        self.code = code
        self.filename = filename


@dataclass
class StoredFile:
    original_name: str
    stored_name: str
    content_type: str
    size: int
    sha256: str


def _extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def clean_filename(filename: str) -> str:
    """Keep the user's name for display (Chinese included) but drop any path and controls."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip(" .")
    return name[:200] or "file"


def check_upload(upload: FileStorage) -> tuple[str, bytes]:
    """Return (clean name, content) or raise :class:`UploadRejected`."""
    name = clean_filename(upload.filename or "")
    extension = _extension(name)
    if extension not in current_app.config["UPLOAD_EXTENSIONS"]:
        raise UploadRejected("type", name)
    limit = current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024
    content = upload.stream.read(limit + 1)
    if len(content) > limit:
        raise UploadRejected("size", name)
    if not content:
        raise UploadRejected("empty", name)
    signatures = SIGNATURES.get(extension)
    if signatures and not content.startswith(signatures):
        raise UploadRejected("content", name)
    if extension == "txt" and b"\x00" in content:
        raise UploadRejected("content", name)
    return name, content


def store(name: str, content: bytes) -> StoredFile:
    """Write the file under its temporary name; :func:`publish` it after the commit."""
    folder = current_app.config["UPLOAD_FOLDER"]
    private_folder(folder)
    stored_name = secrets.token_hex(16)
    with create_private(_temporary_path(stored_name)) as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    return StoredFile(
        original_name=name,
        stored_name=stored_name,
        content_type=CONTENT_TYPES.get(_extension(name), "application/octet-stream"),
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def path_of(stored_name: str) -> str:
    return os.path.join(current_app.config["UPLOAD_FOLDER"], stored_name)


def send_stored_file(stored_name: str, original_name: str) -> Response:
    """A stored upload as a download that no browser renders or runs (the web pages' and
    the API's downloads alike)."""
    response = send_file(
        path_of(stored_name),
        mimetype="application/octet-stream",
        as_attachment=True,
        download_name=original_name,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _temporary_path(stored_name: str) -> str:
    return path_of(stored_name) + TEMPORARY_SUFFIX


def publish(files: list[StoredFile]) -> None:
    """Rename files into place once the rows naming them are committed."""
    for stored in files:
        os.replace(_temporary_path(stored.stored_name), path_of(stored.stored_name))


def remove_stored(files: list[StoredFile]) -> None:
    """Delete files written for a change that was then rolled back."""
    for stored in files:
        for path in (_temporary_path(stored.stored_name), path_of(stored.stored_name)):
            try:
                os.remove(path)
            except FileNotFoundError:
                pass


# Finding what an interrupted upload left ------------------------------------------------

@dataclass
class SweepReport:
    """File names in the upload folder, by what :func:`sweep` makes of them."""

    orphans: list[str] = field(default_factory=list)      # no row names them
    stale_temporary: list[str] = field(default_factory=list)  # old .part, no row
    unfinished: list[str] = field(default_factory=list)   # old .part whose row was committed
    kept: int = 0                                         # named by a row, or in progress


def referenced_names() -> set[str]:
    """Every stored name an evidence or deliverable file row points to."""
    names = set(db.session.scalars(select(Attachment.stored_name)))
    return names | set(db.session.scalars(select(DeliverableFile.stored_name)))


def sweep(delete: bool = False, now: float | None = None) -> SweepReport:
    """Report (and with ``delete`` remove) files no row names, and finish renames.

    Safe with the app serving: a ``.part`` younger than an hour may be an upload in
    progress and is left alone; the folder is listed *before* the rows are read, so a
    file renamed into place after its commit is always found named.
    """
    folder = current_app.config["UPLOAD_FOLDER"]
    report = SweepReport()
    if not os.path.isdir(folder):
        return report
    entries = [entry for entry in os.scandir(folder) if entry.is_file(follow_symlinks=False)]
    referenced = referenced_names()
    now = time.time() if now is None else now
    for entry in entries:
        _sort(entry, referenced, now, report)
    if delete:
        for name in report.orphans + report.stale_temporary:
            os.remove(os.path.join(folder, name))
        for name in report.unfinished:
            os.replace(os.path.join(folder, name), os.path.join(folder, _final_name(name)))
    return report


def _final_name(temporary_name: str) -> str:
    return temporary_name[:-len(TEMPORARY_SUFFIX)]


def _is_recent(entry: os.DirEntry[str], now: float) -> bool:
    """True for a ``.part`` an upload may still be writing, or one renamed since listing."""
    try:
        return now - entry.stat().st_mtime <= STALE_TEMPORARY_SECONDS
    except FileNotFoundError:  # its upload committed and renamed it meanwhile
        return True


def _sort(entry: os.DirEntry[str], referenced: set[str], now: float, report: SweepReport) -> None:
    if not entry.name.endswith(TEMPORARY_SUFFIX):
        if entry.name in referenced:
            report.kept += 1
        else:
            report.orphans.append(entry.name)
    elif _is_recent(entry, now):
        report.kept += 1
    elif _final_name(entry.name) in referenced:
        report.unfinished.append(entry.name)
    else:
        report.stale_temporary.append(entry.name)
