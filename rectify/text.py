"""What free text users type may contain.

Control characters (NUL, escape, ...) have no place in a problem, a reason or a name:
PostgreSQL refuses NUL in text, and the others corrupt exports and letters. Line breaks
and tabs are text. Forms, the API, imports and plugin check records all use this rule.
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f"
# A regular expression matching text without control characters (for validators and
# the OpenAPI document's ``pattern``).
WITHOUT_CONTROL_CHARACTERS = f"^[^{CONTROL_CHARACTERS}]*$"
_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text))


# Characters no file name may hold on Windows, macOS or Linux, and control characters.
_UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


def safe_file_name(name: str) -> str:
    """``name`` as a file name that unpacks safely anywhere (in a zip, a download): no
    path separators or other reserved characters, no leading dots, not empty; Chinese
    is kept."""
    cleaned = _UNSAFE_IN_FILE_NAME.sub("_", name).strip().lstrip(".")
    return cleaned[:120] or "_"
