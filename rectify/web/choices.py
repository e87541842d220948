"""Select-box choices shared by the forms, in the user's language; units in the
official order (:meth:`Unit.official_order`)."""

from __future__ import annotations

from collections.abc import Collection

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select

from .. import workflow
from ..extensions import db
from ..labels import PRIORITY_LABELS, SOURCE_LABELS, STATUS_LABELS, UNIT_KIND_LABELS
from ..models import Campaign, Category, InspectionGroup, Item, Unit, User
from .i18n import language as _locale


def unit_choices(blank: str | None = None, within: Collection[int] | None = None,
                 keeping: Collection[int] = ()) -> list[tuple[int, str]]:
    """Every active unit (of ``within``, when given) in the official order, and the
    inactive ones of ``keeping`` (an item's own units, which it keeps), marked so. Only
    the id and names are read, and the locale looked up once: a province has ~1,000
    units, and loading them as objects and asking the locale per unit took ~15 ms of
    every item list page."""
    locale = _locale()
    query = (select(Unit.id, Unit.name, Unit.name_en, Unit.active)
             .where(or_(Unit.active, Unit.id.in_(sorted(keeping))) if keeping else Unit.active)
             .order_by(*Unit.official_order()))
    if within is not None:
        query = query.where(Unit.id.in_(sorted(within)))
    units = db.session.execute(query)
    choices = [(unit_id, Unit.name_for(name, name_en, locale) if active else
                _("%(name)s (inactive)", name=Unit.name_for(name, name_en, locale)))
               for unit_id, name, name_en, active in units]
    return [(0, blank)] + choices if blank else choices


def campaign_choices(blank: str | None = None) -> list[tuple[int, str]]:
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.year.desc(), Campaign.id))
    choices = [(c.id, c.title) for c in campaigns]
    return [(0, blank)] + choices if blank else choices


def raisable_campaign_choices(current: Campaign | None = None) -> list[tuple[int, str]]:
    """The campaigns that accept items now (检查 or 反馈整改, not archived), and the item's
    own campaign when editing, so saving other fields keeps it."""
    from ..services.setup.campaigns import raisable_campaigns

    campaigns = raisable_campaigns()
    if current is not None and current not in campaigns:
        campaigns.append(current)
    return [(c.id, c.title) for c in campaigns]


def committee_user_choices() -> list[tuple[int, str]]:
    """Active committee staff, who make up inspection groups."""
    users = db.session.scalars(select(User).where(User.role == workflow.COMMITTEE, User.active)
                               .order_by(User.username))
    return [(u.id, u.name) for u in users]


def category_choices(blank: str | None = None, offered_for: Item | None = None,
                     every: bool = False) -> list[tuple[int, str]]:
    """The categories an item may be given (the active ones, and ``offered_for``'s own),
    or ``every`` one (to filter lists by, as items keep retired categories)."""
    query = select(Category).order_by(Category.position, Category.id)
    if not every:
        query = query.where(Category.offered_clause(offered_for.category_id
                                                    if offered_for else None))
    categories = db.session.scalars(query)
    choices = [(c.id, c.display_name(_locale())) for c in categories]
    return [(0, blank)] + choices if blank else choices


def group_choices(blank: str | None = None) -> list[tuple[int, str]]:
    """Every campaign's groups; a name that recurs (next year's campaign copies the groups)
    is told apart by its campaign's year: 第一检查组（2027）."""
    rows = db.session.execute(select(InspectionGroup.id, InspectionGroup.name, Campaign.year)
                              .join(Campaign).order_by(InspectionGroup.id)).all()
    names = [name for _id, name, _year in rows]
    choices = [(group_id, f"{name}（{year}）" if names.count(name) > 1 else name)
               for group_id, name, year in rows]
    return [(0, blank)] + choices if blank else choices


def label_choices(labels: dict, blank: str | None = None) -> list[tuple[str, str]]:
    choices = [(code, str(label)) for code, label in labels.items()]
    return [("", blank)] + choices if blank else choices


def source_choices(blank: str | None = None):
    return label_choices(SOURCE_LABELS, blank)


def status_choices(blank: str | None = None):
    return label_choices(STATUS_LABELS, blank)


def unit_kind_choices(blank: str | None = None):
    return label_choices(UNIT_KIND_LABELS, blank)


def priority_choices():
    return label_choices(PRIORITY_LABELS)


def check_type_choices(current: str | None = None) -> list[tuple[str, str]]:
    """Every enabled check type, with the units it suits: 河道巡查（适用：市水利局）.

    An item's current check type stays selectable even when its plugin is disabled, so
    editing other fields does not silently drop it.
    """
    from ..plugins import check_types

    locale = _locale()
    types = sorted(check_types(current_app).values(), key=lambda c: c.id)
    codes = {code for check_type in types for code in check_type.unit_codes}
    names = {u.code: u.display_name(locale)
             for u in db.session.scalars(select(Unit).where(Unit.code.in_(codes)))}
    choices = [("", _("None"))]
    for check_type in types:
        suits = "、".join(names.get(code) or code for code in check_type.unit_codes)
        label = check_type.title(locale)
        choices.append((check_type.id, _("%(title)s (for %(units)s)", title=label, units=suits)
                        if suits else label))
    if current and current not in {value for value, _label in choices}:
        choices.append((current, _("%(id)s (plugin not enabled)", id=current)))
    return choices


def any_label() -> str:
    return _("All")
