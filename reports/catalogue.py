"""The standard report forms (sơ kết 6 tháng, tổng kết năm): created from code once, edited as data afterwards."""

from __future__ import annotations

from django.db import transaction

from orgs.models import OrganizationType
from reports.models import FormIndicator, Indicator, PeriodType, ReportForm

# Outline of danvan.vn "Nghiệp vụ … Thông tin báo cáo công tác dân vận" (domain-notes §2.1).
SECTIONS = [
    ["p1_situation", "Phần I. 1. Tình hình các tầng lớp nhân dân"],
    ["p1_results", "Phần I. 2. Kết quả công tác dân vận của hệ thống chính trị"],
    ["p1_assessment", "Phần I. 3. Đánh giá chung: ưu điểm, hạn chế, nguyên nhân, bài học kinh nghiệm"],
    ["p2_tasks", "Phần II. Phương hướng, nhiệm vụ kỳ tới"],
    ["p2_proposals", "Phần II. Đề xuất, kiến nghị"],
]
# Shown on the conference board.
KEY_INDICATORS = ("dvk_registered", "dvk_recognised", "resources_vnd", "workdays", "road_km", "houses")


@transaction.atomic
def standard_form(
    *,
    code: str = "so-ket-6-thang",
    name: str = "Báo cáo sơ kết công tác dân vận 6 tháng",
    period_type: str = PeriodType.HALF,
    org_types: tuple[str, ...] = ("ban-tgdv", "dang-uy-xa"),
    tiers: tuple[str, ...] = ("province", "commune"),
    indicators: tuple[str, ...] | None = None,
    cutoff_day: int = 15,
) -> ReportForm:
    # The newest version when the form exists (a form is versioned once a period used it).
    form = ReportForm.objects.filter(code=code).order_by("-version").first()
    if form is not None:
        return form
    form = ReportForm.objects.create(
        code=code, name=name, period_type=period_type, sections=SECTIONS, tiers=list(tiers), cutoff_day=cutoff_day
    )
    form.org_types.set(OrganizationType.objects.filter(code__in=org_types))
    chosen = Indicator.objects.filter(is_active=True)
    if indicators is not None:
        chosen = chosen.filter(code__in=indicators)
    FormIndicator.objects.bulk_create(
        FormIndicator(form=form, indicator=i, ordering=i.ordering, is_key=i.code in KEY_INDICATORS) for i in chosen
    )
    return form
