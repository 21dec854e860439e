"""The usual topics (lĩnh vực) of citizens' cases; each deployment may add or retire its own."""

from django.db import migrations

TOPICS = [
    ("dat-dai", "Đất đai, bồi thường, giải phóng mặt bằng"),
    ("moi-truong", "Môi trường, vệ sinh"),
    ("giao-thong", "Giao thông, hạ tầng đô thị"),
    ("xay-dung", "Trật tự xây dựng"),
    ("an-ninh", "An ninh, trật tự"),
    ("chinh-sach", "Chính sách xã hội, an sinh"),
    ("y-te-giao-duc", "Y tế, giáo dục"),
    ("thu-tuc", "Thủ tục hành chính"),
    ("can-bo", "Thái độ, trách nhiệm của cán bộ"),
    ("khac", "Lĩnh vực khác"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("cases", "Topic")
    for order, (code, name) in enumerate(TOPICS, 1):
        Topic.objects.get_or_create(code=code, defaults={"name": name, "ordering": order * 10})


def unseed(apps, schema_editor):
    apps.get_model("cases", "Topic").objects.filter(code__in=[c for c, _ in TOPICS], cases__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_fulltext")]

    operations = [migrations.RunPython(seed, unseed)]
