"""A citizen on a phone sends a complaint, follows it and reopens it; the commune answers it with a
file; a second, forgotten case goes overdue and escalates to the province — all through Chromium."""

import datetime as dt
import re
import tempfile

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from cases import intake
from cases.models import Case, Status, Topic
from geo.models import UnitType
from orgs.models import Role
from tests.browser.test_login_and_picker import login, logout
from tests.factories import make_org, make_unit, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world():
    # Transactional tests flush the tables, seeded topics included: make the one we use.
    topic, _ = Topic.objects.get_or_create(code="dat-dai", defaults={"name": "Đất đai, bồi thường"})
    province = make_unit("68", "Tỉnh Lâm Đồng", UnitType.PROVINCE)
    commune = make_unit("24781", "Phường Xuân Hương - Đà Lạt", UnitType.WARD, parent=province)
    other = make_unit("24848", "Xã Lạc Dương", UnitType.COMMUNE, parent=province)
    ban = make_org("Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng", "ban-tgdv", province)
    org = make_org("Đảng ủy Phường Xuân Hương - Đà Lạt", "dang-uy-xa", commune, ban)
    make_org("Đảng ủy Xã Lạc Dương", "dang-uy-xa", other, ban)
    return {
        "topic": topic,
        "commune": commune,
        "org": org,
        "ban": ban,
        "commune_officer": make_user("canboxa", org, Role.OFFICER, full_name="Trần Thị Xã"),
        "province_officer": make_user("canbotinh", ban, Role.OFFICER, full_name="Lê Văn Tỉnh"),
    }


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="danvan-browser-cases-"))
def test_a_complaint_from_a_phone_to_an_answer_and_back_and_an_escalation(page, live_server, world):
    base = live_server.url
    # 1. The citizen, without an account, on a 360 px wide phone.
    page.goto(f"{base}/")
    page.click("button.nav-toggle")
    page.click("text=Gửi ý kiến")
    page.wait_for_url("**/gui-y-kien/")
    # A petition: the commune's Party committee answers it (a complaint would be forwarded to the People's Committee,
    # tests/cases/test_legal_path.py).
    page.select_option("#id_kind", "petition")
    page.select_option("#id_topic", str(world["topic"].pk))
    page.fill("#picker-unit", "xuan huong")
    page.locator(".unit-option").first.click()
    assert "Phường Xuân Hương - Đà Lạt" in page.inner_text(".picker-chosen")
    page.fill("#id_title", "Chưa được bồi thường đất <script>alert(1)</script>")
    page.fill("#id_content", "Gia đình tôi bàn giao đất từ tháng 3 nhưng chưa được bồi thường.")
    page.set_input_files("#id_files", files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.fill("#id_full_name", "Nguyễn Thị Lan")
    page.fill("#id_phone", "0912345678")
    page.fill("#id_address", "12 Trần Phú, Đà Lạt")
    page.click("button:has-text('Gửi ý kiến')")
    page.wait_for_url("**/gui-y-kien/da-gui/**")
    code = page.inner_text("#case-code").strip()
    private_link = page.get_attribute("#private-link", "href")
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}", code)
    case = Case.objects.get(code=code.replace("-", ""))
    assert case.organization == world["org"]  # routed to the commune where it happened
    assert case.attachments.count() == 1
    # Anyone with the code sees the status, not the content.
    page.goto(f"{base}/gui-y-kien/tra-cuu/?ma={code}")
    assert "Đã tiếp nhận" in page.inner_text("#case-status")
    assert "bồi thường" not in page.inner_text("main")

    # 2. The commune officer accepts and answers with a file.
    login(page, live_server, "canboxa")
    page.goto(f"{base}/y-kien/")
    page.click(f"text={code}")
    page.click("#btn-accept")
    page.wait_for_selector("text=Đã thụ lý vụ việc.")
    page.fill("#id_text", "UBND phường đã lập hồ sơ chi trả; tiền bồi thường chuyển trong tháng 12.")
    page.set_input_files(
        "#answer-files", files=[{"name": "quyet-dinh-chi-tra.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.click("button:has-text('Gửi trả lời')")
    page.wait_for_selector("text=Đã gửi trả lời")
    assert "Đã trả lời" in page.inner_text("#case-status")
    logout(page)

    # 3. The citizen reads the answer at the private link and reopens it with a reason.
    page.goto(private_link)
    assert "tiền bồi thường chuyển trong tháng 12" in page.inner_text(".answer-text")
    assert page.locator("a:has-text('quyet-dinh-chi-tra.pdf')").count() == 1
    assert "<script>alert(1)</script>" in page.inner_text(".case-title")  # shown as text, not run
    page.fill("#id_reason", "Đến nay vẫn chưa nhận được tiền.")
    page.click("button:has-text('Chưa đồng ý')")
    page.wait_for_selector("text=Đã gửi đề nghị xem xét lại")
    assert Case.objects.get(pk=case.pk).status == Status.REOPENED

    # 4. A letter received five weeks ago was never accepted: the daily run escalates it.
    today = timezone.localdate()
    forgotten, _ = intake.case_record(
        by=world["commune_officer"],
        kind="petition",
        topic=world["topic"],
        unit=world["commune"],
        title="Kiến nghị sửa đường tổ dân phố 4",
        content="Đường hư hỏng nặng.",
        channel="letter",
        received_on=today - dt.timedelta(days=35),
    )
    call_command("escalate_cases", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Case.objects.get(pk=forgotten.pk).escalated_to == world["ban"]
    login(page, live_server, "canbotinh")
    page.goto(f"{base}/y-kien/?han=overdue")
    row = page.locator("tr", has_text=forgotten.display_code)
    assert "quá hạn" in row.inner_text()
    assert "Cấp trên theo dõi: Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng" in row.inner_text()
    assert case.display_code not in page.inner_text("table")  # the reopened one is the commune's, on time
