"""Vietnamese working days and legal time limits counted in days.

Framework-free. Public holidays come from the `holidays` package (Bộ luật Lao động 2019,
Điều 112: Tết Dương lịch, 5 days of lunar Tết, Giỗ Tổ Hùng Vương, 30/4, 1/5, 2 days of Quốc
khánh and, from 2026, 24/11), including the days off in lieu it computes when a holiday falls on
a weekend and the Saturdays that the government has made working days. The weekly rest days of
state bodies are Saturday and Sunday.

Each year the government also publishes a schedule for civil servants (nghỉ bù, hoán đổi ngày làm
việc) that the package may not know yet; pass those dates to `Calendar(extra_days_off=...,
extra_working_days=...)` rather than editing code.

Counting follows Bộ luật Dân sự 2015:
- Điều 147 khoản 2: for a limit in days, the day of the event is not counted; counting starts the
  next day. Both `add_calendar_days` and `add_working_days` therefore count from the day after
  `start`.
- Điều 148 khoản 5: when the last day of a limit falls on a weekend or a public holiday, the limit
  ends at the end of the next working day. `add_calendar_days` applies it; a limit counted in
  working days always ends on a working day anyway.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import MappingProxyType

import holidays

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


@dataclass(frozen=True)
class _Year:
    holidays: Mapping[date, str]
    weekend_workdays: frozenset[date]


@functools.cache
def _year(year: int) -> _Year:
    # Deadline lists ask for the same few years thousands of times, and building a year of lunar
    # holidays is not free: each year is built once per process.
    vn = holidays.country_holidays("VN", years=year, language="vi")
    return _Year(
        holidays=MappingProxyType(dict(vn.items())),
        # The package accumulates swapped Saturdays from every special year it has seen; keep this year's.
        weekend_workdays=frozenset(d for d in vn.weekend_workdays if d.year == year),
    )


def _check_date(d: date) -> None:
    # datetime is a subclass of date: accepting it would silently carry a time of day into the
    # arithmetic and the holiday lookups.
    if isinstance(d, datetime) or not isinstance(d, date):
        raise TypeError(f"Expected a date (use timezone.localdate()), got {type(d).__name__}")


def public_holidays(year: int) -> Mapping[date, str]:
    """The public holidays of a year with their Vietnamese names (read-only)."""
    return _year(year).holidays


@dataclass(frozen=True)
class Calendar:
    """Working days of Vietnamese state bodies, with the year's schedule as data.

    `extra_days_off`: days off announced on top of the package's holidays (e.g. a bridge day at
    Tết). `extra_working_days`: days that are working days although they would not be (e.g. the
    Saturday worked in exchange for that bridge day). The two must not overlap.
    """

    extra_days_off: frozenset[date] = field(default_factory=frozenset)
    extra_working_days: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        # Accept any iterable of dates but store frozensets, so a Calendar stays hashable and immutable.
        object.__setattr__(self, "extra_days_off", _frozen_dates(self.extra_days_off))
        object.__setattr__(self, "extra_working_days", _frozen_dates(self.extra_working_days))
        clash = self.extra_days_off & self.extra_working_days
        if clash:
            days = ", ".join(d.isoformat() for d in sorted(clash))
            raise ValueError(f"Dates cannot be both an extra day off and an extra working day: {days}")

    def holiday_name(self, d: date) -> str | None:
        """The Vietnamese name of the public holiday on `d`, or None."""
        _check_date(d)
        return _year(d.year).holidays.get(d)

    def is_working_day(self, d: date) -> bool:
        _check_date(d)
        if d in self.extra_working_days:
            return True
        if d in self.extra_days_off:
            return False
        year = _year(d.year)
        if d in year.holidays:
            return False
        if d.weekday() >= _SATURDAY:
            return d in year.weekend_workdays
        return True

    def next_working_day(self, d: date) -> date:
        """`d` itself if it is a working day, else the first working day after it."""
        _check_date(d)
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def add_calendar_days(self, start: date, n: int) -> date:
        """The last day of a limit of `n` calendar days counted from the day after `start`.

        Moved to the next working day when it falls on a day off (Bộ luật Dân sự 2015, Điều 148
        khoản 5). `n == 0` gives `start`, moved the same way.
        """
        _check_date(start)
        _check_count(n)
        return self.next_working_day(start + timedelta(days=n))

    def add_working_days(self, start: date, n: int) -> date:
        """The `n`-th working day after `start` (`start` itself is never counted).

        `n == 0` gives `start` if it is a working day, else the next working day, so the result
        is always a working day.
        """
        _check_date(start)
        _check_count(n)
        d = start
        while n > 0:
            d += _ONE_DAY
            if self.is_working_day(d):
                n -= 1
        return self.next_working_day(d)

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b]: after `a`, up to and including `b`; negative when b < a.

        The inverse of `add_working_days`: `working_days_between(a, add_working_days(a, n)) == n`.
        """
        _check_date(a)
        _check_date(b)
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        d = a + _ONE_DAY
        while d <= b:
            count += self.is_working_day(d)
            d += _ONE_DAY
        return count


def _frozen_dates(dates: Iterable[date]) -> frozenset[date]:
    result = frozenset(dates)
    for d in result:
        _check_date(d)
    return result


def _check_count(n: int) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ValueError(f"A number of days must be a non-negative integer, got {n!r}")


DEFAULT_CALENDAR = Calendar()

# Module-level shortcuts on the default calendar (package holidays only).
is_working_day = DEFAULT_CALENDAR.is_working_day
next_working_day = DEFAULT_CALENDAR.next_working_day
add_calendar_days = DEFAULT_CALENDAR.add_calendar_days
add_working_days = DEFAULT_CALENDAR.add_working_days
working_days_between = DEFAULT_CALENDAR.working_days_between
