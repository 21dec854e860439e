"""The forces' contributions (kết quả tham gia, đóng góp): typed figures by force, unit, place and period.

A contribution counts in the reports of the unit of the organisation that entered it (the force's own unit:
a provincial border guard's work in two communes is in the province's report, a commune police post's in the
commune's), once, so the roll-up over the hierarchy adds each exactly once; ``place`` keeps where it was done
for the roll-up by place.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from geo.models import AdminUnit
from orgs.models import Organization
from programmes.models.tasks import Programme


class Force(models.TextChoices):
    POLICE = "police", "Công an"
    MILITARY = "military", "Quân sự"
    BORDER_GUARD = "border_guard", "Bộ đội Biên phòng"
    OTHER = "other", "Mặt trận, đoàn thể và cơ quan khác"


# Organisation type (orgs data) → force; any other type counts as "other".
FORCE_OF_TYPE = {"cong-an": Force.POLICE, "quan-su": Force.MILITARY, "bien-phong": Force.BORDER_GUARD}


def force_of(organization: Organization) -> str:
    return FORCE_OF_TYPE.get(organization.org_type.code, Force.OTHER)


class ContributionKind(models.Model):
    """A typed figure (data: the central body adds kinds in the admin). Kinds with a report source feed the report
    indicators ``force_<code>`` (and ``force_<code>_vnd`` for the value) through programmes.figures."""

    code = models.SlugField("mã", max_length=40, unique=True)
    name = models.CharField("tên chỉ tiêu", max_length=300)
    unit = models.CharField("đơn vị tính", max_length=40)
    decimals = models.PositiveSmallIntegerField("số chữ số thập phân", default=0)
    has_value = models.BooleanField("có giá trị (đồng)", default=False)
    ordering = models.PositiveSmallIntegerField("thứ tự", default=100)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "loại kết quả đóng góp"
        verbose_name_plural = "loại kết quả đóng góp"
        ordering = ["ordering", "code"]

    def __str__(self) -> str:
        return self.name


class Contribution(models.Model):
    kind = models.ForeignKey(ContributionKind, verbose_name="chỉ tiêu", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        Organization, verbose_name="lực lượng, đơn vị", on_delete=models.PROTECT, related_name="contributions"
    )
    force = models.CharField("lực lượng", max_length=20, choices=Force.choices)
    # The entering organisation's unit (the report it counts in) and province; the place where it was done.
    unit = models.ForeignKey(AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    place = models.ForeignKey(AdminUnit, verbose_name="địa bàn thực hiện", on_delete=models.PROTECT, related_name="+")
    place_province = models.ForeignKey(AdminUnit, null=True, on_delete=models.PROTECT, related_name="+")
    date_from = models.DateField("từ ngày")
    date_to = models.DateField("đến ngày")
    quantity = models.DecimalField("số lượng", max_digits=16, decimal_places=2)
    value_vnd = models.BigIntegerField("giá trị (đồng)", default=0)
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions"
    )
    note = models.CharField("ghi chú", max_length=500, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "kết quả đóng góp"
        verbose_name_plural = "kết quả đóng góp"
        ordering = ["-date_to", "-id"]
        indexes = [
            models.Index(fields=["unit", "date_to"], name="prog_contrib_unit_idx"),
            models.Index(fields=["province", "date_to"], name="prog_contrib_prov_idx"),
            models.Index(fields=["organization", "date_to"], name="prog_contrib_org_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0) & Q(value_vnd__gte=0), name="prog_contrib_nonneg"),
            models.CheckConstraint(condition=Q(date_to__gte=models.F("date_from")), name="prog_contrib_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.quantity}"
