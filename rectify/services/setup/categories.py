"""Problem categories (问题类别), kept by administrators: add, rename, reorder, retire."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ...extensions import db
from ...models import Category, User
from ..tracking.audit import record_event

CATEGORY_ERRORS = {
    "code_taken": _l("Another category has this code."),
    "name_taken": _l("Another category has this name."),
}


class CategoryError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def ordered() -> list[Category]:
    """Every category, active or not, in the order lists and documents use."""
    return list(db.session.scalars(select(Category).order_by(Category.position, Category.id)))


def save_category(category: Category | None, code: str, name: str, name_en: str,
                  position: int, active: bool, actor: User | None = None) -> Category:
    """Create a category (``category`` None) or change one; codes and names are unique."""
    code, name = code.strip().lower(), name.strip()
    others = select(Category.id).where(Category.id != (category.id if category else -1))
    if db.session.scalar(others.where(Category.code == code)) is not None:
        raise CategoryError("code_taken")
    if db.session.scalar(others.where(Category.name == name)) is not None:
        raise CategoryError("name_taken")
    created = category is None
    category = category or Category()
    before = None if created else _values(category)
    category.code, category.name, category.name_en = code, name, name_en.strip()
    category.position, category.active = position, active
    db.session.add(category)
    record_event(None, actor, "category_created" if created else "category_changed",
                 old=before, new=_values(category))
    db.session.commit()
    return category


def _values(category: Category) -> dict[str, Any]:
    return {"code": category.code, "name": category.name, "name_en": category.name_en,
            "position": category.position, "active": category.active}
