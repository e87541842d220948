"""Units' satisfaction rates (满意率) from the deputies' ratings of their closed items.

The counts are summed in SQL per lead unit; the rate is
:func:`rectify.workflow.satisfaction_rate` of the sums, the one formula the unit's
dashboard page, the league table, its export and the progress report all use.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select

from ... import workflow
from ...extensions import db
from ...models import Item, Rating
from ...permissions import Reader, unit_subtree_ids, visible_items_clause


@dataclass(frozen=True)
class Tally(workflow.RatingCounts):
    """The summed ratings of a unit's rated items."""

    items: int = 0  # how many items were rated

    def __add__(self, other: Tally) -> Tally:
        """The pooled ratings of two units (a town and its stations)."""
        return Tally(self.satisfied + other.satisfied,
                     self.basically_satisfied + other.basically_satisfied,
                     self.dissatisfied + other.dissatisfied, self.items + other.items)


def by_unit(user: Reader, campaign_id: int | None = None,
            *extra: ColumnElement[bool]) -> dict[int, Tally]:
    """Summed ratings per lead unit of the rated items ``user`` may read (optionally of
    one campaign, narrowed by further conditions on ``Item``)."""
    query = (select(Item.lead_unit_id, func.sum(Rating.satisfied),
                    func.sum(Rating.basically_satisfied), func.sum(Rating.dissatisfied),
                    func.count(Rating.id))
             .join(Item, Item.id == Rating.item_id)
             .where(visible_items_clause(user), *extra)
             .group_by(Item.lead_unit_id))
    if campaign_id is not None:
        query = query.where(Item.campaign_id == campaign_id)
    return {unit_id: Tally(int(s or 0), int(b or 0), int(d or 0), int(n))
            for unit_id, s, b, d, n in db.session.execute(query)}


def of_unit(user: Reader, unit_id: int, campaign_id: int | None = None) -> Tally:
    """The summed ratings of the items ``unit_id`` and the units below it lead."""
    subtree = sorted(unit_subtree_ids(unit_id))
    return sum(by_unit(user, campaign_id, Item.lead_unit_id.in_(subtree)).values(), Tally())
