"""Demo data: two real provinces with their bodies and officer accounts at every level."""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from geo.models import AdminUnit, Level
from orgs.models import Membership, Organization, OrganizationType, Role, Tier, User

DEFAULT_PASSWORD = "danvan-demo-2026"  # noqa: S105 - demo accounts only, printed on purpose

PROVINCES = {
    "68": {"name": "Lâm Đồng", "slug": "lamdong", "communes": ["24781", "24778", "24848"]},
    "51": {"name": "Quảng Ngãi", "slug": "quangngai", "communes": ["21025", "21028", "21548"]},
}


@dataclass
class DemoLogin:
    username: str
    role: str
    organization: str


def _org(name: str, type_code: str, unit: AdminUnit | None, parent: Organization | None = None) -> Organization:
    org_type = OrganizationType.objects.get(code=type_code)
    levels = {Level.PROVINCE: Tier.PROVINCE, Level.DISTRICT: Tier.DISTRICT, Level.COMMUNE: Tier.COMMUNE}
    tier = Tier.CENTRAL if unit is None else levels[unit.level]
    org, _ = Organization.objects.get_or_create(
        org_type=org_type, unit=unit, name=name, defaults={"tier": tier, "parent": parent}
    )
    return org


def _account(username: str, full_name: str, org: Organization, role: str, password: str, **flags) -> DemoLogin:
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name, **flags})
    if created:
        user.set_password(password)
        user.save()
    Membership.objects.get_or_create(user=user, organization=org, role=role)
    return DemoLogin(username, Role(role).label, org.name)


class UnitsMissing(Exception):
    pass


@transaction.atomic
def load_demo(*, password: str | None = None) -> list[DemoLogin]:
    password = password or os.environ.get("DANVAN_DEMO_PASSWORD") or DEFAULT_PASSWORD
    today = timezone.localdate()
    units = {u.code: u for u in AdminUnit.objects.valid_on(today).exclude(level=Level.DISTRICT)}
    needed = [c for p, spec in PROVINCES.items() for c in [p, *spec["communes"]]]
    missing = [c for c in needed if c not in units]
    if missing:
        raise UnitsMissing(
            "Chưa có danh mục đơn vị hành chính (thiếu mã " + ", ".join(missing) + "). Hãy chạy: danvan load-units"
        )
    logins: list[DemoLogin] = []
    central = _org("Ban Tuyên giáo và Dân vận Trung ương", "ban-tgdv", None)
    mttq_central = _org("Ủy ban Trung ương MTTQ Việt Nam", "mttq", None)
    logins.append(
        _account("quantri", "Quản trị hệ thống", central, Role.ADMIN, password, is_staff=True, is_superuser=True)
    )
    logins.append(_account("trunguong", "Nguyễn Văn Trung", central, Role.CENTRAL, password))
    for code, spec in PROVINCES.items():
        province = units[code]
        ban = _org(f"Ban Tuyên giáo và Dân vận Tỉnh ủy {spec['name']}", "ban-tgdv", province, central)
        ubnd_tinh = _org(f"UBND tỉnh {spec['name']}", "ubnd", province)
        # The province's People's Committee decides second-time complaints against its communes' decisions.
        logins.append(
            _account(f"ubnd.{spec['slug']}", f"Văn phòng UBND tỉnh {spec['name']}", ubnd_tinh, Role.OFFICER, password)
        )
        _org(f"Ủy ban MTTQ Việt Nam tỉnh {spec['name']}", "mttq", province, mttq_central)
        _org(f"Công an tỉnh {spec['name']}", "cong-an", province)
        _org(f"Bộ Chỉ huy Quân sự tỉnh {spec['name']}", "quan-su", province)
        logins.append(_account(f"tinh.{spec['slug']}", f"Cán bộ Ban TG&DV {spec['name']}", ban, Role.OFFICER, password))
        if code == "68":
            logins.append(_account("thamdinh.lamdong", "Thành viên hội đồng thẩm định", ban, Role.APPRAISER, password))
        for i, commune_code in enumerate(spec["communes"]):
            commune = units[commune_code]
            dang_uy = _org(f"Đảng ủy {commune.name}", "dang-uy-xa", commune, ban)
            ubnd = _org(f"UBND {commune.name}", "ubnd", commune)
            mttq = _org(f"Ủy ban MTTQ Việt Nam {commune.name}", "mttq", commune)
            _org(f"Hội Liên hiệp Phụ nữ {commune.name}", "hoi-lhpn", commune, mttq)
            _org(f"Đoàn TNCS Hồ Chí Minh {commune.name}", "doan-tn", commune, mttq)
            if i < 2:
                logins.append(
                    _account(f"xa.{commune_code}", f"Cán bộ dân vận {commune.name}", dang_uy, Role.OFFICER, password)
                )
                # The commune's People's Committee accepts and decides complaints and denunciations.
                logins.append(
                    _account(f"ubnd.{commune_code}", f"Công chức UBND {commune.name}", ubnd, Role.OFFICER, password)
                )
            if code == "68" and i == 0:
                logins.append(_account("xem.lamdong", "Người xem", dang_uy, Role.VIEWER, password))
    return logins
