"""Writes of joint inspections: plan (team, units, checklist), field results with photos, findings and their
follow-up tasks (programmes.services.followup_create), conclusion. Atomic, audited, moves through
``audit.transitions``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.services import record
from audit.transitions import Workflow, transition
from geo.models import AdminUnit
from lib.errors import ServiceError
from lib.uploads import JPEG, PNG, WEBP
from orgs.models import Organization
from orgs.permissions import acts_for, require_acts_for
from orgs.scope import territory
from programmes.models import (
    INSPECTION_TRANSITIONS,
    ChecklistItem,
    Finding,
    Inspection,
    InspectionAction,
    InspectionMember,
    InspectionStatus,
    InspectionVisit,
    Programme,
    Rating,
    Result,
    ResultPhoto,
)
from programmes.services import _store_file, runs_programme

INSPECTION_WORKFLOW = Workflow(
    model=Inspection,
    moves=INSPECTION_TRANSITIONS,
    noun="đợt kiểm tra",
    status_labels=dict(InspectionStatus.choices),
    action_labels=dict(InspectionAction.choices),
)
PHOTO_KINDS = (JPEG, PNG, WEBP)
MAX_PHOTOS = 10


@transaction.atomic
def checklist_item_add(*, by, text: str, programme: Programme | None = None, ordering: int = 100) -> ChecklistItem:
    """A checklist item kept for a programme (its standing body adds it) or for every inspection (central level)."""
    if programme is not None:
        if not runs_programme(by, programme):
            raise ServiceError("Chỉ cơ quan thường trực chương trình mới được sửa nội dung kiểm tra.", status_code=403)
    elif not acts_for(by):  # acts_for with no organisation: a national role only
        raise ServiceError("Chỉ cấp Trung ương mới được thêm nội dung kiểm tra dùng chung.", status_code=403)
    if not text.strip():
        raise ServiceError("Chưa nhập nội dung kiểm tra.", extra={"text": "required"})
    item = ChecklistItem.objects.create(programme=programme, text=text.strip()[:400], ordering=ordering)
    record(actor=by, action=AuditAction.CREATE, obj=item)
    return item


def checklist_for(programme: Programme | None):
    """The active items an inspection of ``programme`` uses by default: the programme's and the shared ones."""
    q = Q(programme__isnull=True)
    if programme is not None:
        q |= Q(programme=programme)
    return ChecklistItem.objects.filter(q, is_active=True)


@transaction.atomic
def inspection_create(
    *,
    by,
    organization: Organization,
    title: str,
    date_from: dt.date,
    date_to: dt.date,
    members: Sequence[tuple[str, str, Organization]],
    visits: Sequence[tuple[AdminUnit, Organization | None, dt.date | None]],
    programme: Programme | None = None,
    purpose: str = "",
    items: Sequence[ChecklistItem] | None = None,
) -> Inspection:
    """Plan an inspection: the team (name, position, agency), the units to visit and the checklist."""
    require_acts_for(by, organization, message="Bạn không có quyền lập đoàn kiểm tra cho cơ quan này.")
    if not title.strip():
        raise ServiceError("Chưa nhập tên đợt kiểm tra.", extra={"title": "required"})
    if date_to < date_from:
        raise ServiceError("Ngày kết thúc phải sau ngày bắt đầu.", extra={"date_to": "before_start"})
    if not members:
        raise ServiceError("Đoàn kiểm tra phải có ít nhất một thành viên.", extra={"members": "required"})
    if not visits:
        raise ServiceError("Chưa chọn địa bàn kiểm tra.", extra={"visits": "required"})
    area = territory({organization.unit.pk}) if organization.unit is not None else None
    for unit, _org, day in visits:
        if area is not None and not area.covers(unit):
            raise ServiceError(f"{unit.name} không thuộc địa bàn của {organization.name}.", extra={"unit": unit.code})
        if day is not None and not date_from <= day <= date_to:
            raise ServiceError(f"Ngày kiểm tra tại {unit.name} nằm ngoài thời gian của đợt kiểm tra.")
    if len({u.pk for u, _o, _d in visits}) != len(visits):
        raise ServiceError("Một địa bàn được chọn hai lần.")
    chosen = list(items) if items is not None else list(checklist_for(programme))
    if not chosen:
        raise ServiceError("Chưa có nội dung kiểm tra: hãy thêm nội dung kiểm tra cho chương trình.")
    inspection = Inspection.objects.create(
        programme=programme,
        title=title.strip(),
        organization=organization,
        unit=organization.unit,
        date_from=date_from,
        date_to=date_to,
        purpose=purpose,
        created_by=by,
    )
    inspection.items.set(chosen)
    InspectionMember.objects.bulk_create(
        InspectionMember(inspection=inspection, name=name.strip()[:200], position=position[:200], organization=org)
        for name, position, org in members
    )
    InspectionVisit.objects.bulk_create(
        InspectionVisit(inspection=inspection, unit=unit, organization=org, visit_date=day) for unit, org, day in visits
    )
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=inspection,
        changes={
            "agencies": [None, sorted({org.pk for _n, _p, org in members})],
            "units": [None, [u.code for u, _o, _d in visits]],
            "items": [None, [i.pk for i in chosen]],
        },
    )
    return inspection


def on_team(user, inspection: Inspection) -> bool:
    """The lead body, or an agency with a member on the team, acts for the inspection."""
    agencies = [m.organization for m in inspection.members.select_related("organization__parent")]
    return acts_for(user, inspection.organization, *agencies)


def _require_team(by, inspection: Inspection) -> None:
    if not on_team(by, inspection):
        raise ServiceError("Chỉ các cơ quan trong đoàn kiểm tra mới được ghi kết quả.", status_code=403)


def _require_in_progress(inspection: Inspection) -> None:
    if inspection.status != InspectionStatus.IN_PROGRESS:
        raise ServiceError(
            f"Đợt kiểm tra đang ở trạng thái “{inspection.get_status_display()}”, không thể ghi kết quả.",
            extra={"status": inspection.status},
            status_code=409,
        )


@transaction.atomic
def inspection_start(*, inspection: Inspection, by) -> Inspection:
    require_acts_for(by, inspection.organization, message="Chỉ cơ quan chủ trì đoàn kiểm tra mới được thực hiện.")
    return transition(INSPECTION_WORKFLOW, inspection, action=InspectionAction.START, by=by)


@transaction.atomic
def inspection_cancel(*, inspection: Inspection, by, reason: str) -> Inspection:
    require_acts_for(by, inspection.organization, message="Chỉ cơ quan chủ trì đoàn kiểm tra mới được thực hiện.")
    INSPECTION_WORKFLOW.require(inspection.status, InspectionAction.CANCEL)
    if not reason.strip():
        raise ServiceError("Phải nêu lý do hủy đợt kiểm tra.", extra={"reason": "required"})
    return transition(
        INSPECTION_WORKFLOW, inspection, action=InspectionAction.CANCEL, by=by, reason=reason.strip(),
        updates={"cancel_reason": reason.strip()},
    )  # fmt: skip


@transaction.atomic
def inspection_conclude(*, inspection: Inspection, by, conclusion: str) -> Inspection:
    require_acts_for(by, inspection.organization, message="Chỉ cơ quan chủ trì đoàn kiểm tra mới được kết luận.")
    INSPECTION_WORKFLOW.require(inspection.status, InspectionAction.CONCLUDE)
    if not conclusion.strip():
        raise ServiceError("Chưa nhập nội dung kết luận.", extra={"conclusion": "required"})
    return transition(
        INSPECTION_WORKFLOW, inspection, action=InspectionAction.CONCLUDE, by=by,
        updates={"conclusion": conclusion.strip(), "concluded_on": timezone.localdate()}, audited=("concluded_on",),
    )  # fmt: skip


@transaction.atomic
def result_record(
    *, visit: InspectionVisit, item: ChecklistItem, by, rating: str, note: str = "", photos: Sequence = ()
) -> Result:
    """The team's finding on one checklist item at one unit (recorded again, it replaces the rating and adds the
    photos), photos checked by content."""
    inspection = visit.inspection
    _require_team(by, inspection)
    _require_in_progress(inspection)
    if rating not in Rating.values:
        raise ServiceError("Kết quả kiểm tra không hợp lệ.", extra={"rating": rating})
    if not inspection.items.filter(pk=item.pk).exists():
        raise ServiceError("Nội dung này không thuộc đợt kiểm tra.", extra={"item": item.pk})
    if len(photos) > MAX_PHOTOS:
        raise ServiceError(f"Mỗi nội dung đính kèm tối đa {MAX_PHOTOS} ảnh.")
    old = Result.objects.filter(visit=visit, item=item).first()
    result, _created = Result.objects.update_or_create(
        visit=visit, item=item, defaults={"rating": rating, "note": note.strip(), "recorded_by": by}
    )
    stored = [_store_file(ResultPhoto, photo, allowed=PHOTO_KINDS, result=result) for photo in photos]
    record(
        actor=by,
        action=AuditAction.UPDATE if old else AuditAction.CREATE,
        obj=result,
        changes={"rating": [old.rating if old else None, rating], "photos": [None, len(stored)]},
    )
    return result


@transaction.atomic
def finding_add(
    *, inspection: Inspection, by, text: str, recommendation: str = "", visit: InspectionVisit | None = None
) -> Finding:
    _require_team(by, inspection)
    _require_in_progress(inspection)
    if not text.strip():
        raise ServiceError("Chưa nhập nội dung phát hiện.", extra={"text": "required"})
    if visit is not None and visit.inspection_id != inspection.pk:
        raise ServiceError("Địa bàn không thuộc đợt kiểm tra.")
    finding = Finding.objects.create(
        inspection=inspection, visit=visit, text=text.strip(), recommendation=recommendation.strip(), created_by=by
    )
    record(actor=by, action=AuditAction.CREATE, obj=finding, changes={"inspection": [None, inspection.pk]})
    return finding
