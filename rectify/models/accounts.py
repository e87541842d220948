"""User accounts and roles."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..clock import now as utcnow
from ..extensions import Model
from ..workflow import DEPARTMENT, Actor
from .org import Unit


class User(UserMixin, Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(80), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    locale: Mapped[str] = mapped_column(String(20), default="zh_Hans_CN")
    email: Mapped[str | None] = mapped_column(String(254))  # notices are mailed here
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Two-factor sign-in (rectify/services/accounts/two_factor.py): the TOTP secret once enrolled,
    # and the last time step a code was accepted for, so a code is never accepted twice.
    totp_secret: Mapped[str | None] = mapped_column(String(32))
    totp_last_step: Mapped[int | None]

    unit: Mapped[Unit | None] = relationship()

    def set_password(self, password: str) -> None:
        method = (current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
                  if has_app_context() else "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def actor(self) -> Actor:
        if self.role != DEPARTMENT:
            return Actor(role=self.role)
        from ..permissions import sub_unit_ids  # permissions reads the models

        return Actor(role=self.role, unit_id=self.unit_id,
                     sub_unit_ids=sub_unit_ids(self.unit_id))

    @property
    def name(self) -> str:
        return self.display_name or self.username


class LoginFailure(Model):
    """A failed sign-in, kept for a while to slow down password guessing."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class RecoveryCode(Model):
    """A one-time code that signs in instead of a TOTP code (a lost phone). Only a
    SHA-256 hash is stored: the codes are random, so no slow hash is needed."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]
