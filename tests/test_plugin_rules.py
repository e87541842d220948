"""The built-in plugins' rules, each at its boundary, on fixed dates (no app needed)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from plugins import market, sand_mining, traffic
from rectify.hookspecs import validate_record

TODAY = date(2026, 6, 1)


def codes(reasons) -> list[str]:
    return [reason.code for reason in reasons]


def test_every_reason_speaks_chinese_and_english():
    reasons = (traffic.speed_camera_blockers([], TODAY)
               + sand_mining.patrol_blockers([], TODAY)
               + market.inspection_blockers([], TODAY))
    assert reasons
    for reason in reasons:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in reason.zh), reason
        assert reason.en.isascii() and reason.en != reason.zh, reason


# Traffic: speed-camera sites ------------------------------------------------------------

def site(location="人民路口", posted=True, published=True) -> dict:
    return {"location": location, "speed_limit": 60, "sign_posted": posted,
            "sign_evidence": "照片", "published": published}


def test_speed_cameras_need_at_least_one_site():
    assert codes(traffic.speed_camera_blockers([], TODAY)) == ["no_sites"]
    assert traffic.speed_camera_blockers([site()], TODAY) == []


def test_every_speed_camera_site_must_be_posted_and_published():
    reasons = traffic.speed_camera_blockers(
        [site(), site("胶河大桥", posted=False), site("北外环", published=False)], TODAY)
    assert codes(reasons) == ["sign_not_posted", "site_not_published"]
    assert "胶河大桥" in reasons[0].zh and "北外环" in reasons[1].en


# Traffic: monthly plate enforcement ----------------------------------------------------

def plate_report(month: date, complaints: int = 0) -> dict:
    return {"month": month, "vehicles_checked": 300, "fake_plates_seized": 4,
            "unlicensed_taxis_seized": 2, "complaints": complaints}


def three_months(complaints_may: int = 5) -> list[dict]:
    return [plate_report(date(2026, 3, 31)), plate_report(date(2026, 4, 1)),
            plate_report(date(2026, 5, 15), complaints_may)]


def test_plate_enforcement_passes_with_three_months_and_complaints_at_limit():
    assert traffic.plate_enforcement_blockers(three_months(complaints_may=5), TODAY) == []


def test_plate_enforcement_fails_one_complaint_over_the_limit():
    reasons = traffic.plate_enforcement_blockers(three_months(complaints_may=6), TODAY)
    assert codes(reasons) == ["too_many_complaints"]
    assert "2026-05" in reasons[0].zh and "6" in reasons[0].en


def test_plate_enforcement_adds_up_several_reports_for_one_month():
    records = three_months(complaints_may=3) + [plate_report(date(2026, 5, 20), 3)]
    assert codes(traffic.plate_enforcement_blockers(records, TODAY)) == ["too_many_complaints"]


def test_plate_enforcement_needs_the_months_ending_last_month():
    no_april = [r for r in three_months() if r["month"].month != 4]
    reasons = traffic.plate_enforcement_blockers(no_april, TODAY)
    assert codes(reasons) == ["months_missing"] and "2026-04" in reasons[0].zh
    this_month_instead_of_may = three_months()[:2] + [plate_report(date(2026, 6, 1))]
    reasons = traffic.plate_enforcement_blockers(this_month_instead_of_may, TODAY)
    assert codes(reasons) == ["months_missing"] and "2026-05" in reasons[0].en


def test_plate_enforcement_months_cross_the_year():
    records = [plate_report(date(2025, m, 1)) for m in (10, 11, 12)]
    assert traffic.plate_enforcement_blockers(records, date(2026, 1, 1)) == []
    assert codes(traffic.plate_enforcement_blockers(records[1:], date(2026, 1, 31))) == \
        ["months_missing"]


def test_plate_enforcement_thresholds_are_settings():
    relaxed = {"max_complaints_last_month": 6, "plate_months": 2}
    assert traffic.plate_enforcement_blockers(three_months(6)[1:], TODAY, relaxed) == []


# Traffic: non-local fines ---------------------------------------------------------------

def fines(month: date, local: int, nonlocal_: int) -> dict:
    return {"month": month, "fines_local": local, "fines_nonlocal": nonlocal_}


def test_nonlocal_share_at_the_ceiling_passes():
    records = [fines(date(2026, m, 1), 7, 3) for m in (3, 4, 5)]
    assert traffic.nonlocal_fines_blockers(records, TODAY) == []


def test_nonlocal_share_just_above_the_ceiling_fails():
    records = [fines(date(2026, 3, 1), 7, 3), fines(date(2026, 4, 1), 69, 31),
               fines(date(2026, 5, 1), 0, 0)]
    reasons = traffic.nonlocal_fines_blockers(records, TODAY)
    assert codes(reasons) == ["nonlocal_share_high"] and "2026-04" in reasons[0].zh
    assert traffic.nonlocal_fines_blockers(records, TODAY, {"max_nonlocal_share": 0.31}) == []


def test_nonlocal_fines_need_three_consecutive_months():
    records = [fines(date(2026, m, 1), 7, 3) for m in (2, 3, 4)]
    assert codes(traffic.nonlocal_fines_blockers(records, TODAY)) == ["months_missing"]


def test_each_check_type_carries_its_own_rule():
    rules = {ct.id: ct.blockers for module in (traffic, sand_mining, market)
             for ct in module.rectify_check_types()}
    assert rules == {"speed_camera_sites": traffic.speed_camera_blockers,
                     "plate_enforcement_monthly": traffic.plate_enforcement_blockers,
                     "nonlocal_fines_monthly": traffic.nonlocal_fines_blockers,
                     "river_patrol": sand_mining.patrol_blockers,
                     "market_inspection": market.inspection_blockers}
    assert codes(traffic.SPEED_CAMERA_SITES.blockers([], TODAY, traffic.DEFAULTS)) == ["no_sites"]


# Sand mining: river patrols --------------------------------------------------------------

BASE_OFFSETS = (0, 5, 10, 15, 20, 25, 28, 30)  # days after 2026-05-02; the last is TODAY


def patrols(offsets=BASE_OFFSETS, dirty=(), start=date(2026, 5, 2)) -> list[dict]:
    return [{"date": start + timedelta(days=o), "river_section": "胶河三里庄段",
             "illegal_mining_found": o in dirty, "equipment_seized": 0, "evidence": ""}
            for o in offsets]


def test_patrols_just_enough():
    assert sand_mining.patrol_blockers(patrols(), TODAY) == []


def test_seven_patrols_are_too_few_and_a_ten_day_gap_is_allowed():
    seven = patrols((0, 5, 10, 20, 25, 28, 30))
    assert codes(sand_mining.patrol_blockers(seven, TODAY)) == ["too_few_patrols"]
    assert sand_mining.patrol_blockers(seven, TODAY, {"min_patrols": 7}) == []


def test_patrol_span_of_29_days_is_too_short():
    short = patrols((1, 5, 10, 15, 20, 25, 28, 30))
    assert codes(sand_mining.patrol_blockers(short, TODAY)) == ["span_too_short"]


def test_patrol_gap_of_eleven_days_fails():
    gap = patrols((0, 5, 10, 21, 22, 25, 28, 30))
    reasons = sand_mining.patrol_blockers(gap, TODAY)
    assert codes(reasons) == ["patrol_gap"] and "2026-05-12" in reasons[0].zh


def test_only_the_latest_four_patrols_must_be_clean():
    assert sand_mining.patrol_blockers(patrols(dirty=(15,)), TODAY) == []
    reasons = sand_mining.patrol_blockers(patrols(dirty=(20,)), TODAY)
    assert codes(reasons) == ["recent_mining_found"] and "2026-05-22" in reasons[0].en


def test_a_dirty_patrol_on_the_same_day_counts_as_the_later_one():
    records = patrols() + patrols((15,), dirty=(15,))   # two patrols on day 15
    records[3]["date"] = records[-1]["date"] = date(2026, 5, 22)  # ... moved to day 20
    assert codes(sand_mining.patrol_blockers(records, TODAY)) == ["recent_mining_found"]


def test_future_patrols_are_ignored():
    future = patrols((31,), dirty=(31,))
    assert sand_mining.patrol_blockers(patrols() + future, TODAY) == []
    # The day before, the patrol of 2026-06-01 has not happened yet: 7 patrols over 28 days.
    assert codes(sand_mining.patrol_blockers(patrols(), date(2026, 5, 31))) == \
        ["too_few_patrols", "span_too_short"]


# Market: inspections -----------------------------------------------------------------------

def inspection(day: date, mode: str = "education", complaints: int = 0) -> dict:
    return {"date": day, "market": "城南早市", "enforcement_mode": mode,
            "violent_complaints": complaints}


def four_weeks(fourth_week_day: date = date(2026, 5, 5)) -> list[dict]:
    days = (date(2026, 6, 1), date(2026, 5, 25), date(2026, 5, 18), fourth_week_day)
    return [inspection(d) for d in days]


def test_market_windows_are_seven_days_ending_today():
    assert market.week_windows(TODAY, 2) == [(date(2026, 5, 26), date(2026, 6, 1)),
                                             (date(2026, 5, 19), date(2026, 5, 25))]


def test_market_inspected_in_each_of_four_weeks_passes():
    assert market.inspection_blockers(four_weeks(), TODAY) == []


def test_market_week_without_inspection_fails():
    reasons = market.inspection_blockers(four_weeks(date(2026, 5, 4)), TODAY)
    assert codes(reasons) == ["week_without_inspection"]
    assert "2026-05-05至2026-05-11" in reasons[0].zh
    assert market.inspection_blockers(four_weeks(date(2026, 5, 4)), TODAY, {"weeks": 3}) == []


def test_market_education_share_at_eighty_percent_passes():
    records = four_weeks() + [inspection(date(2026, 5, 30), "warning")]
    assert market.inspection_blockers(records, TODAY) == []  # 4 of 5


def test_market_education_share_below_eighty_percent_fails():
    records = four_weeks()
    records[0] = inspection(date(2026, 6, 1), "seizure")  # 3 of 4
    assert codes(market.inspection_blockers(records, TODAY)) == ["education_share_low"]
    older = four_weeks() + [inspection(date(2026, 5, 4), "seizure")]  # outside the 4 weeks
    assert market.inspection_blockers(older, TODAY) == []


def test_market_complaints_count_for_thirty_days_including_today():
    just_outside = four_weeks() + [inspection(date(2026, 5, 2), complaints=1)]
    assert market.inspection_blockers(just_outside, TODAY) == []
    just_inside = four_weeks() + [inspection(date(2026, 5, 3), complaints=1)]
    reasons = market.inspection_blockers(just_inside, TODAY)
    assert codes(reasons) == ["violent_enforcement_complaints"]


def test_market_future_inspections_are_ignored():
    records = four_weeks()[1:] + [inspection(date(2026, 6, 2))]
    assert codes(market.inspection_blockers(records, TODAY)) == ["week_without_inspection"]


# Panels and record validation ------------------------------------------------------------

def test_panels_compute_plain_figure_data():
    monthly = market.complaints_by_month(
        four_weeks() + [inspection(date(2026, 4, 20), complaints=2),
                        inspection(date(2026, 6, 2), complaints=9)], TODAY, market.DEFAULTS)
    assert monthly["x"] == ["2026-04", "2026-05", "2026-06"]
    assert monthly["series"]["complaints"] == [2, 0, 0]  # 2026-06-02 is after today
    assert monthly["series"]["inspections"] == [1, 3, 1]
    weekly = sand_mining.patrols_per_week(patrols(dirty=(30,)), TODAY, sand_mining.DEFAULTS)
    assert sum(weekly["series"]["patrols"]) == 8 and sum(weekly["series"]["found"]) == 1
    signs = traffic.speed_camera_signs([site(), site(posted=False),
                                        site(published=False)], TODAY, {})
    assert signs["x"] == ["signed", "unsigned"] and signs["y"] == [1, 2]


@pytest.mark.parametrize("values, expected", [
    ({"date": TODAY, "market": "城南早市", "enforcement_mode": "education",
      "violent_complaints": 0}, []),
    ({"date": TODAY, "market": "城南早市", "enforcement_mode": "shouting",
      "violent_complaints": 0}, ["bad_choice"]),
    ({"date": "2026-06-01", "market": "", "enforcement_mode": "education",
      "violent_complaints": -1}, ["wrong_type", "required", "too_small"]),
    ({"date": TODAY, "market": "x", "enforcement_mode": "warning", "violent_complaints": True,
      "extra": 1}, ["unknown_field", "wrong_type"]),
])
def test_records_are_validated_against_the_declared_fields(values, expected):
    assert codes(validate_record(market.MARKET_INSPECTION, values)) == expected


def test_speed_limit_bounds_and_optional_evidence():
    values = site()
    del values["sign_evidence"]
    assert validate_record(traffic.SPEED_CAMERA_SITES, values) == []
    assert codes(validate_record(traffic.SPEED_CAMERA_SITES, {**values, "speed_limit": 131})) \
        == ["too_large"]
