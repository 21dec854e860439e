"""Cases received per unit and half-month and how they were answered, kept by the database (``lib.counts``).

One row per (unit version the cases were received in, today's province of that unit, first day of the half-month
received — the 1st or the 15th): the cases received, answered, answered on time, rated by their sender, and whose
sender was satisfied — the ``cases.selectors.ANSWERS`` definitions, one 0/1 expression each. The dashboards add up
tens of thousands of these rows instead of counting a quarter of a million cases (benchmarks/README.md, dashboards).

Half-months, because report periods come in two calendars: calendar months and quarters (1st to the last day),
and the statistical reporting periods of Decree 09/2019/NĐ-CP (from the 15th of the month before to the 14th);
a period of either kind is made of whole half-months.
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
            "half_month": (
                "date({r}.received_on, 'start of month', "
                "CASE WHEN strftime('%d', {r}.received_on) >= '15' THEN '+14 days' ELSE '+0 days' END)",
                "(date_trunc('month', {r}.received_on)::date "
                "+ CASE WHEN extract(day FROM {r}.received_on) >= 15 THEN 14 ELSE 0 END)",
            ),
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
    half_month = models.DateField()  # the 1st or the 15th
    received = models.IntegerField(default=0)
    answered = models.IntegerField(default=0)
    answered_on_time = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)

    class Meta:
        db_table = "cases_case_count"
        constraints = [models.UniqueConstraint(fields=["unit", "province", "half_month"], name="case_count_key")]
        indexes = [
            models.Index(fields=["province", "half_month"], name="case_count_prov_half_idx"),
            # The nation's figures of a period: a range of this index holds every column they add up.
            models.Index(
                fields=["half_month", "received", "answered", "answered_on_time", "rated", "satisfied"],
                name="case_count_half_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.half_month:%d/%m/%Y}: {self.received}"
