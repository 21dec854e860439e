"""The dashboards' reads: the period and unit asked for, the panels' tiles, the charts and the children's table.

Every figure comes from the reports' roll-up store (``reports.selectors``), from the modules' indexed counts, or
from a registered panel; the number of queries of a dashboard is fixed whatever the amount of data (tests pin it).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from dashboards.panels import DashboardView, Panel, Tile, as_tile, registered
from geo.models import AdminUnit, Level
from orgs.models import Membership
from orgs.scope import scope_for
from reports import board as report_board
from reports import selectors as report_selectors
from reports.formatting import fmt_number
from reports.models import Aggregation, Indicator, Period, RollupValue

TREND_PERIODS = 6


def periods_for_picker() -> list[Period]:
    return list(Period.objects.select_related("form").order_by("-end", "form_id")[:40])


def default_period(today: dt.date) -> Period | None:
    """The latest period already begun (the current half-year's board), else the latest one."""
    qs = Period.objects.select_related("form").order_by("-end", "form_id")
    return qs.filter(start__lte=today).first() or qs.first()


def resolve_period(period_id: int | None, today: dt.date) -> Period:
    period = (
        Period.objects.select_related("form").filter(pk=period_id).first()
        if period_id is not None
        else default_period(today)
    )
    if period is None:
        raise Http404("Chưa có kỳ báo cáo nào.")
    return period


def resolve_unit(user, period: Period, code: str) -> AdminUnit | None:
    """The unit asked for (by code, in the period's hierarchy) if the viewer's scope covers it; else the viewer's
    own unit, or the nation for a national scope."""
    if code:
        return report_selectors.unit_in_scope(user, period, code)
    if scope_for(user).national:
        return None
    unit_ids = Membership.objects.filter(user=user, is_active=True).values_list("organization__unit_id", flat=True)
    unit = AdminUnit.objects.filter(pk__in=list(unit_ids)).order_by("level").first()
    if unit is None:
        raise Http404("Bạn chưa thuộc đơn vị nào.")
    if not unit.valid_on(period.reference_date):
        older = report_selectors.comparable_units(unit, period.reference_date)
        if older:
            return older[0]
    return unit


@dataclass
class PanelTiles:
    panel: Panel
    tiles: list[Tile]


def panels(view: DashboardView) -> list[PanelTiles]:
    out = []
    for panel in registered():
        tiles = [as_tile(t) for t in panel.collect(view)]
        if tiles:
            out.append(PanelTiles(panel, tiles))
    return out


def rollup_of(view: DashboardView) -> report_selectors.Rollup:
    """The roll-up of the view's unit and period, with its comparisons, read once per dashboard."""
    if "rollup" not in view.cache:
        view.cache["rollup"] = report_selectors.rollup(view.period, view.unit)
    return view.cache["rollup"]


def board_of(view: DashboardView) -> dict:
    """The report states of every child unit (the conference board without key figures), read once."""
    if "board" not in view.cache:
        view.cache["board"] = report_board.board(view.period, view.unit, [])
    return view.cache["board"]


def dashboard_url(period: Period, unit: AdminUnit | None, *, base: str = "") -> str:
    url = (base or reverse("dashboards:dashboard")) + f"?ky={period.pk}"
    return url + (f"&don_vi={unit.code}" if unit is not None else "")


# ------------------------------------------------------------------------------------------------ charts


def _float(value) -> float | None:
    return None if value is None else float(value)


def trend(view: DashboardView, indicators: list[Indicator]) -> dict:
    """The figures of ``indicators`` over the last periods of the same form, each period read in its own
    hierarchy through successor links (as the roll-up's comparisons are). The periods in which the unit (or the
    nation) stands as it is are read in one query; each older period across a reorganisation in one or two."""
    periods = list(
        Period.objects.filter(form_id=view.period.form_id, start__lte=view.period.start).order_by("-start")[
            :TREND_PERIODS
        ]
    )[::-1]
    same = [p for p in periods if view.unit is None or view.unit.valid_on(p.reference_date)]
    by_period = _totals_by_period(view.unit, [p.pk for p in same])
    series: dict[str, list[float | None]] = {i.code: [] for i in indicators}
    for p in periods:
        if p.pk in by_period or p in same:
            totals = by_period.get(p.pk, {})
        else:
            totals = report_selectors.totals_for(p, report_selectors.comparable_units(view.unit, p.reference_date))
        for i in indicators:
            series[i.code].append(_float(report_selectors.value_of(i, totals)))
    base = reverse("dashboards:dashboard")
    return {
        "labels": [p.label for p in periods],
        "urls": [dashboard_url(p, view.unit, base=base) for p in periods],
        "series": [{"label": i.name, "data": series[i.code]} for i in indicators],
    }


Totals = dict[tuple[int, str], tuple[int, int]]


def _totals_by_period(unit: AdminUnit | None, period_ids: list[int]) -> dict[int, Totals]:
    """{period id: {(indicator id, breakdown): (total, reports)}} of one unit (the nation: its provinces added up)
    over several periods, one query. Sums only: the trend's indicators are never a maximum (chart_indicators)."""
    qs = RollupValue.objects.filter(period_id__in=period_ids)
    qs = qs.filter(unit_level=Level.PROVINCE) if unit is None else qs.filter(unit_id=unit.pk)
    rows = qs.values("period_id", "indicator_id", "breakdown").annotate(t=Sum("total"), n=Sum("reports")).order_by()
    out: dict[int, Totals] = defaultdict(dict)
    for r in rows:
        out[r["period_id"]][(r["indicator_id"], r["breakdown"])] = (int(r["t"]), int(r["n"]))
    return out


def breakdown(view: DashboardView) -> dict | None:
    """The first indicator of the form split by field or kind that has figures: one bar per part."""
    roll = rollup_of(view)
    for indicator in roll.indicators:
        if not indicator.breakdowns:
            continue
        parts = [c for c in roll.comparisons if c.figure.indicator.pk == indicator.pk and c.figure.breakdown]
        if any(c.figure.value for c in parts):
            url = _rollup_url(view)
            return {
                "title": indicator.name,
                "labels": [c.figure.label for c in parts],
                "data": [_float(c.figure.value) for c in parts],
                "urls": [f"{url}#ind-{indicator.code}" for _ in parts],
            }
    return None


def _rollup_url(view: DashboardView) -> str:
    url = reverse("reports:rollup", args=[view.period.pk])
    return url + (f"?unit={view.unit.code}" if view.unit is not None else "")


@dataclass
class ChildRow:
    unit: AdminUnit
    expected: int
    submitted: int
    approved: int
    missing: int
    url: str

    @property
    def pct(self) -> Decimal | None:
        if not self.expected:
            return None
        return (Decimal(self.submitted) * 100 / self.expected).quantize(Decimal("0.1"))

    @property
    def needs_attention(self) -> bool:
        return self.expected > 0 and self.submitted < self.expected

    @property
    def cells(self) -> list[str]:
        """The table's figures written out once here (a big province has 150 communes: the template stays light)."""
        pct = "—" if self.pct is None else fmt_number(self.pct) + "%"
        return [fmt_number(n) for n in (self.expected, self.submitted, self.approved, self.missing)] + [pct]


def children(view: DashboardView) -> list[ChildRow]:
    """Every child unit's report completeness, the least complete first (Vietnamese order among equals)."""
    base = reverse("dashboards:dashboard")
    rows = [
        ChildRow(
            r["unit"],
            r["expected"],
            r["submitted"],
            r["approved"],
            r["missing"],
            dashboard_url(view.period, r["unit"], base=base),
        )
        for r in board_of(view)["rows"]
    ]
    rows.sort(key=lambda r: (r.pct if r.pct is not None else Decimal(101), r.unit.sort_key))
    return rows


def children_table(rows: list[ChildRow]):
    """The children's table body, written with ``format_html_join`` (escaped): a big province has 150 communes, and
    a template loop over them cost more than the whole dashboard's reads (benchmarks/README.md)."""
    return format_html_join(
        "",
        '<tr data-unit="{}"{}><td><a href="{}">{}</a></td>'
        '<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td>'
        '<td class="num">{}</td></tr>',
        (
            (r.unit.code, mark_safe(' class="attention"') if r.needs_attention else "", r.url, r.unit.name, *r.cells)  # noqa: S308
            for r in rows
        ),
    )


def chart_indicators(view: DashboardView) -> list[Indicator]:
    roll = rollup_of(view)
    wanted = [i for i in roll.indicators if i.code in TREND_CODES and i.aggregation == Aggregation.SUM]
    return wanted[:3]


TREND_CODES = ("dvk_registered", "dvk_recognised", "petitions_received", "dialogues")


def dashboard(user, period: Period, unit: AdminUnit | None, *, today: dt.date | None = None) -> dict:
    view = DashboardView(user=user, period=period, unit=unit, today=today or timezone.localdate())
    tiles = panels(view)
    kids = children(view)
    data = {
        "trend": trend(view, chart_indicators(view)),
        "breakdown": breakdown(view),
        "completeness": {
            "labels": [r.unit.name for r in kids],
            "data": [_float(r.pct) for r in kids],
            "urls": [r.url for r in kids],
        },
    }
    return {"view": view, "panels": tiles, "children": kids, "children_rows": children_table(kids), "charts": data}


def level_label(unit: AdminUnit | None) -> str:
    if unit is None:
        return "Trung ương"
    labels: dict[str, str] = {Level.PROVINCE: "Cấp tỉnh", Level.DISTRICT: "Cấp huyện", Level.COMMUNE: "Cấp xã"}
    return labels.get(unit.level, "")
