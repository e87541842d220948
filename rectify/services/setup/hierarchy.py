"""The unit hierarchy: towns (镇街区) over their stations (站所), departments over their
sub-units (市交通运输局 over 公路处, 客运办 ...). Which parent a unit may have, and
figures counted per lead unit rolled up to every unit above it.

Who may *read* what down the tree is :mod:`rectify.permissions`; this module only
shapes and sums the tree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from sqlalchemy import select

from ...extensions import db
from ...models import Unit
from ...permissions import unit_subtree_ids

TOWN = "town"
STATION = "station"

Figure = TypeVar("Figure")


def ancestors_of_every_unit() -> dict[int, tuple[int, ...]]:
    """Each unit's ancestors, nearest first, from one read of every unit's parent."""
    parents = dict(db.session.execute(select(Unit.id, Unit.parent_id)).all())
    chains = {}
    for unit_id in parents:
        chain, parent = [], parents[unit_id]
        while parent is not None and parent != unit_id and parent not in chain:
            chain.append(parent)
            parent = parents.get(parent)
        chains[unit_id] = tuple(chain)
    return chains


def roll_up(per_unit: Mapping[int, Figure],
            combine: Callable[[Figure, Figure], Figure]) -> dict[int, Figure]:
    """Each unit's figure with those of all the units below it: the figure of every unit
    in ``per_unit`` is combined into its own total and into each of its ancestors'."""
    ancestors = ancestors_of_every_unit()
    totals: dict[int, Figure] = {}
    for unit_id, figure in per_unit.items():
        for target in (unit_id, *ancestors.get(unit_id, ())):
            totals[target] = combine(totals[target], figure) if target in totals else figure
    return totals


def parent_problem(unit: Unit | None, kind: str, parent_id: int | None) -> str | None:
    """Why ``unit`` (``None``: a new one) of ``kind`` may not have ``parent_id`` as its
    parent, as an error code, or ``None`` when it may.

    The tree has no cycle (a unit is neither its own parent nor under one of its own
    sub-units), a station belongs to a town and only stations do, and a unit keeps only
    sub-units its new kind may have (a town its stations, a station none).
    """
    parent = db.session.get(Unit, parent_id) if parent_id is not None else None
    if parent_id is not None and parent is None:
        return "unknown_unit"
    if unit is not None and parent_id is not None and parent_id in unit_subtree_ids(unit.id):
        return "bad_parent" if parent_id == unit.id else "parent_below_unit"
    if kind == STATION and (parent is None or parent.kind != TOWN):
        return "station_needs_town"
    if kind != STATION and parent is not None and parent.kind == TOWN:
        return "town_holds_stations"
    if parent is not None and parent.kind == STATION:
        return "station_has_no_sub_units"
    return _sub_unit_problem(unit, kind)


def _sub_unit_problem(unit: Unit | None, kind: str) -> str | None:
    """Whether the sub-units ``unit`` already has still fit it once its kind is ``kind``."""
    if unit is None:
        return None
    child_kinds = set(db.session.scalars(select(Unit.kind).where(Unit.parent_id == unit.id)))
    if not child_kinds:
        return None
    if kind == STATION:
        return "station_has_no_sub_units"
    if kind == TOWN and child_kinds != {STATION}:
        return "town_holds_stations"
    if kind != TOWN and STATION in child_kinds:
        return "station_needs_town"
    return None
