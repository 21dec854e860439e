"""Reporting periods: their dates and labels, who must report, and opening one (a write: atomic and audited)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from audit.models import Action as AuditAction
from audit.services import record
from geo.models import AdminUnit, Level
from geo.selectors import subtree_q
from lib.errors import ServiceError
from orgs.models import Organization
from orgs.permissions import acts_for
from orgs.scope import scope_for
from reports.models import Period, PeriodType, Report, ReportForm

PERIOD_MONTHS: dict[str, int] = {PeriodType.MONTH: 1, PeriodType.QUARTER: 3, PeriodType.HALF: 6, PeriodType.YEAR: 12}
TIER_LEVEL = {"province": Level.PROVINCE, "district": Level.DISTRICT, "commune": Level.COMMUNE}


def period_bounds(form: ReportForm, year: int, number: int) -> tuple[dt.date, dt.date]:
    """Dates of a period. With a cut-off day d > 1 a period runs from day d of the month before its first month
    to day d − 1 of its last month (Nghị định 09/2019: six months = 15/12 – 14/6, a year = 15/12 – 14/12)."""
    months = PERIOD_MONTHS[form.period_type]
    first = (number - 1) * months + 1
    last = first + months - 1
    if form.cutoff_day <= 1:
        start = dt.date(year, first, 1)
        end = (dt.date(year + last // 12, last % 12 + 1, 1)) - dt.timedelta(days=1)
        return start, end
    start_year, start_month = (year - 1, 12) if first == 1 else (year, first - 1)
    return dt.date(start_year, start_month, form.cutoff_day), dt.date(year, last, form.cutoff_day - 1)


def period_label(form: ReportForm, year: int, number: int) -> str:
    kind = form.period_type
    if kind == PeriodType.HALF:
        return f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year}"
    if kind == PeriodType.YEAR:
        return f"Năm {year}"
    if kind == PeriodType.QUARTER:
        return f"Quý {['I', 'II', 'III', 'IV'][number - 1]} năm {year}"
    if kind == PeriodType.MONTH:
        return f"Tháng {number}/{year}"
    return f"Báo cáo nhanh số {number} năm {year}"


def expected_organizations(form: ReportForm, on: dt.date, *, within: AdminUnit | None = None):
    """Organisations that must report on ``form``: assigned types and tiers, on units valid on ``on``."""
    qs = Organization.objects.filter(
        is_active=True,
        org_type__in=form.org_types.all(),
        tier__in=form.tiers,
        unit__valid_from__lte=on,
        unit__valid_to__gte=on,
    )
    if within is not None:
        qs = qs.filter(subtree_q(within, "unit"))
    return qs


@transaction.atomic
def period_open(
    *,
    form: ReportForm,
    year: int,
    number: int = 1,
    by,
    start: dt.date | None = None,
    end: dt.date | None = None,
    due_date: dt.date | None = None,
) -> Period:
    """Open a period and a draft report for every organisation that must report (its "expected" list).

    The national forms' periods are opened by the central level; a body's own form by that body (or one above it),
    for its own units only."""
    _require_may_open(by, form)
    # The form's row lock: a period and a change of the form (which versions it once a period exists) never cross.
    locked = ReportForm.objects.select_for_update().filter(pk=form.pk).values_list("is_active", flat=True).first()
    if not locked:
        raise ServiceError(f"Mẫu báo cáo “{form.name}” đã ngừng sử dụng hoặc đã có phiên bản mới.", status_code=409)
    if Period.objects.filter(form__code=form.code, year=year, number=number).exists():
        raise ServiceError(f"Kỳ báo cáo {period_label(form, year, number)} đã được mở.")
    if form.period_type == PeriodType.ADHOC:
        if start is None or end is None:
            raise ServiceError("Báo cáo nhanh phải có ngày bắt đầu và ngày kết thúc.")
    else:
        start, end = start or period_bounds(form, year, number)[0], end or period_bounds(form, year, number)[1]
    period = Period.objects.create(
        form=form,
        year=year,
        number=number,
        label=period_label(form, year, number),
        start=start,
        end=end,
        due_date=due_date or end + dt.timedelta(days=form.due_days),
    )
    reports = [
        Report(organization_id=org_id, period=period, unit_id=unit_id)
        for org_id, unit_id in expected_organizations(form, end, within=owner_unit(form)).values_list("pk", "unit_id")
    ]
    Report.objects.bulk_create(reports, batch_size=1000)
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=period,
        changes={"start": [None, start], "end": [None, end], "reports": [None, len(reports)]},
    )
    return period


def owner_unit(form: ReportForm) -> AdminUnit | None:
    return form.owner.unit if form.owner_id is not None and form.owner is not None else None


def may_open_periods(user, form: ReportForm) -> bool:
    if form.owner_id is None:
        return scope_for(user, write=True).national
    return acts_for(user, form.owner)


def _require_may_open(user, form: ReportForm) -> None:
    if not may_open_periods(user, form):
        if form.owner is None:
            raise ServiceError("Chỉ cán bộ Trung ương mở được kỳ báo cáo.", status_code=403)
        raise ServiceError(f"Chỉ {form.owner.name} (hoặc cấp trên) mở được kỳ báo cáo của mẫu này.", status_code=403)
