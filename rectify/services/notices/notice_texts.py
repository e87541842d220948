"""The wording of notices, in the current language (Flask-Babel's locale, which
``force_locale`` sets when a notice is mailed to a user of another language)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import format_date, get_locale, gettext

from ...labels import DELIVERABLE_KIND_LABELS
from ...models import Notification, Unit


def _(message: str, **variables: Any) -> str:
    """Flask-Babel's ``gettext``, typed: Flask-Babel ships no type information."""
    text: str = gettext(message, **variables)
    return text


def _date(value: str | None) -> str:
    if not value:
        return ""
    text: str = format_date(date.fromisoformat(value), "medium")
    return text


def title(notice: Notification) -> str:
    """One line saying what happened, naming the item by its code."""
    p = notice.params or {}
    code: str = p.get("code", "")
    due = _date(p.get("due_date"))
    kind = notice.kind
    if kind.startswith("deliverable_"):
        return _deliverable_title(kind, p)
    if kind == "raised":
        return _("New item %(code)s for your unit, due %(date)s", code=code, date=due)
    if kind == "due_soon":
        return _("Item %(code)s is due %(date)s (%(n)s days left)", code=code, date=due,
                 n=p.get("days", 0))
    if kind == "overdue":
        return _("Item %(code)s is overdue (it was due %(date)s)", code=code, date=due)
    if kind == "submitted":
        return _("Item %(code)s was submitted for verification", code=code)
    if kind == "returned":
        return _("Item %(code)s was returned for more work", code=code)
    if kind == "closed":
        return _("Item %(code)s was verified and closed", code=code)
    if kind == "reopened":
        return _("Item %(code)s was reopened after a re-check", code=code)
    if kind == "extension_requested":
        return _("An extension of item %(code)s to %(date)s is requested", code=code, date=due)
    if kind == "extension_approved":
        return _("The extension of item %(code)s to %(date)s was approved", code=code, date=due)
    if kind == "extension_declined":
        return _("The extension of item %(code)s was declined", code=code)
    if kind == "instruction":
        return _("A leader wrote an instruction on item %(code)s", code=code)
    if kind == "chased":
        return _("The committee chased item %(code)s", code=code)
    return code


def _deliverable_title(kind: str, p: dict[str, Any]) -> str:
    """A deliverable's notice, naming the document and, for the committee, the unit."""
    document_kind = p.get("document", "")
    document = str(DELIVERABLE_KIND_LABELS.get(document_kind, document_kind))
    unit = Unit.name_for(p.get("unit", ""), p.get("unit_en", ""), str(get_locale() or ""))
    due = _date(p.get("due_date"))
    if kind == "deliverable_requested":
        return _("Please submit the %(document)s by %(date)s", document=document, date=due)
    if kind == "deliverable_due_soon":
        return _("The %(document)s is due %(date)s (%(n)s days left)", document=document,
                 date=due, n=p.get("days", 0))
    if kind == "deliverable_overdue":
        return _("The %(document)s of %(unit)s is overdue (it was due %(date)s)",
                 document=document, unit=unit, date=due)
    if kind == "deliverable_submitted":
        return _("%(unit)s submitted its %(document)s", unit=unit, document=document)
    if kind == "deliverable_accepted":
        return _("The %(document)s was accepted", document=document)
    if kind == "deliverable_returned":
        return _("The %(document)s was returned; please submit it again", document=document)
    return _("The committee chased the %(document)s", document=document)


def detail(notice: Notification) -> str:
    """The words that came with the event: a reason, a chase message, an instruction."""
    p = notice.params or {}
    text = p.get("text", "")
    if not text:
        return ""
    who = p.get("actor")
    return f"{who}: {text}" if who else text
