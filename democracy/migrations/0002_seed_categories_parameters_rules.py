"""The contents of Điều 11 a commune discloses, the passing rules and the legal figures: data an admin corrects.

Only what domain notes §3.1 confirmed is marked ``verified``: the Điều 11 khoản 1–2 contents and the loudspeaker
broadcast of ≥3 consecutive days for khoản 7–12. The numbering of khoản 4 onwards, the minimum posting of 30 days,
the due dates of each period and the thresholds are not checked against the text and say so.
"""

from django.db import migrations

NB, WEB, MEET, SPEAKER = "notice_board", "website", "meeting", "loudspeaker"
# code, name, article, channels, min posting days, min broadcast days, recurrence, anchor, due days, verified
CATEGORIES = [
    ("ke-hoach-kt-xh", "Kế hoạch phát triển kinh tế - xã hội hằng năm của xã và kết quả thực hiện",
     "Điều 11 khoản 1", [NB, WEB], 30, 0, "annual", "start", 30, True),
    ("du-toan-ngan-sach", "Dự toán ngân sách xã hằng năm",
     "Điều 11 khoản 2", [NB, WEB], 30, 0, "annual", "start", 30, True),
    ("thuc-hien-ngan-sach-quy", "Tình hình thực hiện dự toán ngân sách xã hằng quý",
     "Điều 11 khoản 2", [NB, WEB], 30, 0, "quarterly", "end", 15, True),
    ("thuc-hien-ngan-sach-6-thang", "Tình hình thực hiện dự toán ngân sách xã 6 tháng",
     "Điều 11 khoản 2", [NB, WEB], 30, 0, "half", "end", 15, True),
    ("quyet-toan-ngan-sach", "Quyết toán ngân sách xã hằng năm",
     "Điều 11 khoản 2", [NB, WEB], 30, 0, "annual", "end", 180, False),
    ("kiem-toan", "Kết luận, kiến nghị của Kiểm toán nhà nước về ngân sách xã",
     "Điều 11 khoản 2", [NB, WEB], 30, 0, "none", "end", 15, True),
    ("du-an-dau-tu", "Dự án, công trình đầu tư trên địa bàn xã và tiến độ thực hiện",
     "Điều 11 khoản 3", [NB, WEB], 30, 0, "none", "end", 15, True),
    ("thu-hoi-dat", "Kế hoạch thu hồi đất, bồi thường, hỗ trợ, tái định cư",
     "Điều 11 khoản 3", [NB, WEB], 30, 0, "none", "end", 15, True),
    ("quy-hoach-su-dung-dat", "Quy hoạch, kế hoạch sử dụng đất; quy hoạch xây dựng",
     "Điều 11 khoản 3", [NB, WEB], 30, 0, "none", "end", 15, True),
    ("quy-dong-gop", "Các quỹ, khoản đóng góp của Nhân dân; thu, chi các khoản đóng góp",
     "Điều 11 khoản 4 (chưa đối chiếu)", [NB, WEB], 30, 0, "annual", "end", 30, False),
    ("ho-ngheo", "Danh sách hộ nghèo, hộ cận nghèo; đối tượng hưởng chính sách an sinh",
     "Điều 11 khoản 7 (chưa đối chiếu)", [NB, WEB, SPEAKER], 30, 3, "annual", "end", 30, False),
    ("dieu-chinh-dvhc", "Đề án thành lập, nhập, chia, điều chỉnh địa giới đơn vị hành chính",
     "Điều 11 khoản 8 (chưa đối chiếu)", [NB, WEB, SPEAKER], 30, 3, "none", "end", 15, False),
    ("ket-qua-thanh-tra", "Kết quả thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo",
     "Điều 11 khoản 9 (chưa đối chiếu)", [NB, WEB, SPEAKER], 30, 3, "none", "end", 15, False),
    ("ket-qua-lay-y-kien", "Kết quả lấy ý kiến Nhân dân về các nội dung Nhân dân bàn, quyết định, tham gia ý kiến",
     "Điều 11 khoản 10 (chưa đối chiếu)", [NB, WEB, SPEAKER], 30, 3, "none", "end", 15, False),
    ("thu-tuc-hanh-chinh", "Thủ tục hành chính, việc giải quyết thủ tục hành chính",
     "Điều 11 khoản 11 (chưa đối chiếu)", [NB, WEB, SPEAKER], 30, 3, "none", "end", 15, False),
    ("khac", "Nội dung khác theo quy định của pháp luật",
     "Điều 11 khoản 12 (chưa đối chiếu)", [NB, WEB], 30, 0, "none", "end", 15, False),
]  # fmt: skip
# code, name, numerator, denominator, strict, base, basis, verified
RULES = [
    ("quan-ba-tong-so-ho", "Trên 50% tổng số hộ gia đình thuộc phạm vi", 1, 2, True, "eligible",
     "Luật THDCCS 2022 (chưa đối chiếu)", False),
    ("hai-phan-ba-tong-so-ho", "Từ 2/3 tổng số hộ gia đình trong xã (đóng góp xây dựng công trình toàn xã)", 2, 3,
     False, "eligible", "Luật THDCCS 2022; Nghị định 59/2023/NĐ-CP (chưa đối chiếu)", False),
    ("quan-ba-so-ho-tham-gia", "Trên 50% số hộ gia đình tham gia biểu quyết", 1, 2, True, "participating",
     "Chưa đối chiếu", False),
]  # fmt: skip

# key, value, label, basis, verified (democracy.conf.DEFAULTS holds the same defaults for a database without rows)
PARAMETERS = [
    ("village_rule_posting_days", 30, "Số ngày niêm yết dự thảo hương ước, quy ước tối thiểu",
     "Nghị định 61/2023/NĐ-CP", False),
    ("investment_board_max_members", 5, "Số thành viên tối đa của Ban Giám sát đầu tư của cộng đồng",
     "Nghị định 59/2023/NĐ-CP, Điều 17", False),
    ("investment_board_max_deputies", 2, "Số Phó Trưởng ban tối đa của Ban Giám sát đầu tư của cộng đồng",
     "Nghị định 59/2023/NĐ-CP, Điều 17", False),
    ("recommendation_answer_days", 15, "Thời hạn trả lời kiến nghị giám sát mặc định (ngày)",
     "Chưa đối chiếu văn bản", False),
    ("dialogue_min_per_year", 1, "Số hội nghị đối thoại UBND xã với Nhân dân tối thiểu mỗi năm",
     "Luật Tổ chức chính quyền địa phương 2025", False),
    ("inspection_board_term_years", 5, "Nhiệm kỳ Ban Thanh tra nhân dân ở xã (theo nhiệm kỳ Trưởng thôn, năm)",
     "Luật THDCCS 2022, Điều 31", False),
]  # fmt: skip


def seed(apps, schema_editor):
    Category = apps.get_model("democracy", "DisclosureCategory")
    for order, (code, name, article, channels, posting, broadcast, recurrence, anchor, due, verified) in enumerate(
        CATEGORIES, 1
    ):
        Category.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "article": article,
                "required_channels": channels,
                "min_posting_days": posting,
                "min_broadcast_days": broadcast,
                "recurrence": recurrence,
                "anchor": anchor,
                "due_days": due,
                "verified": verified,
                "ordering": order * 10,
            },
        )
    Rule = apps.get_model("democracy", "PassingRule")
    for code, name, num, den, strict, base, basis, verified in RULES:
        Rule.objects.update_or_create(
            code=code,
            defaults={"name": name, "numerator": num, "denominator": den, "strict": strict, "base": base,
                      "basis": basis, "verified": verified},
        )  # fmt: skip
    Parameter = apps.get_model("democracy", "Parameter")
    for key, value, label, basis, verified in PARAMETERS:
        Parameter.objects.update_or_create(
            key=key, defaults={"value": value, "label": label, "basis": basis, "verified": verified}
        )


def unseed(apps, schema_editor):
    for model in ("DisclosureCategory", "PassingRule", "Parameter"):
        apps.get_model("democracy", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("democracy", "0001_democracy_initial")]

    operations = [migrations.RunPython(seed, unseed)]
