"""Market management (市场管理): 市城市管理局, 马路市场/早市.

From the report: road markets blocking traffic, and enforcement that grabs scales and
goods (抢秤抢商品). The rules ask for regular inspections, education-first enforcement and
no complaint of violent enforcement for a while. Inspections after today are ignored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from rectify.hookspecs import CheckType, Choice, Field, Panel, Reason, hookimpl

DEFAULTS: dict[str, Any] = {
    "weeks": 4,                   # 7-day windows ending today, each needing an inspection
    "min_education_share": 0.8,   # share of inspections (in those weeks) by education
    "complaint_free_days": 30,    # days up to today without violent-enforcement complaints
}

Record = Mapping[str, Any]

MODES = (
    Choice("education", "教育劝导", "Education"),
    Choice("warning", "警告", "Warning"),
    Choice("seizure", "暂扣物品", "Seizure"),
)

def week_windows(today: date, weeks: int) -> list[tuple[date, date]]:
    """``weeks`` 7-day windows (first day, last day) ending today, latest first."""
    return [(today - timedelta(days=7 * k + 6), today - timedelta(days=7 * k))
            for k in range(weeks)]


def inspection_blockers(records: Sequence[Record], today: date,
                        settings: Mapping[str, Any] = DEFAULTS) -> list[Reason | str]:
    s = {**DEFAULTS, **settings}
    past = [r for r in records if r["date"] <= today]
    return [*_week_reasons(past, today, s), *_education_reasons(past, today, s),
            *_complaint_reasons(past, today, s)]


def _week_reasons(past: list[Record], today: date, s: Mapping[str, Any]) -> list[Reason]:
    empty = [(a, b) for a, b in week_windows(today, s["weeks"])
             if not any(a <= r["date"] <= b for r in past)]
    if not empty:
        return []
    spans = "、".join(f"{a.isoformat()}至{b.isoformat()}" for a, b in empty)
    spans_en = ", ".join(f"{a.isoformat()} to {b.isoformat()}" for a, b in empty)
    return [Reason("week_without_inspection",
                   f"近{s['weeks']}周须每周至少巡查一次，以下时段无巡查：{spans}。",
                   f"An inspection is needed in each of the last {s['weeks']} weeks; "
                   f"none in: {spans_en}.")]


def _education_reasons(past: list[Record], today: date, s: Mapping[str, Any]) -> list[Reason]:
    start = today - timedelta(days=7 * s["weeks"] - 1)
    recent = [r for r in past if r["date"] >= start]
    if not recent:
        return []
    share = sum(r.get("enforcement_mode") == "education" for r in recent) / len(recent)
    floor = s["min_education_share"]
    if share >= floor:
        return []
    return [Reason("education_share_low",
                   f"近{s['weeks']}周教育劝导占{share:.0%}，低于{floor:.0%}。",
                   f"Education in {share:.0%} of inspections over the last {s['weeks']} "
                   f"weeks, below {floor:.0%}.")]


def _complaint_reasons(past: list[Record], today: date, s: Mapping[str, Any]) -> list[Reason]:
    start = today - timedelta(days=s["complaint_free_days"] - 1)
    complaints = sum(r.get("violent_complaints") or 0 for r in past if r["date"] >= start)
    if not complaints:
        return []
    days = s["complaint_free_days"]
    return [Reason("violent_enforcement_complaints",
                   f"近{days}天有{complaints}件野蛮执法投诉。",
                   f"{complaints} complaints of violent enforcement in the last {days} days.")]


MARKET_INSPECTION = CheckType(
    id="market_inspection", title_zh="市场巡查", title_en="Market inspection",
    description_zh="马路市场、早市定期巡查，坚持教育为先、文明执法。",
    description_en="Regular inspections of road and morning markets, education first.",
    unit_codes=("cgj",), category_codes=(), blockers=inspection_blockers,
    fields=(
        Field("date", "date", "巡查日期", "Inspection date"),
        Field("market", "text", "市场", "Market"),
        Field("enforcement_mode", "choice", "执法方式", "Enforcement mode", choices=MODES),
        Field("violent_complaints", "int", "野蛮执法投诉", "Violent-enforcement complaints",
              min=0, unit="件"),
    ),
)


def complaints_by_month(records: Sequence[Record], today: date,
                        settings: Mapping[str, Any]) -> dict[str, Any]:
    """Inspections and complaints of violent enforcement per month, up to today."""
    inspections: Counter[str] = Counter()  # by month, "2026-05"
    complaints: Counter[str] = Counter()
    for record in records:
        if record["date"] <= today:
            month = record["date"].strftime("%Y-%m")
            inspections[month] += 1
            complaints[month] += record.get("violent_complaints") or 0
    months = sorted(inspections)
    return {"kind": "bar", "x": months,
            "series": {"complaints": [complaints[m] for m in months],
                       "inspections": [inspections[m] for m in months]},
            "series_labels_zh": {"complaints": "野蛮执法投诉", "inspections": "巡查次数"},
            "series_labels_en": {"complaints": "Violent-enforcement complaints",
                                 "inspections": "Inspections"}}


@hookimpl
def rectify_plugin_settings() -> dict[str, Any]:
    return dict(DEFAULTS)


@hookimpl
def rectify_check_types() -> list[CheckType]:
    return [MARKET_INSPECTION]


@hookimpl
def rectify_dashboard_panels() -> list[Panel]:
    return [Panel("market_complaints", "市场投诉（按月）", "Market complaints by month",
                  MARKET_INSPECTION.id, complaints_by_month)]
