"""Working days on the Chinese calendar, over the 2026 National Day week: 10-01 to 10-07 off
(Thursday to Wednesday), 09-25 to 09-27 off (中秋节), Sunday 09-20 and Saturday 10-10
worked (调休上班), as the chinesecalendar library has them."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rectify.services.setup.holidays import library_days
from rectify.working_days import add_working_days, is_working_day, working_days_between

LIBRARY = {each.day: each.is_working_day for each in library_days()}


def test_the_library_has_the_2026_national_day_days():
    off = [day for day, working in LIBRARY.items()
           if not working and date(2026, 9, 25) <= day <= date(2026, 10, 10)]
    assert off == [*(date(2026, 9, day) for day in (25, 26, 27)),
                   *(date(2026, 10, day) for day in range(1, 8))]
    assert LIBRARY[date(2026, 9, 20)] is True and LIBRARY[date(2026, 10, 10)] is True
    assert date(2026, 9, 20).weekday() == 6 and date(2026, 10, 10).weekday() == 5


@pytest.mark.parametrize(("day", "working"), [
    (date(2026, 9, 30), True),    # Wednesday before the holiday
    (date(2026, 10, 1), False),   # 国庆节, Thursday
    (date(2026, 10, 5), False),   # Monday within the holiday
    (date(2026, 10, 8), True),    # Thursday after it
    (date(2026, 10, 10), True),   # Saturday worked (调休上班)
    (date(2026, 10, 11), False),  # an ordinary Sunday
    (date(2026, 9, 20), True),    # Sunday worked
    (date(2026, 9, 25), False),   # 中秋节, Friday
])
def test_is_working_day_over_national_day(day, working):
    assert is_working_day(day, LIBRARY) is working


def test_adding_working_days_skips_the_holiday_and_counts_the_worked_saturday():
    # From Wednesday 09-30: 10-08 (Thu) is the first, 10-09 (Fri) the second, Saturday
    # 10-10 (worked) the third, then Monday 10-12.
    assert [add_working_days(date(2026, 9, 30), n, LIBRARY) for n in range(5)] == [
        date(2026, 9, 30), date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10),
        date(2026, 10, 12)]
    # 15 working days from Monday 09-21: 09-22..09-24 (09-25 is 中秋节), 09-28..09-30,
    # 10-08..10-10, 10-12..10-16 and 10-19; without the calendar, 10-12.
    assert add_working_days(date(2026, 9, 21), 15, LIBRARY) == date(2026, 10, 19)
    assert add_working_days(date(2026, 9, 21), 15, {}) == date(2026, 10, 12)


def test_without_special_days_weekdays_count():
    assert add_working_days(date(2027, 10, 1), 1, {}) == date(2027, 10, 4)  # Fri -> Mon
    assert working_days_between(date(2027, 10, 1), date(2027, 10, 8), {}) == 5


def test_days_between_counts_after_start_up_to_end():
    assert working_days_between(date(2026, 9, 30), date(2026, 9, 30), LIBRARY) == 0
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 10), LIBRARY) == 3
    assert working_days_between(date(2026, 10, 10), date(2026, 9, 30), LIBRARY) == -3
    # A deadline on the holiday's first day, seen from within it: overdue by no working day
    # until Thursday 10-08.
    assert working_days_between(date(2026, 10, 1), date(2026, 10, 7), LIBRARY) == 0
    assert working_days_between(date(2026, 10, 1), date(2026, 10, 8), LIBRARY) == 1


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 1, 1), -1, LIBRARY)


days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))


@settings(deadline=None)  # a shared machine: timing is not what is tested
@given(days, st.integers(min_value=0, max_value=400))
def test_adding_then_counting_gives_the_count_back(start, count):
    end = add_working_days(start, count, LIBRARY)
    assert working_days_between(start, end, LIBRARY) == count
    assert count == 0 or is_working_day(end, LIBRARY)


@settings(deadline=None)
@given(days, days)
def test_counting_is_antisymmetric_and_bounded_by_calendar_days(a, b):
    between = working_days_between(a, b, LIBRARY)
    assert between == -working_days_between(b, a, LIBRARY)
    assert abs(between) <= abs((b - a).days)
    assert between == sum(is_working_day(min(a, b) + timedelta(days=n + 1), LIBRARY)
                          for n in range(abs((b - a).days))) * (1 if b >= a else -1)
