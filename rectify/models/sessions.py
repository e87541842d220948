"""Signed-in sessions, kept on the server so that they can be ended.

The browser's (signed) session cookie holds only a random key; the row here says whose
session it is and whether it is still alive. Ending a session (signing out, a new
password, an admin reset, a disabled account, or the user ending it from another
device) takes effect on the next request of every worker, since they all read this
table. Only a SHA-256 hash of the key is stored, so a copy of the database does not let
anyone take over a session.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import now as utcnow
from ..extensions import Model
from .accounts import User


class UserSession(Model):
    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship()
