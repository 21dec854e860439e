"""Which body decides a complaint or a denunciation: the head of a State administrative body with competence.

Party bodies, the Front and its member organisations receive complaints and denunciations and forward them, with a
record of the transfer, to the head of the administrative body with competence (Chủ tịch UBND xã/tỉnh, the director
of a department), who accepts and decides them under the laws' clocks (Luật Khiếu nại 2011, Điều 17–21, 27–28;
Luật Tố cáo 2018, Điều 13–15, 24, 30). A second-time complaint goes to the head of the administrative body one level
up (Luật Khiếu nại 2011, Điều 33, 37).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case as SqlCase
from django.db.models import Value, When

from cases.models import Case, Kind
from geo.models import AdminUnit
from geo.selectors import resolve_to
from lib.errors import ServiceError
from orgs.models import Organization

# Kinds whose acceptance and decision belong to the competent administrative body.
DECISION_KINDS = (Kind.COMPLAINT_FIRST, Kind.COMPLAINT_SECOND, Kind.DENUNCIATION)


def decides(org: Organization | None) -> bool:
    return org is not None and org.org_type.decides_complaints


def head_of(org: Organization) -> str:
    """ "Chủ tịch UBND Phường Xuân Hương - Đà Lạt": how the decider is named to the complainant."""
    title = org.org_type.head_title
    return f"{title} {org.name}" if title else f"Người đứng đầu {org.name}"


def _deciding_bodies():
    return (
        Organization.objects.filter(is_active=True, org_type__decides_complaints=True)
        .select_related("org_type")
        .order_by(SqlCase(When(org_type__code="ubnd", then=Value(0)), default=Value(1)), "id")
    )


def competent_body(unit: AdminUnit, on: dt.date) -> Organization | None:
    """The administrative body of ``unit`` (as it is on ``on``), else of the levels above it: the People's Committee
    first."""
    places: list[int] = []
    for found in resolve_to(unit, on) or [unit]:
        for pk in (found.pk, found.district_id, found.province_id):
            if pk and pk not in places:
                places.append(pk)
    for place in places:
        org = _deciding_bodies().filter(unit_id=place).first()
        if org is not None:
            return org
    return None


def next_level_body(org: Organization, on: dt.date) -> Organization | None:
    """The head one level up from ``org``'s: a department's or a commune's decision goes to the People's Committee of
    the level above (the province since 1/7/2025, the district before), a province's to the central level."""
    unit = org.unit
    if unit is None:
        return None
    current = resolve_to(unit, on) if not unit.valid_on(on) else [unit]
    if not current:
        return None
    here = current[0]
    if org.org_type.code != "ubnd":
        # A department is under its own level's People's Committee.
        same = _deciding_bodies().filter(unit_id=here.pk, org_type__code="ubnd").first()
        if same is not None:
            return same
    above = here.parent_id
    if above is None:
        return _deciding_bodies().filter(unit__isnull=True).first()
    return _deciding_bodies().filter(unit_id=above).first()


def require_competent(case: Case, *, verb: str) -> None:
    """Refuse (409) a decision step on a complaint or denunciation held by a body that only receives and forwards."""
    if case.kind not in DECISION_KINDS or decides(case.organization):
        return
    target = competent_body(case.unit, case.received_on)
    hint = f" Hãy chuyển đơn đến {head_of(target)}." if target is not None else ""
    raise ServiceError(
        f"{case.organization.name} không có thẩm quyền {verb} {case.get_kind_display().lower()}: cơ quan Đảng, "
        "Mặt trận và các đoàn thể tiếp nhận rồi chuyển đơn đến người đứng đầu cơ quan hành chính nhà nước có thẩm "
        "quyền." + hint,
        extra={"competent": target.pk if target is not None else None},
        status_code=409,
    )


def require_deciding_target(case: Case, to: Organization) -> None:
    """A complaint or denunciation is never handed to a body that cannot decide it."""
    if case.kind in DECISION_KINDS and not decides(to):
        raise ServiceError(
            f"Không thể chuyển {case.get_kind_display().lower()} đến {to.name}: việc giải quyết thuộc người đứng đầu "
            "cơ quan hành chính nhà nước có thẩm quyền (Chủ tịch UBND, Giám đốc sở…), không thuộc cơ quan Đảng, "
            "Mặt trận hay đoàn thể.",
            extra={"to": to.pk},
        )
