"""River sand mining (河道采砂): 市水利局, 胶河.

From the report: illegal sand digging in the Jiao River "屡禁不止". An item closes only
after enough patrols over a long enough span, without long gaps, the latest all clean.
Patrols dated after today are ignored. The rules are pure functions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from rectify.hookspecs import CheckType, Field, Panel, Reason, hookimpl

DEFAULTS: dict[str, Any] = {
    "min_patrols": 8,       # patrols needed in all
    "min_span_days": 30,    # days from the first patrol to the last
    "clean_tail": 4,        # the latest patrols that must all be clean
    "max_gap_days": 10,     # longest allowed gap between two patrols
}

Record = Mapping[str, Any]

def patrols_until(records: Sequence[Record], today: date) -> list[Record]:
    """Patrols up to today, by date; on one day a dirty patrol counts as the later one."""
    past = [r for r in records if r["date"] <= today]
    return sorted(past, key=lambda r: (r["date"], bool(r.get("illegal_mining_found"))))


def patrol_blockers(records: Sequence[Record], today: date,
                    settings: Mapping[str, Any] = DEFAULTS) -> list[Reason | str]:
    s = {**DEFAULTS, **settings}
    patrols = patrols_until(records, today)
    reasons: list[Reason | str] = []
    if len(patrols) < s["min_patrols"]:
        reasons.append(Reason("too_few_patrols",
                              f"巡查{len(patrols)}次，至少需要{s['min_patrols']}次。",
                              f"{len(patrols)} patrols; at least {s['min_patrols']} needed."))
    if patrols:
        reasons += _span_reasons(patrols, s) + _tail_reasons(patrols, s) + _gap_reasons(patrols, s)
    return reasons


def _span_reasons(patrols: list[Record], s: Mapping[str, Any]) -> list[Reason]:
    span = (patrols[-1]["date"] - patrols[0]["date"]).days
    if span >= s["min_span_days"]:
        return []
    return [Reason("span_too_short",
                   f"巡查仅跨{span}天，至少需要{s['min_span_days']}天。",
                   f"Patrols span {span} days; at least {s['min_span_days']} needed.")]


def _tail_reasons(patrols: list[Record], s: Mapping[str, Any]) -> list[Reason]:
    tail = patrols[-s["clean_tail"]:]
    dirty = [p for p in tail if p.get("illegal_mining_found")]
    if not dirty:
        return []
    last = dirty[-1]["date"].isoformat()
    return [Reason("recent_mining_found",
                   f"最近{s['clean_tail']}次巡查中有{len(dirty)}次发现非法采砂（最近：{last}）。",
                   f"Illegal mining found in {len(dirty)} of the latest {s['clean_tail']} "
                   f"patrols (latest: {last}).")]


def _gap_reasons(patrols: list[Record], s: Mapping[str, Any]) -> list[Reason]:
    reasons = []
    for before, after in pairwise(patrols):
        gap = (after["date"] - before["date"]).days
        if gap > s["max_gap_days"]:
            a, b = before["date"].isoformat(), after["date"].isoformat()
            reasons.append(Reason("patrol_gap",
                                  f"{a}至{b}间隔{gap}天，超过{s['max_gap_days']}天。",
                                  f"{gap} days between {a} and {b}; at most "
                                  f"{s['max_gap_days']} allowed."))
    return reasons


RIVER_PATROL = CheckType(
    id="river_patrol", title_zh="河道巡查", title_en="River patrol",
    description_zh="胶河禁采区巡查记录：连续、无长间隔，最近几次未发现非法采砂。",
    description_en="Patrols of the no-mining sections: regular, no long gaps, latest clean.",
    unit_codes=("slj",), category_codes=("law",), blockers=patrol_blockers,
    fields=(
        Field("date", "date", "巡查日期", "Patrol date"),
        Field("river_section", "text", "河段", "River section"),
        Field("illegal_mining_found", "bool", "发现非法采砂", "Illegal mining found"),
        Field("equipment_seized", "int", "查扣设备", "Equipment seized", min=0, unit="台"),
        Field("evidence", "text", "巡查记录及照片说明", "Evidence", required=False),
    ),
)


def patrols_per_week(records: Sequence[Record], today: date,
                     settings: Mapping[str, Any]) -> dict[str, Any]:
    """Patrols and patrols finding illegal mining, per ISO week (Monday's date)."""
    weeks: Counter[str] = Counter()  # by Monday's date
    found: Counter[str] = Counter()
    for patrol in patrols_until(records, today):
        monday = (patrol["date"] - timedelta(days=patrol["date"].weekday())).isoformat()
        weeks[monday] += 1
        found[monday] += bool(patrol.get("illegal_mining_found"))
    x = sorted(weeks)
    return {"kind": "bar", "x": x,
            "series": {"patrols": [weeks[w] for w in x], "found": [found[w] for w in x]},
            "series_labels_zh": {"patrols": "巡查次数", "found": "发现非法采砂"},
            "series_labels_en": {"patrols": "Patrols", "found": "Illegal mining found"}}


@hookimpl
def rectify_plugin_settings() -> dict[str, Any]:
    return dict(DEFAULTS)


@hookimpl
def rectify_check_types() -> list[CheckType]:
    return [RIVER_PATROL]


@hookimpl
def rectify_dashboard_panels() -> list[Panel]:
    return [Panel("sand_mining_patrols", "胶河巡查（按周）", "River patrols per week",
                  RIVER_PATROL.id, patrols_per_week)]
