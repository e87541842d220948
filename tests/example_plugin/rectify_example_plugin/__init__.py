"""Garbage sorting inspections (垃圾分类检查): an example third-party Rectify plugin.

An item with this check type may be submitted for verification after enough inspections
of community sorting points, once the latest inspection found the bins in place and no
violations. Inspections dated after today are ignored. The rules are pure functions of
the records, today's date and the settings, so they are tested without the app.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

from rectify.hookspecs import ActorData, CheckType, Field, ItemData, Panel, Reason, hookimpl

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "min_inspections": 3,  # inspections needed before an item may be submitted
}

Record = Mapping[str, Any]

EVENTS_TO_LOG = ("submit", "close", "return_item", "overdue")


def inspections_until(records: list[Record], today: date) -> list[Record]:
    """Inspections up to today, oldest first."""
    return sorted((r for r in records if r["date"] <= today), key=lambda r: r["date"])


def inspection_blockers(records: list[Record], today: date,
                        settings: Mapping[str, Any] = DEFAULTS) -> list[Reason]:
    """Why an item may not be submitted yet; empty when it may."""
    needed = {**DEFAULTS, **settings}["min_inspections"]
    inspections = inspections_until(records, today)
    reasons = []
    if len(inspections) < needed:
        reasons.append(Reason("too_few_inspections",
                              f"已检查{len(inspections)}次，至少需要{needed}次。",
                              f"{len(inspections)} inspections; at least {needed} needed."))
    if inspections:
        reasons += _latest_reasons(inspections[-1])
    return reasons


def _latest_reasons(latest: Record) -> list[Reason]:
    day = latest["date"].isoformat()
    reasons = []
    if latest["violations"]:
        reasons.append(Reason("latest_has_violations",
                              f"最近一次检查（{day}）发现{latest['violations']}处违规投放。",
                              f"The latest inspection ({day}) found "
                              f"{latest['violations']} violations."))
    if not latest.get("bins_ok"):
        reasons.append(Reason("latest_bins_missing",
                              f"最近一次检查（{day}）分类桶不齐全。",
                              f"The latest inspection ({day}) found sorting bins missing."))
    return reasons


GARBAGE_SORTING = CheckType(
    id="garbage_sorting", title_zh="垃圾分类检查", title_en="Garbage sorting inspection",
    description_zh="检查社区垃圾分类投放点：分类桶是否齐全，有无混投等违规投放。",
    description_en="Inspections of community sorting points: bins in place, no violations.",
    unit_codes=("cgj",), blockers=inspection_blockers,
    fields=(
        Field("date", "date", "检查日期", "Inspection date"),
        Field("community", "text", "社区", "Community"),
        Field("bins_ok", "bool", "分类桶齐全", "Sorting bins in place"),
        Field("violations", "int", "违规投放", "Violations", min=0, unit="处"),
    ),
)

def violations_by_community(records: list[Record], today: date,
                            settings: Mapping[str, Any]) -> dict[str, Any]:
    """Figure data: violations found per community, up to today."""
    counts: Counter[str] = Counter()
    for record in inspections_until(records, today):
        counts[record["community"]] += record["violations"]
    communities = sorted(counts)
    return {"kind": "bar", "x": communities, "y": [counts[c] for c in communities]}


@hookimpl
def rectify_plugin_settings() -> dict[str, Any]:
    return dict(DEFAULTS)


@hookimpl
def rectify_check_types() -> list[CheckType]:
    return [GARBAGE_SORTING]


@hookimpl
def rectify_dashboard_panels() -> list[Panel]:
    return [Panel("garbage_sorting_violations", "各社区违规投放", "Violations by community",
                  GARBAGE_SORTING.id, violations_by_community)]


@hookimpl
def rectify_item_event(item: ItemData, event_kind: str, actor: ActorData | None) -> None:
    if item.check_type != GARBAGE_SORTING.id or event_kind not in EVENTS_TO_LOG:
        return
    who = actor.username if actor is not None else "system"
    log.info("Garbage sorting item %s: %s by %s", item.code, event_kind, who)
