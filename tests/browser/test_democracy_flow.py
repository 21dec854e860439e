"""Drives Debian's Chromium at phone width: a commune officer publishes a quarterly budget execution disclosure
with a notice-board posting and a 3-day loudspeaker broadcast and its file; the public commune page (no account)
shows it and serves the file; the missing annual budget estimate is listed where the home page's to-do item
points, and in the province's compliance roll-up."""

import datetime as dt

import pytest
from django.utils import timezone

from democracy import hooks
from democracy.models import Disclosure, Obligation
from democracy.obligations import obligations_generate
from geo.models import UnitType
from orgs.models import Role
from tests.browser.test_login_and_picker import login, logout
from tests.democracy.helpers import PDF
from tests.factories import make_org, make_unit, make_user
from tests.seeds import reseed_after_flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    reseed_after_flush()  # the migrations' rows, as on a fresh database (live-server tests flush them)
    province = make_unit("68", "Tỉnh Lâm Đồng", UnitType.PROVINCE)
    commune = make_unit("24781", "Phường Xuân Hương - Đà Lạt", UnitType.WARD, parent=province)
    other = make_unit("24784", "Phường Cam Ly - Đà Lạt", UnitType.WARD, parent=province)
    central_org = make_org("Ban Tuyên giáo và Dân vận Trung ương", "ban-tgdv", None)
    ban = make_org("Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng", "ban-tgdv", province, central_org)
    org = make_org("UBND Phường Xuân Hương - Đà Lạt", "ubnd", commune, ban)
    make_user("canbotinh", ban, Role.OFFICER, full_name="Lê Văn Tỉnh")
    officer = make_user("canboxa", org, Role.OFFICER, full_name="Trần Thị Xã")
    year = timezone.localdate().year
    obligations_generate(year=year, units=[commune, other])
    return {"commune": commune, "officer": officer, "year": year}


def test_a_commune_officer_publishes_a_quarterly_budget_disclosure_on_a_phone(page, live_server, world, tmp_path):
    year, commune = world["year"], world["commune"]
    posted = dt.date(year, 10, 5)
    pdf = tmp_path / "thuc-hien-ngan-sach-quy-3.pdf"
    pdf.write_bytes(PDF)

    login(page, live_server, "canboxa")
    page.click("button.nav-toggle")
    page.click("nav >> text=Dân chủ cơ sở")
    page.click("text=Ghi nội dung công khai")
    page.select_option("#id_category", label="Tình hình thực hiện dự toán ngân sách xã hằng quý")
    page.fill("#id_title", f"Tình hình thực hiện dự toán ngân sách quý III/{year}")
    page.fill("#id_period_start", f"{year}-07-01")
    page.fill("#id_document_number", "125/BC-UBND")
    page.fill("#id_board_posted_on", posted.isoformat())
    page.fill("#id_speaker_posted_on", posted.isoformat())
    page.fill("#id_speaker_days", "3")
    page.set_input_files("#id_file", str(pdf))
    page.click("#disclosure-form button[type=submit]")
    assert "Đã lưu nội dung công khai" in page.text_content(".messages")
    assert "phát 3 ngày liên tục" in page.text_content("#channels")
    page.click("button:has-text('Công khai')")
    assert "Đã công khai" in page.text_content(".messages")
    assert page.text_content("#disclosure-status") == "Đã công khai"
    disclosure = Disclosure.objects.get()
    q3 = Obligation.objects.get(unit=commune, label=f"Quý III/{year}", category__code="thuc-hien-ngan-sach-quy")
    assert (q3.disclosure_id, q3.done_on) == (disclosure.pk, posted)

    # The home page's to-do item for the missing annual estimate, and the list it points to.
    items = hooks.collect(world["officer"], timezone.localdate())
    missing = next(i for i in items if i.url.endswith("state=missing"))
    page.goto(f"{live_server.url}{missing.url}")
    rows = page.locator("#obligations tbody tr[data-state=missing]")
    assert rows.count() == missing.count
    assert "Dự toán ngân sách xã hằng năm" in page.text_content("#obligations")
    logout(page)

    # The public commune page, with no account: the disclosure and its file.
    page.goto(f"{live_server.url}/dan-chu-co-so/xa/{commune.code}/")
    assert f"quý III/{year}" in page.text_content("#public-disclosures")
    assert "Hệ thống truyền thanh của xã" in page.text_content("#public-disclosures")
    href = page.get_attribute("a.file", "href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200 and response.body() == PDF

    # The province officer's roll-up: the commune's missing estimate is counted.
    login(page, live_server, "canbotinh")
    page.goto(f"{live_server.url}/dan-chu/tuan-thu/?unit=68&year={year}")
    cell = page.text_content(f"tr[data-unit='{commune.code}'] td.missing")
    assert int(cell) == Obligation.objects.filter(unit=commune, done_on__isnull=True, due_on__year=year,
                                                  due_on__lt=timezone.localdate()).count() >= 1  # fmt: skip
