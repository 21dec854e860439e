"""Indicators DanVan already knows: computed from the other modules, shown as such, never retyped.

A report holds its organisation's own figures and the roll-up adds the reports of a subtree, so an
automatic figure must count the report's own unit only: a province report that counted its communes'
practices would count them twice in the province roll-up.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

from cases.selectors import case_statistics
from geo.models import AdminUnit, Level
from meetings.selectors import meeting_statistics
from practices.selectors import practice_statistics


def _practice_statistics(unit, date_from, date_to) -> dict:

    return practice_statistics(unit=unit, date_from=date_from, date_to=date_to)


def _case_statistics(unit, date_from, date_to) -> dict:

    return case_statistics(unit, date_from, date_to)


def _meeting_statistics(unit, date_from, date_to) -> dict:

    return meeting_statistics(unit, date_from, date_to)


# module → the selector giving its figures for (unit, date_from, date_to), one query per figure family.
PROVIDERS = {"practices": _practice_statistics, "cases": _case_statistics, "meetings": _meeting_statistics}

# source key ("<module>.<figure>") → {breakdown ("" = total): key of the module's statistics}
SOURCES: dict[str, dict[str, str]] = {
    "practices.registered": {"": "registered", "collective": "collective", "individual": "individual"},
    "practices.recognised": {"": "recognised"},
    "practices.commended": {"": "commended"},
    "practices.replicated": {"": "replicated"},
    "practices.money_vnd": {"": "money_vnd"},
    "practices.socialised_vnd": {"": "socialised_vnd"},
    "practices.workdays": {"": "workdays"},
    # Citizens' cases received in the period at the unit; "resolved" is answered (a reply was given), "on time"
    # answered within the legal deadline — so on time ≤ resolved ≤ received, as the blocking rules demand.
    "cases.received": {"": "total"},
    "cases.resolved": {"": "answered"},
    "cases.on_time": {"": "answered_on_time"},
    # Reception days held at the unit and the citizens received there; dialogues held in the period.
    # Hotspots stay typed: cases.hotspots flags early warnings against a baseline, not the "vụ việc phức tạp"
    # a report counts; commendations and contests have no catalogue indicator of their own beyond dvk_commended.
    "meetings.sessions_held": {"": "sessions_held"},
    "meetings.visitors": {"": "visitors"},
    "meetings.dialogues_held": {"": "dialogues_held"},
}


def register_source(module: str, provider, sources: dict[str, dict[str, str]]) -> None:
    """Lets an app above this one (democracy, programmes) feed indicators without reports importing it: called
    from the app's ``AppConfig.ready()`` with the selector giving its figures for (unit, date_from, date_to) and
    its source keys, each ``"<module>.<figure>"``."""
    if any(not key.startswith(module + ".") for key in sources):
        raise ValueError(f"source keys must start with {module!r}")
    PROVIDERS[module] = provider
    SOURCES.update(sources)


def typed_by_hand(period) -> bool:
    """Whether the automatic figures of ``period`` may be typed: it ended before DanVan kept the records they are
    computed from (settings.RECORDS_SINCE), so a body entering its history types what its own files say."""
    return period.end < settings.RECORDS_SINCE


def own_unit(unit: AdminUnit) -> AdminUnit:
    """A stand-in that the modules' subtree filters read as "this unit only" (``unit_id = pk``)."""
    if unit.level == Level.COMMUNE:
        return unit
    return AdminUnit(pk=unit.pk, level=Level.COMMUNE)


def computed_amounts(report, indicators) -> dict[tuple[int, str], int]:
    """{(indicator id, breakdown): amount} for the automatic indicators among ``indicators`` (one query per
    module they come from)."""
    auto = [i for i in indicators if i.source in SOURCES]
    if not auto:
        return {}
    stats: dict[str, dict] = {}
    for module in sorted({i.source.split(".", 1)[0] for i in auto}):
        stats[module] = PROVIDERS[module](own_unit(report.unit), report.period.start, report.period.end)
    amounts = {}
    for indicator in auto:
        figures = stats[indicator.source.split(".", 1)[0]]
        for breakdown, key in SOURCES[indicator.source].items():
            if breakdown and breakdown not in indicator.breakdown_keys():
                continue
            # Decimal: a source may give fractions (km, ha) that the indicator keeps to its decimals.
            amount = Decimal(figures[key] or 0) * indicator.scale
            amounts[(indicator.pk, breakdown)] = int(amount.to_integral_value(ROUND_HALF_UP))
    return amounts
