"""Cases received per unit and month and how they were answered, kept by the database (``lib.counts``).

One row per (unit version the cases were received in, today's province of that unit, first day of the month
received): the cases received, answered, answered on time, rated by their sender, and whose sender was satisfied —
the ``cases.selectors.ANSWERS`` definitions, one 0/1 expression each. The dashboards add up a few thousand of these
rows instead of counting a quarter of a million cases (benchmarks/README.md, dashboards).
"""

from __future__ import annotations

from django.db import models

from geo.models import AdminUnit
from lib.counts import CountSpec, register

CASE_COUNTS = register(
    CountSpec(
        source="cases_case",
        target="cases_case_count",
        keys={
            "unit_id": ("{r}.unit_id", "{r}.unit_id"),
            "province_id": ("{r}.province_id", "{r}.province_id"),
            "month": ("date({r}.received_on, 'start of month')", "date_trunc('month', {r}.received_on)::date"),
        },
        counts={
            "received": ("1", "1"),
            "answered": ("({r}.answered_at IS NOT NULL)", "({r}.answered_at IS NOT NULL)::int"),
            "answered_on_time": ("coalesce({r}.answered_on_time, 0)", "coalesce({r}.answered_on_time, false)::int"),
            "rated": ("({r}.satisfied IS NOT NULL)", "({r}.satisfied IS NOT NULL)::int"),
            "satisfied": ("coalesce({r}.satisfied, 0)", "coalesce({r}.satisfied, false)::int"),
        },
        watched=("unit_id", "province_id", "received_on", "answered_at", "answered_on_time", "satisfied"),
    )
)


class CaseCount(models.Model):
    """Written only by the database's triggers (``CASE_COUNTS``); read by the dashboards."""

    unit = models.ForeignKey(AdminUnit, on_delete=models.DO_NOTHING, related_name="+", db_index=False)
    province = models.ForeignKey(AdminUnit, on_delete=models.DO_NOTHING, related_name="+", db_index=False)
    month = models.DateField()
    received = models.IntegerField(default=0)
    answered = models.IntegerField(default=0)
    answered_on_time = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)

    class Meta:
        db_table = "cases_case_count"
        constraints = [models.UniqueConstraint(fields=["unit", "province", "month"], name="case_count_key")]
        indexes = [models.Index(fields=["province", "month"], name="case_count_prov_month_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%m/%Y}: {self.received}"
