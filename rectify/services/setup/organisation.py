"""The committee running Rectify (one row): who signs its documents, under which name.

Pages and documents read the names through :func:`current`, which answers the neutral
「市人大常委会」 (in the reader's language) for anything an administrator has not set, so
a fresh installation still reads sensibly. First run (``flask init``), the admin page
and the demo loader all write through :func:`save_organisation`, which audits it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import db
from ...models import Organisation, User
from ...text import has_control_characters
from ..tracking.audit import record_event

MAX_LENGTHS = {"full_name": 100, "short_name": 50, "name_en": 200, "city": 50,
               "sender_name": 100, "doc_prefix": 30}

ORGANISATION_ERRORS = {
    "full_name_required": _l("The committee's full name is required."),
    "too_long": _l("A setting is too long."),
    "control_characters": _l("Control characters are not allowed."),
}


class OrganisationError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class OrganisationSettings:
    """The stored settings, as typed (empty strings where nothing was set)."""

    full_name: str = ""
    short_name: str = ""
    name_en: str = ""
    city: str = ""
    sender_name: str = ""
    doc_prefix: str = ""

    def name(self, lang: str) -> str:
        """The committee's name as a document's text names it (full name; English name
        for English readers when there is one)."""
        if lang == "en" and self.name_en:
            return self.name_en
        return self.full_name or _("Standing Committee of the Municipal People's Congress")

    def short(self, lang: str) -> str:
        """The name used after the first mention and in titles: 简称, else the full name."""
        if lang == "en":
            return self.name(lang)
        return self.short_name or self.name(lang)

    def sender(self, lang: str) -> str:
        """The 落款 at the foot of a document: the sender name, else the committee's name."""
        if lang == "en" and self.name_en:
            return self.name_en
        return self.sender_name or self.name(lang)

    def document_number(self, year: int) -> str:
        """The 文号 line, 某人大常函〔2026〕 号, with the serial number left blank for the
        registry to fill in when the document is issued; empty without a prefix."""
        return f"{self.doc_prefix}〔{year}〕　号" if self.doc_prefix else ""


FIELDS = tuple(f.name for f in fields(OrganisationSettings))


def _row() -> Organisation | None:
    return db.session.scalar(select(Organisation).order_by(Organisation.id).limit(1))


def current() -> OrganisationSettings:
    """The settings in force (all empty before anyone set them)."""
    row = _row()
    if row is None:
        return OrganisationSettings()
    return OrganisationSettings(**{name: getattr(row, name) or "" for name in FIELDS})


def is_set_up() -> bool:
    return _row() is not None


def _checked(values: dict[str, str]) -> dict[str, str]:
    cleaned = {name: (values.get(name) or "").strip() for name in FIELDS}
    if not cleaned["full_name"]:
        raise OrganisationError("full_name_required")
    if any(len(cleaned[name]) > limit for name, limit in MAX_LENGTHS.items()):
        raise OrganisationError("too_long")
    if any(has_control_characters(value) for value in cleaned.values()):
        raise OrganisationError("control_characters")
    return cleaned


def save_organisation(actor: User | None, commit: bool = True,
                      **values: str) -> OrganisationSettings:
    """Create or change the one organisation row, recording what changed (an event
    with no item, like the account events)."""
    cleaned = _checked(values)
    row = _row()
    before = {name: getattr(row, name) for name in FIELDS} if row else {}
    row = row or Organisation()
    for name, value in cleaned.items():
        setattr(row, name, value)
    db.session.add(row)
    changed = [name for name in FIELDS if before.get(name) != cleaned[name]]
    if changed:
        record_event(None, actor, "organisation_changed",
                     old={name: before[name] for name in changed if name in before},
                     new={name: cleaned[name] for name in changed})
    if commit:
        db.session.commit()
    return OrganisationSettings(**cleaned)
