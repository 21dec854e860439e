"""The indicator catalogue the source articles and domain-notes §2 use, and the checks officers expect.

Data, not code: later indicators are added in the admin. Indicators with a ``source`` are filled from
what DanVan already records (practices) and cannot be typed.
"""

from django.db import migrations

KIND = [["collective", "Tập thể"], ["individual", "Cá nhân"]]
DVK = "Phong trào thi đua “Dân vận khéo”"
RESOURCES = "Nguồn lực huy động, kết quả"
PEOPLE = "Tiếp dân, đối thoại, đơn thư"
DEMOCRACY = "Dân chủ ở cơ sở, tuyên truyền"

# code, name, unit, decimals, aggregation, breakdowns, source, group
INDICATORS = [
    ("dvk_registered", "Số mô hình, điển hình “Dân vận khéo” đăng ký", "mô hình", 0, "sum", KIND,
     "practices.registered", DVK),
    ("dvk_recognised", "Số mô hình, điển hình được công nhận", "mô hình", 0, "sum", [], "practices.recognised", DVK),
    ("dvk_commended", "Số mô hình, điển hình được khen thưởng", "mô hình", 0, "sum", [], "practices.commended", DVK),
    ("dvk_replicated", "Số mô hình được nhân rộng", "mô hình", 0, "sum", [], "practices.replicated", DVK),
    ("dvk_money_vnd", "Kinh phí thực hiện mô hình “Dân vận khéo”", "đồng", 0, "sum", [], "practices.money_vnd", DVK),
    ("dvk_socialised_vnd", "Nguồn xã hội hóa của mô hình", "đồng", 0, "sum", [], "practices.socialised_vnd", DVK),
    ("dvk_workdays", "Ngày công huy động cho mô hình", "ngày công", 0, "sum", [], "practices.workdays", DVK),
    ("dvk_recognition_rate", "Tỷ lệ mô hình được công nhận", "%", 1, "ratio", [], "", DVK),
    ("dvk_conferences", "Số hội nghị biểu dương, hội thi “Dân vận khéo”", "hội nghị", 0, "sum", [], "", DVK),
    ("resources_vnd", "Tổng giá trị nguồn lực huy động", "đồng", 0, "sum", [], "", RESOURCES),
    ("workdays", "Số ngày công lao động nhân dân đóng góp", "ngày công", 0, "sum", [], "", RESOURCES),
    ("land_m2", "Diện tích đất nhân dân hiến", "m²", 1, "sum", [], "", RESOURCES),
    ("road_km", "Đường giao thông nông thôn làm mới, sửa chữa, nâng cấp", "km", 2, "sum", [], "", RESOURCES),
    ("canal_km", "Kênh mương nạo vét, kiên cố hóa", "km", 2, "sum", [], "", RESOURCES),
    ("houses", "Nhà đại đoàn kết, tình nghĩa xây mới, sửa chữa", "căn", 0, "sum", [], "", RESOURCES),
    ("houses_vnd", "Giá trị nhà xây mới, sửa chữa", "đồng", 0, "sum", [], "", RESOURCES),
    ("schools", "Trường học xây mới, sửa chữa", "trường", 0, "sum", [], "", RESOURCES),
    ("medical_people", "Lượt người được khám chữa bệnh, cấp thuốc", "lượt người", 0, "sum", [], "", RESOURCES),
    ("gifts", "Số phần quà trao tặng", "phần quà", 0, "sum", [], "", RESOURCES),
    ("poor_rate", "Tỷ lệ hộ nghèo", "%", 2, "avg", [], "", RESOURCES),
    ("reception_sessions", "Số buổi người đứng đầu tiếp công dân", "buổi", 0, "sum", [], "", PEOPLE),
    ("reception_people", "Lượt công dân được tiếp", "lượt người", 0, "sum", [], "", PEOPLE),
    ("dialogues", "Số hội nghị đối thoại với nhân dân", "hội nghị", 0, "sum", [], "", PEOPLE),
    ("petitions_received", "Số đơn thư, kiến nghị tiếp nhận", "đơn", 0, "sum", [], "", PEOPLE),
    ("petitions_resolved", "Số đơn thư, kiến nghị đã giải quyết", "đơn", 0, "sum", [], "", PEOPLE),
    ("petitions_on_time", "Số đơn thư giải quyết đúng hạn", "đơn", 0, "sum", [], "", PEOPLE),
    ("petitions_resolved_rate", "Tỷ lệ đơn thư đã giải quyết", "%", 1, "ratio", [], "", PEOPLE),
    ("hotspots", "Số vụ việc phức tạp, điểm nóng", "vụ việc", 0, "sum", [], "", PEOPLE),
    ("largest_gathering", "Số người của vụ tụ tập đông người lớn nhất", "người", 0, "max", [], "", PEOPLE),
    ("disclosures", "Số nội dung công khai theo Luật Thực hiện dân chủ ở cơ sở", "nội dung", 0, "sum", [], "",
     DEMOCRACY),
    ("supervisions", "Số cuộc giám sát của Ban Thanh tra nhân dân, Ban Giám sát đầu tư cộng đồng", "cuộc", 0, "sum",
     [], "", DEMOCRACY),
    ("propaganda_sessions", "Số buổi tuyên truyền, hội nghị quán triệt", "buổi", 0, "sum", [], "", DEMOCRACY),
    ("propaganda_people", "Lượt người dự tuyên truyền, quán triệt", "lượt người", 0, "sum", [], "", DEMOCRACY),
]  # fmt: skip
RATIOS = {
    "dvk_recognition_rate": ("dvk_recognised", "dvk_registered"),
    "petitions_resolved_rate": ("petitions_resolved", "petitions_received"),
}
# kind, severity, left, right, threshold: rules for every form (form left empty).
RULES = [
    ("non_negative", "blocking", None, None, None),
    ("lte", "blocking", "dvk_recognised", "dvk_registered", None),
    ("lte", "blocking", "petitions_resolved", "petitions_received", None),
    ("lte", "blocking", "petitions_on_time", "petitions_resolved", None),
    ("change", "warning", "resources_vnd", None, 50),
    ("change", "warning", "road_km", None, 100),
    ("change", "warning", "hotspots", None, 50),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    ValidationRule = apps.get_model("reports", "ValidationRule")
    made = {}
    for order, (code, name, unit, decimals, aggregation, breakdowns, source, group) in enumerate(INDICATORS, 1):
        made[code], _ = Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "decimals": decimals,
                "aggregation": aggregation,
                "breakdowns": breakdowns,
                "source": source,
                "group": group,
                "ordering": order * 10,
            },
        )
    for code, (numerator, denominator) in RATIOS.items():
        Indicator.objects.filter(pk=made[code].pk).update(numerator=made[numerator], denominator=made[denominator])
    for kind, severity, left, right, threshold in RULES:
        ValidationRule.objects.get_or_create(
            form=None,
            kind=kind,
            severity=severity,
            left=made.get(left),
            right=made.get(right),
            threshold_pct=threshold,
        )


def unseed(apps, schema_editor):
    apps.get_model("reports", "ValidationRule").objects.filter(form=None).delete()
    Indicator = apps.get_model("reports", "Indicator")
    codes = [row[0] for row in INDICATORS]
    Indicator.objects.filter(code__in=list(RATIOS)).delete()
    Indicator.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_reports_initial")]

    operations = [migrations.RunPython(seed, unseed)]
