"""Scoped reads: report lists, the roll-up of any unit and period, comparisons, completeness."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import overload

from django.db import connection
from django.db.models import Count, Exists, Q, QuerySet
from django.http import Http404

from geo.models import AdminUnit, Level
from geo.selectors import lineage, resolve_to, subtree_q, unit_on
from orgs.models import NATIONAL_ROLES, WRITE_ROLES, Membership
from orgs.scope import memberships_of, scope_for
from reports.models import (
    WEIGHTED_PRODUCT,
    WEIGHTED_WEIGHT,
    Aggregation,
    FormIndicator,
    Indicator,
    Period,
    Report,
    ReportForm,
    RollupValue,
    Status,
)

# Report levels from the top; a report is reviewed by a level above its own.
LEVEL_RANK: dict[str, int] = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}


def form_indicators(form: ReportForm) -> list[Indicator]:
    """The indicators of a report form, in the form's order (``reports.services`` and the readers share it)."""
    items = FormIndicator.objects.filter(form=form).select_related(
        "indicator__numerator", "indicator__denominator", "indicator__weight"
    )
    return [item.indicator for item in items.order_by("ordering", "id")]


# ------------------------------------------------------------------------------------------------ reports


def get_report_for_user(user, pk: int) -> Report:
    """One report in the user's scope (404 otherwise)."""
    report = (
        Report.objects.visible_to(user)
        .select_related("organization__org_type", "organization__unit", "unit", "period__form", "approved_by")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("Không tìm thấy báo cáo hoặc bạn không có quyền xem.")
    return report


LIST_RELATED = ("organization", "unit", "period__form")


def my_reports(user):
    """Reports of the organisations the user writes for, newest period first."""
    org_ids = Membership.objects.filter(user=user, is_active=True, role__in=WRITE_ROLES).values("organization_id")
    return (
        Report.objects.filter(organization_id__in=org_ids)
        .select_related(*LIST_RELATED)
        .order_by("-period__start", "organization__sort_key")
    )


def reports_to_review(user, *, period: Period | None = None):
    """Submitted reports below the user's level, inside their write scope."""
    scope = scope_for(user, write=True)
    if scope.is_empty:
        return Report.objects.none()
    levels = {
        m.organization.unit.level if m.organization.unit else None
        for m in memberships_of(user)
        if m.role in WRITE_ROLES
    }
    qs = scope.filter(Report.objects.filter(status=Status.SUBMITTED), "unit")
    if not scope.national and None not in levels:
        top = min(LEVEL_RANK[lvl] for lvl in levels if lvl is not None)
        qs = qs.filter(unit__level__in=[lvl for lvl, rank in LEVEL_RANK.items() if rank > top])
    if period is not None:
        qs = qs.filter(period=period)
    return qs.select_related(*LIST_RELATED).order_by("submitted_at", "id")


def period_list(user):
    """Periods of the national forms and of the forms of bodies whose units concern the user."""
    return Period.objects.filter(period_visible_q(user)).select_related("form").order_by("-start", "form__name")


def owner_visible_q(user, owner_field: str = "owner") -> Q:
    """Configuration (forms, indicators) a user may read: national rows (``owner`` None); for a national role,
    everything; else the rows of the bodies on the user's units, above them (a commune reads its province's forms)
    and below them (a province reads its communes'). Subqueries only: no query of its own."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    mine = Membership.objects.filter(user_id=user.pk, is_active=True, organization__is_active=True)
    units = mine.values("organization__unit_id")
    unit = f"{owner_field}__unit"
    return (
        Q(**{f"{owner_field}__isnull": True})
        | Q(Exists(mine.filter(Q(role__in=NATIONAL_ROLES) | Q(organization__unit__isnull=True))))
        | Q(**{f"{unit}_id__in": units})
        | Q(**{f"{unit}_id__in": mine.values("organization__unit__province_id")})
        | Q(
            **{
                f"{unit}_id__in": mine.filter(organization__unit__district_id__isnull=False).values(
                    "organization__unit__district_id"
                )
            }
        )
        | Q(**{f"{unit}__province_id__in": units})
        | Q(**{f"{unit}__district_id__in": units})
    )


def period_visible_q(user) -> Q:
    return owner_visible_q(user, "form__owner")


# ------------------------------------------------------------------------------------------------ roll-up


@dataclass
class Figure:
    """One indicator's (or breakdown's) roll-up: the figure people read and how many reports gave it."""

    indicator: Indicator
    breakdown: str
    value: Decimal | int | None
    reports: int = 0

    @property
    def label(self) -> str:
        if not self.breakdown:
            return self.indicator.name
        return dict(map(tuple, self.indicator.breakdowns)).get(self.breakdown, self.breakdown)


def value_of(indicator: Indicator, totals: dict[tuple[int, str], tuple[int, int]], breakdown: str = ""):
    """The read figure of ``indicator`` from stored (total, reports) pairs."""
    if indicator.is_ratio:
        if indicator.numerator_id is None or indicator.denominator_id is None:
            return None  # a ratio missing a part has no figure (no total is stored under a missing id either)
        num = totals.get((indicator.numerator_id, ""))
        den = totals.get((indicator.denominator_id, ""))
        if not num or not den or not den[0]:
            return None
        numerator, denominator = indicator.numerator, indicator.denominator
        assert numerator is not None and denominator is not None  # their ids are set (checked above)
        ratio = Decimal(num[0]) * indicator.ratio_scale / den[0]
        ratio *= Decimal(10) ** (denominator.decimals - numerator.decimals)
        return ratio.quantize(Decimal(1).scaleb(-indicator.decimals))
    if indicator.aggregation == Aggregation.NONE:
        return None  # not rolled up: read in each unit's report
    if indicator.aggregation == Aggregation.WEIGHTED and not breakdown:
        # Σ(value × weight) / Σ weight, from the two hidden parts each report keeps (reports.services).
        product = totals.get((indicator.pk, WEIGHTED_PRODUCT))
        weights = totals.get((indicator.pk, WEIGHTED_WEIGHT))
        if not product or not weights or not weights[0] or indicator.weight is None:
            return None
        mean = Decimal(product[0]) / weights[0]
        return mean.scaleb(-indicator.decimals).quantize(Decimal(1).scaleb(-indicator.decimals))
    pair = totals.get((indicator.pk, breakdown))
    if pair is None:
        return None
    total, reports = pair
    if indicator.aggregation == Aggregation.AVG:
        if not reports:
            return None
        return (Decimal(total) / reports).scaleb(-indicator.decimals).quantize(Decimal(1).scaleb(-indicator.decimals))
    return indicator.to_value(total)


def figures(indicators: list[Indicator], totals: dict[tuple[int, str], tuple[int, int]]) -> list[Figure]:
    out = []
    for indicator in indicators:
        pair = totals.get((indicator.pk, ""), (0, 0))
        out.append(Figure(indicator, "", value_of(indicator, totals), pair[1]))
        for key, _label in indicator.breakdowns:
            part = totals.get((indicator.pk, key), (0, 0))
            out.append(Figure(indicator, key, value_of(indicator, totals, key), part[1]))
    return out


def rollup_totals(period_id: int, unit: AdminUnit | None) -> dict[tuple[int, str], tuple[int, int]]:
    """{(indicator id, breakdown): (total, reports)} of the approved figures of ``unit``'s subtree (the nation for
    None) in one read of the roll-up store: the unit's own rows, or the province rows added up for the nation."""
    if unit is not None:
        # A unit has one row per key: nothing to add up, so the indicator's aggregation is not needed either.
        rows = RollupValue.objects.filter(period_id=period_id, unit_id=unit.pk).values_list(
            "indicator_id", "breakdown", "total", "reports"
        )
        return {(i, b): (t, n) for i, b, t, n in rows}
    # The nation is the province rows added up — in the database, in the order of the covering index
    # reports_rollup_level_cover_idx (no sort, no table read), and only then the few dozen sums joined to their
    # indicator to keep a maximum a maximum. Building and adding the ~1,100 rows in Python, or the ORM's join before
    # the GROUP BY (a sort of every row), cost 3-5x this read (benchmarks/README.md). PostgreSQL's SUM of a bigint
    # is a numeric, hence int().
    with connection.cursor() as cursor:
        cursor.execute(_NATIONAL_TOTALS, [Aggregation.MAX.value, period_id, Level.PROVINCE.value])
        return {(i, b): (int(t), int(n)) for i, b, t, n in cursor.fetchall()}


_NATIONAL_TOTALS = f"""
SELECT g.indicator_id, g.breakdown, CASE WHEN i.aggregation = %s THEN g.m ELSE g.s END, g.n
FROM (
    SELECT indicator_id, breakdown, SUM(total) AS s, MAX(total) AS m, SUM(reports) AS n
    FROM {RollupValue._meta.db_table} WHERE period_id = %s AND unit_level = %s
    GROUP BY indicator_id, breakdown
) g JOIN {Indicator._meta.db_table} i ON i.id = g.indicator_id"""  # noqa: S608


def rollup_by_unit(period: Period, parent: AdminUnit | None) -> dict[int, dict[tuple[int, str], tuple[int, int]]]:
    """{child unit id: totals} for the children of ``parent`` (provinces for the nation), one query."""
    qs = RollupValue.objects.filter(period_id=period.pk)
    qs = qs.filter(unit_level=Level.PROVINCE) if parent is None else qs.filter(unit__parent_id=parent.pk)
    out: dict[int, dict] = defaultdict(dict)
    for unit_id, indicator_id, breakdown, total, reports in qs.values_list(
        "unit_id", "indicator_id", "breakdown", "total", "reports"
    ):
        out[unit_id][(indicator_id, breakdown)] = (total, reports)
    return out


def child_units(period: Period, parent: AdminUnit | None) -> list[AdminUnit]:
    """The units one level below ``parent`` in the hierarchy valid at the end of the period."""
    on = period.reference_date
    qs = AdminUnit.objects.valid_on(on)
    qs = qs.filter(level=Level.PROVINCE) if parent is None else qs.filter(parent_id=parent.pk)
    return list(qs.only("id", "name", "code", "level", "sort_key", "province_id", "district_id").order_by("sort_key"))


# ------------------------------------------------------------------------------------------------ comparisons


@overload
def comparable_units(unit: AdminUnit, on: dt.date) -> list[AdminUnit]: ...
@overload
def comparable_units(unit: None, on: dt.date) -> None: ...
@overload
def comparable_units(unit: AdminUnit | None, on: dt.date) -> list[AdminUnit] | None: ...
def comparable_units(unit: AdminUnit | None, on: dt.date) -> list[AdminUnit] | None:
    """The unit version(s) that stood for ``unit`` on ``on``: itself, or across a reorganisation the units its
    default successor links lead to (a split commune's figures follow the successor that took most of it,
    so no figure is counted twice). None (the nation) stays None."""
    if unit is None or unit.valid_on(on):
        return None if unit is None else [unit]
    found = resolve_to(unit, on, default_only=True)
    # An island district links to its đặc khu beside its own communes (geo.loader.whole_district_zones): keep the
    # district, whose roll-up already holds its communes, so nothing is added twice.
    ids = {u.pk for u in found}
    return [u for u in found if not ({u.district_id, u.province_id} - {u.pk}) & ids]


def predecessor_choices(organization, period: Period) -> list[AdminUnit]:
    """The units an organisation may report on for ``period``: its own unit when it was valid then, else the units
    its unit was formed from (transitively, through successor links) that were valid then — today's Lâm Đồng's
    bodies choose among old Lâm Đồng, Đắk Nông and Bình Thuận for 2023, a merged commune among its old communes. Two
    queries: the lineage walk and the versions valid on the period's reference day."""
    if organization.unit_id is None:
        return []
    ids = [pk for _start, pk, _level in lineage([organization.unit_id])]
    on = period.reference_date
    return list(AdminUnit.objects.filter(pk__in=ids).valid_on(on).order_by("level", "sort_key", "code"))


def totals_for(period: Period, units: list[AdminUnit] | None) -> dict[tuple[int, str], tuple[int, int]]:
    """Roll-up of several units added together (the nation for None)."""
    if units is None:
        return rollup_totals(period.pk, None)
    merged: dict[tuple[int, str], tuple[int, int]] = {}
    rows = RollupValue.objects.filter(period_id=period.pk, unit_id__in=[u.pk for u in units]).values_list(
        "indicator_id", "breakdown", "total", "reports", "indicator__aggregation"
    )
    for indicator_id, breakdown, total, reports, aggregation in rows:
        old = merged.get((indicator_id, breakdown))
        if old is None:
            merged[(indicator_id, breakdown)] = (total, reports)
        elif aggregation == Aggregation.MAX:
            merged[(indicator_id, breakdown)] = (max(old[0], total), old[1] + reports)
        else:
            merged[(indicator_id, breakdown)] = (old[0] + total, old[1] + reports)
    return merged


def _same_form(period: Period) -> Q:
    """Periods of every version of the period's form (a new version continues its form's series)."""
    return Q(form__code__in=ReportForm.objects.filter(pk=period.form_id).values("code"))


def previous_period(period: Period) -> Period | None:
    return Period.objects.filter(_same_form(period), start__lt=period.start).order_by("-start").first()


def same_period_last_year(period: Period) -> Period | None:
    return Period.objects.filter(_same_form(period), year=period.year - 1, number=period.number).first()


def comparable_periods(period: Period):
    """Every earlier period of the same kind (a year with the years before, a six-month period with earlier ones…),
    newest first: what a roll-up may be compared with besides the previous period and the same one a year earlier
    (2026 with 2023, across the 2025 reorganisation)."""
    qs = Period.objects.filter(form__period_type=period.form.period_type, start__lt=period.start)
    return qs.select_related("form").order_by("-start", "form_id")


@dataclass
class Comparison:
    figure: Figure
    previous: Decimal | int | None = None
    last_year: Decimal | int | None = None
    other: Decimal | int | None = None  # the period the reader chose (``Rollup.other_period``)

    @property
    def other_diff(self):
        return self._diff(self.figure.value, self.other)

    @property
    def other_pct(self):
        return self._pct(self.figure.value, self.other)

    @staticmethod
    def _diff(now, before):
        if now is None or before is None:
            return None
        return now - before

    @staticmethod
    def _pct(now, before):
        if now is None or not before:
            return None
        return (Decimal(now - before) * 100 / Decimal(before)).quantize(Decimal("0.1"))

    @property
    def previous_diff(self):
        return self._diff(self.figure.value, self.previous)

    @property
    def previous_pct(self):
        return self._pct(self.figure.value, self.previous)

    @property
    def last_year_diff(self):
        return self._diff(self.figure.value, self.last_year)

    @property
    def last_year_pct(self):
        return self._pct(self.figure.value, self.last_year)


@dataclass
class Rollup:
    period: Period
    unit: AdminUnit | None
    indicators: list[Indicator]
    comparisons: list[Comparison]
    previous_period: Period | None
    last_year_period: Period | None
    previous_units: list[AdminUnit] | None = field(default=None)
    last_year_units: list[AdminUnit] | None = field(default=None)
    other_period: Period | None = field(default=None)
    other_units: list[AdminUnit] | None = field(default=None)

    def value(self, code: str, breakdown: str = ""):
        for c in self.comparisons:
            if c.figure.indicator.code == code and c.figure.breakdown == breakdown:
                return c
        return None


def rollup(period: Period, unit: AdminUnit | None, *, compare_to: Period | None = None) -> Rollup:
    """The roll-up of ``unit`` (the nation for None) with the previous period and the same period last year — and
    ``compare_to``, any earlier period of the same kind (``comparable_periods``) — each read in the hierarchy valid
    then through successor links: today's Lâm Đồng in 2023 is old Lâm Đồng, Đắk Nông and Bình Thuận added up."""
    indicators = form_indicators(period.form)
    now = figures(indicators, rollup_totals(period.pk, unit))
    before, last = previous_period(period), same_period_last_year(period)
    read: dict[int, tuple[list[AdminUnit] | None, list[Figure]]] = {}  # one read per distinct earlier period

    def earlier(other: Period | None) -> tuple[list[AdminUnit] | None, list[Figure] | None]:
        if other is None:
            return None, None
        if other.pk not in read:
            units = comparable_units(unit, other.reference_date)
            read[other.pk] = (units, figures(indicators, totals_for(other, units)))
        return read[other.pk]

    before_units, before_figs = earlier(before)
    last_units, last_figs = earlier(last)
    other_units, other_figs = earlier(compare_to)
    comparisons = []
    for i, fig in enumerate(now):
        comparisons.append(
            Comparison(
                fig,
                before_figs[i].value if before_figs else None,
                last_figs[i].value if last_figs else None,
                other_figs[i].value if other_figs else None,
            )
        )
    return Rollup(
        period, unit, indicators, comparisons, before, last, before_units, last_units, compare_to, other_units
    )


# ------------------------------------------------------------------------------------------------ completeness


@dataclass
class Completeness:
    label: str
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    approved: int = 0
    missing: int = 0

    @property
    def submitted_pct(self) -> Decimal | None:
        if not self.expected:
            return None
        return (Decimal(self.submitted) * 100 / self.expected).quantize(Decimal("0.1"))


SUBMITTED_STATES = (Status.SUBMITTED, Status.APPROVED)


def _report_states() -> dict[str, Q]:
    from django.db.models import F

    submitted = Q(status__in=SUBMITTED_STATES) | Q(status=Status.RETURNED, submitted_at__isnull=False)
    return {"submitted": submitted, "on_time": submitted & Q(submitted_at__date__lte=F("period__due_date"))}


# A report counts as sent once submitted (a returned one too, if it was sent before), and on time when sent by its
# period's due date: the completeness tables, the dashboards and an organisation's report list.
REPORT_STATES = _report_states()
SUBMITTED_Q, IN_TIME_Q = REPORT_STATES["submitted"], REPORT_STATES["on_time"]


def organization_reports(organization, year: int, state: str = "") -> QuerySet[Report]:
    """An organisation's reports of the periods ending in ``year``, in ``state`` (a key of ``REPORT_STATES``, or all).
    The caller gates the organisation (``orgs.permissions.get_organization_for_user``)."""
    qs = Report.objects.filter(organization=organization, period__end__year=year)
    if state in REPORT_STATES:
        qs = qs.filter(REPORT_STATES[state])
    return qs


def organization_report_counts(organization, year: int) -> dict[str, int]:
    """Expected, sent and sent on time of ``organization_reports``, one query."""
    return organization_reports(organization, year).aggregate(
        expected=Count("id"), submitted=Count("id", filter=SUBMITTED_Q), on_time=Count("id", filter=IN_TIME_Q)
    )


def completeness(period: Period, unit: AdminUnit | None) -> list[Completeness]:
    """Expected vs submitted vs on time, per level of ``unit``'s subtree (one query)."""
    qs = Report.objects.filter(period=period)
    if unit is not None:
        qs = qs.filter(subtree_q(unit, "unit"))
    submitted = SUBMITTED_Q
    rows = (
        qs.values("unit__level")
        .annotate(
            expected=Count("id"),
            submitted=Count("id", filter=submitted),
            # Not "on_time": Report has a property of that name, and django-stubs refuse an annotation shadowing it.
            in_time=Count("id", filter=IN_TIME_Q),
            approved=Count("id", filter=Q(status=Status.APPROVED)),
            missing=Count("id", filter=Q(status=Status.MISSING)),
        )
        .order_by()
    )
    labels = dict(Level.choices)
    by_level = {r["unit__level"]: r for r in rows}
    out = []
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        r = by_level.get(level)
        if r:
            out.append(
                Completeness(labels[level], r["expected"], r["submitted"], r["in_time"], r["approved"], r["missing"])
            )
    return out


def unit_in_scope(user, period: Period, code: str) -> AdminUnit:
    """The unit of that code in the period's hierarchy (else its latest version), if the user's scope covers it."""
    unit = (
        unit_on(code, period.reference_date)
        or AdminUnit.objects.filter(code=code).order_by("-valid_to", "level").first()
    )
    if unit is None or not scope_for(user).covers(unit):
        raise Http404("Không tìm thấy đơn vị hoặc bạn không có quyền xem.")
    return unit
