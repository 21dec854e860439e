"""Demo reports, made through the real services (audited, with history): the 2025 second-half period, whose
commune reports were sent after its deadline (late) and approved — the figures the phone entry shows as "Kỳ
trước" —, and the 2026 first-half period, whose deadline the central level set two weeks from the day the demo is
loaded, with reports in every state sent before it (on time). Idempotent: nothing is created when the demo period
already exists."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from orgs.models import User
from reports import services
from reports.catalogue import standard_form
from reports.models import Indicator, Period, Report

FIGURES = {
    # commune code → typed figures
    "24781": {"resources_vnd": 1_850_000_000, "workdays": 4_200, "road_km": 3.5, "houses": 6, "dialogues": 4,
              "reception_sessions": 24, "reception_people": 310, "petitions_received": 42, "petitions_resolved": 39,
              "petitions_on_time": 37, "hotspots": 1},
    "24778": {"resources_vnd": 720_000_000, "workdays": 1_900, "road_km": 1.2, "houses": 3, "dialogues": 2,
              "reception_sessions": 24, "reception_people": 180, "petitions_received": 25, "petitions_resolved": 25,
              "petitions_on_time": 24, "hotspots": 0},
    "21025": {"resources_vnd": 540_000_000, "workdays": 2_600, "road_km": 2.75, "houses": 4, "dialogues": 3,
              "reception_sessions": 22, "reception_people": 140, "petitions_received": 18, "petitions_resolved": 15,
              "petitions_on_time": 15, "hotspots": 2},
}  # fmt: skip
NARRATIVE = {
    "p1_situation": "Tình hình nhân dân cơ bản ổn định; nhân dân phấn khởi, tin tưởng vào sự lãnh đạo của Đảng.",
    "p2_tasks": "Tiếp tục nhân rộng các mô hình “Dân vận khéo”; nâng cao chất lượng tiếp công dân, đối thoại.",
}


@transaction.atomic
def load_demo_reports() -> int:
    form = standard_form()
    if Period.objects.filter(form=form, year=2026, number=1).exists():
        return 0
    central = User.objects.get(username="trunguong")
    codes = {i.code: i.pk for i in Indicator.objects.all()}
    lamdong = User.objects.get(username="tinh.lamdong")
    quangngai = User.objects.get(username="tinh.quangngai")
    made = _load_earlier_period(form, central, codes, {"24781": lamdong, "24778": lamdong, "21025": quangngai})
    # The deadline of the current period is two weeks away, so the reports sent now are on time.
    due = timezone.localdate() + dt.timedelta(days=14)
    period = services.period_open(form=form, year=2026, number=1, by=central, due_date=due)
    for code, figures in FIGURES.items():
        officer = User.objects.get(username=f"xa.{code}")
        org = officer.memberships.get().organization
        report = Report.objects.select_related("unit", "period__form").get(organization=org, period=period)
        services.report_save(
            report=report, by=officer, values={(codes[k], ""): v for k, v in figures.items()}, narrative=NARRATIVE
        )
        services.report_submit(report=report, by=officer)
        made += 1
        if code == "24781":
            services.report_approve(report=report, by=lamdong)  # approved: in the roll-up
        elif code == "21025":
            services.report_return(report=report, by=quangngai, reason="Bổ sung số vụ việc phức tạp đã giải quyết.")
        # 24778 stays submitted, waiting for the province.
    return made


def _load_earlier_period(form, central, codes, approvers) -> int:
    """The 2025 second half: every commune report sent after the deadline (late), then approved."""
    period = services.period_open(form=form, year=2025, number=2, by=central)
    made = 0
    for code, figures in FIGURES.items():
        officer = User.objects.get(username=f"xa.{code}")
        org = officer.memberships.get().organization
        report = Report.objects.select_related("unit", "period__form").get(organization=org, period=period)
        # Two thirds of this half-year's figures, whole numbers where the indicator keeps no decimals.
        earlier = {k: (round(v * 2 / 3, 1) if isinstance(v, float) else v * 2 // 3) for k, v in figures.items()}
        services.report_save(
            report=report, by=officer, values={(codes[k], ""): v for k, v in earlier.items()}, narrative=NARRATIVE
        )
        services.report_submit(report=report, by=officer)
        services.report_approve(report=report, by=approvers[code])
        made += 1
    return made
