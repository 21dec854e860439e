"""Who may act on a case, and who manages an organisation's reception days and dialogues.

Kept together so they can move as one into a single permission module later.
"""

from __future__ import annotations

from cases.models import Case
from lib.errors import ServiceError
from orgs.models import NATIONAL_ROLES, WRITE_ROLES, Membership, Organization


def _org_chain(org: Organization | None) -> list[int]:
    """``org`` and every organisation above it (parents are few: commune → province → central)."""
    ids: list[int] = []
    while org is not None and org.pk not in ids and len(ids) < 10:
        ids.append(org.pk)
        org = org.parent
    return ids


def supervising_org_ids(case: Case) -> set[int]:
    """The handling organisation, the body the case was escalated to, and those above them."""
    return set(_org_chain(case.organization)) | set(_org_chain(case.escalated_to))


def user_org_ids(user, *, write: bool = False) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = "_cases_write_orgs" if write else "_cases_orgs"
    cached = getattr(user, cache, None)
    if cached is None:
        qs = Membership.objects.filter(user=user, is_active=True, organization__is_active=True)
        if write:
            qs = qs.filter(role__in=WRITE_ROLES)
        cached = set(qs.values_list("organization_id", flat=True))
        setattr(user, cache, cached)
    return cached


def _is_national(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or Membership.objects.filter(user=user, is_active=True, role__in=NATIONAL_ROLES).exists()


def can_handle(user, case: Case) -> bool:
    """Members (with write rights) of the handling body or of a body above it act on a case."""
    return _is_national(user) or bool(user_org_ids(user, write=True) & supervising_org_ids(case))


def can_manage_org(user, organization: Organization) -> bool:
    """Members (with write rights) of ``organization`` or of a body above it manage its reception
    days and dialogues; national roles manage all."""
    return _is_national(user) or bool(user_org_ids(user, write=True) & set(_org_chain(organization)))


def _require_handler(user, case: Case) -> None:
    if not can_handle(user, case):
        raise ServiceError(
            "Bạn không thuộc cơ quan đang xử lý vụ việc này hoặc cơ quan cấp trên của cơ quan đó.", status_code=403
        )


# ---------------------------------------------------------------- routing and deadlines
