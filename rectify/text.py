"""What free text users type may contain.

Control characters (NUL, escape, ...) have no place in a problem, a reason or a name:
PostgreSQL refuses NUL in text, and the others corrupt exports and letters. Nor have the
code points XML cannot hold (U+FFFE, U+FFFF, lone surrogates): one of them in a record
broke the Word reports for everyone. Line breaks and tabs are text. Forms, the API,
imports and plugin check records all use this rule; :func:`xml_safe` cleans what was
stored before it, for the document writers.
"""

from __future__ import annotations

import re

# The noncharacters go into the pattern as the characters themselves: the API's
# validator (a Rust regex) and Python's ``re`` both read them so, not each other's escapes.
CONTROL_CHARACTERS = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f\ufffe\uffff"
# A regular expression matching text without control characters (for validators and
# the OpenAPI document's ``pattern``).
WITHOUT_CONTROL_CHARACTERS = f"^[^{CONTROL_CHARACTERS}]*$"
SURROGATES = "\\ud800-\\udfff"
_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}{SURROGATES}]")
_NOT_IN_XML = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\ufffe\uffff{SURROGATES}]")


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text))


def was_not_utf8(text: str) -> bool:
    """Whether submitted form text held bytes that were not UTF-8: Werkzeug decodes them
    to U+FFFD silently, which would store damaged text."""
    return "\ufffd" in text


# Characters no file name may hold on Windows, macOS or Linux, and control characters.
_UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


def safe_file_name(name: str) -> str:
    """``name`` as a file name that unpacks safely anywhere (in a zip, a download): no
    path separators or other reserved characters, no leading dots, not empty; Chinese
    is kept."""
    cleaned = _UNSAFE_IN_FILE_NAME.sub("_", name).strip().lstrip(".")
    return cleaned[:120] or "_"


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML document (Word, Excel) cannot contain."""
    return _NOT_IN_XML.sub("", text)


# A name, a title or a code is one line: a line break in a unit's name broke the letters'
# layout and download names, and a direction control (U+202E) makes "…xcod.exe.docx" read
# as "…exe.docx" backwards.
_NOT_SINGLE_LINE = re.compile("[\r\n\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def is_single_line(text: str) -> bool:
    """No line breaks and no text-direction controls."""
    return not _NOT_SINGLE_LINE.search(text)
