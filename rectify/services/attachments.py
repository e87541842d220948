"""Storing and checking uploaded evidence files.

Files live under the instance folder (never under ``static``) with random names; the
original name, size, type and SHA-256 are kept so a download returns the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass

from flask import current_app
from werkzeug.datastructures import FileStorage

from ..private_files import create_private, private_folder

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
    folder = current_app.config["UPLOAD_FOLDER"]
    private_folder(folder)
    stored_name = secrets.token_hex(16)
    with create_private(os.path.join(folder, stored_name)) as handle:
        handle.write(content)
    return StoredFile(
        original_name=name,
        stored_name=stored_name,
        content_type=CONTENT_TYPES.get(_extension(name), "application/octet-stream"),
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def path_of(stored_name: str) -> str:
    return os.path.join(current_app.config["UPLOAD_FOLDER"], stored_name)


def remove_stored(files: list[StoredFile]) -> None:
    """Delete files written for a change that was then rolled back."""
    for stored in files:
        try:
            os.remove(path_of(stored.stored_name))
        except FileNotFoundError:
            pass
