"""Điểm nóng: a situation an officer confirms (a gathering, a long-running dispute), with the cases behind it and the
bodies handling it (the police included), and its lifecycle confirmed → handled → closed.

Distinct from the page of places whose grievances rise unusually (``cases.hotspots``): that page counts, an officer
decides. Imported by ``cases.models`` so that Django registers these models with the cases app."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cases.models import Case
from geo.models import AdminUnit
from geo.selectors import current_province_id
from orgs.models import Organization
from orgs.scope import scope_for


class HotspotStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Đã xác nhận"
    HANDLED = "handled", "Đã xử lý"
    CLOSED = "closed", "Đã kết thúc"


class HotspotAction(models.TextChoices):
    CONFIRM = "confirm", "Xác nhận điểm nóng"
    HANDLE = "handle", "Ghi nhận đã xử lý"
    CLOSE = "close", "Kết thúc theo dõi"


HOTSPOT_TRANSITIONS: dict[tuple[str, str], str] = {
    (HotspotStatus.CONFIRMED, HotspotAction.HANDLE): HotspotStatus.HANDLED,
    (HotspotStatus.HANDLED, HotspotAction.CLOSE): HotspotStatus.CLOSED,
}


class HotspotQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scope_for(user).filter(self, "unit", province_field="province")


class Hotspot(models.Model):
    title = models.CharField("tên, nội dung điểm nóng", max_length=300)
    description = models.TextField("diễn biến, tình hình", blank=True)
    unit = models.ForeignKey(AdminUnit, verbose_name="địa bàn", on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+", editable=False)
    status = models.CharField(
        "trạng thái", max_length=12, choices=HotspotStatus.choices, default=HotspotStatus.CONFIRMED
    )
    people_count = models.PositiveIntegerField("số người tham gia (ước tính)", null=True, blank=True)
    confirmed_on = models.DateField("ngày xác nhận")
    cases = models.ManyToManyField(Case, verbose_name="vụ việc liên quan", blank=True, related_name="hotspots")
    bodies = models.ManyToManyField(
        Organization, verbose_name="cơ quan tham gia xử lý", blank=True, related_name="hotspots"
    )
    outcome = models.TextField("kết quả xử lý", blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HotspotQuerySet.as_manager()

    class Meta:
        verbose_name = "điểm nóng"
        verbose_name_plural = "điểm nóng"
        indexes = [models.Index(fields=["province", "status", "-id"], name="case_hotspot_prov_status_idx")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.province_id is None:
            self.province_id = current_province_id(self.unit)
        super().save(*args, **kwargs)


class HotspotEvent(models.Model):
    hotspot = models.ForeignKey(Hotspot, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=12, choices=HotspotAction.choices)
    from_status = models.CharField(max_length=12, choices=HotspotStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=HotspotStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.hotspot}: {self.get_action_display()}"
