"""Indicators DanVan already knows: computed from the other modules, shown as such, never retyped.

A report holds its organisation's own figures and the roll-up adds the reports of a subtree, so an
automatic figure must count the report's own unit only: a province report that counted its communes'
practices would count them twice in the province roll-up.
"""

from __future__ import annotations

from geo.models import AdminUnit, Level

# source key → {breakdown ("" = total): key of practices.selectors.practice_statistics}
SOURCES: dict[str, dict[str, str]] = {
    "practices.registered": {"": "registered", "collective": "collective", "individual": "individual"},
    "practices.recognised": {"": "recognised"},
    "practices.commended": {"": "commended"},
    "practices.replicated": {"": "replicated"},
    "practices.money_vnd": {"": "money_vnd"},
    "practices.socialised_vnd": {"": "socialised_vnd"},
    "practices.workdays": {"": "workdays"},
}


def own_unit(unit: AdminUnit) -> AdminUnit:
    """A stand-in that practices' subtree filter reads as "this unit only" (``unit_id = pk``)."""
    if unit.level == Level.COMMUNE:
        return unit
    return AdminUnit(pk=unit.pk, level=Level.COMMUNE)


def computed_amounts(report, indicators) -> dict[tuple[int, str], int]:
    """{(indicator id, breakdown): amount} for the automatic indicators among ``indicators`` (one query)."""
    auto = [i for i in indicators if i.source in SOURCES]
    if not auto:
        return {}
    from practices.selectors import practice_statistics

    stats = practice_statistics(unit=own_unit(report.unit), date_from=report.period.start, date_to=report.period.end)
    amounts = {}
    for indicator in auto:
        for breakdown, key in SOURCES[indicator.source].items():
            if breakdown and breakdown not in indicator.breakdown_keys():
                continue
            amounts[(indicator.pk, breakdown)] = int(stats[key] or 0) * indicator.scale
    return amounts
