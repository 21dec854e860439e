"""The one write path for practices. Every function is atomic and audits its change.

Concurrency: a transition is a compare-and-set (``UPDATE … WHERE status = <expected>``),
so when two officers act at once exactly one row update succeeds and the other is told
plainly what happened — on SQLite and PostgreSQL alike, without relying on row locks.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.services import record, snapshot
from audit.transitions import Workflow, transition
from lib.errors import ServiceError
from lib.uploads import UploadRejected, check_upload
from orgs.scope import scope_for
from practices.authority import check_council, check_recognition, level_of
from practices.models import (
    EDITABLE_STATES,
    RECOGNISED_STATES,
    TRANSITIONS,
    Action,
    Appraisal,
    Commendation,
    CriteriaSet,
    Evidence,
    Kind,
    Practice,
    PracticeEvent,
    RecognitionLevel,
    Score,
    Status,
)
from practices.rubrics import rubrics_for_practice

# What a registration must contain before it can be submitted: field → Vietnamese label.
REQUIRED_FOR_SUBMIT = {
    "name": "Tên mô hình",
    "field": "Lĩnh vực",
    "situation": "Thực trạng, lý do xây dựng",
    "objectives": "Mục tiêu, tiêu chí đánh giá",
    "content": "Nội dung, cách thức thực hiện",
    "target_people": "Đối tượng",
    "outputs": "Sản phẩm, kết quả đầu ra",
    "sustainability": "Khả năng duy trì, nhân rộng",
    "start_date": "Ngày bắt đầu",
}


def _require_write(user, practice: Practice) -> None:
    if not scope_for(user, write=True).covers(practice.unit):
        raise ServiceError("Bạn không có quyền thay đổi mô hình này.", status_code=403)


def missing_for_submit(practice: Practice) -> list[str]:
    missing = [label for field, label in REQUIRED_FOR_SUBMIT.items() if not getattr(practice, field)]
    if practice.kind == Kind.EXEMPLAR and not practice.person_name:
        missing.append("Họ tên cá nhân điển hình")
    return missing


WORKFLOW = Workflow(
    model=Practice,
    moves=TRANSITIONS,
    noun="mô hình",
    status_labels=dict(Status.choices),
    action_labels=dict(Action.choices),
    history=lambda practice, action, old, new, by, reason: PracticeEvent.objects.create(
        practice=practice, action=action, from_status=old, to_status=new, by=by, reason=reason
    ),
)


def _transition(*, practice: Practice, action: str, by, reason: str = "", extra_update: dict | None = None) -> Practice:
    """Move ``practice`` along ``action`` if its current state allows it; audit it."""
    if action == Action.RETURN and WORKFLOW.target(practice.status, action) and not reason.strip():
        raise ServiceError("Trả lại để chỉnh sửa phải nêu lý do.", extra={"reason": "required"})
    return transition(WORKFLOW, practice, action=action, by=by, reason=reason, updates=extra_update)


@transaction.atomic
def practice_register(
    *,
    by,
    organization,
    unit,
    name: str,
    kind: str,
    field: str,
    year: int | None = None,
    registered_on: dt.date | None = None,
    **details,
) -> Practice:
    """Save a new draft (incomplete drafts are allowed). ``registered_on`` dates a practice registered before it was
    entered (an import, a historical entry); reports count it in the period of that date."""
    write_scope = scope_for(by, write=True)
    if not write_scope.covers(unit):
        raise ServiceError("Bạn không có quyền đăng ký mô hình cho địa bàn này.", status_code=403)
    if not write_scope.covers(organization.unit):
        raise ServiceError("Bạn không có quyền đăng ký mô hình thay cho tổ chức này.", status_code=403)
    practice = Practice(
        name=name,
        kind=kind,
        field=field,
        organization=organization,
        unit=unit,
        year=year or (registered_on or timezone.localdate()).year,
        registered_on=_past_date(registered_on, "Ngày đăng ký") or timezone.localdate(),
        created_by=by,
        **details,
    )
    practice.full_clean(exclude=["province", "created_by"])
    practice.save()
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=practice,
        changes={k: [None, v] for k, v in snapshot(practice).items() if k not in ("search_text", "sort_key")},
    )
    return practice


@transaction.atomic
def practice_update(*, practice: Practice, by, **changes) -> Practice:
    _require_write(by, practice)
    if practice.status not in EDITABLE_STATES:
        raise ServiceError(
            f"Không thể sửa mô hình đang ở trạng thái {practice.get_status_display()}; chỉ sửa được khi còn là Nháp.",
        )
    before = snapshot(practice)
    for key, value in changes.items():
        setattr(practice, key, value)
    practice.full_clean(exclude=["province", "created_by"])
    practice.save()
    after = snapshot(practice)
    diff = {
        k: [before[k], after[k]]
        for k in after
        if before.get(k) != after[k] and k not in ("search_text", "sort_key", "updated_at")
    }
    record(actor=by, action=AuditAction.UPDATE, obj=practice, changes=diff)
    return practice


@transaction.atomic
def practice_submit(*, practice: Practice, by) -> Practice:
    _require_write(by, practice)
    missing = missing_for_submit(practice)
    if missing:
        raise ServiceError("Chưa thể đăng ký, còn thiếu: " + ", ".join(missing) + ".", extra={"missing": missing})
    return _transition(practice=practice, action=Action.SUBMIT, by=by)


@transaction.atomic
def practice_return(*, practice: Practice, by, reason: str) -> Practice:
    _require_write(by, practice)
    return _transition(practice=practice, action=Action.RETURN, by=by, reason=reason)


@transaction.atomic
def practice_start_appraisal(
    *, practice: Practice, by, criteria_set: CriteriaSet, members: list, on: dt.date | None = None
) -> Appraisal:
    """The council of the rubric's issuing body (the recognising level) takes up ``practice``; ``on`` is the day of
    that decision (today by default, an earlier day when history is entered as it happened)."""
    _require_write(by, practice)
    on = _act_date(on)
    if not criteria_set.criteria.exists():
        raise ServiceError("Bộ tiêu chí chưa có tiêu chí nào.")
    if not members:
        raise ServiceError("Hội đồng thẩm định phải có ít nhất một thành viên.")
    # Who may appraise first (403: a council outside the practice's place), then whether the rubric fits it.
    check_council(practice=practice, council=criteria_set.owner, by=by, members=members, on=on)
    if not rubrics_for_practice(practice).filter(pk=criteria_set.pk).exists():
        raise ServiceError(
            f"Bộ tiêu chí “{criteria_set.name}” không áp dụng cho mô hình này: phải do cơ quan đăng ký, cơ quan cùng "
            f"địa bàn hoặc cấp trên ban hành, còn hiệu lực cho năm {practice.year} và dùng để thẩm định loại mô hình "
            "này.",
            extra={"criteria_set": criteria_set.pk},
        )
    _transition(practice=practice, action=Action.START_APPRAISAL, by=by)
    appraisal = Appraisal.objects.create(practice=practice, criteria_set=criteria_set, council=criteria_set.owner)
    appraisal.members.set(members)
    return appraisal


def _past_date(day: dt.date | None, label: str) -> dt.date | None:
    if day is not None and day > timezone.localdate():
        raise ServiceError(f"{label} không thể sau ngày hôm nay.", extra={"date": day.isoformat()})
    return day


def _act_date(on: dt.date | None) -> dt.date:
    today = timezone.localdate()
    if on is not None and on > today:
        raise ServiceError("Ngày quyết định không thể ở tương lai.", extra={"on": on.isoformat()})
    return on or today


@transaction.atomic
def appraisal_score(*, appraisal: Appraisal, by, scores: dict[int, tuple[Decimal, str]]) -> list[Score]:
    """Record ``by``'s scores: {criterion_id: (score, comment)}. All or nothing."""
    if appraisal.practice.status != Status.UNDER_APPRAISAL:
        raise ServiceError("Chỉ chấm điểm được khi mô hình đang thẩm định.")
    if not appraisal.members.filter(pk=by.pk).exists():
        raise ServiceError("Bạn không phải thành viên hội đồng thẩm định của mô hình này.", status_code=403)
    criteria = {c.pk: c for c in appraisal.criteria_set.criteria.all()}
    errors = {}
    for criterion_id, (value, _comment) in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors[str(criterion_id)] = "Tiêu chí không thuộc bộ tiêu chí của hội đồng."
        elif value is None or Decimal(value) < 0:
            errors[str(criterion_id)] = "Điểm phải là số không âm."
        elif Decimal(value) > criterion.max_score:
            errors[str(criterion_id)] = (
                f"Điểm {_fmt(Decimal(value))} vượt quá điểm tối đa {_fmt(criterion.max_score)} của tiêu chí "
                f"“{criterion.description[:60]}”."
            )
    if errors:
        raise ServiceError("Điểm chấm không hợp lệ: " + " ".join(errors.values()), extra={"scores": errors})
    saved = []
    for criterion_id, (value, comment) in scores.items():
        score, _ = Score.objects.update_or_create(
            appraisal=appraisal,
            criterion_id=criterion_id,
            appraiser=by,
            defaults={"score": Decimal(value), "comment": comment},
        )
        saved.append(score)
    record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=appraisal.practice,
        changes={"scores": {str(k): str(v[0]) for k, v in scores.items()}},
        reason="Chấm điểm thẩm định",
    )
    return saved


def current_appraisal(practice: Practice) -> Appraisal | None:
    return practice.appraisals.select_related("criteria_set").order_by("-started_at", "-id").first()


def appraisal_total(appraisal: Appraisal) -> Decimal | None:
    """The council's score: each member's total, averaged over members who scored every criterion."""
    n_criteria = appraisal.criteria_set.criteria.count()
    totals: dict[int, tuple[Decimal, int]] = {}
    for appraiser_id, value in appraisal.scores.values_list("appraiser_id", "score"):
        total, count = totals.get(appraiser_id, (Decimal("0"), 0))
        totals[appraiser_id] = (total + value, count + 1)
    complete = [total for total, count in totals.values() if count == n_criteria]
    if not complete:
        return None
    return (sum(complete, Decimal(0)) / len(complete)).quantize(Decimal("0.01"))


def recognise_blocker(appraisal: Appraisal | None, total: Decimal | None) -> str:
    """Why the practice cannot be recognised yet ("" when it can): the page shows it instead of the button, and
    ``practice_recognise`` refuses with it."""
    if appraisal is None:
        return "Mô hình chưa được thẩm định."
    if total is None:
        return "Chưa thể công nhận: hội đồng thẩm định chưa chấm đủ các tiêu chí."
    if total < appraisal.criteria_set.pass_mark:
        pass_mark = _fmt(appraisal.criteria_set.pass_mark)
        return f"Không thể công nhận: điểm thẩm định {_fmt(total)} thấp hơn điểm đạt {pass_mark}."
    return ""


@transaction.atomic
def practice_recognise(
    *, practice: Practice, by, level: str | None = None, summary: str = "", on: dt.date | None = None
) -> Practice:
    """Recognition by the authority of the council's level, on ``on`` (the decision's day, today by default: a
    recognition decided before it was entered is dated so, and reports count it in the period of that date)."""
    _require_write(by, practice)
    on = _act_date(on)
    appraisal = current_appraisal(practice)
    if appraisal is None:
        raise ServiceError("Mô hình chưa được thẩm định.")
    council = appraisal.council
    if not level:
        level = level_of(council)
    try:
        RecognitionLevel(level)
    except ValueError as e:
        raise ServiceError("Cấp công nhận không hợp lệ.", extra={"level": level}) from e
    check_recognition(practice=practice, council=council, by=by, level=level, on=on)
    total = appraisal_total(appraisal)
    if blocker := recognise_blocker(appraisal, total):
        extra = {}
        if total is not None:
            extra = {"total": str(total), "pass_mark": str(appraisal.criteria_set.pass_mark)}
        raise ServiceError(blocker, extra=extra)
    if summary:
        Appraisal.objects.filter(pk=appraisal.pk).update(summary=summary)
    if practice.registered_on and on < practice.registered_on:
        raise ServiceError("Ngày công nhận không thể trước ngày đăng ký.", extra={"date": on.isoformat()})
    return _transition(
        practice=practice,
        action=Action.RECOGNISE,
        by=by,
        extra_update={"recognition_level": level, "recognised_by": council, "recognised_on": on},
        reason=summary,
    )


@transaction.atomic
def practice_reject(*, practice: Practice, by, reason: str) -> Practice:
    _require_write(by, practice)
    if not reason.strip():
        raise ServiceError("Không công nhận phải nêu lý do.")
    appraisal = current_appraisal(practice)
    if appraisal is not None and practice.status == Status.UNDER_APPRAISAL:
        council = appraisal.council
        check_recognition(practice=practice, council=council, by=by, level=level_of(council), on=_act_date(None))
    return _transition(practice=practice, action=Action.REJECT, by=by, reason=reason)


@transaction.atomic
def practice_commend(
    *,
    practice: Practice,
    by,
    form: str,
    authority: str,
    decision_number: str,
    decision_date: dt.date,
    recipient_kind: str,
    recipient_name: str,
) -> Commendation:
    _require_write(by, practice)
    if Commendation.objects.filter(
        practice=practice, decision_number=decision_number, recipient_name=recipient_name
    ).exists():
        raise ServiceError(f"Quyết định số {decision_number} cho “{recipient_name}” đã được ghi nhận.")
    _transition(practice=practice, action=Action.COMMEND, by=by, reason=f"Quyết định số {decision_number}")
    commendation = Commendation(
        practice=practice,
        form=form,
        authority=authority,
        decision_number=decision_number,
        decision_date=decision_date,
        recipient_kind=recipient_kind,
        recipient_name=recipient_name,
        created_by=by,
    )
    commendation.full_clean(exclude=["practice", "created_by"])
    commendation.save()
    record(actor=by, action=AuditAction.CREATE, obj=commendation, object_repr=f"Khen thưởng: {practice}")
    return commendation


@transaction.atomic
def practice_adopt(*, source: Practice, by, organization, unit, name: str | None = None) -> Practice:
    """``organization`` replicates ``source``: a new draft linked to it; the source becomes replicated."""
    if source.status not in RECOGNISED_STATES:
        raise ServiceError("Chỉ nhân rộng được mô hình đã được công nhận.")
    if not scope_for(by, write=True).covers(unit):
        raise ServiceError("Bạn không có quyền đăng ký mô hình cho địa bàn này.", status_code=403)
    if organization.pk == source.organization_id and unit.pk == source.unit_id:
        raise ServiceError("Đơn vị đã có mô hình này; nhân rộng phải ở đơn vị hoặc địa bàn khác.")
    adopted = practice_register(
        by=by,
        organization=organization,
        unit=unit,
        name=name or source.name,
        kind=source.kind,
        field=source.field,
        situation=source.situation,
        objectives=source.objectives,
        content=source.content,
        target_people=source.target_people,
        outputs=source.outputs,
        sustainability=source.sustainability,
        source=source,
    )
    # The source's owner need not be in the adopter's scope: the transition is the adopter's act.
    _transition(practice=source, action=Action.REPLICATE, by=by, reason=f"Nhân rộng tại {unit}")
    return adopted


@transaction.atomic
def evidence_add(*, practice: Practice, by, upload, caption: str = "", is_public: bool = False) -> Evidence:
    """Attach an uploaded file after checking its real content and size."""
    _require_write(by, practice)
    if practice.status not in (Status.DRAFT, Status.REGISTERED, Status.UNDER_APPRAISAL):
        raise ServiceError(f"Không thể bổ sung minh chứng khi mô hình ở trạng thái {practice.get_status_display()}.")
    max_bytes = settings.DANVAN_MAX_EVIDENCE_BYTES
    try:
        kind = check_upload(upload, upload.name, upload.size, max_bytes=max_bytes)
    except UploadRejected as e:
        raise ServiceError(str(e), extra={"file": upload.name}) from e
    evidence = Evidence(
        practice=practice,
        original_name=upload.name[:255],
        kind=kind.name,
        size=upload.size,
        token=secrets.token_hex(16),
        caption=caption,
        is_public=is_public,
        uploaded_by=by,
    )
    evidence.file.save(f"{evidence.token}.{kind.name}", upload, save=False)
    try:
        evidence.save()
        record(
            actor=by,
            action=AuditAction.CREATE,
            obj=evidence,
            object_repr=f"Minh chứng “{evidence.original_name}”",
            changes={"practice": [None, practice.pk], "size": [None, upload.size]},
        )
    except Exception:
        # The file system is not part of the transaction: do not leave an orphan behind.
        evidence.file.delete(save=False)
        raise
    return evidence


def _fmt(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")
