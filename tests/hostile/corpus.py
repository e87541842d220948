"""A corpus of hostile inputs, by name.

Each :class:`Hostile` value says whether the app must always refuse it (``refused``) or
may accept it as ordinary text (then it must be stored verbatim and shown escaped).
Forms get ``form`` (a string, or raw bytes that are not UTF-8); JSON bodies get ``json``.
The file cases are (file name, bytes) pairs for uploads and the Excel import.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

SCRIPT = "<script>alert(1)</script>"


@dataclass(frozen=True)
class Hostile:
    name: str
    form: str | bytes
    refused: bool  # True: no field anywhere may accept it
    json: Any = None  # the value sent in JSON bodies (defaults to ``form``)

    def json_value(self) -> Any:
        return self.form if self.json is None else self.json


TEXT = [
    Hostile("100k_chars", "长" * 100_000, refused=True),
    Hostile("nul", "abc\x00def", refused=True),
    Hostile("ansi_escape", "\x1b[31mred", refused=True),
    Hostile("broken_utf8", b"\xff\xfe\xfa", refused=True, json="\udcff"),
    Hostile("script_tag", SCRIPT, refused=False),
    Hostile("sql_metacharacters", "'; DROP TABLE item; --", refused=False),
    Hostile("path_traversal", "../../etc/passwd", refused=False),
    Hostile("huge_number", str(2**63), refused=False),
    Hostile("negative_number", "-1", refused=False),
    Hostile("unicode_digit", "²", refused=False),  # str.isdigit() is True, int() fails
]

# Values only JSON can carry: wrong types and numbers no column holds.
JSON_ONLY = [
    Hostile("json_huge_int", "", refused=True, json=2**63),
    Hostile("json_negative_id", "", refused=True, json=-1),
    Hostile("json_float_overflow", "", refused=True, json=1e308),
    Hostile("json_null", "", refused=True, json=None),
    Hostile("json_list", "", refused=True, json=[SCRIPT]),
    Hostile("json_object", "", refused=True, json={"$ne": 1}),
]


def by_name(name: str) -> Hostile:
    return next(h for h in TEXT + JSON_ONLY if h.name == name)


# Uploaded evidence files ----------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTML = b"<html><body><script>alert(1)</script></body></html>"

# (file name, bytes): evidence files the app must refuse, and why (its UPLOAD_ERRORS code).
REFUSED_UPLOADS = {
    "png_named_exe": (("tool.exe", PNG), "type"),
    "html_named_png": (("photo.png", HTML), "content"),
    "html_file": (("page.html", HTML), "type"),
    "svg_with_script": (("logo.svg", b"<svg onload='alert(1)'/>"), "type"),
    "no_extension": (("README", b"text"), "type"),
    "empty_png": (("empty.png", b""), "empty"),
    "nul_in_txt": (("notes.txt", b"a\x00b"), "content"),
}

# Names that try to leave the upload folder; the content is a valid PNG, so the upload is
# accepted — under a random stored name, keeping only the last part of the name.
TRAVERSAL_NAMES = {
    "unix_traversal": ("../../etc/passwd.png", "passwd.png"),
    "windows_traversal": ("..\\..\\boot.ini.png", "boot.ini.png"),
    "absolute_path": ("/etc/cron.d/evil.png", "evil.png"),
    "control_characters": ("bad\x1b[31m\x00name.png", "bad[31mname.png"),
}


# Problem-list imports that are not Excel workbooks ---------------------------------------

def zip_with(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_bomb(inflated_bytes: int) -> bytes:
    """A small zip that claims to be a workbook and inflates to ``inflated_bytes``."""
    return zip_with({"xl/workbook.xml": b"<workbook/>", "xl/bomb.bin": b"\x00" * inflated_bytes})


FAKE_WORKBOOKS = {
    "html_named_xlsx": HTML,
    "csv_named_xlsx": "牵头单位,问题类别\n市甲局,依法行政\n".encode(),
    "empty_file": b"",
    "zip_without_workbook": zip_with({"readme.txt": b"not a workbook"}),
    "truncated_zip": zip_with({"xl/workbook.xml": b"<workbook/>"})[:30],
    "broken_workbook_xml": zip_with({"xl/workbook.xml": b"\xff\xfe\xfa<<<",
                                     "[Content_Types].xml": b"<<<"}),
}
