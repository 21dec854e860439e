"""Who may act on the democracy records of a commune: the commune's bodies and those above them."""

from __future__ import annotations

from geo.models import AdminUnit, Level
from lib.errors import ServiceError
from orgs.models import Organization
from orgs.permissions import require_acts_for

NOT_YOURS = "Bạn không thuộc cơ quan này hoặc cơ quan cấp trên của cơ quan đó."


def require_commune_body(user, organization: Organization) -> AdminUnit:
    """``organization`` sits on a commune and ``user`` acts for it (403 otherwise); returns the commune."""
    require_acts_for(user, organization, message=NOT_YOURS)
    unit = organization.unit
    if unit is None or unit.level != Level.COMMUNE:
        raise ServiceError("Chỉ cơ quan cấp xã, phường, đặc khu mới ghi nhận nội dung này.")
    return unit
