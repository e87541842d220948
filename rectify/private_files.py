"""Files only the app's own user may read: the development secret key, the SQLite
database and the uploaded evidence (whatever the process umask would allow)."""

from __future__ import annotations

import os
from typing import BinaryIO

FOLDER_MODE, FILE_MODE = 0o700, 0o600


def private_folder(path: str) -> None:
    """Create ``path`` (and its parents) readable by the owner only, if missing."""
    os.makedirs(path, mode=FOLDER_MODE, exist_ok=True)


def create_private(path: str) -> BinaryIO:
    """A new file (never an existing one) open for writing, readable by the owner only."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), "wb")


def restrict(path: str) -> None:
    """Make an existing file the owner's only (SQLite gives its -wal and -shm files the
    database file's mode)."""
    if os.path.exists(path):
        os.chmod(path, FILE_MODE)
