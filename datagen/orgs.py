"""Organisations over the real units (today's hierarchy) and one officer account for each."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from datagen.base import Context, chunks, insert
from geo.models import AdminUnit, Level
from lib.vntext import fold, sort_key
from orgs.models import Membership, Organization, OrganizationType, Role, Tier, User

GENERATED_PASSWORD = "danvan-bench-2026"  # noqa: S105 - generated benchmark accounts only

PROVINCE_TYPES = [
    "ban-tgdv",
    "ubnd",
    "mttq",
    "hoi-lhpn",
    "hoi-nong-dan",
    "hoi-ccb",
    "doan-tn",
    "cong-doan",
    "cong-an",
    "quan-su",
]
COMMUNE_TYPES = ["dang-uy-xa", "ubnd", "mttq", "hoi-lhpn"]
# Big cities have more of everything (weights used for practices and cases).
BIG = {"01": 4.0, "79": 4.0, "31": 2.0, "48": 2.0, "92": 1.5}


@dataclass
class OrgRow:
    id: int
    unit_id: int
    province_id: int
    province_code: str
    officer_id: int


@dataclass
class World:
    provinces: list[AdminUnit]
    commune_orgs: list[OrgRow]
    province_orgs: dict[int, OrgRow]  # province unit id → its Ban Tuyên giáo và Dân vận
    appraisers: dict[int, int]  # province unit id → appraiser user id
    weights: list[float]


def _name(type_: OrganizationType, unit: AdminUnit) -> str:
    return f"{type_.name} {unit.name}"


def generate_orgs(ctx: Context) -> World:
    today = timezone.localdate()
    types = {t.code: t for t in OrganizationType.objects.all()}
    provinces = list(AdminUnit.objects.valid_on(today).filter(level=Level.PROVINCE).order_by("code"))
    communes_by_province: dict[int, list[AdminUnit]] = {}
    for c in AdminUnit.objects.valid_on(today).filter(level=Level.COMMUNE).order_by("code"):
        communes_by_province.setdefault(c.province_id, []).append(c)

    password = make_password(GENERATED_PASSWORD)
    existing = set(Organization.objects.values_list("org_type_id", "unit_id", "name"))
    plan: list[tuple[OrganizationType, AdminUnit, str]] = []
    for province in provinces:
        for code in PROVINCE_TYPES:
            plan.append((types[code], province, Tier.PROVINCE))
        communes = communes_by_province.get(province.pk, [])
        for commune in communes[: ctx.scaled(len(communes))]:
            for code in COMMUNE_TYPES:
                plan.append((types[code], commune, Tier.COMMUNE))
    todo = [(t, u, tier) for t, u, tier in plan if (t.pk, u.pk, _name(t, u)) not in existing]
    for batch in chunks(todo):
        orgs = [
            Organization(
                name=_name(t, u),
                org_type=t,
                tier=tier,
                unit=u,
                name_folded=fold(_name(t, u)),
                sort_key=sort_key(_name(t, u)),
            )
            for t, u, tier in batch
        ]
        orgs = insert(Organization, orgs)
        users = insert(
            User,
            [User(username=f"gen.{o.pk}", full_name=f"Cán bộ {o.name}"[:200], password=password) for o in orgs],
        )
        roles = [Membership(user=u, organization=o, role=Role.OFFICER) for u, o in zip(users, orgs, strict=True)]
        appraisers = []
        for u, o in zip(users, orgs, strict=True):
            if o.org_type.code == "ban-tgdv":
                appraisers.append(Membership(user=u, organization=o, role=Role.APPRAISER))
        insert(Membership, roles + appraisers)
    ctx.log(f"  tổ chức: {len(todo)} mới, {len(plan) - len(todo)} đã có")
    _central(types["ban-tgdv"], password)
    return _world(provinces)


CENTRAL_NAME = "Ban Tuyên giáo và Dân vận Trung ương"


def _central(type_: OrganizationType, password: str) -> None:
    """The central Ban and one central officer: the national pages (the conference board of the nation, the home
    page of the whole country) are measured signed in as them."""
    org, created = Organization.objects.get_or_create(
        name=CENTRAL_NAME,
        tier=Tier.CENTRAL,
        defaults={"org_type": type_, "name_folded": fold(CENTRAL_NAME), "sort_key": sort_key(CENTRAL_NAME)},
    )
    if created or not Membership.objects.filter(organization=org, role=Role.CENTRAL).exists():
        user = User.objects.create(username=f"gen.{org.pk}", full_name=f"Cán bộ {CENTRAL_NAME}", password=password)
        Membership.objects.create(user=user, organization=org, role=Role.CENTRAL)


def _world(provinces: list[AdminUnit]) -> World:
    rows = (
        Membership.objects.filter(user__username__startswith="gen.", role=Role.OFFICER)
        .values_list(
            "organization_id",
            "organization__unit_id",
            "organization__unit__province_id",
            "organization__unit__level",
            "organization__org_type__code",
            "user_id",
        )
        .order_by("organization_id")
    )
    code_of = {p.pk: p.code for p in provinces}
    commune_orgs: list[OrgRow] = []
    province_orgs: dict[int, OrgRow] = {}
    for org_id, unit_id, province_id, level, type_code, user_id in rows:
        province_id = province_id or unit_id
        row = OrgRow(org_id, unit_id, province_id, code_of.get(province_id, ""), user_id)
        if level == Level.COMMUNE:
            commune_orgs.append(row)
        elif type_code == "ban-tgdv":
            province_orgs[province_id] = row
    appraisers = {r.province_id: r.officer_id for r in province_orgs.values()}
    weights = [BIG.get(r.province_code, 1.0) for r in commune_orgs]
    return World(provinces, commune_orgs, province_orgs, appraisers, weights)
