"""Drives Debian's Chromium through configuration on an install with units only: an administrator builds the national
six-month form (five indicators, two rules) and opens its period, a province adds a monthly rapid report for its
communes and opens it, two communes fill both, the province approves, and both roll-ups read exactly."""

import pytest

from geo.models import UnitType
from orgs.models import OrganizationType, Role
from reports import store
from reports.models import Indicator, Period, Report, ReportForm
from tests.browser.test_login_and_picker import login, logout
from tests.factories import make_org, make_unit, make_user
from tests.seeds import reseed_after_flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NATIONAL = ("resources_vnd", "houses_vnd", "houses", "road_km", "largest_gathering")


@pytest.fixture
def world():
    reseed_after_flush()  # the migrations' rows, as on a fresh database (live-server tests flush them)
    province = make_unit("68", "Tỉnh Lâm Đồng", UnitType.PROVINCE)
    c1 = make_unit("24820", "Phường Xuân Hương - Đà Lạt", UnitType.WARD, parent=province)
    c2 = make_unit("24823", "Xã Lạc Dương", UnitType.COMMUNE, parent=province)
    central = make_org("Ban Tuyên giáo và Dân vận Trung ương", "ban-tgdv", None)
    ban = make_org("Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng", "ban-tgdv", province, central)
    org1 = make_org("Đảng ủy Phường Xuân Hương - Đà Lạt", "dang-uy-xa", c1, ban)
    org2 = make_org("Đảng ủy Xã Lạc Dương", "dang-uy-xa", c2, ban)
    make_user("quantri", central, Role.ADMIN, is_staff=True, full_name="Quản Trị")
    make_user("canbotinh", ban, Role.OFFICER, full_name="Lê Văn Tỉnh")
    make_user("canboxa1", org1, Role.OFFICER, full_name="Trần Thị Xã")
    make_user("canboxa2", org2, Role.OFFICER, full_name="Phạm Văn Xã")
    return {"ban": ban, "orgs": [org1, org2]}


def _create_form(page, live_server, *, owner, code, name, period_type, tiers, types, topic=""):
    page.goto(f"{live_server.url}/bao-cao/cau-hinh/")
    page.click("text=Tạo mẫu báo cáo")
    page.select_option("#id_owner", owner)
    page.fill("#id_code", code)
    page.fill("#id_name", name)
    page.select_option("#id_period_type", period_type)
    page.fill("#id_topic", topic)
    for tier in tiers:
        page.check(f"input[name=tiers][value={tier}]")
    for type_code in types:
        page.check(f"input[name=org_types][value='{OrganizationType.objects.get(code=type_code).pk}']")
    page.click("#form-new button[type=submit]")
    assert f"Đã tạo mẫu báo cáo “{name}”." in page.text_content(".messages")


def _add_indicators(page, codes):
    for code in codes:
        page.select_option("#add-indicator select[name=indicator]", str(Indicator.objects.get(code=code).pk))
        page.click("#add-indicator button[type=submit]")
        assert "Đã thêm chỉ tiêu" in page.text_content(".messages")


def _open_period(page, live_server, form_name, year, number):
    page.goto(f"{live_server.url}/bao-cao/mo-ky/")
    page.select_option("#id_form", label=form_name)
    page.fill("#id_year", str(year))
    page.fill("#id_number", str(number))
    page.click("button:has-text('Mở kỳ báo cáo')")
    assert "Đã mở kỳ báo cáo" in page.text_content(".messages")


def _fill(page, live_server, report, values):
    page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
    for code, value in values.items():
        page.fill(f"#v_{Indicator.objects.get(code=code).pk}_", value)
    page.click("button:has-text('Gửi báo cáo')")
    assert "Đã gửi báo cáo lên cấp trên." in page.text_content(".messages")


def test_configuration_from_the_pages_alone_gives_exact_national_and_provincial_rollups(page, live_server, world):
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not ReportForm.objects.exists()

    login(page, live_server, "quantri")
    _create_form(page, live_server, owner="tw", code="so-ket-6-thang", name="Sơ kết công tác dân vận 6 tháng",
                 period_type="half", tiers=["province", "commune"], types=["ban-tgdv", "dang-uy-xa"])  # fmt: skip
    _add_indicators(page, NATIONAL)
    ind = {code: str(Indicator.objects.get(code=code).pk) for code in NATIONAL}
    page.select_option("#add-rule select[name=kind]", "lte")
    page.select_option("#add-rule select[name=left]", ind["houses_vnd"])
    page.select_option("#add-rule select[name=right]", ind["resources_vnd"])
    page.click("#add-rule button[type=submit]")
    page.select_option("#add-rule select[name=kind]", "change")
    page.select_option("#add-rule select[name=severity]", "warning")
    page.select_option("#add-rule select[name=left]", ind["road_km"])
    page.fill("#add-rule input[name=threshold_pct]", "50")
    page.click("#add-rule button[type=submit]")
    assert page.locator("#rules tbody tr").count() == 2
    assert page.locator("#items tbody tr").count() == 5
    _open_period(page, live_server, "Sơ kết công tác dân vận 6 tháng", 2026, 1)
    logout(page)

    login(page, live_server, "canbotinh")
    _create_form(page, live_server, owner=str(world["ban"].pk), code="lam-dong-nhanh-bao",
                 name="Báo cáo nhanh khắc phục bão", period_type="month", tiers=["commune"], types=["dang-uy-xa"],
                 topic="Khắc phục hậu quả bão số 3")  # fmt: skip
    _add_indicators(page, ["houses", "gifts"])
    _open_period(page, live_server, "Báo cáo nhanh khắc phục bão", 2026, 9)
    logout(page)

    national = Period.objects.get(form__code="so-ket-6-thang")
    monthly = Period.objects.get(form__code="lam-dong-nhanh-bao")
    assert (monthly.start.isoformat(), monthly.end.isoformat()) == ("2026-09-01", "2026-09-30")
    org1, org2 = world["orgs"]
    entries = {
        ("canboxa1", org1): ({"resources_vnd": "1.200.000.000", "houses_vnd": "450.000.000", "houses": "3",
                              "road_km": "1,25", "largest_gathering": "30"}, {"houses": "4", "gifts": "40"}),
        ("canboxa2", org2): ({"resources_vnd": "800.000.000", "houses_vnd": "800.000.000", "houses": "5",
                              "road_km": "2,5", "largest_gathering": "80"}, {"houses": "6", "gifts": "15"}),
    }  # fmt: skip
    for (username, org), (six_months, rapid) in entries.items():
        login(page, live_server, username)
        if username == "canboxa1":
            # The blocking rule: the value of houses cannot exceed all the resources mobilised.
            page.goto(f"{live_server.url}/bao-cao/{Report.objects.get(organization=org, period=national).pk}/")
            page.fill(f"#v_{ind['resources_vnd']}_", "1")
            page.fill(f"#v_{ind['houses_vnd']}_", "5")
            page.click("button:has-text('Gửi báo cáo')")
            assert "không được lớn hơn" in page.text_content(".messages")
        _fill(page, live_server, Report.objects.get(organization=org, period=national), six_months)
        _fill(page, live_server, Report.objects.get(organization=org, period=monthly), rapid)
        logout(page)

    login(page, live_server, "canbotinh")
    for report in Report.objects.filter(organization__in=[org1, org2]).order_by("pk"):
        page.goto(f"{live_server.url}/bao-cao/{report.pk}/")
        page.click("button:has-text('Duyệt báo cáo')")
        assert "Đã duyệt báo cáo" in page.text_content(".messages")
    page.goto(f"{live_server.url}/bao-cao/tong-hop/{monthly.pk}/?unit=68")
    assert page.text_content("tr[data-indicator='houses'] td.current") == "10"
    assert page.text_content("tr[data-indicator='gifts'] td.current") == "55"
    logout(page)

    login(page, live_server, "quantri")
    page.goto(f"{live_server.url}/bao-cao/tong-hop/{national.pk}/")
    expected = {"resources_vnd": "2.000.000.000", "houses_vnd": "1.250.000.000", "houses": "8", "road_km": "3,75",
                "largest_gathering": "80"}  # fmt: skip
    for code, value in expected.items():
        assert page.text_content(f"tr[data-indicator='{code}'] td.current") == value, code
    assert store.differences(national.pk) == [] and store.differences(monthly.pk) == []
