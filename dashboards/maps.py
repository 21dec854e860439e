"""The map's data: the units one level below the one asked for (provinces for the nation, communes — or, before
1/7/2025, districts — for a province), each with the chosen layer's figure, in the hierarchy valid at the end of the
period. A fixed number of queries whatever the number of units or cases (tests pin it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.templatetags.static import static
from django.urls import reverse

from cases.models import OPEN_STATES, Case
from dashboards.models import CommuneBoundary
from dashboards.panels import DashboardView
from dashboards.selectors import board_of, dashboard_url
from geo.models import AdminUnit, Level
from practices.models import RECOGNISED_STATES, Practice
from reports import selectors as report_selectors
from reports.models import Indicator

REORGANISED = dt.date(2025, 7, 1)


@dataclass(frozen=True)
class Layer:
    key: str
    label: str
    unit: str  # what the figure counts
    higher_is_worse: bool


FIXED_LAYERS = {
    "completeness": Layer("completeness", "Tỷ lệ nộp báo cáo", "%", False),
    "overdue": Layer("overdue", "Ý kiến quá hạn (hôm nay)", "vụ việc", True),
    "hotspots": Layer("hotspots", "Điểm nóng, vụ việc phức tạp (đã duyệt)", "vụ việc", True),
    "practices": Layer("practices", "Mô hình “Dân vận khéo” được công nhận", "mô hình", False),
}


def layers(indicators: list[Indicator]) -> list[Layer]:
    """The fixed layers, then every roll-up indicator of the period's form (``ind:<code>``)."""
    extra = [Layer(f"ind:{i.code}", i.name, i.unit, i.code in ("hotspots", "poor_rate")) for i in indicators]
    return [*FIXED_LAYERS.values(), *extra]


def boundary_files(period) -> dict:
    year = "2025" if period.reference_date >= REORGANISED else "2008"
    return {
        "hierarchy": year,
        "provinces": static(f"geo/provinces-{year}.geojson"),
        "archipelagos": static("geo/archipelagos.geojson"),
    }


def _child_key(view: DashboardView) -> str:
    """How a row points at a child unit: its province for the nation, else the unit (or its district before 2025)."""
    if view.unit is None:
        return "province"
    if view.unit.level == Level.PROVINCE and any(c.level == Level.DISTRICT for c in _children(view)):
        return "district"
    return "unit"


def _children(view: DashboardView) -> list[AdminUnit]:
    if "map_children" not in view.cache:
        view.cache["map_children"] = [r["unit"] for r in board_of(view)["rows"]]
    return view.cache["map_children"]


def _counts(view: DashboardView, qs) -> dict[int, int]:
    """{child unit id: rows} of ``qs`` (cases or practices: both keep the unit version of their day and today's
    province, denormalised): one GROUP BY."""
    from cases.selectors import unit_q

    key = _child_key(view)
    column = {"province": "province_id", "district": "unit__district_id", "unit": "unit_id"}[key]
    if view.unit is not None:
        qs = qs.filter(unit_q(view.unit, view.today))
    return dict(qs.values_list(column).annotate(n=Count("pk")).order_by())


def figures(view: DashboardView, layer: str) -> dict[int, Decimal | int | None]:
    """{child unit id: figure} for ``layer``."""
    kids = _children(view)
    if layer == "completeness":
        out: dict[int, Decimal | int | None] = {}
        for r in board_of(view)["rows"]:
            out[r["unit"].pk] = (
                (Decimal(r["submitted"]) * 100 / r["expected"]).quantize(Decimal("0.1")) if r["expected"] else None
            )
        return out
    if layer == "overdue":
        qs = Case.objects.visible_to(view.user).filter(status__in=OPEN_STATES, due_date__lt=view.today)
        return _counts(view, qs)
    if layer == "practices":
        qs = Practice.objects.visible_to(view.user).filter(status__in=RECOGNISED_STATES, year=view.period.end.year)
        return _counts(view, qs)
    code = "hotspots" if layer == "hotspots" else layer.removeprefix("ind:")
    indicator = next((i for i in report_selectors.form_indicators(view.period.form) if i.code == code), None)
    if indicator is None:
        return {}
    by_unit = report_selectors.rollup_by_unit(view.period, view.unit)
    return {k.pk: report_selectors.value_of(indicator, by_unit.get(k.pk, {})) for k in kids}


def map_data(view: DashboardView, layer: str) -> dict:
    """What the map draws: the units, their figures, the legend's scale, and where each click leads."""
    indicators = report_selectors.form_indicators(view.period.form)
    known = {la.key: la for la in layers(indicators)}
    chosen = known.get(layer) or known["completeness"]
    values = figures(view, chosen.key)
    kids = _children(view)
    numbers = [float(v) for v in values.values() if v is not None]
    map_url = reverse("dashboards:map")
    dashboard_base = reverse("dashboards:dashboard")
    # The board reads the children without their coordinates: one more query for all of them.
    points = {
        pk: (lat, lon)
        for pk, lat, lon in AdminUnit.objects.filter(pk__in=[u.pk for u in kids]).values_list(
            "pk", "latitude", "longitude"
        )
    }
    areas = dict(CommuneBoundary.objects.filter(unit_id__in=[u.pk for u in kids]).values_list("unit_id", "geometry"))
    units = []
    for u in kids:
        value = values.get(u.pk)
        lat, lon = points.get(u.pk, (None, None))
        units.append(
            {
                "code": u.code,
                "name": u.name,
                "level": u.level,
                "lat": lat,
                "lon": lon,
                "area": areas.get(u.pk),
                "value": None if value is None else float(value),
                "dashboard": dashboard_url(view.period, u, base=dashboard_base),
                "drill": f"{map_url}?ky={view.period.pk}&don_vi={u.code}&lop={chosen.key}"
                if u.level != Level.COMMUNE
                else None,
            }
        )
    return {
        "period": {"id": view.period.pk, "label": view.period.label},
        "unit": None if view.unit is None else {"code": view.unit.code, "name": view.unit.name},
        "province": None if view.unit is None else {"code": _province_code(view.unit)},
        "layer": {
            "key": chosen.key,
            "label": chosen.label,
            "unit": chosen.unit,
            "higher_is_worse": chosen.higher_is_worse,
        },
        "layers": [{"key": la.key, "label": la.label} for la in known.values()],
        "scale": {"min": min([0.0, *numbers]), "max": max([0.0, *numbers])},
        "boundaries": boundary_files(view.period),
        "units": units,
    }


def _province_code(unit: AdminUnit) -> str:
    if unit.level == Level.PROVINCE:
        return unit.code
    province = AdminUnit.objects.filter(pk=unit.province_id).values_list("code", flat=True).first()
    return province or ""
