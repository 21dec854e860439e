"""What a commune disclosed (dân biết) and the calendar of what it must disclose."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Case, CharField, Q, Value, When
from django.urls import reverse

from democracy.models.rules import Channel, DisclosureCategory
from geo.models import AdminUnit
from orgs.models import Organization


class DisclosureStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    PUBLISHED = "published", "Đã công khai"
    WITHDRAWN = "withdrawn", "Đã thu hồi"


class DisclosureAction(models.TextChoices):
    PUBLISH = "publish", "Công khai"
    WITHDRAW = "withdraw", "Thu hồi"


DISCLOSURE_TRANSITIONS: dict[tuple[str, str], str] = {
    (DisclosureStatus.DRAFT, DisclosureAction.PUBLISH): DisclosureStatus.PUBLISHED,
    (DisclosureStatus.PUBLISHED, DisclosureAction.WITHDRAW): DisclosureStatus.WITHDRAWN,
}


class Disclosure(models.Model):
    """One content made public by a commune: its category, the issuing document, the forms used and the files.

    ``defect_count`` is derived (by the services, whenever a form changes): a loudspeaker broadcast shorter than the
    category's consecutive days, a posting taken down before the minimum duration, a required form not used.
    """

    unit = models.ForeignKey(AdminUnit, verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan công khai", on_delete=models.PROTECT, related_name="disclosures"
    )
    category = models.ForeignKey(
        DisclosureCategory, verbose_name="nội dung", on_delete=models.PROTECT, related_name="disclosures"
    )
    title = models.CharField("tiêu đề", max_length=300)
    content = models.TextField("nội dung", blank=True)
    period_start = models.DateField("kỳ từ ngày", null=True, blank=True)
    document_number = models.CharField("số văn bản ban hành", max_length=100, blank=True)
    document_date = models.DateField("ngày ban hành", null=True, blank=True)
    document_issuer = models.CharField("cơ quan ban hành", max_length=200, blank=True)
    status = models.CharField(
        "trạng thái", max_length=10, choices=DisclosureStatus.choices, default=DisclosureStatus.DRAFT
    )
    published_on = models.DateField("ngày công khai", null=True, blank=True)
    defect_count = models.PositiveSmallIntegerField("số thiếu sót", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "nội dung đã công khai"
        verbose_name_plural = "nội dung đã công khai"
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "published_on"], name="dem_disclosure_unit_idx"),
            models.Index(fields=["status", "published_on"], name="dem_disclosure_pub_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("democracy:disclosure", args=[self.pk])


class DisclosureChannel(models.Model):
    """A form used for a disclosure: where and from when to when, or the days broadcast."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="channels")
    channel = models.CharField("hình thức", max_length=20, choices=Channel.choices)
    posted_on = models.DateField("ngày niêm yết / bắt đầu", null=True, blank=True)
    taken_down_on = models.DateField("ngày gỡ", null=True, blank=True)
    broadcast_days = models.PositiveSmallIntegerField("số ngày phát liên tục", default=0)
    url = models.URLField("đường dẫn", blank=True)
    note = models.CharField("ghi chú", max_length=300, blank=True)

    class Meta:
        verbose_name = "hình thức công khai"
        verbose_name_plural = "hình thức công khai"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["disclosure", "channel"], name="dem_channel_uniq")]

    def __str__(self) -> str:
        return self.get_channel_display()


def disclosure_file_path(instance, filename: str) -> str:
    # Never the uploader's file name in the path.
    return f"democracy/{instance.disclosure_id}/{instance.token}.{instance.kind}"


class DisclosureFile(models.Model):
    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="files")
    file = models.FileField("tệp", upload_to=disclosure_file_path, max_length=300)
    original_name = models.CharField("tên tệp", max_length=255)
    kind = models.CharField("định dạng", max_length=10)
    size = models.PositiveBigIntegerField("dung lượng")
    token = models.CharField(max_length=32, unique=True, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp công khai"
        verbose_name_plural = "tệp công khai"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class ObligationState(models.TextChoices):
    DONE = "done", "Đã công khai đúng hạn"
    LATE = "late", "Công khai muộn"
    DUE = "due", "Chưa đến hạn"
    MISSING = "missing", "Quá hạn, chưa công khai"


def state_expression(today: dt.date) -> Case:
    """The state on ``today`` as SQL: never stored, so no nightly job can forget to flip it."""
    return Case(
        When(done_on__isnull=False, done_on__lte=models.F("due_on"), then=Value(ObligationState.DONE.value)),
        When(done_on__isnull=False, then=Value(ObligationState.LATE.value)),
        When(due_on__lt=today, then=Value(ObligationState.MISSING.value)),
        default=Value(ObligationState.DUE.value),
        output_field=CharField(),
    )


def state_q(state: str, today: dt.date) -> Q:
    if state == ObligationState.DONE:
        return Q(done_on__isnull=False, done_on__lte=models.F("due_on"))
    if state == ObligationState.LATE:
        return Q(done_on__isnull=False, done_on__gt=models.F("due_on"))
    if state == ObligationState.MISSING:
        return Q(done_on__isnull=True, due_on__lt=today)
    return Q(done_on__isnull=True, due_on__gte=today)


class Obligation(models.Model):
    """A disclosure a commune owes for one period, generated from its category's rule."""

    unit = models.ForeignKey(AdminUnit, verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        DisclosureCategory, verbose_name="nội dung", on_delete=models.PROTECT, related_name="obligations"
    )
    period_start = models.DateField("kỳ từ ngày")
    period_end = models.DateField("kỳ đến ngày")
    label = models.CharField("kỳ", max_length=40)
    due_on = models.DateField("hạn công khai")
    disclosure = models.ForeignKey(
        Disclosure, null=True, blank=True, on_delete=models.SET_NULL, related_name="obligations"
    )
    done_on = models.DateField("ngày công khai", null=True, blank=True)

    class Meta:
        verbose_name = "nghĩa vụ công khai"
        verbose_name_plural = "nghĩa vụ công khai"
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "category", "period_start"], name="dem_obligation_uniq")]
        indexes = [
            models.Index(fields=["due_on", "done_on"], name="dem_obligation_due_idx"),
            models.Index(fields=["unit", "due_on"], name="dem_obligation_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.category} – {self.label}"

    def state_on(self, today: dt.date) -> str:
        if self.done_on is not None:
            return ObligationState.DONE if self.done_on <= self.due_on else ObligationState.LATE
        return ObligationState.MISSING if self.due_on < today else ObligationState.DUE
