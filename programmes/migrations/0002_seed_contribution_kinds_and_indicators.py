"""The contribution kinds of source article 004 (data: the central body adds more in the admin), and the automatic
report indicators they fill, by force (programmes.figures), added to the report forms that carry the typed
resource indicators."""

from django.db import migrations

FORCES = [
    ["police", "Công an"],
    ["military", "Quân sự"],
    ["border_guard", "Bộ đội Biên phòng"],
    ["other", "Mặt trận, đoàn thể và cơ quan khác"],
]
GROUP = "Kết quả tham gia của các lực lượng (chương trình phối hợp)"

# code, name, unit, decimals, has_value
KINDS = [
    ("workdays", "Ngày công giúp nhân dân", "ngày công", 0, False),
    ("road_km", "Đường giao thông nông thôn làm mới, tu sửa, nâng cấp", "km", 2, False),
    ("canal_km", "Kênh mương nạo vét, tu sửa", "km", 2, False),
    ("crops_ha", "Diện tích hoa màu giúp nhân dân gieo trồng, thu hoạch", "ha", 2, False),
    ("schools", "Trường học xây mới, sửa chữa", "trường", 0, True),
    ("houses", "Nhà xây mới, sửa chữa tặng nhân dân", "căn", 0, True),
    ("pupils", "Học sinh được nhận đỡ đầu", "học sinh", 0, False),
    ("foster_children", "Con nuôi đồn biên phòng", "cháu", 0, False),
    ("literacy_classes", "Lớp xóa mù chữ", "lớp", 0, False),
    ("literacy_learners", "Học viên lớp xóa mù chữ", "học viên", 0, False),
    ("medical", "Khám chữa bệnh, cấp thuốc miễn phí", "lượt người", 0, True),
    ("gifts", "Quà tặng", "phần quà", 0, True),
    ("disaster_soldiers", "Lượt cán bộ, chiến sĩ tham gia phòng, chống thiên tai, cứu hộ, cứu nạn", "lượt người", 0,
     False),
    ("disaster_vehicles", "Lượt phương tiện tham gia phòng, chống thiên tai, cứu hộ, cứu nạn", "lượt phương tiện", 0,
     False),
]  # fmt: skip


def seed(apps, schema_editor):
    ContributionKind = apps.get_model("programmes", "ContributionKind")
    Indicator = apps.get_model("reports", "Indicator")
    FormIndicator = apps.get_model("reports", "FormIndicator")
    ReportForm = apps.get_model("reports", "ReportForm")
    made = []
    for order, (code, name, unit, decimals, has_value) in enumerate(KINDS, 1):
        ContributionKind.objects.update_or_create(
            code=code,
            defaults={"name": name, "unit": unit, "decimals": decimals, "has_value": has_value, "ordering": order},
        )
        rows = [(f"force_{code}", f"{name} (các lực lượng)", unit, decimals, f"programmes.{code}")]
        if has_value:
            rows.append((f"force_{code}_vnd", f"Giá trị: {name[0].lower()}{name[1:]}", "đồng", 0, f"programmes.{code}_vnd"))
        for n, (icode, iname, iunit, idecimals, source) in enumerate(rows):
            indicator, _ = Indicator.objects.update_or_create(
                code=icode,
                defaults={
                    "name": iname,
                    "unit": iunit,
                    "decimals": idecimals,
                    "aggregation": "sum",
                    "breakdowns": FORCES,
                    "source": source,
                    "group": GROUP,
                    "ordering": 500 + order * 2 + n,
                },
            )
            made.append(indicator)
    # Forms already in use get them beside their typed resource indicators; forms made later take every active one.
    for form in ReportForm.objects.filter(items__indicator__code="houses").distinct():
        have = set(FormIndicator.objects.filter(form=form).values_list("indicator_id", flat=True))
        FormIndicator.objects.bulk_create(
            FormIndicator(form=form, indicator=i, ordering=i.ordering) for i in made if i.pk not in have
        )


def unseed(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    FormIndicator = apps.get_model("reports", "FormIndicator")
    codes = [f"force_{k[0]}" for k in KINDS] + [f"force_{k[0]}_vnd" for k in KINDS if k[4]]
    FormIndicator.objects.filter(indicator__code__in=codes).delete()
    Indicator.objects.filter(code__in=codes).delete()
    apps.get_model("programmes", "ContributionKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_programmes_initial"), ("reports", "0006_resanitise_stored_narratives")]

    operations = [migrations.RunPython(seed, unseed)]
