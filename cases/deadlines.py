"""Due dates of citizens' cases from the rule table in `cases.rules`.

Pure Python: the case model, services and lists call these functions with plain dates (use
`timezone.localdate()`, never a datetime). Messages of `DeadlineError` are Vietnamese and may be
shown to users as they are.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from cases.rules import DEFAULT_RULES, DayCount, DeadlineRule, Kind, Step
from lib.vn_calendar import DEFAULT_CALENDAR, Calendar


class DeadlineError(ValueError):
    """A due date cannot be computed; the message is Vietnamese, for the user."""


class Status(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.OVERDUE: "Quá hạn",
    Status.DUE_SOON: "Sắp đến hạn",
    Status.ON_TRACK: "Trong hạn",
}


@functools.cache
def _index(rules: tuple[DeadlineRule, ...]) -> dict[tuple[Kind, Step], DeadlineRule]:
    index: dict[tuple[Kind, Step], DeadlineRule] = {}
    for rule in rules:
        key = (rule.kind, rule.step)
        if key in index:
            # Two rules for one step would make the due date depend on table order.
            raise ValueError(f"Duplicate deadline rule for {rule.kind}/{rule.step}")
        index[key] = rule
    return index


def rule_for(kind: str, step: str, rules: Iterable[DeadlineRule] = DEFAULT_RULES) -> DeadlineRule:
    """The rule for a kind of case and a step, or DeadlineError."""
    try:
        kind = Kind(kind)
    except ValueError:
        raise DeadlineError(f"Loại việc “{kind}” không có trong bảng thời hạn.") from None
    try:
        step = Step(step)
    except ValueError:
        raise DeadlineError(f"Bước “{step}” không có trong bảng thời hạn.") from None
    rule = _index(tuple(rules)).get((kind, step))
    if rule is None:
        raise DeadlineError(f"Chưa có quy định thời hạn {step.label.lower()} đối với {kind.label.lower()}.")
    return rule


def due_date(
    kind: str,
    step: str,
    start: date,
    *,
    complex: bool = False,
    remote: bool = False,
    extensions: int = 0,
    rules: Iterable[DeadlineRule] = DEFAULT_RULES,
    calendar: Calendar = DEFAULT_CALENDAR,
) -> date:
    """The last day of the legal limit for `step` of a case of `kind`.

    `start` is the date the limit runs from, which the law fixes per rule (`rule.counts_from`): the
    day the petition was received for acceptance and for replies to feedback, the day of thụ lý for
    the resolution of complaints and denunciations. That day itself is not counted (Bộ luật Dân sự
    2015, Điều 147). `complex` and `remote` (vùng sâu, vùng xa) pick the longer limit the law gives,
    if any; `extensions` is the number of extension decisions already made.
    """
    rule = rule_for(kind, step, rules)
    if not isinstance(extensions, int) or isinstance(extensions, bool) or extensions < 0:
        raise DeadlineError("Số lần gia hạn phải là số nguyên không âm.")
    if extensions and not rule.max_extensions:
        raise DeadlineError(f"Thời hạn {rule.step.label.lower()} {rule.kind.label.lower()} không được gia hạn.")
    if extensions > rule.max_extensions:
        raise DeadlineError(
            f"{rule.kind.label} chỉ được gia hạn tối đa {rule.max_extensions} lần, "
            f"mỗi lần không quá {rule.extension_days} ngày."
        )
    # An extension lengthens the same limit, so the total counts from `start` and only the final
    # day moves off a holiday (Luật Tố cáo 2018, Điều 30 caps the total at 90 days from thụ lý).
    days = rule.base_days(complex=complex, remote=remote) + extensions * rule.extension_days
    if rule.counting is DayCount.WORKING:
        return calendar.add_working_days(start, days)
    return calendar.add_calendar_days(start, days)


def citation(kind: str, step: str, rules: Iterable[DeadlineRule] = DEFAULT_RULES) -> str:
    """The legal basis of a limit, in Vietnamese, for display next to the due date."""
    return rule_for(kind, step, rules).citation


def days_left(
    due: date,
    today: date,
    calendar: Calendar = DEFAULT_CALENDAR,
    *,
    counting: DayCount = DayCount.CALENDAR,
) -> int:
    """Days from `today` until `due`: 0 on the due day, negative once it has passed.

    Calendar days by default; working days (after today, up to and including `due`) with
    `counting=DayCount.WORKING`.
    """
    if DayCount(counting) is DayCount.WORKING:
        return calendar.working_days_between(today, due)
    return (due - today).days


def status(due: date, today: date, warn_days: int = 3) -> Status:
    """Overdue after the due day; due soon within `warn_days` calendar days of it (the due day included).

    A limit ends at the end of its last day (Bộ luật Dân sự 2015, Điều 148 khoản 6), so a case is
    not overdue on its due date.
    """
    if warn_days < 0:
        raise ValueError("warn_days cannot be negative")
    left = (due - today).days
    if left < 0:
        return Status.OVERDUE
    if left <= warn_days:
        return Status.DUE_SOON
    return Status.ON_TRACK
