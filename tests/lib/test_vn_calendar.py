"""Vietnamese working days: holidays from the `holidays` package, weekends, the year's schedule.

Week days used below (checked against a printed calendar):
2025-12: Mon 1, Tue 23, Wed 31.  2026-01: Thu 1, Fri 2, Sat 3, Mon 5, Fri 9, Sat 10, Mon 12.
2026-02: Mon 2, Tue 10, Fri 13, Sat 14, Mon 16 (giao thừa), Tue 17 (mùng một), Fri 20, Mon 23.
2026-03: Sun 1, Mon 2, Sat 14, Sun 15, Mon 16.  2026-04: Wed 1, Fri 24, Sun 26, Mon 27, Thu 30.
2026-05: Fri 1, Mon 4.  2026-08: Sat 1, Wed 12, Sat 22, Mon 31.  2026-09: Tue 1, Wed 2, Thu 3.
2027-02: Mon 1, Wed 3, Thu 4, Sat 6 (mùng một), Wed 10, Thu 11.
"""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.vn_calendar import (
    DEFAULT_CALENDAR,
    Calendar,
    add_calendar_days,
    add_working_days,
    is_working_day,
    next_working_day,
    public_holidays,
    working_days_between,
)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# --- Which days are working days -------------------------------------------------------------


def test_it_treats_saturday_and_sunday_as_days_off():
    assert is_working_day(date(2026, 3, 2))  # Monday
    assert is_working_day(date(2026, 3, 13))  # Friday
    assert not is_working_day(date(2026, 3, 14))  # Saturday
    assert not is_working_day(date(2026, 3, 15))  # Sunday


def test_it_knows_lunar_tet_2026():
    # Tết Bính Ngọ: mùng một is Tuesday 17/02/2026. Five days off (Bộ luật Lao động 2019, Điều 112):
    # giao thừa Mon 16/02 to mùng bốn Fri 20/02; with the weekends around them, Sat 14 to Sun 22.
    assert DEFAULT_CALENDAR.holiday_name(date(2026, 2, 17)) == "Tết Nguyên Đán"
    assert DEFAULT_CALENDAR.holiday_name(date(2026, 2, 16)) == "Giao thừa Tết Nguyên Đán"
    assert [d for d in days(date(2026, 2, 13), date(2026, 2, 23)) if not is_working_day(d)] == days(
        date(2026, 2, 14), date(2026, 2, 22)
    )
    assert is_working_day(date(2026, 2, 13))
    assert is_working_day(date(2026, 2, 23))


def test_it_knows_lunar_tet_2027_with_days_in_lieu():
    # Tết Đinh Mùi: mùng một is Saturday 06/02/2027. Giao thừa Fri 05/02 to mùng bốn Tue 09/02, but
    # Sat 06 and Sun 07 are weekly rest days: the package gives Thu 04/02 (29 Tết) and Wed 10/02
    # (mùng năm) in lieu. Off Thu 04/02 to Wed 10/02; back to work Thu 11/02.
    assert DEFAULT_CALENDAR.holiday_name(date(2027, 2, 6)) == "Tết Nguyên Đán"
    assert [d for d in days(date(2027, 2, 3), date(2027, 2, 11)) if not is_working_day(d)] == days(
        date(2027, 2, 4), date(2027, 2, 10)
    )


def test_it_knows_30_april_and_1_may():
    # 2026: Thu 30/04 and Fri 01/05, then the weekend; back to work Mon 04/05.
    assert not is_working_day(date(2026, 4, 30))
    assert not is_working_day(date(2026, 5, 1))
    assert next_working_day(date(2026, 4, 30)) == date(2026, 5, 4)


def test_it_knows_hung_kings_day_and_its_day_in_lieu():
    # 10/3 âm lịch is Sunday 26/04/2026: the day off moves to Monday 27/04.
    assert DEFAULT_CALENDAR.holiday_name(date(2026, 4, 26)) == "Ngày Giỗ Tổ Hùng Vương"
    assert not is_working_day(date(2026, 4, 27))
    assert is_working_day(date(2026, 4, 28))


def test_it_knows_national_day_and_the_swapped_saturday():
    # 2026: Quốc khánh is Tue 01/09 and Wed 02/09; Mon 31/08 is off in exchange for Saturday
    # 22/08, which is worked.
    for d in (date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)):
        assert not is_working_day(d)
    assert is_working_day(date(2026, 9, 3))
    assert is_working_day(date(2026, 8, 22))
    assert not is_working_day(date(2026, 8, 29))  # an ordinary Saturday


def test_it_caches_each_year():
    assert public_holidays(2026) is public_holidays(2026)
    assert date(2026, 9, 2) in public_holidays(2026)


# --- Counting --------------------------------------------------------------------------------


def test_it_counts_working_days_from_the_day_after_start():
    # Mon 02/03/2026 + 1 working day = Tue 03/03 (the day of receipt is not counted).
    assert add_working_days(date(2026, 3, 2), 1) == date(2026, 3, 3)
    # Fri 06/03 + 1 = Mon 09/03 (the weekend is skipped).
    assert add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)


def test_it_skips_tet_2026_when_counting_working_days():
    # Tue 10/02/2026 + 7: Wed 11 (1), Thu 12 (2), Fri 13 (3), [Sat 14 – Sun 22 off],
    # Mon 23 (4), Tue 24 (5), Wed 25 (6), Thu 26 (7).
    assert add_working_days(date(2026, 2, 10), 7) == date(2026, 2, 26)


def test_it_skips_tet_2027_when_counting_working_days():
    # Tue 02/02/2027 + 7: Wed 03 (1), [Thu 04 – Wed 10 off], Thu 11 (2), Fri 12 (3), Mon 15 (4),
    # Tue 16 (5), Wed 17 (6), Thu 18 (7).
    assert add_working_days(date(2027, 2, 2), 7) == date(2027, 2, 18)


def test_it_counts_from_a_start_that_is_a_day_off():
    # Received on Sunday 15/02/2026, in the middle of Tết: the first working day is Mon 23/02.
    assert add_working_days(date(2026, 2, 15), 1) == date(2026, 2, 23)


def test_zero_working_days_means_the_next_working_day():
    assert add_working_days(date(2026, 3, 4), 0) == date(2026, 3, 4)
    assert add_working_days(date(2026, 3, 14), 0) == date(2026, 3, 16)


def test_a_calendar_day_limit_ending_on_a_weekend_moves_to_monday():
    # Bộ luật Dân sự 2015, Điều 148 khoản 5. Wed 04/03/2026 + 10 = Sat 14/03 → Mon 16/03;
    # Thu 05/03 + 10 = Sun 15/03 → Mon 16/03.
    assert add_calendar_days(date(2026, 3, 4), 10) == date(2026, 3, 16)
    assert add_calendar_days(date(2026, 3, 5), 10) == date(2026, 3, 16)


def test_a_calendar_day_limit_ending_on_a_weekday_stays():
    # Mon 02/03/2026 + 10 = Thu 12/03.
    assert add_calendar_days(date(2026, 3, 2), 10) == date(2026, 3, 12)


def test_a_calendar_day_limit_runs_through_tet_and_only_its_last_day_moves():
    # Mon 02/02/2026 + 30 = Wed 04/03: Tết 16–20/02 lies inside the limit and does not lengthen it.
    assert add_calendar_days(date(2026, 2, 2), 30) == date(2026, 3, 4)
    # Tue 10/02/2026 + 10 = Fri 20/02 (mùng bốn) → Sat 21, Sun 22 off → Mon 23/02.
    assert add_calendar_days(date(2026, 2, 10), 10) == date(2026, 2, 23)


def test_a_calendar_day_limit_ending_on_30_april_moves_past_1_may_and_the_weekend():
    # Mon 20/04/2026 + 10 = Thu 30/04 → Fri 01/05 off → Sat, Sun → Mon 04/05.
    assert add_calendar_days(date(2026, 4, 20), 10) == date(2026, 5, 4)


def test_working_days_between_counts_after_a_up_to_b():
    # (13/02, 27/02/2026]: Tết and two weekends leave Mon 23 – Fri 27, five days.
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 27)) == 5
    assert working_days_between(date(2026, 2, 27), date(2026, 2, 13)) == -5
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 2)) == 0
    # (Fri 06/03, Mon 09/03]: just Monday.
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1


# --- The year's schedule as data --------------------------------------------------------------

# An example of a government schedule: Friday 02/01/2026 off, worked back on Saturday 10/01/2026.
BRIDGE = Calendar(extra_days_off={date(2026, 1, 2)}, extra_working_days={date(2026, 1, 10)})


def test_an_extra_day_off_is_not_a_working_day():
    assert is_working_day(date(2026, 1, 2))
    assert not BRIDGE.is_working_day(date(2026, 1, 2))


def test_a_compensatory_saturday_is_a_working_day():
    assert not is_working_day(date(2026, 1, 10))
    assert BRIDGE.is_working_day(date(2026, 1, 10))


def test_working_days_follow_the_schedule():
    # Wed 31/12/2025 + 5. Default: [Thu 01/01 off] Fri 02 (1), Mon 05 (2), Tue 06 (3), Wed 07 (4),
    # Thu 08 (5). With the bridge: Mon 05 (1) … Thu 08 (4), Fri 09 (5).
    assert add_working_days(date(2025, 12, 31), 5) == date(2026, 1, 8)
    assert BRIDGE.add_working_days(date(2025, 12, 31), 5) == date(2026, 1, 9)
    # Thu 08/01/2026 + 2. Default: Fri 09 (1), Mon 12 (2). With the bridge: Fri 09 (1), Sat 10 (2).
    assert add_working_days(date(2026, 1, 8), 2) == date(2026, 1, 12)
    assert BRIDGE.add_working_days(date(2026, 1, 8), 2) == date(2026, 1, 10)


def test_calendar_day_limits_follow_the_schedule():
    # Tue 23/12/2025 + 10 = Fri 02/01/2026: a working day by default; with the bridge it is off,
    # then the weekend → Mon 05/01.
    assert add_calendar_days(date(2025, 12, 23), 10) == date(2026, 1, 2)
    assert BRIDGE.add_calendar_days(date(2025, 12, 23), 10) == date(2026, 1, 5)
    # Wed 31/12/2025 + 10 = Sat 10/01/2026: moved to Mon 12/01 by default, kept with the bridge.
    assert add_calendar_days(date(2025, 12, 31), 10) == date(2026, 1, 12)
    assert BRIDGE.add_calendar_days(date(2025, 12, 31), 10) == date(2026, 1, 10)


def test_a_calendar_takes_any_iterable_and_stays_hashable():
    cal = Calendar(extra_days_off=[date(2026, 1, 2)])
    assert cal.extra_days_off == frozenset({date(2026, 1, 2)})
    assert hash(cal) == hash(Calendar(extra_days_off={date(2026, 1, 2)}))


def test_it_refuses_a_day_both_off_and_worked():
    with pytest.raises(ValueError, match="2026-01-02"):
        Calendar(extra_days_off={date(2026, 1, 2)}, extra_working_days={date(2026, 1, 2)})


def test_it_refuses_datetimes_and_negative_counts():
    with pytest.raises(TypeError, match="localdate"):
        is_working_day(datetime(2026, 3, 2, 9, 0))
    with pytest.raises(TypeError):
        Calendar(extra_days_off={datetime(2026, 1, 2, 0, 0)})
    with pytest.raises(ValueError, match="non-negative"):
        add_working_days(date(2026, 3, 2), -1)
    with pytest.raises(ValueError, match="non-negative"):
        add_calendar_days(date(2026, 3, 2), -1)


# --- Properties --------------------------------------------------------------------------------

starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
counts = st.integers(min_value=0, max_value=90)
schedules = st.builds(
    Calendar,
    extra_days_off=st.frozensets(st.dates(min_value=date(2024, 1, 1), max_value=date(2031, 6, 30)), max_size=10),
)


@given(starts, counts, schedules)
@settings(max_examples=200, deadline=None)
def test_add_working_days_always_lands_on_a_working_day(start, n, cal):
    assert cal.is_working_day(cal.add_working_days(start, n))


@given(starts, st.integers(min_value=1, max_value=60))
@settings(deadline=None)
def test_add_working_days_is_strictly_increasing_in_n(start, n):
    assert start < add_working_days(start, n) < add_working_days(start, n + 1)
    # n = 0 is "start, or the next working day when start is off": it can equal n = 1.
    assert start <= add_working_days(start, 0) <= add_working_days(start, 1)


@given(starts, st.integers(min_value=1, max_value=90), schedules)
@settings(deadline=None)
def test_working_days_between_inverts_add_working_days(start, n, cal):
    assert cal.working_days_between(start, cal.add_working_days(start, n)) == n


@given(starts, counts, schedules)
@settings(deadline=None)
def test_add_calendar_days_moves_only_as_far_as_the_next_working_day(start, n, cal):
    due = cal.add_calendar_days(start, n)
    last = start + timedelta(days=n)
    assert cal.is_working_day(due)
    assert due >= last
    assert not any(cal.is_working_day(d) for d in days(last, due - timedelta(days=1)))
