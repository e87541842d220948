"""Select-box choices shared by the forms, in the user's language and pinyin order."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..labels import PRIORITY_LABELS, SOURCE_LABELS, STATUS_LABELS
from ..models import Campaign, Category, Unit
from .i18n import is_english


def _locale() -> str:
    return "en" if is_english() else "zh"


def unit_choices(blank: str | None = None) -> list[tuple[int, str]]:
    units = db.session.scalars(select(Unit).where(Unit.active).order_by(Unit.sort_key))
    choices = [(u.id, u.display_name(_locale())) for u in units]
    return [(0, blank)] + choices if blank else choices


def campaign_choices(blank: str | None = None) -> list[tuple[int, str]]:
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.year.desc(), Campaign.id))
    choices = [(c.id, c.title) for c in campaigns]
    return [(0, blank)] + choices if blank else choices


def category_choices(blank: str | None = None) -> list[tuple[int, str]]:
    categories = db.session.scalars(select(Category).order_by(Category.position, Category.id))
    choices = [(c.id, c.display_name(_locale())) for c in categories]
    return [(0, blank)] + choices if blank else choices


def label_choices(labels: dict, blank: str | None = None) -> list[tuple[str, str]]:
    choices = [(code, str(label)) for code, label in labels.items()]
    return [("", blank)] + choices if blank else choices


def source_choices(blank: str | None = None):
    return label_choices(SOURCE_LABELS, blank)


def status_choices(blank: str | None = None):
    return label_choices(STATUS_LABELS, blank)


def priority_choices():
    return label_choices(PRIORITY_LABELS)


def any_label() -> str:
    return _("All")
