"""The forces' contributions as report indicators (reports.autofill): each seeded contribution kind fills the
automatic indicator ``force_<code>`` (and ``force_<code>_vnd``, its value), broken down by force.

A contribution counts in the report of the unit of the body that entered it, for the period holding its end date,
so every contribution is in exactly one report and the roll-up over the hierarchy adds it once. These indicators
are apart from the typed "workdays", "road_km", "houses" … (what the people and the political system mobilised,
typed by the reporting body) and from "dvk_workdays" (the workdays of "Dân vận khéo" models, from practices):
the forces' own work is neither, so nothing is counted twice.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from programmes.models import Contribution, Force
from reports.autofill import register_source

# Contribution kinds (programmes migration 0002) that feed a report indicator; the central body may add other
# kinds as data, which are rolled up in the programmes pages but have no indicator until one is added with them.
QUANTITY_KINDS = (
    "workdays", "road_km", "canal_km", "crops_ha", "schools", "houses", "pupils", "foster_children",
    "literacy_classes", "literacy_learners", "medical", "gifts", "disaster_soldiers", "disaster_vehicles",
)  # fmt: skip
VALUE_KINDS = ("schools", "houses", "medical", "gifts")


def _parts(code: str) -> dict[str, str]:
    return {"": code, **{force: f"{code}:{force}" for force in Force.values}}


SOURCES: dict[str, dict[str, str]] = {
    **{f"programmes.{code}": _parts(code) for code in QUANTITY_KINDS},
    **{f"programmes.{code}_vnd": _parts(f"{code}_vnd") for code in VALUE_KINDS},
}


def contribution_figures(unit, date_from, date_to) -> dict[str, Decimal]:
    """The contributions entered by the bodies of ``unit`` itself (not its subtree) ending in the period, by kind and
    force: one GROUP BY. Missing figures read as 0."""
    rows = (
        Contribution.objects.filter(unit_id=unit.pk, date_to__gte=date_from, date_to__lte=date_to)
        .values_list("kind__code", "force")
        .annotate(q=Sum("quantity"), v=Sum("value_vnd"))
        .order_by()
    )
    figures: dict[str, Decimal] = defaultdict(Decimal)
    for code, force, quantity, value in rows:
        for key, amount in ((code, quantity), (f"{code}_vnd", Decimal(value or 0))):
            figures[key] += amount or 0
            figures[f"{key}:{force}"] += amount or 0
    return figures


def register() -> None:
    register_source("programmes", contribution_figures, SOURCES)
