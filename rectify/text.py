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
