"""Creating and changing users and units (admin pages and CLI share these)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ... import workflow
from ...extensions import db
from ...models import UNIT_KINDS, Unit, UnitAlias, User
from ..setup import hierarchy
from ..tracking.audit import record_event
from . import tokens, user_sessions

ACCOUNT_ERRORS = {
    "username_taken": _l("This username is already taken."),
    "bad_role": _l("Unknown role."),
    "unit_required": _l("A department user must be bound to a unit."),
    "unknown_unit": _l("Unknown unit."),
    "code_taken": _l("Another unit has this code."),
    "name_taken": _l("Another unit has this name."),
    "bad_kind": _l("Unknown kind of unit."),
    "bad_parent": _l("A unit cannot be its own parent."),
    "alias_taken": _l("Another unit already goes by this short name or alias."),
    "parent_below_unit": _l("A unit cannot be placed under one of its own sub-units."),
    "station_needs_town": _l("A station must belong to a town."),
    "town_holds_stations": _l("Only stations can belong to a town."),
    "station_has_no_sub_units": _l("A station cannot have sub-units."),
}


class AccountError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _checked_unit_binding(role: str, unit_id: int | None) -> int | None:
    if role not in workflow.ROLES:
        raise AccountError("bad_role")
    if role != workflow.DEPARTMENT:
        return None
    if unit_id is None:
        raise AccountError("unit_required")
    if db.session.get(Unit, unit_id) is None:
        raise AccountError("unknown_unit")
    return unit_id


def create_user(username: str, password: str, role: str, unit_id: int | None = None,
                display_name: str = "", locale: str = "zh_Hans_CN", actor: User | None = None,
                email: str | None = None) -> User:
    username = username.strip()
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AccountError("username_taken")
    user = User(username=username, role=role, display_name=display_name.strip(), locale=locale,
                unit_id=_checked_unit_binding(role, unit_id), email=(email or "").strip() or None)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    record_event(None, actor, "user_created",
                 new={"user": username, "role": role, "unit_id": user.unit_id})
    db.session.commit()
    return user


def update_user(user: User, role: str, unit_id: int | None, display_name: str, active: bool,
                actor: User | None = None, email: str | None = None) -> User:
    before = {"role": user.role, "unit_id": user.unit_id, "active": user.active}
    user.unit_id = _checked_unit_binding(role, unit_id)
    user.role = role
    user.display_name = display_name.strip()
    user.active = active
    if not active:
        user_sessions.end_all(user)
    if email is not None:  # None: leave the address as it is
        user.email = email.strip() or None
    after = {"role": user.role, "unit_id": user.unit_id, "active": user.active}
    record_event(None, actor, "user_changed", old={"user": user.username, **before},
                 new={"user": user.username, **after})
    db.session.commit()
    return user


def set_password(user: User, password: str, actor: User | None = None,
                 keep_session_key: str | None = None) -> None:
    """A new password ends every session of the user (but ``keep_session_key``'s: the
    user's own, changing it), on every device, and revokes the user's API tokens."""
    user.set_password(password)
    user_sessions.end_all(user, keep_key=keep_session_key)
    tokens.revoke_all(user)
    record_event(None, actor, "password_reset", new={"user": user.username})
    db.session.commit()


def _taken_by_another_unit(unit: Unit | None, names: list[str]) -> bool:
    """Whether any of ``names`` is another unit's name, short name or alias: each name
    must lead the problem-list import to one unit only."""
    names = [name for name in names if name]
    own = Unit.id != (unit.id if unit else -1)
    named = select(Unit.id).where(own, (Unit.name.in_(names)) | (Unit.short_name.in_(names)))
    aliased = select(UnitAlias.id).join(Unit).where(own, UnitAlias.name.in_(names))
    return (db.session.scalar(named.limit(1)) is not None
            or db.session.scalar(aliased.limit(1)) is not None)


def _set_aliases(unit: Unit, names: list[str]) -> None:
    kept = {alias.name: alias for alias in unit.aliases}
    unit.aliases = [kept.get(name) or UnitAlias(name=name) for name in names]


def save_unit(unit: Unit | None, code: str, name: str, name_en: str, kind: str,
              parent_id: int | None, active: bool = True, actor: User | None = None,
              position: int | None = None, short_name: str = "",
              aliases: list[str] | None = None) -> Unit:
    """Create a unit (``unit`` None) or change one. ``position`` None keeps the unit's
    official order number (a new unit comes after the last one), ``aliases`` None its
    aliases."""
    code, name, short_name = code.strip().lower(), name.strip(), short_name.strip()
    aliases = None if aliases is None else [a.strip() for a in aliases if a.strip()]
    if kind not in UNIT_KINDS:
        raise AccountError("bad_kind")
    others = select(Unit.id).where(Unit.id != (unit.id if unit else -1))
    if db.session.scalar(others.where(Unit.code == code)) is not None:
        raise AccountError("code_taken")
    if db.session.scalar(others.where(Unit.name == name)) is not None:
        raise AccountError("name_taken")
    if _taken_by_another_unit(unit, [name, short_name, *(aliases or [])]):
        raise AccountError("alias_taken")
    parent_problem = hierarchy.parent_problem(unit, kind, parent_id)
    if parent_problem is not None:
        raise AccountError(parent_problem)
    created = unit is None
    unit = unit or Unit()
    unit.code, unit.name, unit.name_en, unit.kind = code, name, name_en.strip(), kind
    unit.parent_id, unit.active = parent_id, active
    unit.short_name = short_name
    if position is None and created:
        position = (db.session.scalar(select(func.max(Unit.position))) or 0) + 1
    if position is not None:
        unit.position = position
    if aliases is not None:
        _set_aliases(unit, aliases)
    db.session.add(unit)
    record_event(None, actor, "unit_created" if created else "unit_changed",
                 new={"code": code, "name": name, "kind": kind, "parent_id": parent_id,
                      "active": active, "position": unit.position, "short_name": short_name,
                      "aliases": unit.alias_names})
    db.session.commit()
    return unit
