"""The working-day calendar's special days: weekday holidays and weekend days worked in
exchange (调休上班), seeded from the chinesecalendar library and kept by the administrator
(the State Council announces each year's days in the winter before)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model

SOURCES = ("library", "admin")


class SpecialDay(Model):
    """A day that does not follow the Monday-to-Friday rule (or is a named holiday)."""

    __tablename__ = "special_day"

    day: Mapped[date] = mapped_column(primary_key=True)
    is_working_day: Mapped[bool]
    name: Mapped[str] = mapped_column(String(40), default="")
    # Who entered it: the library's seed never overwrites the administrator's corrections.
    source: Mapped[str] = mapped_column(String(10), default="admin")
