"""Drives Debian's Chromium through login, the unit picker and a practice's life."""

import datetime as dt
import re
import tempfile
from decimal import Decimal

import pytest
from django.test import override_settings

from geo.models import UnitType
from orgs.models import Role
from practices.models import CriteriaSet, Criterion, Practice, Status
from tests.factories import PASSWORD, make_org, make_unit, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    province = make_unit("68", "Tỉnh Lâm Đồng", UnitType.PROVINCE)
    make_unit("66", "Tỉnh Đắk Lắk", UnitType.PROVINCE)
    make_unit("67", "Tỉnh Đồng Nai Thử", UnitType.PROVINCE)
    commune = make_unit("24781", "Phường Xuân Hương - Đà Lạt", UnitType.WARD, parent=province)
    other = make_unit("24848", "Xã Lạc Dương", UnitType.COMMUNE, parent=province)
    ban = make_org("Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng", "ban-tgdv", province)
    org = make_org("Đảng ủy Phường Xuân Hương - Đà Lạt", "dang-uy-xa", commune, ban)
    other_org = make_org("Đảng ủy Xã Lạc Dương", "dang-uy-xa", other, ban)
    rubric = CriteriaSet.objects.create(name="Tiêu chí DVK Lâm Đồng 2026", owner=ban, pass_mark=Decimal(50))
    Criterion.objects.create(criteria_set=rubric, description="Hiệu quả", max_score=Decimal(100))
    return {
        "commune_officer": make_user("canboxa", org, Role.OFFICER, full_name="Trần Thị Xã"),
        "province_officer": make_user("canbotinh", ban, Role.OFFICER, full_name="Lê Văn Tỉnh"),
        "appraiser": make_user("thamdinh", ban, Role.APPRAISER, full_name="Phạm Thẩm Định"),
        "other_officer": make_user("canboxakhac", other_org, Role.OFFICER, full_name="Ngô Xã Khác"),
    }


def login(page, live_server, username):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def logout(page):
    if page.is_visible("button.nav-toggle"):
        page.click("button.nav-toggle")
    page.click("button:has-text('Đăng xuất')")
    page.wait_for_url("**/dang-nhap/")


def test_login_and_the_unit_picker_on_a_phone(page, live_server, world):
    page.goto(f"{live_server.url}/")  # the public portal; its menu leads to the sign-in page
    if page.is_visible("button.nav-toggle"):
        page.click("button.nav-toggle")
    page.click("a:has-text('Đăng nhập')")
    page.wait_for_url("**/tai-khoan/dang-nhap/**")
    page.fill("#id_username", "canboxa")
    page.fill("#id_password", "mat-khau-sai")
    page.click("button[type=submit]")
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in page.text_content("[role=alert]")

    login(page, live_server, "canboxa")
    assert "Đảng ủy Phường Xuân Hương - Đà Lạt" in page.text_content("main")
    page.fill("#picker-unit", "dak lak")
    page.locator(".unit-option", has_text="Tỉnh Đắk Lắk").click()
    assert page.text_content(".picker-chosen").strip() == "Đã chọn: Tỉnh Đắk Lắk"
    page.fill("#picker-unit", "XUAN HUONG")
    page.locator(".unit-option", has_text="Phường Xuân Hương").click()
    page.click("button:has-text('Xem đơn vị')")
    page.wait_for_url("**/don-vi/24781/")
    assert "Tỉnh Lâm Đồng" in page.text_content(".breadcrumbs")
    # Nothing overflows a 360-pixel screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="danvan-browser-"))
def test_a_practice_from_registration_to_adoption(page, live_server, world, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "canboxa")
    page.goto(f"{live_server.url}/dan-van-kheo/dang-ky/")
    page.fill("#id_name", "Dân vận khéo trong giải phóng mặt bằng")
    page.select_option("#id_field", "economy")
    for field in ("situation", "objectives", "content", "target_people", "outputs", "sustainability"):
        page.fill(f"#id_{field}", "Nội dung " + field)
    page.fill("#id_start_date", "2026-02-01")
    page.click("button:has-text('Lưu bản nháp')")
    page.wait_for_url(re.compile(r".*/dan-van-kheo/\d+/$"))
    evidence = tmp_path / "bien-ban.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    page.set_input_files("#id_file", str(evidence))
    page.click("button:has-text('Tải lên')")
    assert "Đã thêm minh chứng." in page.text_content(".messages")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    assert "Đã đăng ký mô hình." in page.text_content(".messages")
    practice_url = page.url
    logout(page)

    login(page, live_server, "canbotinh")
    page.goto(practice_url)
    page.check(f"input[name=members][value='{world['appraiser'].pk}']")
    page.click("button:has-text('Đưa vào thẩm định')")
    logout(page)

    login(page, live_server, "thamdinh")
    page.goto(practice_url)
    page.fill("input[name^=score_]", "120")
    page.click("button:has-text('Lưu điểm')")
    assert "vượt quá điểm tối đa 100" in page.text_content(".messages")
    page.fill("input[name^=score_]", "82")
    page.click("button:has-text('Lưu điểm')")
    assert "82" in page.text_content("main")
    logout(page)

    login(page, live_server, "canbotinh")
    page.goto(practice_url)
    page.select_option("select[name=level]", "province")
    page.get_by_role("button", name="Công nhận", exact=True).click()
    assert "Đã công nhận mô hình." in page.text_content(".messages")
    page.fill("#id_authority", "Chủ tịch UBND tỉnh Lâm Đồng")
    page.fill("#id_decision_number", "123/QĐ-UBND")
    page.fill("#id_decision_date", "2026-10-15")
    page.fill("#id_recipient_name", "Đảng ủy Phường Xuân Hương - Đà Lạt")
    page.click("button:has-text('Ghi nhận khen thưởng')")
    assert "Đã ghi nhận khen thưởng." in page.text_content(".messages")
    logout(page)

    login(page, live_server, "canboxakhac")
    page.goto(practice_url)
    page.click("button:has-text('Nhân rộng mô hình này')")
    assert "Đã tạo bản đăng ký nhân rộng" in page.text_content(".messages")

    source = Practice.objects.get(source__isnull=True)
    assert source.status == Status.REPLICATED
    assert source.commendations.count() == 1
    assert list(source.descendants.values_list("unit__code", flat=True)) == ["24848"]
    assert source.evidence.count() == 1
    assert source.events.count() == 5
    _ = dt  # dates are typed as the browser's date input expects (YYYY-MM-DD)

    # Anyone, on a phone and without an account, finds it on the public showcase.
    logout(page)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/mo-hinh-tieu-bieu/")
    page.fill("#id_q", "giai phong mat bang")
    page.get_by_role("button", name="Tìm", exact=True).click()
    assert "1 mô hình" in page.text_content(".count")
    page.get_by_role("link", name="Dân vận khéo trong giải phóng mặt bằng").click()
    main = page.text_content("main")
    assert "Giấy khen — Chủ tịch UBND tỉnh Lâm Đồng, Quyết định số 123/QĐ-UBND ngày 15/10/2026" in main
    assert "canboxa" not in main
