"""A tiny hand-written factory for tests: units, organisations and people."""

import datetime as dt

from geo.models import BEGINNING, FOREVER, REFORM_2025, TYPE_LEVEL, AdminUnit, Level, UnitType
from orgs.models import Membership, Organization, OrganizationType, Role, Tier, User

PASSWORD = "mat-khau-thu-nghiem-2026"  # noqa: S105


def make_unit(
    code: str,
    name: str,
    unit_type: str,
    *,
    parent: AdminUnit | None = None,
    valid_from: dt.date = REFORM_2025,
    valid_to: dt.date = FOREVER,
    short_name: str | None = None,
) -> AdminUnit:
    level = TYPE_LEVEL[UnitType(unit_type)]
    unit = AdminUnit(
        code=code,
        name=name,
        short_name=short_name or name.split(" ", 1)[1] if " " in name else name,
        unit_type=unit_type,
        level=level,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        source="test",
    )
    if parent is not None:
        unit.province_id = parent.province_id
        unit.district_id = parent.pk if parent.level == Level.DISTRICT else parent.district_id
    unit.save()
    if level == Level.PROVINCE:
        unit.province_id = unit.pk
        AdminUnit.objects.filter(pk=unit.pk).update(province_id=unit.pk)
    return unit


def org_type(code: str) -> OrganizationType:
    obj, _ = OrganizationType.objects.get_or_create(
        code=code, defaults={"name": code, "tiers": [Tier.CENTRAL, Tier.PROVINCE, Tier.COMMUNE]}
    )
    return obj


def make_org(name: str, type_code: str, unit: AdminUnit | None, parent: Organization | None = None) -> Organization:
    if unit is None:
        tier = Tier.CENTRAL
    else:
        tier = {Level.PROVINCE: Tier.PROVINCE, Level.DISTRICT: Tier.DISTRICT, Level.COMMUNE: Tier.COMMUNE}[unit.level]
    return Organization.objects.create(name=name, org_type=org_type(type_code), tier=tier, unit=unit, parent=parent)


def make_user(username: str, org: Organization | None = None, role: str = Role.OFFICER, **extra) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, full_name=extra.pop("full_name", username), **extra
    )
    if org is not None:
        Membership.objects.create(user=user, organization=org, role=role)
    return user


class Personas:
    """Named people and places shared by tests (see tests/base.py)."""

    @classmethod
    def create(cls) -> "Personas":
        p = cls()
        p.province = make_unit("68", "Tỉnh Lâm Đồng", UnitType.PROVINCE)
        p.commune = make_unit("24820", "Phường Xuân Hương - Đà Lạt", UnitType.WARD, parent=p.province)
        p.other_commune = make_unit("24823", "Xã Lạc Dương", UnitType.COMMUNE, parent=p.province)
        p.other_province = make_unit("51", "Tỉnh Quảng Ngãi", UnitType.PROVINCE)
        p.far_commune = make_unit("21100", "Phường Cẩm Thành", UnitType.WARD, parent=p.other_province)
        # The pre-2025 hierarchy: an old province, district and commune that ended on 30/6/2025.
        old_end = REFORM_2025 - dt.timedelta(days=1)
        p.old_province = make_unit("68", "Tỉnh Lâm Đồng", UnitType.PROVINCE, valid_from=BEGINNING, valid_to=old_end)
        p.old_district = make_unit(
            "672",
            "Thành phố Đà Lạt",
            UnitType.PROVINCIAL_CITY,
            parent=p.old_province,
            valid_from=BEGINNING,
            valid_to=old_end,
            short_name="Đà Lạt",
        )
        p.old_commune = make_unit(
            "24820",
            "Phường 1",
            UnitType.WARD,
            parent=p.old_district,
            valid_from=BEGINNING,
            valid_to=old_end,
            short_name="Phường 1",
        )

        p.central_org = make_org("Ban Tuyên giáo và Dân vận Trung ương", "ban-tgdv", None)
        p.province_org = make_org(
            "Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng", "ban-tgdv", p.province, parent=p.central_org
        )
        p.commune_org = make_org("Đảng ủy Phường Xuân Hương - Đà Lạt", "dang-uy-xa", p.commune, parent=p.province_org)
        p.other_commune_org = make_org("Đảng ủy Xã Lạc Dương", "dang-uy-xa", p.other_commune, parent=p.province_org)
        # Quảng Ngãi: a province Ban with no officer of these tests, and a commune body under it.
        p.far_ban = make_org(
            "Ban Tuyên giáo và Dân vận Tỉnh ủy Quảng Ngãi", "ban-tgdv", p.other_province, parent=p.central_org
        )
        p.far_org = make_org("Đảng ủy Phường Cẩm Thành", "dang-uy-xa", p.far_commune, parent=p.far_ban)

        p.admin = make_user("quantri", p.central_org, Role.ADMIN, is_staff=True)
        p.central = make_user("trunguong", p.central_org, Role.CENTRAL)
        p.province_officer = make_user("canbotinh", p.province_org, Role.OFFICER)
        p.commune_officer = make_user("canboxa", p.commune_org, Role.OFFICER)
        p.other_commune_officer = make_user("canboxakhac", p.other_commune_org, Role.OFFICER)
        p.viewer = make_user("nguoixem", p.commune_org, Role.VIEWER)
        p.appraiser = make_user("thamdinh", p.province_org, Role.APPRAISER)
        p.outsider = make_user("khongthuoc")  # an account with no membership
        return p
