"""Residents supervise (dân kiểm tra, giám sát): Ban Thanh tra nhân dân and Ban Giám sát đầu tư của cộng đồng.

A recommendation is tracked to closure like a dialogue commitment: open → answered (by the body it is addressed
to) → closed (by the board). "Overdue" is not stored: an open one past its answer date on the day one looks.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from geo.models import AdminUnit
from orgs.models import Organization


class BoardKind(models.TextChoices):
    INSPECTION = "inspection", "Ban Thanh tra nhân dân"
    INVESTMENT = "investment", "Ban Giám sát đầu tư của cộng đồng"


class Board(models.Model):
    unit = models.ForeignKey(AdminUnit, verbose_name="xã, phường", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan quản lý (MTTQ xã)", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("loại ban", max_length=12, choices=BoardKind.choices)
    name = models.CharField("tên", max_length=300)
    project = models.CharField("dự án, công trình được giám sát", max_length=300, blank=True)
    term_start = models.DateField("nhiệm kỳ từ ngày")
    term_end = models.DateField("nhiệm kỳ đến ngày", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ban giám sát của Nhân dân"
        verbose_name_plural = "ban giám sát của Nhân dân"
        ordering = ["kind", "-term_start", "id"]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    HEAD = "head", "Trưởng ban"
    DEPUTY = "deputy", "Phó Trưởng ban"
    MEMBER = "member", "Thành viên"


class BoardMember(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField("họ tên", max_length=200)
    role = models.CharField("chức danh", max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    since = models.DateField("từ ngày")
    until = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        verbose_name = "thành viên ban"
        verbose_name_plural = "thành viên ban"
        ordering = ["role", "id"]

    def __str__(self) -> str:
        return self.full_name


class SupervisionSession(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="sessions")
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")  # the board's, for roll-ups
    held_on = models.DateField("ngày giám sát")
    subject = models.CharField("nội dung giám sát", max_length=300)
    findings = models.TextField("kết quả, phát hiện", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cuộc giám sát"
        verbose_name_plural = "cuộc giám sát"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["unit", "held_on"], name="dem_session_unit_idx")]

    def __str__(self) -> str:
        return self.subject


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Chờ trả lời"
    ANSWERED = "answered", "Đã trả lời"
    CLOSED = "closed", "Đã kết thúc theo dõi"


class RecommendationAction(models.TextChoices):
    ANSWER = "answer", "Trả lời kiến nghị"
    CLOSE = "close", "Kết thúc theo dõi"


RECOMMENDATION_TRANSITIONS: dict[tuple[str, str], str] = {
    (RecommendationStatus.OPEN, RecommendationAction.ANSWER): RecommendationStatus.ANSWERED,
    (RecommendationStatus.ANSWERED, RecommendationAction.CLOSE): RecommendationStatus.CLOSED,
}


class Recommendation(models.Model):
    session = models.ForeignKey(SupervisionSession, on_delete=models.CASCADE, related_name="recommendations")
    unit = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("nội dung kiến nghị")
    addressee = models.ForeignKey(
        Organization, verbose_name="cơ quan có trách nhiệm trả lời", on_delete=models.PROTECT, related_name="+"
    )
    answer_due = models.DateField("hạn trả lời")
    status = models.CharField(
        "trạng thái", max_length=10, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    answer = models.TextField("nội dung trả lời", blank=True)
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)
    closed_on = models.DateField("ngày kết thúc", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kiến nghị giám sát"
        verbose_name_plural = "kiến nghị giám sát"
        ordering = ["answer_due", "id"]
        indexes = [
            models.Index(fields=["status", "answer_due"], name="dem_recommend_due_idx"),
            models.Index(fields=["unit", "answer_due"], name="dem_recommend_unit_idx"),
        ]

    def __str__(self) -> str:
        return self.text[:80]
