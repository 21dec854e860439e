"""Programmes (chương trình phối hợp / chương trình hành động), their yearly plans and tasks.

"Overdue" is not a stored status: it is an open task past its deadline on the day one looks (``state_on``), so no
nightly job can forget to flip it and the trail holds only what people did. The stored lifecycle is
not started → in progress → done, or cancelled with a reason (``TASK_TRANSITIONS``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse

from documents.models import Citation
from geo.models import AdminUnit
from orgs.models import Organization
from orgs.permissions import acts_for, user_org_ids
from orgs.scope import scope_for


class ProgrammeKind(models.TextChoices):
    COORDINATION = "coordination", "Chương trình phối hợp"
    ACTION = "action", "Chương trình hành động thực hiện nghị quyết"


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Inside the user's territory (the standing body's unit), and to every party of the programme. The document
        library asks this too, to list a directive's citing programmes to those who may see them."""
        scope = scope_for(user)
        if scope.national:
            # Not ``unit_q() | …``: a national scope's Q() is empty, and Q() | q is just q (parties only).
            return self.all()
        orgs = user_org_ids(user)
        parties = ProgrammeParty.objects.filter(organization_id__in=orgs).values("programme_id")
        return self.filter(scope.unit_q("unit") | Q(pk__in=parties))


class Programme(models.Model):
    kind = models.CharField("loại", max_length=20, choices=ProgrammeKind.choices, default=ProgrammeKind.COORDINATION)
    number = models.CharField("số, ký hiệu", max_length=60, blank=True, default="")  # "04-CTr/BDVTW-TCCT"
    title = models.CharField("tên chương trình", max_length=400)
    # The body that keeps the programme (usually the Ban TG&DV); its unit decides who sees the programme.
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan thường trực", on_delete=models.PROTECT, related_name="programmes"
    )
    unit = models.ForeignKey(AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    start_year = models.PositiveSmallIntegerField("từ năm")
    end_year = models.PositiveSmallIntegerField("đến năm")
    goals = models.TextField("mục tiêu", blank=True, default="")
    # The documents the programme implements are citations of the library (``citations``, programmes/citations.py).
    # A reference the library does not hold (yet) stays here as written ("12-NQ/TU; 05-KH/UBND"), shown as text with
    # a note, and is resolved again whenever the programme's documents are edited.
    unresolved_refs = models.CharField("văn bản chưa có trong thư viện", max_length=500, blank=True, default="")
    citations = GenericRelation(Citation, related_query_name="programme")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = "chương trình"
        verbose_name_plural = "chương trình"
        ordering = ["-start_year", "-id"]
        constraints = [models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="prog_years")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:programme", args=[self.pk])

    @property
    def period_label(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    @property
    def unresolved_list(self) -> list[str]:
        return [ref.strip() for ref in self.unresolved_refs.split(";") if ref.strip()]

    def is_run_by(self, user) -> bool:
        """The user acts for the standing body or a lead party of the programme (or a body above one)."""
        leads = [p.organization for p in self.parties.select_related("organization__parent") if p.role == "lead"]
        return acts_for(user, self.organization, *leads)

    def can_cite_documents(self, user) -> bool:
        """Who changes the programme's documents (``documents.services.can_cite``): whoever runs it."""
        return self.is_run_by(user)


class PartyRole(models.TextChoices):
    LEAD = "lead", "Chủ trì"
    MEMBER = "member", "Phối hợp"


class ProgrammeParty(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="parties")
    organization = models.ForeignKey(
        Organization, verbose_name="cơ quan", on_delete=models.PROTECT, related_name="programme_parties"
    )
    role = models.CharField("vai trò", max_length=10, choices=PartyRole.choices, default=PartyRole.MEMBER)

    class Meta:
        verbose_name = "bên tham gia chương trình"
        verbose_name_plural = "bên tham gia chương trình"
        ordering = ["role", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "organization"], name="prog_party_uniq")]

    def __str__(self) -> str:
        return f"{self.organization} ({self.get_role_display()})"


class YearPlan(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField("năm")
    title = models.CharField("tên kế hoạch", max_length=400)
    note = models.TextField("nội dung chủ yếu", blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "kế hoạch năm"
        verbose_name_plural = "kế hoạch năm"
        ordering = ["programme_id", "year"]
        constraints = [models.UniqueConstraint(fields=["programme", "year"], name="prog_plan_year_uniq")]

    def __str__(self) -> str:
        return self.title


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Đã hoàn thành"
    CANCELLED = "cancelled", "Đã hủy"


OVERDUE_LABEL = "Quá hạn"
OPEN_STATES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)


class TaskAction(models.TextChoices):
    START = "start", "Bắt đầu thực hiện"
    COMPLETE = "complete", "Hoàn thành"
    CANCEL = "cancel", "Hủy"
    REOPEN = "reopen", "Mở lại"


TASK_TRANSITIONS: dict[tuple[str, str], str] = {
    (TaskStatus.NOT_STARTED, TaskAction.START): TaskStatus.IN_PROGRESS,
    (TaskStatus.NOT_STARTED, TaskAction.COMPLETE): TaskStatus.DONE,
    (TaskStatus.IN_PROGRESS, TaskAction.COMPLETE): TaskStatus.DONE,
    (TaskStatus.NOT_STARTED, TaskAction.CANCEL): TaskStatus.CANCELLED,
    (TaskStatus.IN_PROGRESS, TaskAction.CANCEL): TaskStatus.CANCELLED,
    (TaskStatus.DONE, TaskAction.REOPEN): TaskStatus.IN_PROGRESS,
}


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Inside the user's territory (the owner's unit), and to the owner, the cooperating bodies and every party
        of the programme. The task pages and the document library (a directive's citing tasks) read this rule."""
        scope = scope_for(user)
        if scope.national:
            return self.all()
        orgs = user_org_ids(user)
        cooperating = Task.cooperating.through.objects.filter(organization_id__in=orgs).values("task_id")
        parties = ProgrammeParty.objects.filter(organization_id__in=orgs).values("programme_id")
        q = scope.unit_q("unit", province_field="province") | Q(owner_id__in=orgs) | Q(pk__in=cooperating)
        return self.filter(q | Q(programme_id__in=parties))

    def open(self):
        return self.filter(status__in=OPEN_STATES)

    def overdue(self, *, on: dt.date):
        return self.filter(status__in=OPEN_STATES, deadline__lt=on)


class Task(models.Model):
    """A task of a yearly plan (or a sub-task of one, or an inspection's follow-up), led by one organisation."""

    programme = models.ForeignKey(Programme, null=True, blank=True, on_delete=models.CASCADE, related_name="tasks")
    plan = models.ForeignKey(YearPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self", verbose_name="nhiệm vụ cấp trên", null=True, blank=True, on_delete=models.CASCADE,
        related_name="children",
    )  # fmt: skip
    finding = models.ForeignKey(
        "programmes.Finding", verbose_name="phát hiện qua kiểm tra", null=True, blank=True,
        on_delete=models.CASCADE, related_name="tasks",
    )  # fmt: skip
    title = models.CharField("nhiệm vụ", max_length=400)
    description = models.TextField("nội dung", blank=True, default="")
    expected_output = models.CharField("sản phẩm dự kiến", max_length=400, blank=True, default="")
    owner = models.ForeignKey(
        Organization, verbose_name="cơ quan chủ trì", on_delete=models.PROTECT, related_name="programme_tasks"
    )
    cooperating = models.ManyToManyField(
        Organization, verbose_name="cơ quan phối hợp", blank=True, related_name="cooperating_tasks"
    )
    # The owner's unit and its province, copied when the task is made: scope filters on them without joins.
    unit = models.ForeignKey(AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    level = models.CharField("cấp", max_length=10, blank=True, default="")  # the owner's tier: central/province/…
    deadline = models.DateField("thời hạn")
    status = models.CharField("trạng thái", max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    progress = models.PositiveSmallIntegerField("tiến độ (%)", default=0)
    cancel_reason = models.TextField("lý do hủy", blank=True, default="")
    completed_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"
        ordering = ["deadline", "id"]
        indexes = [
            # A party's queue: its open tasks, earliest deadline first (the overdue ones lead).
            models.Index(fields=["owner", "status", "deadline", "id"], name="prog_task_queue_idx"),
            models.Index(fields=["status", "deadline"], name="prog_task_due_idx"),
            models.Index(fields=["province", "status", "deadline"], name="prog_task_prov_idx"),
        ]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="prog_task_progress_max")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:task", args=[self.pk])

    def can_cite_documents(self, user) -> bool:
        """Who changes the documents a task carries out (``documents.services.can_cite``): its owner, or whoever runs
        its programme ("học tập, quán triệt" a directive is a task citing it)."""
        if acts_for(user, self.owner):
            return True
        return self.programme is not None and self.programme.is_run_by(user)

    def state_on(self, day: dt.date) -> str:
        """The status, or "overdue" for an open task past its deadline on ``day``."""
        if self.status in OPEN_STATES and self.deadline < day:
            return "overdue"
        return self.status

    def state_label_on(self, day: dt.date) -> str:
        state = self.state_on(day)
        return OVERDUE_LABEL if state == "overdue" else str(TaskStatus(state).label)

    @property
    def on_time(self) -> bool | None:
        if self.status != TaskStatus.DONE or self.completed_on is None:
            return None
        return self.completed_on <= self.deadline


class TaskNote(models.Model):
    """A progress report on a task: what was done, the progress it brings the task to, with evidence files."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="notes")
    organization = models.ForeignKey(Organization, verbose_name="cơ quan báo cáo", on_delete=models.PROTECT)
    text = models.TextField("kết quả thực hiện")
    progress = models.PositiveSmallIntegerField("tiến độ (%)", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "báo cáo tiến độ"
        verbose_name_plural = "báo cáo tiến độ"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:80]


def evidence_path(instance, filename: str) -> str:
    # Never keep the uploader's file name in the path: it may carry personal data or tricks.
    return f"programmes/{instance.folder}/{instance.token}.{instance.kind}"


class TaskEvidence(models.Model):
    note = models.ForeignKey(TaskNote, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("tệp", upload_to=evidence_path, max_length=300)
    original_name = models.CharField("tên tệp", max_length=255)
    kind = models.CharField("định dạng", max_length=10)
    size = models.PositiveBigIntegerField("dung lượng")
    token = models.CharField(max_length=32, unique=True, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    folder = "tasks"

    class Meta:
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name
