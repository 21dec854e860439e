"""Joint inspections (đoàn kiểm tra liên ngành): a team from several agencies visits units against a checklist,
records results per unit and item, findings with follow-up tasks, and a conclusion."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from geo.models import AdminUnit
from orgs.models import Organization
from programmes.models.tasks import Programme, evidence_path


class ChecklistItem(models.Model):
    """A point the team checks; kept per programme (or for every inspection when it has none) and reused."""

    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.CASCADE, related_name="checklist_items"
    )
    text = models.CharField("nội dung kiểm tra", max_length=400)
    ordering = models.PositiveSmallIntegerField("thứ tự", default=100)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        verbose_name = "nội dung kiểm tra"
        verbose_name_plural = "nội dung kiểm tra"
        ordering = ["ordering", "id"]

    def __str__(self) -> str:
        return self.text


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", "Đã lập kế hoạch"
    IN_PROGRESS = "in_progress", "Đang kiểm tra"
    CONCLUDED = "concluded", "Đã kết luận"
    CANCELLED = "cancelled", "Đã hủy"


class InspectionAction(models.TextChoices):
    START = "start", "Bắt đầu kiểm tra"
    CONCLUDE = "conclude", "Kết luận"
    CANCEL = "cancel", "Hủy"


INSPECTION_TRANSITIONS: dict[tuple[str, str], str] = {
    (InspectionStatus.PLANNED, InspectionAction.START): InspectionStatus.IN_PROGRESS,
    (InspectionStatus.IN_PROGRESS, InspectionAction.CONCLUDE): InspectionStatus.CONCLUDED,
    (InspectionStatus.PLANNED, InspectionAction.CANCEL): InspectionStatus.CANCELLED,
    (InspectionStatus.IN_PROGRESS, InspectionAction.CANCEL): InspectionStatus.CANCELLED,
}


class Inspection(models.Model):
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="inspections"
    )
    title = models.CharField("tên đợt kiểm tra", max_length=400)
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan chủ trì", on_delete=models.PROTECT, related_name="inspections"
    )
    unit = models.ForeignKey(AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    date_from = models.DateField("từ ngày")
    date_to = models.DateField("đến ngày")
    purpose = models.TextField("mục đích, yêu cầu", blank=True, default="")
    items = models.ManyToManyField(ChecklistItem, verbose_name="nội dung kiểm tra", related_name="inspections")
    status = models.CharField(
        "trạng thái", max_length=12, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    conclusion = models.TextField("kết luận", blank=True, default="")
    cancel_reason = models.TextField("lý do hủy", blank=True, default="")
    concluded_on = models.DateField("ngày kết luận", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "đợt kiểm tra liên ngành"
        verbose_name_plural = "đợt kiểm tra liên ngành"
        ordering = ["-date_from", "-id"]

    def __str__(self) -> str:
        return self.title


class InspectionMember(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="members")
    name = models.CharField("họ và tên", max_length=200)
    position = models.CharField("chức vụ trong đoàn", max_length=200, blank=True, default="")
    organization = models.ForeignKey(Organization, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "thành viên đoàn kiểm tra"
        verbose_name_plural = "thành viên đoàn kiểm tra"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class InspectionVisit(models.Model):
    """A unit the team visits (with the body checked there, if one is named)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="visits")
    unit = models.ForeignKey(AdminUnit, verbose_name="địa bàn", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan được kiểm tra", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    visit_date = models.DateField("ngày kiểm tra", null=True, blank=True)

    class Meta:
        verbose_name = "địa bàn kiểm tra"
        verbose_name_plural = "địa bàn kiểm tra"
        ordering = ["visit_date", "id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "unit"], name="prog_visit_unit_uniq")]

    def __str__(self) -> str:
        return str(self.unit)


class Rating(models.TextChoices):
    MET = "met", "Đạt"
    PARTLY = "partly", "Đạt một phần"
    NOT_MET = "not_met", "Chưa đạt"


class Result(models.Model):
    visit = models.ForeignKey(InspectionVisit, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="results")
    rating = models.CharField("kết quả", max_length=10, choices=Rating.choices)
    note = models.TextField("ghi chú", blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kết quả kiểm tra"
        verbose_name_plural = "kết quả kiểm tra"
        ordering = ["visit_id", "item__ordering", "item_id"]
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="prog_result_uniq")]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_rating_display()}"


class ResultPhoto(models.Model):
    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField("ảnh", upload_to=evidence_path, max_length=300)
    original_name = models.CharField("tên tệp", max_length=255)
    kind = models.CharField("định dạng", max_length=10)
    size = models.PositiveBigIntegerField("dung lượng")
    token = models.CharField(max_length=32, unique=True, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    folder = "inspections"

    class Meta:
        verbose_name = "ảnh kiểm tra"
        verbose_name_plural = "ảnh kiểm tra"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class Finding(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    visit = models.ForeignKey(InspectionVisit, null=True, blank=True, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField("phát hiện, tồn tại")
    recommendation = models.TextField("kiến nghị", blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "phát hiện qua kiểm tra"
        verbose_name_plural = "phát hiện qua kiểm tra"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:80]
