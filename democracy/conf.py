"""Legal figures read from ``Parameter`` rows (an admin corrects them), with the defaults the seed migration writes.

One query per call; the services call it once per write.
"""

from __future__ import annotations

from democracy.models import Parameter

# key → (default, label, basis, verified): the seed migration writes these rows; the code only reads them.
DEFAULTS: dict[str, tuple[int, str, str, bool]] = {
    "village_rule_posting_days": (
        30, "Số ngày niêm yết dự thảo hương ước, quy ước tối thiểu", "Nghị định 61/2023/NĐ-CP", False,
    ),
    "investment_board_max_members": (
        5, "Số thành viên tối đa của Ban Giám sát đầu tư của cộng đồng", "Nghị định 59/2023/NĐ-CP, Điều 17", False,
    ),
    "investment_board_max_deputies": (
        2, "Số Phó Trưởng ban tối đa của Ban Giám sát đầu tư của cộng đồng", "Nghị định 59/2023/NĐ-CP, Điều 17",
        False,
    ),
    "recommendation_answer_days": (
        15, "Thời hạn trả lời kiến nghị giám sát mặc định (ngày)", "Chưa đối chiếu văn bản", False,
    ),
    "dialogue_min_per_year": (
        1, "Số hội nghị đối thoại UBND xã với Nhân dân tối thiểu mỗi năm", "Luật Tổ chức chính quyền địa phương 2025",
        False,
    ),
    "inspection_board_term_years": (
        5, "Nhiệm kỳ Ban Thanh tra nhân dân ở xã (theo nhiệm kỳ Trưởng thôn, năm)", "Luật THDCCS 2022, Điều 31",
        False,
    ),
}  # fmt: skip


def value(key: str) -> int:
    found = Parameter.objects.filter(key=key).values_list("value", flat=True).first()
    return int(found) if found is not None else DEFAULTS[key][0]
