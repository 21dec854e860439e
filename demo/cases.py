"""Demo cases in the demo provinces, made through the real services (routed, audited, with history).

Idempotent: nothing is created when the demo cases already exist. Needs ``demo.orgs.load_demo`` first.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from cases import handling, intake, rounds, situations
from cases.competence import DECISION_KINDS
from cases.models import Case, RoutingRule, Topic
from demo.orgs import PROVINCES
from geo.models import AdminUnit
from orgs.models import Organization, User

MARKER = "Chậm chi trả tiền bồi thường đường vành đai Đà Lạt"

CITIZEN = {
    "full_name": "Nguyễn Thị Lan (dữ liệu mẫu)",
    "phone": "0900000001",
    "address": "Tổ dân phố 3, Phường Xuân Hương - Đà Lạt",
}

# (commune, kind, topic, title, content, anonymous, end state)
CASES = [
    (
        "24781",
        "complaint_first",
        "dat-dai",
        MARKER,
        "Gia đình bàn giao mặt bằng từ tháng 3 nhưng chưa được chi trả.",
        False,
        "accepted",
    ),
    (
        "24781",
        "feedback",
        "moi-truong",
        "Rác thải tồn đọng tại chợ Đà Lạt",
        "Khu vực cổng sau chợ có rác tồn đọng nhiều ngày, bốc mùi.",
        True,
        "received",
    ),
    (
        "24778",
        "petition",
        "giao-thong",
        "Đề nghị lắp đèn chiếu sáng hẻm 12",
        "Hẻm 12 không có đèn, buổi tối người dân đi lại khó khăn.",
        False,
        "answered",
    ),
    (
        "24781",
        "feedback",
        "giao-thong",
        "Ổ gà trên đường Trần Phú",
        "Đoạn trước số 40 có ổ gà lớn, đã có người ngã xe.",
        True,
        "closed",
    ),
    (
        "24778",
        "petition",
        "chinh-sach",
        "Chưa nhận trợ cấp người cao tuổi",
        "Mẹ tôi đủ 80 tuổi từ tháng 5 nhưng chưa được nhận trợ cấp.",
        False,
        "reopened",
    ),
    (
        "24781",
        "feedback",
        "khac",
        "Vay tiền nhanh không cần thế chấp",
        # Link spam (four addresses or more) waits for moderation; no insult in the demo.
        "Vay nhanh tại https://vay-nhanh.example/1 https://vay-nhanh.example/2 "
        "https://vay-nhanh.example/3 https://vay-nhanh.example/4",
        True,
        "moderation",
    ),
    (
        "24778",
        "petition",
        "dat-dai",
        "Tranh chấp hợp đồng mua bán nhà giữa hai gia đình",
        "Đề nghị phường buộc bên bán trả lại tiền đặt cọc mua nhà.",
        False,
        "dismissed",
    ),
    (
        "21025",
        "feedback",
        "moi-truong",
        "Nước thải chảy tràn ra đường",
        "Nước thải từ khu dân cư chảy tràn ra đường Nguyễn Nghiêm.",
        True,
        "received",
    ),
]


def _officer(commune_code: str, kind: str = "") -> User:
    """Who handles a demo case: the People's Committee's officer for complaints and denunciations (its head decides
    them), the Party committee's dân vận officer for the rest."""
    prefix = "ubnd" if kind in DECISION_KINDS else "xa"
    return User.objects.get(username=f"{prefix}.{commune_code}")


@transaction.atomic
def load_demo_cases() -> int:
    if Case.objects.filter(title=MARKER).exists():
        return 0
    today = timezone.localdate()
    topics = {t.code: t for t in Topic.objects.all()}
    units = {
        u.code: u
        for u in AdminUnit.objects.valid_on(today).filter(
            code__in=[c for p, spec in PROVINCES.items() for c in [p, *spec["communes"]]]
        )
    }
    # Routing: each demo commune's cases go to its Party committee (where the demo officers sit);
    # complaints about officials anywhere in a province go to the province's Ban TG&DV.
    for code, spec in PROVINCES.items():
        ban = Organization.objects.get(name=f"Ban Tuyên giáo và Dân vận Tỉnh ủy {spec['name']}")
        RoutingRule.objects.get_or_create(
            unit=units[code], topic=topics["can-bo"], kind="", defaults={"organization": ban, "include_subtree": True}
        )
        for commune_code in spec["communes"]:
            commune = units[commune_code]
            org = Organization.objects.get(name=f"Đảng ủy {commune.name}")
            RoutingRule.objects.get_or_create(
                unit=commune, topic=None, kind="", defaults={"organization": org, "include_subtree": False}
            )
    made = 0
    for i, (code, kind, topic, title, content, anonymous, state) in enumerate(CASES):
        case, token = intake.case_submit(
            kind=kind,
            topic=topics[topic],
            unit=units[code],
            title=title,
            content=content,
            contact={} if anonymous else CITIZEN,
            client_ip=f"demo-{i}",
        )
        made += 1
        officer = _officer(code, kind)
        if state in ("received", "moderation"):
            continue
        if state == "dismissed":
            handling.case_dismiss(
                case=case,
                by=officer,
                reason="Tranh chấp dân sự giữa các bên thuộc thẩm quyền giải quyết của Tòa án nhân dân; "
                "đề nghị ông, bà liên hệ Tòa án khu vực để được hướng dẫn.",
            )
            continue
        handling.case_accept(case=case, by=officer)
        if state == "accepted":
            continue
        handling.case_answer(
            case=case,
            by=officer,
            text="Đơn vị đã kiểm tra thực tế và xử lý; kết quả như sau: "
            "đã khắc phục xong, đề nghị người dân tiếp tục phản ánh nếu còn tồn tại.",
        )
        if state == "closed":
            handling.case_confirm(case=case, token=token)
        elif state == "reopened":
            handling.case_reopen(case=case, token=token, reason="Đến nay gia đình vẫn chưa nhận được.")
    # A letter received six weeks ago that nobody accepted: overdue, escalated to the province.
    forgotten, _ = intake.case_record(
        by=_officer("24781"),
        kind="petition",
        topic=topics["xay-dung"],
        unit=units["24781"],
        title="Kiến nghị xử lý công trình xây dựng lấn hẻm",
        content="Công trình số 18 xây lấn ra hẻm chung, cản trở đi lại.",
        channel="letter",
        contact=CITIZEN,
        received_on=today - dt.timedelta(days=42),
    )
    handling.case_escalate(case=forgotten, today=today)
    return made + 1 + _legal_paths(topics, units)


def _legal_paths(topics: dict, units: dict) -> int:
    """The legal path of complaints and denunciations, one case each: a Party committee forwards a complaint to the
    People's Committee's chairman; a first decision is followed by a second-time complaint to the province; an
    ordinary denunciation (no extension possible) and a complex one extended once; an unsigned web denunciation kept
    as information until its sender is identified."""
    # 1. A letter addressed to the ward's Party committee: recorded there, forwarded with a record of the transfer.
    letter, _ = intake.case_record(
        by=_officer("24778"),
        kind="complaint_first",
        topic=topics["dat-dai"],
        unit=units["24778"],
        title="Khiếu nại quyết định thu hồi đất làm hẻm 12 (gửi Đảng ủy phường)",
        content="Gia đình không đồng ý với diện tích bị thu hồi ghi trong quyết định.",
        channel="letter",
        contact=CITIZEN,
        organization=Organization.objects.get(name=f"Đảng ủy {units['24778'].name}"),
    )
    rounds.case_forward(case=letter, by=_officer("24778"), document="15-CV/ĐU")
    handling.case_accept(case=letter, by=_officer("24778", "complaint_first"))
    # 2. The first decision of the ward's chairman, then a second-time complaint to the province's chairman.
    first, token = intake.case_submit(
        kind="complaint_first",
        topic=topics["dat-dai"],
        unit=units["24781"],
        title="Khiếu nại mức hỗ trợ tái định cư",
        content="Mức hỗ trợ tái định cư thấp hơn quy định của tỉnh.",
        contact=CITIZEN,
        client_ip="demo-legal-1",
    )
    chairman = _officer("24781", "complaint_first")
    handling.case_accept(case=first, by=chairman)
    handling.case_answer(
        case=first, by=chairman, text="Quyết định giải quyết khiếu nại lần đầu: giữ nguyên mức hỗ trợ."
    )
    second, _ = rounds.case_complain_again(
        first=first, token=token, reason="Không đồng ý với quyết định giải quyết lần đầu của Chủ tịch UBND phường."
    )
    handling.case_accept(case=second, by=User.objects.get(username="ubnd.lamdong"))
    # 3. Denunciations: an ordinary one (it cannot be extended) and a complex one, extended once.
    for title, complex_ in (("Tố cáo cán bộ địa chính nhận tiền", False), ("Tố cáo sai phạm đấu thầu chợ", True)):
        denunciation, _ = intake.case_submit(
            kind="denunciation",
            topic=topics["can-bo"],
            unit=units["24781"],
            title=title,
            content="Người tố cáo cung cấp thông tin, tài liệu kèm theo.",
            contact=CITIZEN,
            client_ip=f"demo-legal-{title}",
        )
        handling.case_accept(case=denunciation, by=chairman, is_complex=complex_)
        if complex_:
            handling.case_extend(case=denunciation, by=chairman, reason="Quyết định gia hạn giải quyết tố cáo số 3")
    # 4. A điểm nóng the province's officer confirmed: the cases behind it, the bodies handling it (police included).
    situations.hotspot_confirm(
        by=User.objects.get(username="tinh.lamdong"),
        unit=units["24781"],
        title="Nhiều hộ dân tập trung kiến nghị về bồi thường đường vành đai Đà Lạt",
        description="Khoảng 30 hộ dân tập trung tại trụ sở phường; đã tổ chức đối thoại.",
        cases=list(Case.objects.filter(unit=units["24781"], kind__in=DECISION_KINDS, first_round__isnull=True)[:2]),
        bodies=list(
            Organization.objects.filter(
                name__in=["Công an tỉnh Lâm Đồng", f"UBND {units['24781'].name}", f"Đảng ủy {units['24781'].name}"]
            )
        ),
        people_count=30,
    )
    # 5. Unsigned, sent on the web: information until the sender is identified (Luật Tố cáo 2018, Điều 25).
    intake.case_submit(
        kind="denunciation",
        topic=topics["can-bo"],
        unit=units["24781"],
        title="Thông tin về việc thu tiền sai quy định ở chợ",
        content="Có người thu thêm tiền của tiểu thương ngoài biên lai.",
        contact={},
        client_ip="demo-legal-unsigned",
    )
    return 6
