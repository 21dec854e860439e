"""A demo coordination programme in Lâm Đồng: the Ban TG&DV, the provincial police and the military command, this
year's plan with tasks for each party and sub-tasks for the communes, a joint inspection with follow-ups (one
overdue), and the military command's contributions in two communes. Written through the services, as "trunguong"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from orgs.models import Organization, User
from programmes import contributions, inspections, services
from programmes.models import ContributionKind, PartyRole, Programme, Rating


def load_demo_programmes() -> int:
    ban = Organization.objects.filter(org_type__code="ban-tgdv", unit__code="68").first()
    central = User.objects.filter(username="trunguong").first()
    if ban is None or central is None or Programme.objects.filter(organization=ban).exists():
        return 0
    police = Organization.objects.get(org_type__code="cong-an", unit=ban.unit)
    military = Organization.objects.get(org_type__code="quan-su", unit=ban.unit)
    communes = list(Organization.objects.filter(org_type__code="dang-uy-xa", parent=ban).order_by("id")[:3])
    today = timezone.localdate()
    year = today.year
    programme = services.programme_create(
        by=central, organization=ban, number="05-CTr/BTGDVTU-CA-QS", start_year=year - 1, end_year=year + 3,
        title="Chương trình phối hợp công tác dân vận giữa Ban Tuyên giáo và Dân vận Tỉnh ủy, Công an tỉnh và "
              "Bộ Chỉ huy Quân sự tỉnh Lâm Đồng",
        goals="Phát huy vai trò của lực lượng vũ trang trong công tác dân vận ở cơ sở, nhất là vùng đồng bào dân tộc.",
        document_refs="23-QĐ/TW; 25-NQ/TW", parties=[(police, PartyRole.LEAD), (military, PartyRole.MEMBER)],
    )  # fmt: skip
    plan = services.plan_create(programme=programme, by=central, year=year)
    end = dt.date(year, 12, 15)
    services.task_create(plan=plan, by=central, title="Hội nghị sơ kết chương trình phối hợp", owner=ban,
                         cooperating=[police, military], deadline=end)  # fmt: skip
    police_task = services.task_create(plan=plan, by=central, owner=police, deadline=end,
                                       title="Xây dựng mô hình “Dân vận khéo” trong lực lượng Công an")  # fmt: skip
    services.task_create(plan=plan, by=central, owner=military, deadline=end,
                         title="Giúp nhân dân xây nhà đại đoàn kết, sửa đường giao thông nông thôn")  # fmt: skip
    for commune in communes:
        services.subtask_create(parent=police_task, by=central, owner=commune, deadline=end,
                                title=f"Phối hợp xây dựng mô hình tại {commune.unit.name}")  # fmt: skip
    inspections.checklist_item_add(by=central, programme=programme, text="Ban hành kế hoạch thực hiện năm")
    inspections.checklist_item_add(by=central, programme=programme, text="Xây dựng mô hình “Dân vận khéo”")
    inspection = inspections.inspection_create(
        by=central, organization=ban, programme=programme, title="Kiểm tra liên ngành thực hiện chương trình phối hợp",
        date_from=today - dt.timedelta(days=30), date_to=today - dt.timedelta(days=25),
        members=[("Trưởng đoàn", "Phó Trưởng Ban", ban), ("Thành viên", "Phó Trưởng phòng", police),
                 ("Thành viên", "Trợ lý dân vận", military)],
        visits=[(c.unit, c, None) for c in communes[:2]],
    )  # fmt: skip
    inspections.inspection_start(inspection=inspection, by=central)
    for visit in inspection.visits.all():
        for item in inspection.items.all():
            inspections.result_record(visit=visit, item=item, by=central, rating=Rating.PARTLY)
    finding = inspections.finding_add(inspection=inspection, by=central, text="Chưa cụ thể hóa kế hoạch ở cơ sở")
    services.followup_create(finding=finding, by=central, title="Ban hành kế hoạch của Công an xã", owner=police,
                             deadline=today - dt.timedelta(days=2))  # fmt: skip
    services.followup_create(finding=finding, by=central, title="Bổ sung kế hoạch giúp dân", owner=military,
                             deadline=today + dt.timedelta(days=20))  # fmt: skip
    workdays = ContributionKind.objects.get(code="workdays")
    houses = ContributionKind.objects.get(code="houses")
    for commune, days, built in zip(communes[:2], (320, 180), (2, 1), strict=True):
        common = {"by": central, "organization": military, "place": commune.unit, "programme": programme,
                  "date_from": today - dt.timedelta(days=20), "date_to": today - dt.timedelta(days=10)}  # fmt: skip
        contributions.contribution_add(kind=workdays, quantity=Decimal(days), **common)
        contributions.contribution_add(kind=houses, quantity=Decimal(built), value_vnd=built * 60_000_000, **common)
    return 1
