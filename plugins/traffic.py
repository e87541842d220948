"""Traffic enforcement (交通执法): 市公安局, 交警大队, 市交通运输局.

From the report: speed cameras without posted and published speed-limit signs; fake
plates and unlicensed taxis (假牌车、黑车) left unchecked; fines that fall mostly on
non-local vehicles. The rules are pure functions of record dicts, today and settings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from rectify.hookspecs import CheckType, Field, Panel, Reason, hookimpl

UNIT_CODES = ("gaj", "jj", "jtj")
CATEGORY_CODES = ("law",)

DEFAULTS: dict[str, Any] = {
    "plate_months": 3,                 # consecutive monthly reports needed, ending last month
    "max_complaints_last_month": 5,    # public complaints allowed in last month's report
    "nonlocal_months": 3,              # consecutive months the non-local share is watched
    "max_nonlocal_share": 0.3,         # ceiling of fines on non-local vehicles
}

Record = Mapping[str, Any]

# Months ------------------------------------------------------------------------------

def month_of(day: date) -> tuple[int, int]:
    return day.year, day.month


def months_ending_last_month(today: date, count: int) -> list[tuple[int, int]]:
    """The ``count`` calendar months before today's month, oldest first."""
    index = today.year * 12 + today.month - 1  # today's month as a running number
    return [((index - back) // 12, (index - back) % 12 + 1) for back in range(count, 0, -1)]


def month_label(month: tuple[int, int]) -> str:
    return f"{month[0]}-{month[1]:02d}"


def by_month(records: Sequence[Record]) -> dict[tuple[int, int], list[Record]]:
    grouped: dict[tuple[int, int], list[Record]] = defaultdict(list)
    for record in records:
        grouped[month_of(record["month"])].append(record)
    return grouped


def missing_months(records: Sequence[Record], today: date, count: int) -> Reason | None:
    grouped = by_month(records)
    missing = [m for m in months_ending_last_month(today, count) if m not in grouped]
    if not missing:
        return None
    labels = "、".join(month_label(m) for m in missing)
    return Reason("months_missing",
                  f"须连续{count}个月（截至上月）报送，缺少：{labels}。",
                  f"{count} consecutive monthly reports up to last month are needed; "
                  f"missing: {labels.replace('、', ', ')}.")


# Rules --------------------------------------------------------------------------------

def speed_camera_blockers(records: Sequence[Record], today: date,
                          settings: Mapping[str, Any] = DEFAULTS) -> list[Reason | str]:
    """At least one site; every site's speed-limit sign posted and published."""
    if not records:
        return [Reason("no_sites", "尚未登记任何测速点。", "No speed-camera site is recorded.")]
    reasons: list[Reason | str] = []
    for site in records:
        where = site.get("location") or "?"
        if not site.get("sign_posted"):
            reasons.append(Reason("sign_not_posted", f"测速点“{where}”未设置限速标志。",
                                  f"Speed-camera site “{where}” has no speed-limit sign."))
        if not site.get("published"):
            reasons.append(Reason("site_not_published", f"测速点“{where}”未向社会公布。",
                                  f"Speed-camera site “{where}” is not published."))
    return reasons


def plate_enforcement_blockers(records: Sequence[Record], today: date,
                               settings: Mapping[str, Any] = DEFAULTS) -> list[Reason | str]:
    """Reports for N consecutive months ending last month; last month's complaints
    at most the ceiling (several reports for one month add up)."""
    s = {**DEFAULTS, **settings}
    reasons: list[Reason | str] = [
        r for r in [missing_months(records, today, s["plate_months"])] if r]
    last = months_ending_last_month(today, 1)[0]
    reported = by_month(records).get(last)
    complaints = sum(r.get("complaints") or 0 for r in reported or ())
    if reported and complaints > s["max_complaints_last_month"]:
        limit = s["max_complaints_last_month"]
        reasons.append(Reason(
            "too_many_complaints",
            f"{month_label(last)}群众投诉{complaints}件，超过上限{limit}件。",
            f"{month_label(last)}: {complaints} public complaints, more than the limit {limit}."))
    return reasons


def nonlocal_share(month_records: list[Record]) -> float:
    """Share of fines on non-local vehicles; 0 when there were no fines."""
    local = sum(r.get("fines_local") or 0 for r in month_records)
    nonlocal_ = sum(r.get("fines_nonlocal") or 0 for r in month_records)
    total = local + nonlocal_
    return nonlocal_ / total if total else 0.0


def nonlocal_fines_blockers(records: Sequence[Record], today: date,
                            settings: Mapping[str, Any] = DEFAULTS) -> list[Reason | str]:
    """Reports for N consecutive months ending last month, each with the non-local share
    of fines at most the ceiling."""
    s = {**DEFAULTS, **settings}
    reasons: list[Reason | str] = [
        r for r in [missing_months(records, today, s["nonlocal_months"])] if r]
    grouped = by_month(records)
    ceiling = s["max_nonlocal_share"]
    for month in months_ending_last_month(today, s["nonlocal_months"]):
        share = nonlocal_share(grouped.get(month, []))
        if month in grouped and share > ceiling:
            reasons.append(Reason(
                "nonlocal_share_high",
                f"{month_label(month)}外地车辆罚款占{share:.0%}，超过上限{ceiling:.0%}。",
                f"{month_label(month)}: {share:.0%} of fines on non-local vehicles, "
                f"above the ceiling {ceiling:.0%}."))
    return reasons


# Check types ----------------------------------------------------------------------

SPEED_CAMERA_SITES = CheckType(
    id="speed_camera_sites", title_zh="测速点限速标志", title_en="Speed-camera sites",
    description_zh="每个测速点须设置并向社会公布限速标志。",
    description_en="Every speed-camera site needs a posted and published speed-limit sign.",
    unit_codes=UNIT_CODES, category_codes=CATEGORY_CODES, blockers=speed_camera_blockers,
    fields=(
        Field("location", "text", "测速点位置", "Location"),
        Field("speed_limit", "int", "限速", "Speed limit", min=5, max=130, unit="km/h"),
        Field("sign_posted", "bool", "已设置限速标志", "Speed-limit sign posted"),
        Field("sign_evidence", "text", "标志设置凭证", "Evidence of the sign", required=False),
        Field("published", "bool", "已向社会公布", "Published to the public"),
    ),
)

PLATE_ENFORCEMENT_MONTHLY = CheckType(
    id="plate_enforcement_monthly", title_zh="假牌车、黑车整治月报",
    title_en="Fake-plate and unlicensed-taxi enforcement (monthly)",
    unit_codes=UNIT_CODES, category_codes=CATEGORY_CODES, blockers=plate_enforcement_blockers,
    fields=(
        Field("month", "date", "月份（当月任一日）", "Month (any day in it)"),
        Field("vehicles_checked", "int", "检查车辆", "Vehicles checked", min=0, unit="辆"),
        Field("fake_plates_seized", "int", "查扣假牌车", "Fake-plate vehicles seized", min=0,
              unit="辆"),
        Field("unlicensed_taxis_seized", "int", "查扣黑车", "Unlicensed taxis seized", min=0,
              unit="辆"),
        Field("complaints", "int", "群众投诉", "Public complaints", min=0, unit="件"),
    ),
)

NONLOCAL_FINES_MONTHLY = CheckType(
    id="nonlocal_fines_monthly", title_zh="外地车辆罚款月报",
    title_en="Fines on non-local vehicles (monthly)",
    unit_codes=UNIT_CODES, category_codes=CATEGORY_CODES, blockers=nonlocal_fines_blockers,
    fields=(
        Field("month", "date", "月份（当月任一日）", "Month (any day in it)"),
        Field("fines_local", "int", "本地车辆罚款", "Fines on local vehicles", min=0, unit="笔"),
        Field("fines_nonlocal", "int", "外地车辆罚款", "Fines on non-local vehicles", min=0,
              unit="笔"),
    ),
)


def speed_camera_signs(records: Sequence[Record], today: date,
                       settings: Mapping[str, Any]) -> dict[str, Any]:
    """Speed-camera sites with their speed-limit sign posted (and published) versus not."""
    signed = sum(1 for site in records if site.get("sign_posted") and site.get("published"))
    return {"kind": "bar", "x": ["signed", "unsigned"],
            "labels_zh": ["已设置并公布限速标志", "未设置或未公布"],
            "labels_en": ["Sign posted and published", "Sign missing or unpublished"],
            "y": [signed, len(records) - signed]}


# Hooks ---------------------------------------------------------------------------------

@hookimpl
def rectify_plugin_settings() -> dict[str, Any]:
    return dict(DEFAULTS)


@hookimpl
def rectify_check_types() -> list[CheckType]:
    return [SPEED_CAMERA_SITES, PLATE_ENFORCEMENT_MONTHLY, NONLOCAL_FINES_MONTHLY]


@hookimpl
def rectify_dashboard_panels() -> list[Panel]:
    return [Panel("traffic_speed_camera_signs", "测速点限速标志设置情况",
                  "Speed-camera sites: signed versus unsigned", SPEED_CAMERA_SITES.id,
                  speed_camera_signs)]
