"""Writes of programmes, yearly plans and tasks: one atomic function per change, each with its audit row.

Who may act: the programme's standing body (or a body above it) runs the programme and its plans; a task's lead body
(or one above it) moves the task and splits it into sub-tasks for lower levels; the lead and the cooperating bodies
report progress. A parent task's progress is computed from its sub-tasks in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Case, F, FloatField, IntegerField, Value, When
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.services import record
from audit.transitions import Workflow, transition
from lib.errors import ServiceError
from lib.uploads import EVIDENCE_KINDS, Kind, UploadRejected, check_upload
from orgs.models import Organization
from orgs.permissions import acts_for, require_acts_for
from programmes.citations import cite_resolved, resolve_references
from programmes.models import (
    OPEN_STATES,
    TASK_TRANSITIONS,
    Finding,
    PartyRole,
    Programme,
    ProgrammeKind,
    ProgrammeParty,
    Task,
    TaskAction,
    TaskEvidence,
    TaskNote,
    TaskStatus,
    YearPlan,
)

TASK_WORKFLOW = Workflow(
    model=Task,
    moves=TASK_TRANSITIONS,
    noun="nhiệm vụ",
    status_labels=dict(TaskStatus.choices),
    action_labels=dict(TaskAction.choices),
)
MAX_FILES_PER_NOTE = 10


def _check_years(start_year: int, end_year: int) -> None:
    if not 2000 <= start_year <= end_year <= 2100:
        raise ServiceError("Thời gian thực hiện chương trình không hợp lệ (từ năm phải trước hoặc bằng đến năm).")


@transaction.atomic
def programme_create(
    *,
    by,
    organization: Organization,
    title: str,
    start_year: int,
    end_year: int,
    parties: Sequence[tuple[Organization, str]] = (),
    kind: str = ProgrammeKind.COORDINATION,
    number: str = "",
    goals: str = "",
    document_refs: str = "",
) -> Programme:
    """A programme kept by ``organization``, with its parties (the standing body is always a lead party) and the
    documents ``document_refs`` names, cited from the library (``programmes.citations``)."""
    require_acts_for(by, organization, message="Bạn không có quyền lập chương trình cho cơ quan này.")
    _check_years(start_year, end_year)
    if not title.strip():
        raise ServiceError("Chưa nhập tên chương trình.", extra={"title": "required"})
    resolution = resolve_references(by, document_refs)
    programme = Programme.objects.create(
        kind=kind,
        number=number.strip(),
        title=title.strip(),
        organization=organization,
        unit=organization.unit,
        start_year=start_year,
        end_year=end_year,
        goals=goals,
        unresolved_refs=resolution.unresolved_text,
        created_by=by,
    )
    roles = {organization.pk: (organization, PartyRole.LEAD)}
    for org, role in parties:
        if org.pk not in roles:
            roles[org.pk] = (org, PartyRole(role))
    ProgrammeParty.objects.bulk_create(
        ProgrammeParty(programme=programme, organization=org, role=role) for org, role in roles.values()
    )
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=programme,
        changes={
            "parties": [None, sorted(roles)],
            "period": [None, programme.period_label],
            "unresolved_refs": [None, programme.unresolved_refs],
        },
    )
    cite_resolved(programme=programme, by=by, resolution=resolution)
    return programme


def runs_programme(user, programme: Programme) -> bool:
    """The user acts for the standing body or a lead party of the programme."""
    return programme.is_run_by(user)


def _require_runs(user, programme: Programme) -> None:
    if not runs_programme(user, programme):
        raise ServiceError(
            "Chỉ cơ quan thường trực, cơ quan chủ trì chương trình mới được thực hiện việc này.", status_code=403
        )


@transaction.atomic
def programme_party_add(*, programme: Programme, by, organization: Organization, role: str) -> ProgrammeParty:
    _require_runs(by, programme)
    party, created = ProgrammeParty.objects.get_or_create(
        programme=programme, organization=organization, defaults={"role": role}
    )
    if not created:
        raise ServiceError(f"{organization.name} đã là bên tham gia chương trình.")
    record(actor=by, action=AuditAction.CREATE, obj=party, changes={"role": [None, role]})
    return party


@transaction.atomic
def plan_create(*, programme: Programme, by, year: int, title: str = "", note: str = "") -> YearPlan:
    _require_runs(by, programme)
    if not programme.start_year <= year <= programme.end_year:
        raise ServiceError(
            f"Năm {year} nằm ngoài thời gian thực hiện chương trình ({programme.period_label}).", extra={"year": year}
        )
    if YearPlan.objects.filter(programme=programme, year=year).exists():
        raise ServiceError(f"Chương trình đã có kế hoạch năm {year}.", extra={"year": year})
    plan = YearPlan.objects.create(
        programme=programme,
        year=year,
        title=title.strip() or f"Kế hoạch thực hiện {programme.title} năm {year}",
        note=note,
        created_by=by,
    )
    record(actor=by, action=AuditAction.CREATE, obj=plan, changes={"year": [None, year]})
    return plan


def _new_task(
    *,
    by,
    title: str,
    owner: Organization,
    deadline: dt.date,
    cooperating: Iterable[Organization],
    description: str,
    expected_output: str,
    **links,
) -> Task:
    if not title.strip():
        raise ServiceError("Chưa nhập nội dung nhiệm vụ.", extra={"title": "required"})
    if not owner.is_active:
        raise ServiceError(f"{owner.name} không còn hoạt động.", extra={"owner": owner.pk})
    unit = owner.unit
    task = Task.objects.create(
        title=title.strip(),
        description=description,
        expected_output=expected_output.strip(),
        owner=owner,
        unit=unit,
        province_id=unit.province_id if unit is not None else None,
        level=owner.tier,
        deadline=deadline,
        created_by=by,
        **links,
    )
    others = [o for o in cooperating if o.pk != owner.pk]
    if others:
        task.cooperating.set(others)
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=task,
        changes={
            "owner": [None, owner.pk],
            "cooperating": [None, sorted(o.pk for o in others)],
            "deadline": [None, deadline.isoformat()],
        },
    )
    return task


@transaction.atomic
def task_create(
    *,
    plan: YearPlan,
    by,
    title: str,
    owner: Organization,
    deadline: dt.date,
    cooperating: Iterable[Organization] = (),
    description: str = "",
    expected_output: str = "",
) -> Task:
    """A task of a yearly plan, led by one of the programme's parties."""
    programme = plan.programme
    _require_runs(by, programme)
    party_ids = set(programme.parties.values_list("organization_id", flat=True))
    cooperating = list(cooperating)
    strangers = [o.name for o in [owner, *cooperating] if o.pk not in party_ids]
    if strangers:
        raise ServiceError(
            "Cơ quan chủ trì, phối hợp phải là bên tham gia chương trình: " + ", ".join(strangers) + ".",
            extra={"organizations": strangers},
        )
    if deadline.year != plan.year:
        raise ServiceError(f"Thời hạn phải trong năm {plan.year} của kế hoạch.", extra={"deadline": "year"})
    return _new_task(
        by=by,
        title=title,
        owner=owner,
        deadline=deadline,
        cooperating=cooperating,
        description=description,
        expected_output=expected_output,
        programme=programme,
        plan=plan,
    )


@transaction.atomic
def subtask_create(
    *,
    parent: Task,
    by,
    title: str,
    owner: Organization,
    deadline: dt.date,
    description: str = "",
    expected_output: str = "",
) -> Task:
    """Split a task for a lower level (province → commune): the sub-task's body sits inside the parent's territory
    and its deadline is no later than the parent's."""
    require_acts_for(by, parent.owner, message="Chỉ cơ quan chủ trì nhiệm vụ mới được giao nhiệm vụ cho cấp dưới.")
    if parent.status not in OPEN_STATES:
        raise ServiceError(
            f"Nhiệm vụ đang ở trạng thái “{parent.get_status_display()}”, không thể giao thêm.", status_code=409
        )
    above, below = parent.owner.unit, owner.unit
    inside = below is not None and (
        above is None or (below.pk != above.pk and below.province_id == above.province_id and above.level != "commune")
    )
    if not inside:
        raise ServiceError(
            f"{owner.name} không thuộc cấp dưới trên địa bàn của {parent.owner.name}.", extra={"owner": owner.pk}
        )
    if deadline > parent.deadline:
        raise ServiceError(
            f"Thời hạn của nhiệm vụ cấp dưới không được sau thời hạn nhiệm vụ chung ({parent.deadline:%d/%m/%Y}).",
            extra={"deadline": "after_parent"},
        )
    task = _new_task(
        by=by,
        title=title,
        owner=owner,
        deadline=deadline,
        cooperating=(),
        description=description,
        expected_output=expected_output,
        programme=parent.programme,
        plan=parent.plan,
        parent=parent,
    )
    _recompute_up(parent)
    return task


@transaction.atomic
def followup_create(
    *, finding: Finding, by, title: str, owner: Organization, deadline: dt.date, description: str = ""
) -> Task:
    """A follow-up task of an inspection's finding: it enters the owner's queue until it is closed."""
    inspection = finding.inspection
    require_acts_for(by, inspection.organization, message="Chỉ cơ quan chủ trì đoàn kiểm tra mới được giao việc.")
    return _new_task(
        by=by,
        title=title,
        owner=owner,
        deadline=deadline,
        cooperating=(),
        description=description,
        expected_output="Báo cáo kết quả khắc phục",
        programme=inspection.programme,
        finding=finding,
    )


def _recompute_up(task: Task | None) -> None:
    """Each ancestor's progress is the mean of its live sub-tasks' (a done one counts 100, a cancelled one not at
    all), recomputed from the bottom up inside the writing transaction."""
    seen = 0
    while task is not None and seen < 10:
        mean = (
            Task.objects.filter(parent=task)
            .exclude(status=TaskStatus.CANCELLED)
            .aggregate(
                mean=Avg(
                    Case(
                        When(status=TaskStatus.DONE, then=Value(100)),
                        default=F("progress"),
                        output_field=IntegerField(),
                    ),
                    output_field=FloatField(),
                )
            )["mean"]
        )
        progress = int(round(mean or 0))
        if progress != task.progress:
            Task.objects.filter(pk=task.pk).update(progress=progress)
            task.progress = progress
        task = Task.objects.filter(pk=task.parent_id).first() if task.parent_id else None
        seen += 1


def can_report(user, task: Task) -> bool:
    return acts_for(user, task.owner, *task.cooperating.all())


def _store_file(model, upload, *, allowed: tuple[Kind, ...] = EVIDENCE_KINDS, **fields):
    """Save an uploaded file after checking its real content and size (lib.uploads)."""
    try:
        kind = check_upload(
            upload, upload.name, upload.size, allowed=allowed, max_bytes=settings.DANVAN_MAX_EVIDENCE_BYTES
        )
    except UploadRejected as e:
        raise ServiceError(str(e), extra={"file": upload.name}) from e
    item = model(
        original_name=upload.name[:255], kind=kind.name, size=upload.size, token=secrets.token_hex(16), **fields
    )
    item.file.save(f"{item.token}.{kind.name}", upload, save=False)
    try:
        item.save()
    except Exception:
        item.file.delete(save=False)  # the file system is not part of the transaction: leave no orphan
        raise
    return item


@transaction.atomic
def task_note_add(
    *,
    task: Task,
    by,
    text: str,
    organization: Organization | None = None,
    progress: int | None = None,
    uploads: Sequence = (),
) -> TaskNote:
    """A progress report with evidence files; ``progress`` moves the task's % (not on a task split into sub-tasks,
    whose progress is computed). The first report of a task not started starts it."""
    if not can_report(by, task):
        raise ServiceError("Chỉ cơ quan chủ trì, phối hợp mới được báo cáo tiến độ nhiệm vụ.", status_code=403)
    if task.status not in OPEN_STATES:
        raise ServiceError(
            f"Nhiệm vụ đang ở trạng thái “{task.get_status_display()}”, không thể báo cáo tiến độ.", status_code=409
        )
    if not text.strip():
        raise ServiceError("Chưa nhập kết quả thực hiện.", extra={"text": "required"})
    if progress is not None and not 0 <= progress <= 100:
        raise ServiceError("Tiến độ phải từ 0 đến 100%.", extra={"progress": progress})
    if progress is not None and task.children.exists():
        raise ServiceError("Tiến độ của nhiệm vụ có nhiệm vụ cấp dưới được tính từ các nhiệm vụ cấp dưới.")
    if len(uploads) > MAX_FILES_PER_NOTE:
        raise ServiceError(f"Mỗi lần báo cáo đính kèm tối đa {MAX_FILES_PER_NOTE} tệp.")
    note = TaskNote.objects.create(
        task=task, organization=organization or task.owner, text=text.strip(), progress=progress, created_by=by
    )
    files = [_store_file(TaskEvidence, upload, note=note) for upload in uploads]
    if task.status == TaskStatus.NOT_STARTED and (progress or 0) > 0:
        transition(TASK_WORKFLOW, task, action=TaskAction.START, by=by)
    if progress is not None and progress != task.progress:
        old = task.progress
        Task.objects.filter(pk=task.pk).update(progress=progress, updated_at=timezone.now())
        task.progress = progress
        _recompute_up(task.parent)
        record(actor=by, action=AuditAction.UPDATE, obj=task, changes={"progress": [old, progress]})
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=note,
        object_repr=f"Báo cáo tiến độ nhiệm vụ “{task.title[:80]}”",
        changes={"task": [None, task.pk], "files": [None, [f.original_name for f in files]]},
    )
    return note


def _require_lead(by, task: Task) -> None:
    keeper = task.programme.organization if task.programme is not None else None
    require_acts_for(by, task.owner, keeper, message="Chỉ cơ quan chủ trì nhiệm vụ mới được thực hiện việc này.")


@transaction.atomic
def task_start(*, task: Task, by) -> Task:
    _require_lead(by, task)
    return transition(TASK_WORKFLOW, task, action=TaskAction.START, by=by)


@transaction.atomic
def task_complete(*, task: Task, by, on: dt.date | None = None) -> Task:
    """Done: progress 100%, the day it was done (on time when no later than the deadline)."""
    _require_lead(by, task)
    TASK_WORKFLOW.require(task.status, TaskAction.COMPLETE)
    if task.children.filter(status__in=OPEN_STATES).exists():
        raise ServiceError("Còn nhiệm vụ cấp dưới chưa hoàn thành hoặc chưa hủy.", status_code=409)
    transition(
        TASK_WORKFLOW,
        task,
        action=TaskAction.COMPLETE,
        by=by,
        updates={"progress": 100, "completed_on": on or timezone.localdate()},
    )
    _recompute_up(task.parent)
    return task


@transaction.atomic
def task_cancel(*, task: Task, by, reason: str) -> Task:
    _require_lead(by, task)
    TASK_WORKFLOW.require(task.status, TaskAction.CANCEL)
    if not reason.strip():
        raise ServiceError("Phải nêu lý do hủy nhiệm vụ.", extra={"reason": "required"})
    transition(
        TASK_WORKFLOW, task, action=TaskAction.CANCEL, by=by, reason=reason.strip(),
        updates={"cancel_reason": reason.strip()},
    )  # fmt: skip
    _recompute_up(task.parent)
    return task


@transaction.atomic
def task_reopen(*, task: Task, by, reason: str) -> Task:
    _require_lead(by, task)
    TASK_WORKFLOW.require(task.status, TaskAction.REOPEN)
    if not reason.strip():
        raise ServiceError("Phải nêu lý do mở lại nhiệm vụ.", extra={"reason": "required"})
    transition(
        TASK_WORKFLOW, task, action=TaskAction.REOPEN, by=by, reason=reason.strip(), updates={"completed_on": None}
    )
    _recompute_up(task.parent)
    return task
