"""Drives Debian's Chromium through a six-month report: entry, return, fix, approval, live conference board."""

import pytest
from playwright.sync_api import expect

from geo.models import UnitType
from orgs.models import Role
from reports import services
from reports.catalogue import standard_form
from reports.models import Indicator, Report, Status
from tests.browser.test_login_and_picker import login, logout
from tests.factories import make_org, make_unit, make_user
from tests.seeds import reseed_after_flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    reseed_after_flush()  # the migrations' rows, as on a fresh database (live-server tests flush them)
    province = make_unit("68", "Tỉnh Lâm Đồng", UnitType.PROVINCE)
    make_unit("51", "Tỉnh Quảng Ngãi", UnitType.PROVINCE)
    commune = make_unit("24781", "Phường Xuân Hương - Đà Lạt", UnitType.WARD, parent=province)
    central_org = make_org("Ban Tuyên giáo và Dân vận Trung ương", "ban-tgdv", None)
    ban = make_org("Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng", "ban-tgdv", province, central_org)
    org = make_org("Đảng ủy Phường Xuân Hương - Đà Lạt", "dang-uy-xa", commune, ban)
    central = make_user("trunguong", central_org, Role.CENTRAL, full_name="Nguyễn Văn Trung")
    make_user("canbotinh", ban, Role.OFFICER, full_name="Lê Văn Tỉnh")
    make_user("canboxa", org, Role.OFFICER, full_name="Trần Thị Xã")
    period = services.period_open(form=standard_form(), year=2026, number=1, by=central)
    return {"period": period, "report": Report.objects.get(organization=org, period=period)}


def test_a_six_month_report_from_entry_to_the_live_conference_board(page, browser, live_server, world):
    page.set_viewport_size({"width": 1280, "height": 900})
    houses = Indicator.objects.get(code="houses").pk
    report_url = f"{live_server.url}/bao-cao/{world['report'].pk}/"

    # The central board is open before anything is approved, and is never reloaded.
    board = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh").new_page()
    login(board, live_server, "trunguong")
    board.goto(f"{live_server.url}/bao-cao/hoi-nghi/{world['period'].pk}/")
    assert board.text_content("tr[data-unit='68'] td:nth-child(2)").strip() == "0/2"
    board.evaluate("window.__notReloaded = true")

    login(page, live_server, "canboxa")
    page.click("nav >> text=Báo cáo")
    page.click("#mine >> text=6 tháng đầu năm 2026")
    page.fill(f"#v_{houses}_", "12")
    page.fill("#n_p1_situation", "Nhân dân phấn khởi, đồng thuận.")
    page.click("button:has-text('Gửi báo cáo')")
    assert "Đã gửi báo cáo lên cấp trên." in page.text_content(".messages")
    logout(page)

    login(page, live_server, "canbotinh")
    page.goto(f"{live_server.url}/bao-cao/")
    page.click("#review >> text=Đảng ủy Phường Xuân Hương - Đà Lạt")
    page.fill("#return-reason-input", "Số nhà đại đoàn kết chưa khớp biên bản bàn giao")
    page.click("button:has-text('Trả lại')")
    assert "Đã trả lại báo cáo" in page.text_content(".messages")
    logout(page)

    login(page, live_server, "canboxa")
    page.goto(report_url)
    assert "Số nhà đại đoàn kết chưa khớp biên bản bàn giao" in page.text_content("#return-reason")
    page.fill(f"#v_{houses}_", "15")
    page.click("button:has-text('Gửi báo cáo')")
    assert "Đã gửi báo cáo lên cấp trên." in page.text_content(".messages")
    logout(page)

    login(page, live_server, "canbotinh")
    page.goto(report_url)
    page.click("button:has-text('Duyệt báo cáo')")
    assert "Đã duyệt báo cáo" in page.text_content(".messages")
    assert page.text_content("#report-status") == "Đã duyệt"

    # The board follows by itself (htmx polling), without a reload.
    # A locator assertion, not wait_for_function: that polls through eval(), which the page's CSP refuses.
    expect(board.locator("tr[data-unit='68']")).to_contain_text("15", timeout=15000)
    assert board.evaluate("window.__notReloaded") is True
    assert "1/2" in board.text_content("tr[data-unit='68'] td:nth-child(2)")
    assert board.text_content("#board-total").count("15") == 1
    board.goto(f"{live_server.url}/bao-cao/tong-hop/{world['period'].pk}/")
    assert board.text_content("tr[data-indicator='houses'] td.current") == "15"
    assert Report.objects.get(pk=world["report"].pk).status == Status.APPROVED
