"""Demo dialogues in Lâm Đồng, made through the real services: one held last week and recorded afterwards by the
province's Ban, with questions, answers and three commitments owed by the ward's Party committee (one overdue, two
open), and one announced for the coming days by the ward itself.

Idempotent: nothing is created when the held dialogue already exists. Needs ``demo.orgs.load_demo`` first.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from geo.models import AdminUnit
from meetings import dialogue_records, dialogues
from meetings.dialogue_records import CommitmentRecord, QuestionRecord
from meetings.models import Dialogue
from orgs.models import Organization, User

MARKER = "Đối thoại về bồi thường, hỗ trợ tái định cư dự án đường vành đai Đà Lạt"
WARD = "24781"


@transaction.atomic
def load_demo_dialogues() -> int:
    if Dialogue.objects.filter(title=MARKER).exists():
        return 0
    today = timezone.localdate()
    ward = AdminUnit.objects.valid_on(today).get(code=WARD)
    ban = Organization.objects.get(name="Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng")
    party = Organization.objects.get(name=f"Đảng ủy {ward.name}")
    held = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=7), dt.time(8, 0)))
    dialogue_records.dialogue_record(
        by=User.objects.get(username="tinh.lamdong"),
        organization=ban,
        unit=ward,
        title=MARKER,
        starts_at=held,
        place=f"Hội trường {ward.name}",
        participants=146,
        minutes=(
            "Hội nghị do Ban Tuyên giáo và Dân vận Tỉnh ủy chủ trì, có đại diện UBND tỉnh, Sở Xây dựng, Ủy ban MTTQ "
            "và 146 hộ dân trong vùng dự án. Người dân nêu 3 nhóm ý kiến về tiến độ chi trả, đường tạm và công khai "
            "phương án tái định cư; lãnh đạo các cơ quan trả lời trực tiếp và thống nhất 3 cam kết."
        ),
        questions=[
            QuestionRecord(
                "Khi nào các hộ đã bàn giao mặt bằng được chi trả tiền bồi thường?",
                "Chi trả dứt điểm cho 38 hộ còn lại trong vòng 5 ngày sau hội nghị.",
                "Phó Chủ tịch UBND tỉnh",
            ),
            QuestionRecord(
                "Đường tạm cho người dân đi lại trong thời gian thi công?",
                "Làm đường tạm dọc tuyến, bảo đảm đi lại trước mùa mưa.",
                "Giám đốc Sở Xây dựng",
            ),
            QuestionRecord("Công khai phương án bố trí tái định cư?", "Niêm yết công khai tại phường và tổ dân phố."),
        ],
        commitments=[
            CommitmentRecord("Chi trả dứt điểm tiền bồi thường cho 38 hộ", party, today - dt.timedelta(days=2)),
            CommitmentRecord("Làm đường tạm dọc tuyến thi công", party, today + dt.timedelta(days=10)),
            CommitmentRecord("Niêm yết công khai phương án tái định cư", party, today + dt.timedelta(days=30)),
        ],
    )
    upcoming = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=10), dt.time(19, 30)))
    dialogues.dialogue_plan(
        by=User.objects.get(username=f"xa.{WARD}"),
        organization=party,
        title="Đối thoại về chỉnh trang đô thị khu vực chợ Đà Lạt",
        starts_at=upcoming,
        place=f"Nhà văn hóa {ward.name}",
    )
    return 2
