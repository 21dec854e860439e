"""The commune nearest to a map pin, for the public feedback form.

Method: among today's communes that have a centroid (AdminUnit.latitude/longitude, from the unit data), the one whose
centroid is closest to the pin (equirectangular distance, exact enough at a commune's scale). Candidates are read in
a box around the pin that widens until one is found (≈5 km, 15 km, 50 km, 150 km), so Python compares a few dozen
candidates (the database filters the box over today's ~3,300 communes, read by the level index).

Limits (said on the form, which only *suggests* the commune — the sender can change it):
- A centroid is not a boundary: near the border between two communes the nearest centroid may be the neighbour's,
  and a long or oddly shaped commune may lose its own edge to a neighbour's centroid. Commune boundaries, when an
  admin imports them, would replace this with point-in-polygon.
- A commune without a centroid in the unit data is never suggested.
- A pin outside Vietnam's frame (sea far offshore, a neighbouring country) suggests nothing.
"""

from __future__ import annotations

import datetime as dt
import math

from geo.models import AdminUnit, Level
from geo.selectors import units_on

# Mainland, islands and the two archipelagos (Hoàng Sa, Trường Sa).
LAT_RANGE = (6.0, 24.0)
LNG_RANGE = (101.5, 118.0)
BOXES = (0.05, 0.15, 0.5, 1.5)


def within_frame(lat: float, lng: float) -> bool:
    return LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LNG_RANGE[0] <= lng <= LNG_RANGE[1]


def _distance(lat: float, lng: float, unit: AdminUnit) -> float:
    x = (unit.longitude - lng) * math.cos(math.radians((unit.latitude + lat) / 2))  # type: ignore[operator]
    y = unit.latitude - lat  # type: ignore[operator]
    return x * x + y * y


def nearest_commune(lat: float, lng: float, on: dt.date) -> AdminUnit | None:
    if not within_frame(lat, lng):
        return None
    communes = units_on(on, level=Level.COMMUNE).select_related("province")
    for box in BOXES:
        candidates = list(
            communes.filter(
                latitude__gte=lat - box,
                latitude__lte=lat + box,
                longitude__gte=lng - box,
                longitude__lte=lng + box,
            )[:500]
        )
        if candidates:
            return min(candidates, key=lambda u: (_distance(lat, lng, u), u.code))
    return None
