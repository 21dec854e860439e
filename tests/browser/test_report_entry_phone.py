"""A commune cadre on a 375-pixel phone enters a full six-month report section by section, without scrolling
sideways, each section saved as a draft, then sends it."""

import pytest
from playwright.sync_api import Error as PlaywrightError

from geo.models import UnitType
from orgs.models import Role
from reports import services
from reports.catalogue import standard_form
from reports.models import Report, Status, Value
from tests.browser.test_login_and_picker import login
from tests.factories import make_org, make_unit, make_user
from tests.seeds import reseed_after_flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS = "document.scrollingElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def report():
    reseed_after_flush()  # as a fresh database: the case and meeting figures computed, not typed
    province = make_unit("68", "Tỉnh Lâm Đồng", UnitType.PROVINCE)
    commune = make_unit("24781", "Phường Xuân Hương - Đà Lạt", UnitType.WARD, parent=province)
    central_org = make_org("Ban Tuyên giáo và Dân vận Trung ương", "ban-tgdv", None)
    ban = make_org("Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng", "ban-tgdv", province, central_org)
    org = make_org("Đảng ủy Phường Xuân Hương - Đà Lạt", "dang-uy-xa", commune, ban)
    central = make_user("trunguong", central_org, Role.CENTRAL)
    make_user("canboxa", org, Role.OFFICER, full_name="Trần Thị Xã")
    period = services.period_open(form=standard_form(), year=2026, number=1, by=central)
    return Report.objects.get(organization=org, period=period)


def test_a_commune_cadre_enters_a_six_month_report_on_a_phone(page, live_server, report):
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server, "canboxa")
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    page.click("#entry-link")
    page.wait_for_url("**/nhap/")
    total = int(page.inner_text("#entry-progress").split("/")[1].split(" ")[0])
    assert total >= 4
    typed_rows = 0
    narratives = 0
    for number in range(1, total + 1):
        assert page.inner_text("#entry-progress").startswith(f"Phần {number}/{total}")
        assert page.evaluate(NO_SIDEWAYS), f"section {number} scrolls sideways"
        inputs = page.locator(".entry-row input")
        if number == 1:
            # A wrong figure is reported beside its box and nothing of the section is saved.
            first = inputs.first
            first.fill("12,5,3")
            page.click("#entry-next")
            assert page.locator(".entry-row.has-error .errors").count() == 1
            assert page.evaluate(NO_SIDEWAYS)
            assert page.inner_text("#entry-progress").startswith("Phần 1/")
        for i in range(inputs.count()):
            inputs.nth(i).fill(str(10 + i))
            typed_rows += 1
        if page.locator("#n_text").count():
            page.fill("#n_text", f"Phần {number}: nhân dân đồng thuận, tích cực tham gia.")
            narratives += 1
        if number < total:
            page.click("#entry-next")
            assert "Đã lưu nháp phần" in page.inner_text(".messages")
        else:
            page.click("#entry-send")
            try:
                page.wait_for_url(f"**/bao-cao/{report.pk}/")
            except PlaywrightError as e:  # refused: say what the page said
                raise AssertionError(f"not sent: {page.inner_text('main')[:2000]}") from e
    assert "Đã gửi báo cáo lên cấp trên." in page.inner_text(".messages")
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert typed_rows > 5 and narratives >= 1
    typed = Value.objects.filter(report=report, is_auto=False, amount__isnull=False).count()
    assert typed == typed_rows
    assert all(report.narrative.get(key) for key, _t in report.period.form.sections)
