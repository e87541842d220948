"""Paper scoring sheets (纸质评议表) typed into the import template: which anonymous sheet
came from which numbered paper sheet of a rater group.

A paper sheet is stored as the same ``RatingSheet`` and ``SheetScore`` rows an online
sheet is, so results add paper and online up; this table marks it as paper (a sheet
without a row here was filled online) and keys it by its group and sheet number (表号),
so importing a corrected file again replaces the sheet instead of adding a second one.
The number is the one written on the paper, not a person.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import Model


class PaperSheet(Model):
    __tablename__ = "paper_sheet"
    __table_args__ = (UniqueConstraint("rater_group_id", "number"),)

    sheet_id: Mapped[str] = mapped_column(
        ForeignKey("rating_sheet.id", ondelete="CASCADE"), primary_key=True)
    rater_group_id: Mapped[int] = mapped_column(ForeignKey("rater_group.id"))
    number: Mapped[int]
