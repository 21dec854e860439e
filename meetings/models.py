"""Meetings with citizens: reception days (tiếp công dân) and dialogue conferences (đối thoại).

Moved here from the cases app; the tables keep their ``cases_*`` names (``Meta.db_table``) so no
data moved with them. Lifecycles are data (``SessionStatus``, ``DialogueStatus``,
``CommitmentStatus`` and their ``*_TRANSITIONS`` tables); every move goes through ``meetings.reception`` or
``meetings.dialogues``. Nothing here stores a citizen's identity: a
question sent from the public dialogue page is text only, and the cases received at a session keep
their sender in ``cases.Petitioner`` as any other case.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from geo.models import AdminUnit
from meetings import conf
from orgs.models import Organization


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Hằng tuần"
    MONTHLY = "monthly", "Hằng tháng"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Thứ Hai"
    TUESDAY = 1, "Thứ Ba"
    WEDNESDAY = 2, "Thứ Tư"
    THURSDAY = 3, "Thứ Năm"
    FRIDAY = 4, "Thứ Sáu"
    SATURDAY = 5, "Thứ Bảy"
    SUNDAY = 6, "Chủ nhật"


class ReceptionSchedule(models.Model):
    """A recurring reception day of a leader: every week on a weekday, or every month on a day.

    Luật Tiếp công dân 2013, Điều 15: the commune chairman receives citizens at least one day a
    week; the province chairman at least one day a month. Sessions are generated from the rule
    (``meetings.reception.reception_sessions_plan``) so each one can be held or cancelled on its own.
    """

    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="reception_schedules"
    )
    leader_title = models.CharField("chức vụ người tiếp", max_length=200)
    leader_name = models.CharField("họ tên người tiếp", max_length=200, blank=True)
    frequency = models.CharField("lặp lại", max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    weekday = models.PositiveSmallIntegerField("thứ", choices=Weekday.choices, null=True, blank=True)
    month_day = models.PositiveSmallIntegerField("ngày trong tháng", null=True, blank=True)
    start_time = models.TimeField("từ giờ")
    end_time = models.TimeField("đến giờ")
    place = models.CharField("địa điểm", max_length=300)
    valid_from = models.DateField("áp dụng từ ngày")
    valid_to = models.DateField("đến ngày", null=True, blank=True)
    is_active = models.BooleanField("đang áp dụng", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "cases_receptionschedule"
        verbose_name = "lịch tiếp công dân định kỳ"
        verbose_name_plural = "lịch tiếp công dân định kỳ"
        ordering = ["organization_id", "frequency", "weekday", "month_day", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(frequency="weekly", weekday__isnull=False) | Q(frequency="monthly", month_day__gte=1))
                & (Q(month_day__isnull=True) | Q(month_day__lte=31)),
                name="case_reception_rule_valid",
            ),
            models.CheckConstraint(condition=Q(end_time__gt=models.F("start_time")), name="case_reception_rule_hours"),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.rule_label}"

    @property
    def rule_label(self) -> str:
        if self.frequency == Frequency.WEEKLY:
            return f"{Weekday(self.weekday).label} hằng tuần"
        return f"Ngày {self.month_day} hằng tháng"

    def occurs_on(self, day: dt.date) -> bool:
        if day < self.valid_from or (self.valid_to and day > self.valid_to):
            return False
        if self.frequency == Frequency.WEEKLY:
            return day.weekday() == self.weekday
        return day.day == self.month_day


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Theo lịch"
    HELD = "held", "Đã tiếp"
    CANCELLED = "cancelled", "Tạm hoãn"


class SessionAction(models.TextChoices):
    HOLD = "hold", "Ghi nhận đã tiếp"
    CANCEL = "cancel", "Tạm hoãn"


# (from, action) → to, for ``audit.transitions``: a session is held or postponed once, from the schedule.
SESSION_TRANSITIONS: dict[tuple[str, str], str] = {
    (SessionStatus.PLANNED, SessionAction.HOLD): SessionStatus.HELD,
    (SessionStatus.PLANNED, SessionAction.CANCEL): SessionStatus.CANCELLED,
}


class ReceptionSession(models.Model):
    """One reception day (from a rule, or a one-off session) and the cases received at it."""

    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="reception_sessions"
    )
    schedule = models.ForeignKey(
        ReceptionSchedule, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    date = models.DateField("ngày tiếp")
    start_time = models.TimeField("từ giờ")
    end_time = models.TimeField("đến giờ")
    leader_title = models.CharField("chức vụ người tiếp", max_length=200)
    leader_name = models.CharField("họ tên người tiếp", max_length=200, blank=True)
    place = models.CharField("địa điểm", max_length=300)
    status = models.CharField("trạng thái", max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED)
    # Reason for a cancellation, or the officer's note on the session held (no citizen's data).
    note = models.TextField("ghi chú", blank=True)
    visitors = models.PositiveIntegerField("số lượt công dân đến", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "cases_receptionsession"
        verbose_name = "buổi tiếp công dân"
        verbose_name_plural = "buổi tiếp công dân"
        ordering = ["date", "start_time", "id"]
        indexes = [
            models.Index(fields=["date", "status"], name="case_session_date_idx"),
            models.Index(fields=["organization", "date"], name="case_session_org_date_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "date"], condition=Q(schedule__isnull=False), name="case_session_rule_day_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization}: {self.date:%d/%m/%Y}"


class DialogueStatus(models.TextChoices):
    ANNOUNCED = "announced", "Đã thông báo"
    HELD = "held", "Đã tổ chức"
    PUBLISHED = "published", "Đã công bố kết quả"
    CANCELLED = "cancelled", "Hủy"


class DialogueAction(models.TextChoices):
    CANCEL = "cancel", "Hủy"
    HOLD = "hold", "Ghi biên bản"
    PUBLISH = "publish", "Công bố kết quả"


DIALOGUE_TRANSITIONS: dict[tuple[str, str], str] = {
    (DialogueStatus.ANNOUNCED, DialogueAction.CANCEL): DialogueStatus.CANCELLED,
    (DialogueStatus.ANNOUNCED, DialogueAction.HOLD): DialogueStatus.HELD,
    (DialogueStatus.HELD, DialogueAction.PUBLISH): DialogueStatus.PUBLISHED,
}


class Dialogue(models.Model):
    """A dialogue conference between a body and the people (hội nghị đối thoại).

    Announced at least 7 days ahead; its results published within 10 days after it (Luật Tổ chức
    chính quyền địa phương 2025 / Luật Thực hiện dân chủ ở cơ sở 2022 — domain notes §3.1).
    """

    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan tổ chức", on_delete=models.PROTECT, related_name="dialogues"
    )
    unit = models.ForeignKey(AdminUnit, verbose_name="địa bàn", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("chủ đề", max_length=300)
    description = models.TextField("nội dung đối thoại", blank=True)
    topic = models.ForeignKey(
        "cases.Topic", verbose_name="lĩnh vực", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField("thời gian")
    place = models.CharField("địa điểm", max_length=300)
    status = models.CharField(
        "trạng thái", max_length=10, choices=DialogueStatus.choices, default=DialogueStatus.ANNOUNCED
    )
    announced_on = models.DateField("ngày thông báo")
    # Entered after it took place (a dialogue not announced in DanVan): the notice rule applied to its announcement,
    # which DanVan did not see; its record starts at "held" (meetings.dialogue_records).
    recorded_afterwards = models.BooleanField("ghi nhận sau khi diễn ra", default=False)
    held_on = models.DateField("ngày tổ chức", null=True, blank=True)
    minutes = models.TextField("biên bản", blank=True)
    participants = models.PositiveIntegerField("số người dự", default=0)
    results = models.TextField("kết quả công bố", blank=True)
    published_on = models.DateField("ngày công bố kết quả", null=True, blank=True)
    cancel_reason = models.TextField("lý do hủy", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "cases_dialogue"
        verbose_name = "hội nghị đối thoại"
        verbose_name_plural = "hội nghị đối thoại"
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["status", "starts_at"], name="case_dialogue_status_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:dialogue", args=[self.pk])

    def results_due(self) -> dt.date | None:
        if self.held_on is None:
            return None
        return self.held_on + dt.timedelta(days=conf.dialogue_publish_days())


class QuestionSource(models.TextChoices):
    CITIZEN = "citizen", "Người dân gửi trước"
    CASE = "case", "Từ ý kiến, kiến nghị đang xử lý"
    FLOOR = "floor", "Nêu tại hội nghị"


class DialogueQuestion(models.Model):
    """A question put to the dialogue; public ones are text only (never the asker's identity)."""

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="questions")
    source = models.CharField("nguồn", max_length=10, choices=QuestionSource.choices)
    text = models.TextField("câu hỏi, kiến nghị")
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="dialogue_questions"
    )
    answer = models.TextField("trả lời tại hội nghị", blank=True)
    answered_by = models.CharField("người trả lời", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "cases_dialoguequestion"
        verbose_name = "câu hỏi đối thoại"
        verbose_name_plural = "câu hỏi đối thoại"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dialogue", "case"], condition=Q(case__isnull=False), name="case_question_case_uniq"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class CommitmentStatus(models.TextChoices):
    OPEN = "open", "Đang thực hiện"
    DONE = "done", "Đã hoàn thành"


class CommitmentAction(models.TextChoices):
    COMPLETE = "complete", "Hoàn thành"


COMMITMENT_TRANSITIONS: dict[tuple[str, str], str] = {
    (CommitmentStatus.OPEN, CommitmentAction.COMPLETE): CommitmentStatus.DONE,
}


class CommitmentQuerySet(models.QuerySet):
    def overdue(self, *, on: dt.date):
        return self.filter(status=CommitmentStatus.OPEN, deadline__lt=on)


class Commitment(models.Model):
    """An answer given at a dialogue turned into a promise: who does it, by when, with what proof.

    "Overdue" is not stored: it is an open commitment past its deadline on the day one looks
    (``state_on``), so no nightly job can forget to flip it.
    """

    dialogue = models.ForeignKey(Dialogue, on_delete=models.CASCADE, related_name="commitments")
    question = models.ForeignKey(
        DialogueQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="commitments"
    )
    text = models.TextField("nội dung cam kết")
    owner = models.ForeignKey(
        Organization, verbose_name="cơ quan thực hiện", on_delete=models.PROTECT, related_name="commitments"
    )
    deadline = models.DateField("thời hạn")
    status = models.CharField("trạng thái", max_length=10, choices=CommitmentStatus.choices, default="open")
    evidence = models.TextField("kết quả, minh chứng", blank=True)
    done_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        db_table = "cases_commitment"
        verbose_name = "cam kết sau đối thoại"
        verbose_name_plural = "cam kết sau đối thoại"
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["owner", "status", "deadline"], name="case_commit_owner_idx")]

    def __str__(self) -> str:
        return self.text[:80]

    def state_on(self, day: dt.date) -> str:
        """ "open", "done" or "overdue" on ``day``."""
        if self.status == CommitmentStatus.DONE:
            return "done"
        return "overdue" if self.deadline < day else "open"


COMMITMENT_STATES = {"open": "Đang thực hiện", "done": "Đã hoàn thành", "overdue": "Quá hạn"}
