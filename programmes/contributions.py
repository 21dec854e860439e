"""Writes of the forces' contributions: entered by the force's own officers for places in its territory."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from audit.models import Action as AuditAction
from audit.services import record
from geo.models import AdminUnit
from lib.errors import ServiceError
from orgs.models import Organization
from orgs.permissions import require_acts_for
from orgs.scope import territory
from programmes.models import Contribution, ContributionKind, Programme, force_of

MAX_QUANTITY = Decimal("100000000000000")  # 10^14: the column holds 16 digits with 2 decimals
MAX_VALUE_VND = 10**15  # a million billion đồng


@transaction.atomic
def contribution_add(
    *,
    by,
    organization: Organization,
    kind: ContributionKind,
    place: AdminUnit,
    date_from: dt.date,
    date_to: dt.date,
    quantity: Decimal,
    value_vnd: int = 0,
    programme: Programme | None = None,
    note: str = "",
) -> Contribution:
    """One figure of one force at one place over a period. It counts in the report of the force's own unit for the
    period holding ``date_to`` (programmes.figures)."""
    require_acts_for(by, organization, message="Chỉ cán bộ của lực lượng, đơn vị mới được nhập kết quả của đơn vị.")
    if not kind.is_active:
        raise ServiceError(f"Chỉ tiêu “{kind.name}” không còn sử dụng.", extra={"kind": kind.code})
    if date_to < date_from:
        raise ServiceError("Ngày kết thúc phải sau ngày bắt đầu.", extra={"date_to": "before_start"})
    quantity = Decimal(quantity)
    if quantity <= 0 or quantity >= MAX_QUANTITY:
        raise ServiceError("Số lượng phải lớn hơn 0 và nhỏ hơn 100.000 tỷ.", extra={"quantity": str(quantity)})
    if quantity != quantity.quantize(Decimal(1).scaleb(-kind.decimals)):
        raise ServiceError(
            f"Chỉ tiêu “{kind.name}” nhập tối đa {kind.decimals} chữ số thập phân.", extra={"quantity": str(quantity)}
        )
    if value_vnd and not kind.has_value:
        raise ServiceError(f"Chỉ tiêu “{kind.name}” không có giá trị bằng tiền.", extra={"value_vnd": value_vnd})
    if not 0 <= value_vnd <= MAX_VALUE_VND:
        raise ServiceError("Giá trị không hợp lệ.", extra={"value_vnd": value_vnd})
    unit = organization.unit
    if unit is not None and not territory({unit.pk}).covers(place):
        raise ServiceError(f"{place.name} không thuộc địa bàn của {organization.name}.", extra={"place": place.code})
    contribution = Contribution.objects.create(
        kind=kind,
        organization=organization,
        force=force_of(organization),
        unit=unit,
        province_id=unit.province_id if unit is not None else None,
        place=place,
        place_province_id=place.province_id,
        date_from=date_from,
        date_to=date_to,
        quantity=quantity,
        value_vnd=value_vnd,
        programme=programme,
        note=note.strip()[:500],
        created_by=by,
    )
    record(
        actor=by,
        action=AuditAction.CREATE,
        obj=contribution,
        changes={"kind": [None, kind.code], "quantity": [None, str(quantity)], "value_vnd": [None, value_vnd]},
    )
    return contribution


@transaction.atomic
def contribution_delete(*, contribution: Contribution, by, reason: str) -> None:
    """Remove a figure entered by mistake (the trail keeps what it was and why)."""
    require_acts_for(by, contribution.organization, message="Chỉ cán bộ của lực lượng, đơn vị mới được xóa.")
    if not reason.strip():
        raise ServiceError("Phải nêu lý do xóa.", extra={"reason": "required"})
    record(
        actor=by,
        action=AuditAction.DELETE,
        obj=contribution,
        reason=reason.strip(),
        changes={"kind": [contribution.kind.code, None], "quantity": [str(contribution.quantity), None]},
    )
    contribution.delete()
