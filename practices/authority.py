"""Who may appraise and recognise a practice: the level above its owner, never the owner itself.

A practice is registered by its owner; it is appraised by a council of the body that runs the movement at the
recognising level (the rubric's issuing body) and recognised by that level's authority. The levels are those of the
practice's place in the hierarchy valid on the day of the act: before 1/7/2025 a commune hung under a district
("Huyện ủy Lâm Hà công nhận 42 mô hình" is recorded as it happened); since then there are commune, province and
central levels only (Nghị quyết 60-NQ/TW).
"""

from __future__ import annotations

import datetime as dt

from geo.models import AdminUnit, Level
from geo.selectors import ancestors, resolve_to
from lib.errors import ServiceError
from orgs.models import Membership, Organization, Tier
from orgs.permissions import acts_for, writes_for
from practices.models import Practice, RecognitionLevel

# The recognition level an organisation's tier gives.
TIER_LEVEL = {
    Tier.CENTRAL: RecognitionLevel.CENTRAL,
    Tier.PROVINCE: RecognitionLevel.PROVINCE,
    Tier.DISTRICT: RecognitionLevel.DISTRICT,
    Tier.COMMUNE: RecognitionLevel.COMMUNE,
}
LEVEL_RANK = {
    RecognitionLevel.COMMUNE: 0,
    RecognitionLevel.DISTRICT: 1,
    RecognitionLevel.PROVINCE: 2,
    RecognitionLevel.CENTRAL: 3,
}


def level_of(org: Organization) -> str:
    return TIER_LEVEL[Tier(org.tier)]


def places_on(practice: Practice, on: dt.date) -> set[int]:
    """The units that may recognise ``practice`` on ``on``: its commune and the commune's ancestors in the hierarchy
    valid that day (the practice's own unit version, or what it became or came from). A commune with no link of its
    own across a reorganisation still reaches the province its old province became."""
    unit = practice.unit
    ids: set[int] = set()
    for found in resolve_to(unit, on):
        ids.update(i for i in (found.pk, found.district_id, found.province_id) if i)
    for ancestor in ancestors(unit):
        for found in resolve_to(ancestor, on):
            ids.update(i for i in (found.province_id, found.pk if found.level == Level.PROVINCE else None) if i)
    return ids


def _require_not_owner(by, practice: Practice, verb: str) -> None:
    if by.pk == practice.created_by_id or writes_for(by, practice.organization_id):
        raise ServiceError(
            f"Đơn vị đăng ký mô hình không được tự {verb}; việc này do hội đồng, cơ quan có thẩm quyền cấp công nhận "
            "thực hiện.",
            status_code=403,
        )


def check_council(*, practice: Practice, council: Organization, by, members: list, on: dt.date) -> None:
    """``by`` may set up ``council``'s appraisal of ``practice`` on ``on`` with ``members``, or a 403/400 says why."""
    _require_not_owner(by, practice, "thẩm định")
    if council.pk == practice.organization_id:
        raise ServiceError("Hội đồng thẩm định phải thuộc cơ quan cấp công nhận, không phải đơn vị đăng ký.")
    check_place(practice=practice, body=council, on=on)
    if not acts_for(by, council):
        raise ServiceError(
            f"Bạn không thuộc {council.name}, cơ quan có hội đồng thẩm định mô hình này.", status_code=403
        )
    member_ids = {m.pk for m in members}
    inside = set(
        Membership.objects.filter(organization=council, user_id__in=member_ids, is_active=True).values_list(
            "user_id", flat=True
        )
    )
    outside = sorted(str(m) for m in members if m.pk not in inside)
    if outside:
        raise ServiceError(
            f"Thành viên hội đồng phải thuộc {council.name}: " + ", ".join(outside) + " không thuộc cơ quan này.",
            extra={"members": outside},
        )
    if practice.created_by_id in member_ids:
        raise ServiceError("Người đăng ký mô hình không được là thành viên hội đồng thẩm định.")


def check_place(*, practice: Practice, body: Organization, on: dt.date) -> None:
    """``body`` sits at ``practice``'s place or above it in the hierarchy valid on ``on``."""
    if body.unit_id is None:
        return  # the central level recognises anywhere
    if body.unit_id not in places_on(practice, on):
        unit: AdminUnit | None = body.unit
        when = f"{on:%d/%m/%Y}"
        raise ServiceError(
            f"{body.name} không phải cấp trên của địa bàn mô hình vào ngày {when}"
            + (f" ({unit.name} có hiệu lực {unit.valid_from:%d/%m/%Y}–{unit.valid_to:%d/%m/%Y})." if unit else "."),
            extra={"on": on.isoformat()},
            status_code=403,
        )


def check_recognition(*, practice: Practice, council: Organization, by, level: str, on: dt.date) -> None:
    """``by`` may recognise ``practice`` at ``level`` on ``on`` after ``council``'s appraisal."""
    _require_not_owner(by, practice, "công nhận")
    council_level = level_of(council)
    if level != council_level:
        if LEVEL_RANK.get(RecognitionLevel(level), 0) > LEVEL_RANK[RecognitionLevel(council_level)]:
            raise ServiceError(
                f"Không thể công nhận ở {RecognitionLevel(level).label.lower()}: hội đồng thẩm định thuộc "
                f"{RecognitionLevel(council_level).label.lower()}.",
                extra={"level": level},
                status_code=403,
            )
        raise ServiceError(
            f"Mô hình do hội đồng {RecognitionLevel(council_level).label.lower()} thẩm định thì công nhận ở "
            f"{RecognitionLevel(council_level).label.lower()}.",
            extra={"level": level},
        )
    check_place(practice=practice, body=council, on=on)
    # The authority of the level: the council's body, another body of the same place (the Party committee, the
    # People's Committee), or a body above them.
    same_level = Organization.objects.filter(unit_id=council.unit_id, is_active=True) if council.unit_id else []
    if not acts_for(by, council, *same_level):
        raise ServiceError(
            f"Chỉ cơ quan có thẩm quyền {RecognitionLevel(council_level).label.lower()} mới công nhận được mô hình "
            "này.",
            status_code=403,
        )
