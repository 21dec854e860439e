"""Grassroots democracy's panel on the dashboards (registered in dashboards.apps: this module sits below the
dashboards and cannot import their registry, so it returns plain dicts with a tile's keys).

The figures are the compliance roll-up's total (``democracy.compliance``) for the dashboard's unit and period, the
same the compliance page shows in its total row: the tiles open that page for the same unit and dates. Eight
queries whatever the number of communes.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.http import urlencode

from democracy import compliance
from geo.models import Level

TILES = (
    ("obligations", False),
    ("on_time", False),
    ("missing", True),
    ("consultations", False),
    ("answered_on_time", False),
    ("overdue", True),
)


def collect(view) -> list[dict]:
    """The tiles of ``view`` (a dashboards.panels.DashboardView). None for a district of an old period: the
    compliance roll-up reads the nation, a province or a commune."""
    if view.unit is not None and view.unit.level == Level.DISTRICT:
        return []
    period = view.period
    report = compliance.compliance(view.unit, period.start, period.end, today=view.today)
    query = {"tu": period.start.isoformat(), "den": period.end.isoformat()}
    if view.unit is not None:
        query["unit"] = view.unit.code
    url = reverse("democracy:compliance") + "?" + urlencode(query) + "#compliance-total"
    figures = report.total.figures
    tiles: list[dict] = []
    for name, late in TILES:
        label = compliance.LABELS[name]
        if name in ("answered_on_time", "overdue"):
            label = f"Kiến nghị giám sát: {label[0].lower()}{label[1:]}"
        value = figures[name]
        tiles.append({"key": f"democracy_{name}", "label": label, "value": value, "url": url,
                      "attention": late and value > 0})  # fmt: skip
    rate = report.total.on_time_rate
    tiles.insert(2, {"key": "democracy_on_time_rate", "label": "Tỷ lệ công khai đúng hạn", "suffix": "%",
                     "value": None if rate is None else Decimal(str(rate)), "url": url})  # fmt: skip
    return tiles
