"""Appraisal rubrics ("bộ tiêu chí") run by the bodies that appraise, and the titles and programmes practices are
tagged with. One write path, each change audited in its transaction.

Who: a rubric is created, revised and retired by its owner body, a body above it, or a national role; it is read by
the bodies in its owner's territory and those above (another province gets 404). Titles and programmes are national
data: administrators and central officers add and retire them.

Versions: a rubric is never edited in place once created (appraisals, contest rounds and assessments hold it); a
revision is a new version valid from a year, the previous one closing the year before.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from audit.models import Action as AuditAction
from audit.services import record, snapshot
from geo.models import AdminUnit
from geo.selectors import resolve_to
from lib.errors import ServiceError
from orgs.models import NATIONAL_ROLES, WRITE_ROLES, Membership, Organization
from orgs.permissions import acts_for, is_national, org_chain
from orgs.scope import scope_for
from practices.models import CriteriaSet, Criterion, Label, Practice, RubricPurpose

RUBRIC_FIELDS = ["name", "owner", "kind", "purpose", "pass_mark", "version", "previous", "year_from", "year_to"]


def rubric_visible_q(user) -> Q:
    """Rubrics of bodies with no unit (central), of bodies on, above or below the user's units; all for national
    roles. Subqueries only."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    mine = Membership.objects.filter(user_id=user.pk, is_active=True, organization__is_active=True)
    units = mine.values("organization__unit_id")
    return (
        Q(owner__unit__isnull=True)
        | Q(Exists(mine.filter(Q(role__in=NATIONAL_ROLES) | Q(organization__unit__isnull=True))))
        | Q(owner__unit_id__in=units)
        | Q(owner__unit_id__in=mine.values("organization__unit__province_id"))
        | Q(owner__unit_id__in=mine.filter(organization__unit__district_id__isnull=False).values(
            "organization__unit__district_id"
        ))
        | Q(owner__unit__province_id__in=units)
        | Q(owner__unit__district_id__in=units)
    )  # fmt: skip


def rubrics_visible_to(user) -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.filter(rubric_visible_q(user)).select_related("owner")


def get_rubric_for_user(user, pk: int) -> CriteriaSet:
    rubric = rubrics_visible_to(user).filter(pk=pk).first()
    if rubric is None:
        raise Http404("Không tìm thấy bộ tiêu chí hoặc bạn không có quyền xem.")
    return rubric


def rubric_owner_choices(user) -> list[Organization]:
    """The bodies a user may issue rubrics for: those they write for."""
    org_ids = Membership.objects.filter(user_id=user.pk, is_active=True, role__in=WRITE_ROLES).values("organization_id")
    return list(Organization.objects.filter(pk__in=org_ids, is_active=True).order_by("sort_key"))


def _require_owner(user, owner: Organization) -> None:
    if not acts_for(user, owner):
        raise ServiceError(f"Chỉ {owner.name} (hoặc cấp trên) mới thay đổi được bộ tiêu chí này.", status_code=403)


def _check(name: str, pass_mark: Decimal, criteria: list[tuple[str, Decimal]], year_from, year_to) -> None:
    if not name.strip():
        raise ServiceError("Hãy nhập tên bộ tiêu chí.", extra={"name": "required"})
    if not criteria:
        raise ServiceError("Bộ tiêu chí phải có ít nhất một tiêu chí.", extra={"criteria": "required"})
    for description, max_score in criteria:
        if not description.strip() or max_score <= 0:
            raise ServiceError("Mỗi tiêu chí cần nội dung và điểm tối đa lớn hơn 0.", extra={"criteria": "invalid"})
    total = sum((m for _d, m in criteria), Decimal(0))
    if pass_mark < 0 or pass_mark > total:
        raise ServiceError(
            f"Điểm đạt phải từ 0 đến tổng điểm tối đa ({total.normalize():f}).", extra={"pass_mark": str(pass_mark)}
        )
    if year_from and year_to and year_to < year_from:
        raise ServiceError("Năm kết thúc áp dụng không được trước năm bắt đầu.", extra={"year_to": year_to})


def _audit(by, rubric: CriteriaSet, action: str, **extra) -> None:
    changes = {k: [None, v] for k, v in snapshot(rubric, RUBRIC_FIELDS).items()}
    changes["criteria"] = [None, [[c.description, str(c.max_score)] for c in rubric.criteria.all()]]
    record(actor=by, action=action, obj=rubric, changes={**changes, **extra})


@transaction.atomic
def rubric_create(
    *,
    by,
    owner: Organization,
    name: str,
    pass_mark: Decimal,
    criteria: list[tuple[str, Decimal]],
    purpose: str = "",
    kind: str = "",
    year_from: int | None = None,
    year_to: int | None = None,
) -> CriteriaSet:
    _require_owner(by, owner)
    _check(name, pass_mark, criteria, year_from, year_to)
    rubric = CriteriaSet.objects.create(
        name=name.strip(), owner=owner, pass_mark=pass_mark, purpose=purpose, kind=kind,
        year_from=year_from, year_to=year_to,
    )  # fmt: skip
    Criterion.objects.bulk_create(
        Criterion(criteria_set=rubric, order=n, description=d.strip(), max_score=m)
        for n, (d, m) in enumerate(criteria, start=1)
    )
    _audit(by, rubric, AuditAction.CREATE)
    return rubric


@transaction.atomic
def rubric_revise(
    *,
    rubric: CriteriaSet,
    by,
    year_from: int,
    criteria: list[tuple[str, Decimal]],
    name: str | None = None,
    pass_mark: Decimal | None = None,
) -> CriteriaSet:
    """A new version valid from ``year_from``; the revised one stays valid for the years before (its appraisals
    keep it), closing at ``year_from − 1``."""
    _require_owner(by, rubric.owner)
    locked = CriteriaSet.objects.select_for_update().get(pk=rubric.pk)
    if not locked.is_active:
        raise ServiceError("Bộ tiêu chí đã ngừng sử dụng.", status_code=409)
    if CriteriaSet.objects.filter(previous=locked).exists():
        raise ServiceError("Bộ tiêu chí này đã có phiên bản mới; hãy sửa phiên bản mới nhất.", status_code=409)
    if locked.year_from and year_from <= locked.year_from:
        raise ServiceError(f"Phiên bản mới phải áp dụng từ sau năm {locked.year_from}.", extra={"year_from": year_from})
    name = name if name is not None else locked.name
    pass_mark = pass_mark if pass_mark is not None else locked.pass_mark
    _check(name, pass_mark, criteria, year_from, locked.year_to)
    new = CriteriaSet.objects.create(
        name=name.strip(), owner=locked.owner, kind=locked.kind, purpose=locked.purpose, pass_mark=pass_mark,
        grade_thresholds=locked.grade_thresholds, version=locked.version + 1, previous=locked,
        year_from=year_from, year_to=locked.year_to,
    )  # fmt: skip
    Criterion.objects.bulk_create(
        Criterion(criteria_set=new, order=n, description=d.strip(), max_score=m)
        for n, (d, m) in enumerate(criteria, start=1)
    )
    CriteriaSet.objects.filter(pk=locked.pk).update(year_to=year_from - 1)
    record(actor=by, action=AuditAction.UPDATE, obj=locked, changes={"year_to": [locked.year_to, year_from - 1]})
    _audit(by, new, AuditAction.CREATE)
    return new


@transaction.atomic
def rubric_retire(*, rubric: CriteriaSet, by) -> CriteriaSet:
    """No new appraisal, round or assessment on it; what was scored against it stays."""
    _require_owner(by, rubric.owner)
    if not CriteriaSet.objects.filter(pk=rubric.pk, is_active=True).update(is_active=False):
        raise ServiceError("Bộ tiêu chí đã ngừng sử dụng.", status_code=409)
    rubric.is_active = False
    record(actor=by, action=AuditAction.UPDATE, obj=rubric, changes={"is_active": [True, False]})
    return rubric


def rubrics_for_practice(practice: Practice) -> QuerySet[CriteriaSet]:
    """The rubrics a practice may be appraised against: in use, valid for its year, meant for practices (or for
    anything) and for its kind, and issued by a body that may appraise it — its own body or one above it, another
    body of its place (the ward's Front for the ward's Party committee), or a body of the district or province that
    place belongs to, then or now (today's Lâm Đồng for a 2024 practice of old Lâm Hà)."""
    year = practice.year
    unit = practice.unit
    places: set[int] = set()
    for pk in (unit.pk, unit.district_id, unit.province_id):
        if pk is not None:
            places.add(pk)
    for place in AdminUnit.objects.filter(pk__in=places - {unit.pk}):
        places.update(u.pk for u in resolve_to(place, timezone.localdate()))
    places.update(u.pk for u in resolve_to(unit, timezone.localdate()))
    return (
        CriteriaSet.objects.filter(is_active=True)
        .filter(Q(owner_id__in=org_chain(practice.organization)) | Q(owner__unit_id__in=places))
        .filter(Q(year_from__isnull=True) | Q(year_from__lte=year), Q(year_to__isnull=True) | Q(year_to__gte=year))
        .filter(purpose__in=["", RubricPurpose.PRACTICE], kind__in=["", practice.kind])
        .select_related("owner")
        .order_by("name", "id")
    )


# ----------------------------------------------------------------------------------------------- labels


def _require_national(user) -> None:
    if not is_national(user):
        raise ServiceError(
            "Danh hiệu thi đua và chương trình mục tiêu quốc gia do cơ quan Trung ương quản lý.", status_code=403
        )


@transaction.atomic
def label_create(*, by, kind: str, code: str, name: str) -> Label:
    _require_national(by)
    if not name.strip():
        raise ServiceError("Hãy nhập tên.", extra={"name": "required"})
    if Label.objects.filter(code=code).exists():
        raise ServiceError(f"Mã “{code}” đã được dùng.", extra={"code": code})
    label = Label.objects.create(kind=kind, code=code, name=name.strip())
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=label,
        changes={k: [None, v] for k, v in snapshot(label, ["kind", "code", "name"]).items()},
    )
    return label


@transaction.atomic
def label_set_active(*, label: Label, by, active: bool) -> Label:
    _require_national(by)
    if not Label.objects.filter(pk=label.pk, is_active=not active).update(is_active=active):
        raise ServiceError("Không có gì thay đổi.", status_code=409)
    record(actor=by, action=AuditAction.UPDATE, obj=label, changes={"is_active": [not active, active]})
    label.is_active = active
    return label


@transaction.atomic
def practice_set_labels(*, practice: Practice, by, labels: list[Label]) -> Practice:
    """Tag a practice with titles and programmes (its registering body or the bodies above it)."""
    if not scope_for(by, write=True).covers(practice.unit):
        raise ServiceError("Bạn không có quyền thay đổi mô hình này.", status_code=403)
    retired = list(
        Label.objects.filter(pk__in=[label.pk for label in labels], is_active=False).values_list("name", flat=True)
    )
    if retired:
        raise ServiceError("Đã ngừng sử dụng: " + ", ".join(retired) + ".")
    before = sorted(practice.labels.values_list("code", flat=True))
    practice.labels.set(labels)
    after = sorted(label.code for label in labels)
    if before != after:
        record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=practice,
            changes={"label_codes": [", ".join(before), ", ".join(after)]},
        )
    return practice
