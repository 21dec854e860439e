"""Demo practices in the two demo provinces, made through the real services (audited, with history).

Idempotent: nothing is created when the demo practices already exist.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from geo.models import AdminUnit, Level
from orgs.models import Membership, Organization, OrganizationType, Role, Tier, User
from practices import services
from practices.models import CriteriaSet, Criterion, Field, Kind, Practice

RUBRIC = "Bộ tiêu chí đánh giá mô hình “Dân vận khéo” tỉnh Lâm Đồng (dữ liệu mẫu)"

PRACTICES = [
    # (commune, name, field, kind, person, end state, money, workdays)
    (
        "24781",
        "Dân vận khéo trong giải phóng mặt bằng đường vành đai Đà Lạt",
        Field.ECONOMY,
        Kind.MODEL,
        "",
        "replicated",
        1_250_000_000,
        3_400,
    ),
    ("24781", "Tổ liên gia an toàn phòng cháy chữa cháy", Field.DEFENCE, Kind.MODEL, "", "commended", 85_000_000, 620),
    ("24778", "Ngõ xóm sáng, xanh, sạch, đẹp", Field.SOCIETY, Kind.MODEL, "", "recognised", 40_000_000, 1_150),
    ("24778", "Người gác rừng thông Đà Lạt", Field.SOCIETY, Kind.EXEMPLAR, "Nguyễn Văn Rừng", "recognised", 0, 300),
    ("24778", "Chuyển đổi số ở tổ dân phố", Field.POLITICS, Kind.MODEL, "", "under_appraisal", 15_000_000, 90),
    ("24781", "Quỹ tiết kiệm phụ nữ giúp nhau thoát nghèo", Field.ECONOMY, Kind.MODEL, "", "registered", 60_000_000, 0),
]

COMMON = {
    "objectives": "Nhân dân đồng thuận, tự nguyện tham gia; không phát sinh khiếu kiện; duy trì được lâu dài.",
    "sustainability": "Đã được các phường, xã lân cận học tập, áp dụng.",
}

# Each practice's own story: its text speaks of what its name and field say.
STORIES = {
    "Dân vận khéo trong giải phóng mặt bằng đường vành đai Đà Lạt": {
        "situation": "Dự án đường vành đai đi qua 126 hộ; người dân còn e ngại về giá bồi thường, tái định cư.",
        "content": "Cán bộ đến từng nhà đối thoại về phương án bồi thường; phát huy người có uy tín; công khai giá "
        "đất, danh sách hộ, tiến độ chi trả theo phương châm dân biết, dân bàn, dân làm, dân kiểm tra.",
        "target_people": "Hộ dân có đất trong phạm vi dự án",
        "outputs": "126 hộ bàn giao mặt bằng đúng hạn; 2,4 km đường được mở rộng; 3.200 m² đất hiến.",
    },
    "Tổ liên gia an toàn phòng cháy chữa cháy": {
        "situation": "Khu dân cư nhà gỗ liền kề, đường hẻm nhỏ, nguy cơ cháy lan cao về mùa khô.",
        "content": "Mỗi tổ 10 hộ liền kề có bình chữa cháy dùng chung, sơ đồ thoát nạn; công an phường hướng dẫn "
        "phòng cháy, chữa cháy, diễn tập mỗi quý; giữ gìn an ninh trật tự khu phố.",
        "target_people": "Hộ gia đình, cơ sở kinh doanh trong khu phố",
        "outputs": "32 tổ liên gia; 320 bình chữa cháy; không xảy ra cháy lớn trong năm.",
    },
    "Ngõ xóm sáng, xanh, sạch, đẹp": {
        "situation": "Nhiều ngõ xóm thiếu đèn, rác thải sinh hoạt chưa được thu gom đúng giờ.",
        "content": "Hội Phụ nữ, Đoàn thanh niên vận động hộ dân trồng hoa, lắp đèn chiếu sáng, phân loại rác tại "
        "nguồn; bảo vệ môi trường, giữ gìn cảnh quan văn hóa khu dân cư.",
        "target_people": "Hộ dân các tổ dân phố",
        "outputs": "18 ngõ xóm có đèn chiếu sáng; 2 km đường hoa; 90% hộ phân loại rác.",
    },
    "Người gác rừng thông Đà Lạt": {
        "situation": "Rừng thông ven đô bị lấn chiếm, chặt phá, nguy cơ cháy rừng mùa khô.",
        "content": "Ông tự nguyện tuần tra rừng, vận động bà con không đốt nương gần rừng, bảo vệ môi trường và "
        "cảnh quan văn hóa của thành phố.",
        "target_people": "Người dân sống ven rừng",
        "outputs": "40 ha rừng thông được bảo vệ; 12 vụ lấn chiếm được phát hiện, báo cáo kịp thời.",
    },
    "Chuyển đổi số ở tổ dân phố": {
        "situation": "Người cao tuổi còn khó khăn khi làm thủ tục hành chính, dịch vụ công trực tuyến.",
        "content": "Tổ công nghệ số cộng đồng hướng dẫn từng hộ cài ứng dụng định danh điện tử, nộp hồ sơ dịch vụ "
        "công trực tuyến; chính quyền phường tiếp nhận ý kiến của dân qua nhóm Zalo tổ dân phố.",
        "target_people": "Hộ dân, người cao tuổi trong tổ dân phố",
        "outputs": "85% người trưởng thành có định danh điện tử; 1.200 hồ sơ dịch vụ công trực tuyến.",
    },
    "Quỹ tiết kiệm phụ nữ giúp nhau thoát nghèo": {
        "situation": "Nhiều hộ phụ nữ làm chủ hộ thiếu vốn sản xuất, thu nhập thấp.",
        "content": "Hội viên góp tiết kiệm hằng tháng, cho hội viên khó khăn vay vốn không lãi để phát triển kinh tế "
        "gia đình; hướng dẫn cách làm ăn, tiêu thụ sản phẩm.",
        "target_people": "Hội viên phụ nữ có hoàn cảnh khó khăn",
        "outputs": "24 hộ được vay vốn; 9 hộ thoát nghèo; thu nhập bình quân tăng 20%.",
    },
}


@transaction.atomic
def load_demo_practices() -> int:
    if Practice.objects.filter(name=PRACTICES[0][1]).exists():
        return 0
    ban = Organization.objects.get(name="Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng")
    province_officer = User.objects.get(username="tinh.lamdong")
    appraiser = User.objects.get(username="thamdinh.lamdong")
    rubric, created = CriteriaSet.objects.get_or_create(name=RUBRIC, owner=ban, defaults={"pass_mark": Decimal("50")})
    if created:
        for order, (text, maximum) in enumerate(
            [("Tính mới, sáng tạo", 20), ("Hiệu quả, được nhân dân đồng tình", 40), ("Khả năng nhân rộng", 40)], 1
        ):
            Criterion.objects.create(criteria_set=rubric, order=order, description=text, max_score=Decimal(maximum))
    criteria = list(rubric.criteria.order_by("order"))
    made = []
    for code, name, field, kind, person, state, money, workdays in PRACTICES:
        officer = User.objects.get(username=f"xa.{code}")
        org = officer.memberships.get().organization
        practice = services.practice_register(
            by=officer,
            organization=org,
            unit=org.unit,
            name=name,
            kind=kind,
            field=field,
            person_name=person,
            person_public=bool(person),
            money_vnd=money,
            workdays=workdays,
            start_date=dt.date(2025, 9, 1),
            **COMMON,
            **STORIES[name],
        )
        made.append(practice)
        if state == "draft":
            continue
        services.practice_submit(practice=practice, by=officer)
        if state == "registered":
            continue
        appraisal = services.practice_start_appraisal(
            practice=practice, by=province_officer, criteria_set=rubric, members=[appraiser]
        )
        if state == "under_appraisal":
            continue
        services.appraisal_score(
            appraisal=appraisal,
            by=appraiser,
            scores={c.pk: (c.max_score * Decimal("0.85"), "Đạt yêu cầu") for c in criteria},
        )
        services.practice_recognise(practice=practice, by=province_officer, level="province")
        if state == "recognised":
            continue
        services.practice_commend(
            practice=practice,
            by=province_officer,
            form="bang_khen",
            authority="Chủ tịch UBND tỉnh Lâm Đồng",
            decision_number=f"{1200 + len(made)}/QĐ-UBND",
            decision_date=dt.date(2026, 5, 19),
            recipient_kind=kind,
            recipient_name=org.name,
        )
        if state == "replicated":
            adopter = User.objects.get(username="xa.24778")
            adopter_org = adopter.memberships.get().organization
            services.practice_adopt(source=practice, by=adopter, organization=adopter_org, unit=adopter_org.unit)
    made.append(_lam_ha_2024(password=province_officer.password))
    return len(made)


LAM_HA_2024 = "Dân vận khéo trong phát triển cà phê bền vững ở Nam Ban (2024)"


def _lam_ha_2024(*, password: str) -> Practice:
    """History entered as it happened: in 2024 Huyện ủy Lâm Hà (a district of the old Lâm Đồng, abolished on
    1/7/2025) appraised and recognised its communes' models at district level ("Huyện ủy Lâm Hà công nhận 42 mô
    hình"); one of them, registered by the old Thị trấn Nam Ban, recorded through the services with the decisions'
    own dates."""
    day = dt.date(2024, 10, 15)
    lam_ha = AdminUnit.objects.valid_on(day).get(code="676", level=Level.DISTRICT)
    nam_ban = AdminUnit.objects.valid_on(day).get(code="24868", level=Level.COMMUNE)
    huyen_uy, _ = Organization.objects.get_or_create(
        org_type=OrganizationType.objects.get(code="ban-tgdv"),
        unit=lam_ha,
        name="Ban Dân vận Huyện ủy Lâm Hà",
        defaults={"tier": Tier.DISTRICT},
    )
    town, _ = Organization.objects.get_or_create(
        org_type=OrganizationType.objects.get(code="dang-uy-xa"),
        unit=nam_ban,
        name="Đảng ủy Thị trấn Nam Ban",
        defaults={"tier": Tier.COMMUNE, "parent": huyen_uy},
    )
    accounts = {}
    for username, full_name, org, role in (
        ("huyen.lamha", "Cán bộ Ban Dân vận Huyện ủy Lâm Hà (2024)", huyen_uy, Role.OFFICER),
        ("thamdinh.lamha", "Thành viên hội đồng thẩm định huyện Lâm Hà (2024)", huyen_uy, Role.APPRAISER),
        ("xa.namban", "Cán bộ dân vận Thị trấn Nam Ban (2024)", town, Role.OFFICER),
    ):
        # The same (hashed) demo password as the other accounts.
        user, _ = User.objects.get_or_create(username=username, defaults={"full_name": full_name, "password": password})
        Membership.objects.get_or_create(user=user, organization=org, role=role)
        accounts[username] = user
    rubric, created = CriteriaSet.objects.get_or_create(
        name="Tiêu chí mô hình “Dân vận khéo” huyện Lâm Hà năm 2024 (dữ liệu mẫu)",
        owner=huyen_uy,
        defaults={"pass_mark": Decimal("70")},
    )
    if created:
        Criterion.objects.create(criteria_set=rubric, order=1, description="Hiệu quả, sức lan tỏa", max_score=100)
    practice = services.practice_register(
        by=accounts["xa.namban"],
        organization=town,
        unit=nam_ban,
        name=LAM_HA_2024,
        kind=Kind.MODEL,
        field=Field.ECONOMY,
        year=2024,
        registered_on=dt.date(2024, 3, 10),
        start_date=dt.date(2024, 3, 1),
        **COMMON,
        situation="Nông dân Nam Ban trồng cà phê già cỗi, năng suất thấp, bán qua thương lái với giá bấp bênh.",
        content="Cán bộ dân vận cùng Hội Nông dân vận động các hộ tái canh, ghép cải tạo cà phê, liên kết với doanh "
        "nghiệp bao tiêu; tổ hợp tác cùng làm, cùng kiểm tra chất lượng theo phương châm dân biết, dân bàn, dân làm.",
        target_people="Hộ trồng cà phê ở thị trấn Nam Ban",
        outputs="Hơn 300 ha cà phê được tái canh, ghép cải tạo; thu nhập bình quân tăng khoảng 20%.",
    )
    services.practice_submit(practice=practice, by=accounts["xa.namban"])
    appraisal = services.practice_start_appraisal(
        practice=practice,
        by=accounts["huyen.lamha"],
        criteria_set=rubric,
        members=[accounts["thamdinh.lamha"]],
        on=dt.date(2024, 9, 20),
    )
    services.appraisal_score(
        appraisal=appraisal,
        by=accounts["thamdinh.lamha"],
        scores={c.pk: (Decimal("86"), "Đạt") for c in rubric.criteria.all()},
    )
    return services.practice_recognise(
        practice=practice,
        by=accounts["huyen.lamha"],
        level="district",
        on=day,
        summary="Huyện ủy Lâm Hà công nhận 42 mô hình “Dân vận khéo” năm 2024; mô hình này là một trong số đó.",
    )
