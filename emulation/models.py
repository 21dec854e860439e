"""Contests (hội thi "Dân vận khéo") and yearly scored assessments of state bodies.

Both reuse the criteria machinery of practices (``CriteriaSet``/``Criterion``, owned by the
issuing body): a contest round is judged against a criteria set, and a yearly assessment
of "dân vận chính quyền" scores an organisation against its province's rubric.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from orgs.models import Organization
from practices.models import CriteriaSet, Criterion, Practice


class ContestStatus(models.TextChoices):
    OPEN = "open", "Đang nhận đăng ký"
    JUDGING = "judging", "Đang chấm"
    CLOSED = "closed", "Đã công bố kết quả"


class ContestAction(models.TextChoices):
    OPEN_JUDGING = "open_judging", "Bắt đầu chấm"
    CLOSE = "close", "Công bố kết quả"


CONTEST_TRANSITIONS: dict[tuple[str, str], str] = {
    (ContestStatus.OPEN, ContestAction.OPEN_JUDGING): ContestStatus.JUDGING,
    (ContestStatus.JUDGING, ContestAction.CLOSE): ContestStatus.CLOSED,
}


class Contest(models.Model):
    name = models.CharField("tên hội thi", max_length=300)
    organizer = models.ForeignKey(Organization, verbose_name="đơn vị tổ chức", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField("năm")
    status = models.CharField(max_length=10, choices=ContestStatus.choices, default=ContestStatus.OPEN)
    judges = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="ban giám khảo", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "hội thi"
        verbose_name_plural = "hội thi"

    def __str__(self) -> str:
        return self.name


class Round(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    order = models.PositiveSmallIntegerField("vòng", default=1)
    name = models.CharField("tên vòng", max_length=200)
    criteria_set = models.ForeignKey(CriteriaSet, verbose_name="bộ tiêu chí chấm", on_delete=models.PROTECT)
    held_on = models.DateField("ngày thi", null=True, blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["contest", "order"], name="contest_round_order_uniq")]

    def __str__(self) -> str:
        return f"{self.contest} – {self.name}"


class EntryKind(models.TextChoices):
    TEAM = "team", "Đội thi"
    INDIVIDUAL = "individual", "Cá nhân"
    PRACTICE = "practice", "Mô hình"


class Entry(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField("loại", max_length=12, choices=EntryKind.choices)
    name = models.CharField("tên đội, thí sinh", max_length=300)
    organization = models.ForeignKey(Organization, verbose_name="đơn vị dự thi", on_delete=models.PROTECT)
    practice = models.ForeignKey(Practice, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "bài dự thi"
        constraints = [models.UniqueConstraint(fields=["contest", "name", "organization"], name="contest_entry_uniq")]

    def __str__(self) -> str:
        return self.name


class EntryScore(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT)
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "round", "criterion", "judge"], name="contest_score_uniq"),
            models.CheckConstraint(condition=Q(score__gte=0), name="contest_score_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.entry}: {self.score}"


class Award(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="awards")
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="awards")
    title = models.CharField("giải", max_length=100)
    rank = models.PositiveSmallIntegerField("thứ hạng")

    class Meta:
        ordering = ["rank"]
        constraints = [models.UniqueConstraint(fields=["contest", "entry"], name="contest_award_uniq")]

    def __str__(self) -> str:
        return f"{self.title}: {self.entry}"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "Xuất sắc"
    GOOD = "good", "Tốt"
    FAIR = "fair", "Khá"
    AVERAGE = "average", "Trung bình"
    WEAK = "weak", "Yếu"


class Assessment(models.Model):
    """The yearly scored assessment of an organisation's mobilisation work (dân vận chính quyền)."""

    organization = models.ForeignKey(
        Organization, verbose_name="đơn vị được đánh giá", on_delete=models.PROTECT, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField("năm")
    criteria_set = models.ForeignKey(CriteriaSet, verbose_name="bộ tiêu chí", on_delete=models.PROTECT)
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField("tổng điểm", max_digits=7, decimal_places=2)
    grade = models.CharField("xếp loại", max_length=10, choices=Grade.choices)
    note = models.TextField("nhận xét", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đánh giá năm"
        verbose_name_plural = "đánh giá năm"
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="assessment_org_year_uniq")]

    def __str__(self) -> str:
        return f"{self.organization} – {self.year}"


class AssessmentScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT)
    score = models.DecimalField(max_digits=6, decimal_places=2)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="assessment_score_uniq"),
            models.CheckConstraint(condition=Q(score__gte=0), name="assessment_score_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"
