"""Who may act on a case and who sees its sender, in the terms of the one permission gate (``orgs.permissions``)."""

from __future__ import annotations

from cases.models import Case
from lib.errors import ServiceError
from orgs.permissions import acts_for, org_chain, user_org_ids


def supervising_org_ids(case: Case) -> set[int]:
    """The handling organisation, the body the case was escalated to, and those above them."""
    return set(org_chain(case.organization)) | set(org_chain(case.escalated_to))


def can_handle(user, case: Case) -> bool:
    """Members (with write rights) of the handling body or of a body above it act on a case; national roles too."""
    return acts_for(user, case.organization, case.escalated_to)


def can_see_identity(user, case: Case) -> bool:
    """The sender's identity (name, ID number, contact, address, own files) is for those who handle the case and
    their supervisors: write roles of the handling body and of the bodies above it (Decree 13/2023: need to know).
    A read-only viewer of those bodies sees the case without it."""
    return bool(user_org_ids(user, write=True) & supervising_org_ids(case))


def require_handler(user, case: Case) -> None:
    if not can_handle(user, case):
        raise ServiceError(
            "Bạn không thuộc cơ quan đang xử lý vụ việc này hoặc cơ quan cấp trên của cơ quan đó.", status_code=403
        )
