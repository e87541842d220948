"""Running numbers handed out under a lock, so simultaneous writers never take the same."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model


class CodeCounter(Model):
    """The last number handed out for one code prefix (an item code's campaign and unit,
    ``ZG26-CGJ-``). Writers lock the row (UPDATE) before numbering and keep the lock to
    their commit, so concurrent raises and imports for one unit wait for each other
    instead of reading the same highest number."""

    __tablename__ = "code_counter"

    prefix: Mapped[str] = mapped_column(String(40), primary_key=True)
    last: Mapped[int]
