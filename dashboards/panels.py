"""The dashboards' panel registry: every module that has figures to show adds a panel here.

A panel is a titled group of tiles (figures). Its ``collect(view)`` is called once per dashboard with a
``DashboardView`` (the viewer, the period, the unit — None is the nation —, and ``today``) and returns the panel's
tiles. The rules a panel must keep:

- every tile's ``url`` opens the filtered list (or table) behind the figure, and the figure equals what that page
  counts — a test proves it for each tile a module adds;
- ``collect`` reads a fixed number of queries whatever the amount of data (the roll-up store, maintained counts,
  indexed counts): the dashboards' query counts are pinned by tests;
- it reads through the module's own selectors, scoped to ``view.user``.

A later module (grassroots democracy compliance, programme tasks) sits below ``dashboards`` in the import-linter
layers, so it cannot import this registry. It offers a plain function in its own module — ``collect(view)`` returning
``Tile``s or dicts with the same keys (``key``, ``label``, ``value``, ``url``, and optionally ``suffix``,
``previous``, ``last_year``, ``attention``) — and the registration is one line in ``DashboardsConfig.ready()``
(dashboards/apps.py), which may import every app below::

    from democracy import dashboard as democracy_dashboard
    register_panel(Panel("democracy", 60, "Thực hiện dân chủ ở cơ sở", democracy_dashboard.collect))

Registering the same key twice replaces the panel (a reload in the tests never shows it twice).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

Number = int | Decimal | None


@dataclass
class Tile:
    """One figure: its label, value, the same figure in the previous period and a year earlier, the list behind it."""

    key: str
    label: str
    value: Number
    url: str = ""
    suffix: str = ""  # "%", "triệu đồng"
    previous: Number = None
    last_year: Number = None
    attention: bool = False  # shown in red: overdue, late

    @property
    def previous_diff(self) -> Number:
        return None if self.value is None or self.previous is None else self.value - self.previous

    @property
    def last_year_diff(self) -> Number:
        return None if self.value is None or self.last_year is None else self.value - self.last_year


@dataclass
class DashboardView:
    """What a panel is asked for: who looks, at which period and unit (None: the nation)."""

    user: Any
    period: Any  # reports.models.Period
    unit: Any  # geo.models.AdminUnit | None
    today: dt.date
    cache: dict = field(default_factory=dict)  # shared reads between panels (the roll-up is read once)
    organization: Any = None  # orgs.models.Organization: an organisation's dashboard (dashboards.organization)


@dataclass(frozen=True)
class Panel:
    key: str
    order: int
    title: str
    collect: Callable[[DashboardView], list[Tile]]


_PANELS: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    _PANELS[panel.key] = panel


def unregister_panel(key: str) -> None:
    _PANELS.pop(key, None)


def registered() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


def as_tile(item: Tile | dict) -> Tile:
    """A tile from a lower module's plain dict (it cannot import ``Tile``)."""
    return item if isinstance(item, Tile) else Tile(**item)
