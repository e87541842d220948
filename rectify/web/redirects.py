"""Where a ``next`` parameter may send the browser: one rule for every redirect."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Browsers drop tabs and line breaks from a Location ("/\t/evil.example" becomes
# "//evil.example", another host) and read a backslash as a slash; a line break would
# also be refused by the server (a 500). Spaces have no place in our paths either.
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")


def local_target(target: str | None, fallback: str) -> str:
    """``target`` if it is a path on this site, else ``fallback``."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return fallback
    if _UNSAFE.search(target):
        return fallback
    parts = urlsplit(target)
    return fallback if parts.scheme or parts.netloc else target
