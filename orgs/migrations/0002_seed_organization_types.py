"""Today's bodies (after the 2025 mergers) as data: later changes are edits, not code."""

from django.db import migrations

TYPES = [
    # code, name, short, tiers, member_of, is_party, ordering
    ("ban-tgdv", "Ban Tuyên giáo và Dân vận", "Ban TG&DV", ["central", "province"], None, True, 10),
    ("dang-uy-xa", "Đảng ủy xã, phường, đặc khu", "Đảng ủy", ["commune"], None, True, 20),
    ("ubnd", "Ủy ban nhân dân", "UBND", ["province", "commune"], None, False, 30),
    ("mttq", "Ủy ban Mặt trận Tổ quốc Việt Nam", "MTTQ", ["central", "province", "commune"], None, False, 40),
    ("hoi-lhpn", "Hội Liên hiệp Phụ nữ", "Hội LHPN", ["central", "province", "commune"], "mttq", False, 41),
    ("hoi-nong-dan", "Hội Nông dân", "Hội ND", ["central", "province", "commune"], "mttq", False, 42),
    ("hoi-ccb", "Hội Cựu chiến binh", "Hội CCB", ["central", "province", "commune"], "mttq", False, 43),
    ("doan-tn", "Đoàn TNCS Hồ Chí Minh", "Đoàn TN", ["central", "province", "commune"], "mttq", False, 44),
    ("cong-doan", "Công đoàn", "Công đoàn", ["central", "province", "commune"], "mttq", False, 45),
    ("cong-an", "Công an", "Công an", ["central", "province", "commune"], None, False, 50),
    ("quan-su", "Cơ quan quân sự (Bộ CHQS tỉnh, Ban CHQS xã)", "Quân sự", ["province", "commune"], None, False, 60),
    ("bien-phong", "Bộ đội Biên phòng", "Biên phòng", ["province"], None, False, 70),
]


def seed(apps, schema_editor):
    OrganizationType = apps.get_model("orgs", "OrganizationType")
    created = {}
    for code, name, short, tiers, _member_of, is_party, ordering in TYPES:
        created[code], _ = OrganizationType.objects.update_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "tiers": tiers, "is_party": is_party, "ordering": ordering},
        )
    for code, *_rest in TYPES:
        member_of = dict((t[0], t[4]) for t in TYPES)[code]
        if member_of:
            OrganizationType.objects.filter(code=code).update(member_of=created[member_of])


def unseed(apps, schema_editor):
    OrganizationType = apps.get_model("orgs", "OrganizationType")
    OrganizationType.objects.filter(code__in=[t[0] for t in TYPES], organization__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
