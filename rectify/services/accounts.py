"""Creating and changing users and units (admin pages and CLI share these)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import workflow
from ..extensions import db
from ..models import UNIT_KINDS, Unit, User
from . import tokens, user_sessions
from .audit import record_event

ACCOUNT_ERRORS = {
    "username_taken": _l("This username is already taken."),
    "bad_role": _l("Unknown role."),
    "unit_required": _l("A department user must be bound to a unit."),
    "unknown_unit": _l("Unknown unit."),
    "code_taken": _l("Another unit has this code."),
    "name_taken": _l("Another unit has this name."),
    "bad_kind": _l("Unknown kind of unit."),
    "bad_parent": _l("A unit cannot be its own parent."),
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
    record_event(None, actor, "user_created", new={"user": username, "role": role, "unit_id": user.unit_id})
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


def save_unit(unit: Unit | None, code: str, name: str, name_en: str, kind: str,
              parent_id: int | None, active: bool = True, actor: User | None = None) -> Unit:
    """Create a unit (``unit`` None) or change one."""
    code, name = code.strip().lower(), name.strip()
    if kind not in UNIT_KINDS:
        raise AccountError("bad_kind")
    others = select(Unit.id).where(Unit.id != (unit.id if unit else -1))
    if db.session.scalar(others.where(Unit.code == code)) is not None:
        raise AccountError("code_taken")
    if db.session.scalar(others.where(Unit.name == name)) is not None:
        raise AccountError("name_taken")
    if unit is not None and parent_id == unit.id:
        raise AccountError("bad_parent")
    if parent_id is not None and db.session.get(Unit, parent_id) is None:
        raise AccountError("unknown_unit")
    created = unit is None
    unit = unit or Unit()
    unit.code, unit.name, unit.name_en, unit.kind = code, name, name_en.strip(), kind
    unit.parent_id, unit.active = parent_id, active
    db.session.add(unit)
    record_event(None, actor, "unit_created" if created else "unit_changed",
                 new={"code": code, "name": name, "kind": kind, "parent_id": parent_id,
                      "active": active})
    db.session.commit()
    return unit
