"""Practices per unit, year and status, kept by the database (``lib.counts``).

One row per (unit version the practice belongs to, today's province of that unit, year registered, status): how many
practices. The dashboards add up these rows instead of counting a year's practices (benchmarks/README.md,
dashboards).
"""

from __future__ import annotations

from django.db import models

from geo.models import AdminUnit
from lib.counts import CountSpec, register

PRACTICE_COUNTS = register(
    CountSpec(
        source="practices_practice",
        target="practices_practice_count",
        keys={
            "unit_id": ("{r}.unit_id", "{r}.unit_id"),
            "province_id": ("{r}.province_id", "{r}.province_id"),
            "year": ("{r}.year", "{r}.year"),
            "status": ("{r}.status", "{r}.status"),
        },
        counts={"n": ("1", "1")},
        watched=("unit_id", "province_id", "year", "status"),
    )
)


class PracticeCount(models.Model):
    """Written only by the database's triggers (``PRACTICE_COUNTS``); read by the dashboards."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.DO_NOTHING, related_name="+", db_index=False)
    province = models.ForeignKey(AdminUnit, on_delete=models.DO_NOTHING, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20)
    n = models.IntegerField(default=0)

    class Meta:
        db_table = "practices_practice_count"
        constraints = [
            models.UniqueConstraint(fields=["unit", "province", "year", "status"], name="practice_count_key")
        ]
        indexes = [models.Index(fields=["year", "province"], name="practice_count_year_prov_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.status}: {self.n}"
