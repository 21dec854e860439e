"""The central officer drills the national map down to a province and a commune; every figure of a province
dashboard, clicked, equals the count of the list it opens; screenshots for the README; axe finds no serious
violation on the dashboards and the map. At 1280 px."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from cases.models import Case
from geo.models import AdminUnit, UnitType
from orgs.models import Role
from reports import services
from reports.catalogue import standard_form
from reports.models import Indicator, Report
from tests.browser.axe import serious_violations
from tests.browser.test_login_and_picker import login
from tests.cases.helpers import submit
from tests.factories import make_org, make_unit, make_user
from tests.seeds import reseed_after_flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def world():
    reseed_after_flush()  # the migrations' rows, as on a fresh database (live-server tests flush them)
    province = make_unit("68", "Tỉnh Lâm Đồng", UnitType.PROVINCE)
    make_unit("51", "Tỉnh Quảng Ngãi", UnitType.PROVINCE)
    communes = [
        make_unit("24781", "Phường Xuân Hương - Đà Lạt", UnitType.WARD, parent=province),
        make_unit("24820", "Phường Lang Biang - Đà Lạt", UnitType.WARD, parent=province),
        make_unit("25000", "Xã Đơn Dương", UnitType.COMMUNE, parent=province),
    ]
    for unit, (lat, lon) in zip(communes, ((11.94, 108.44), (12.0, 108.42), (11.75, 108.55)), strict=True):
        AdminUnit.objects.filter(pk=unit.pk).update(latitude=lat, longitude=lon)
    central_org = make_org("Ban Tuyên giáo và Dân vận Trung ương", "ban-tgdv", None)
    ban = make_org("Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng", "ban-tgdv", province, central_org)
    orgs = [make_org(f"Đảng ủy {c.name}", "dang-uy-xa", c, ban) for c in communes]
    central = make_user("trunguong", central_org, Role.CENTRAL, full_name="Nguyễn Văn Trung")
    province_officer = make_user("canbotinh", ban, Role.OFFICER, full_name="Lê Văn Tỉnh")
    officers = [make_user(f"canboxa{i}", org, Role.OFFICER) for i, org in enumerate(orgs)]
    period = services.period_open(form=standard_form(), year=2026, number=1, by=central)
    resources = Indicator.objects.get(code="resources_vnd").pk
    hotspots = Indicator.objects.get(code="hotspots").pk
    for i, (org, officer) in enumerate(zip(orgs[:2], officers[:2], strict=True)):
        report = Report.objects.get(organization=org, period=period)
        services.report_save(
            report=report, by=officer, values={(resources, ""): 1_250_000 * (i + 1), (hotspots, ""): i + 1}
        )
        services.report_submit(report=report, by=officer)
        services.report_approve(report=report, by=province_officer)

    class P:
        commune = communes[0]

    for i in range(4):
        case, _token = submit(P, title=f"Ý kiến số {i}", ip=f"203.0.113.{i + 1}")
        if i < 2:
            Case.objects.filter(pk=case.pk).update(status="accepted", due_date=dt.date(2026, 1, 10))
    return {"period": period}


def wait_map(page):
    page.wait_for_selector("#map[data-ready='1']")


def test_the_central_officer_drills_the_map_and_every_figure_equals_its_list(page, live_server, world):
    page.set_viewport_size({"width": 1280, "height": 900})
    errors = []
    # The browser asks for /favicon.ico on its own (a 404 of the site, not of these pages).
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "404" not in m.text else None)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    login(page, live_server, "trunguong")
    period = world["period"].pk

    # The national map: provinces coloured by overdue cases, the archipelagos labelled, the attribution shown.
    page.goto(f"{live_server.url}/bang-dieu-hanh/ban-do/?ky={period}&lop=overdue")
    wait_map(page)
    assert "Quần đảo Hoàng Sa (Việt Nam)" in page.text_content("#map")
    assert "Quần đảo Trường Sa (Việt Nam)" in page.text_content("#map")
    assert "CC BY-SA 4.0" in page.text_content(".leaflet-control-attribution")
    assert page.text_content("#map-table tr[data-unit='68'] td.num") == "2"
    if os.environ.get("DANVAN_SCREENSHOT") == "1":  # refresh the README's pictures; CI leaves the tree untouched
        page.screenshot(path=str(SCREENSHOTS / "national-map.png"))
    assert serious_violations(page) == []

    # Click the province: its communes as points.
    page.locator("path[data-unit='68']").click()
    page.wait_for_url("**don_vi=68**")
    wait_map(page)
    assert "Tỉnh Lâm Đồng" in page.text_content("h1")
    assert page.text_content("#map-table tr[data-unit='24781'] td.num") == "2"
    # A commune's point opens its dashboard.
    page.locator("path[data-unit='24781']").click()
    page.wait_for_url("**/bang-dieu-hanh/?ky=*don_vi=24781")
    assert "Phường Xuân Hương - Đà Lạt" in page.text_content("h1")
    assert page.text_content("[data-figure='cases_overdue'] .dash-value").strip() == "2"

    # The province dashboard: every figure, clicked, equals the count of the list it opens.
    dashboard = f"{live_server.url}/bang-dieu-hanh/?ky={period}&don_vi=68"
    page.goto(dashboard)
    page.wait_for_selector("#chart-completeness")
    page.wait_for_timeout(600)  # the charts' animation
    if os.environ.get("DANVAN_SCREENSHOT") == "1":
        page.screenshot(path=str(SCREENSHOTS / "province-dashboard.png"), full_page=True)
    assert serious_violations(page) == []
    keys = page.eval_on_selector_all("[data-figure]", "els => els.map(e => e.dataset.figure)")
    assert len(keys) >= 12
    checked = 0
    for key in keys:
        value = page.text_content(f"[data-figure='{key}'] .dash-value").strip()
        page.click(f"[data-figure='{key}']")
        page.wait_for_load_state()
        if key.startswith("answers_") and key.endswith("_rate"):
            # A rate: the list it opens (its numerator) over its denominator's list, as the queue counts them.
            part = int(
                re.search(r"([\d.]+) vụ việc", page.text_content("main p.muted >> nth=-1")).group(1).replace(".", "")
            )
            whole_url = page.url.replace("tra_loi=answered_on_time", "tra_loi=answered").replace(
                "tra_loi=satisfied", "tra_loi=rated"
            )
            page.goto(whole_url)
            whole = int(
                re.search(r"([\d.]+) vụ việc", page.text_content("main p.muted >> nth=-1")).group(1).replace(".", "")
            )
            listed = "—" if not whole else f"{100 * part / whole:.1f}".replace(".", ",").removesuffix(",0")
        elif key.startswith(("cases_", "answers_")):
            listed = re.search(r"([\d.]+) vụ việc", page.text_content("main p.muted >> nth=-1")).group(1)
        elif key.startswith("meetings_"):
            listed = re.search(r"([\d.]+) mục", page.text_content("#list-count")).group(1)
        elif key.startswith("programmes_"):
            listed = re.search(r"([\d.]+) nhiệm vụ", page.text_content("#queue-count")).group(1)
        elif key.startswith("democracy_"):
            cells = page.eval_on_selector_all("#compliance-total td", "els => els.map(e => e.textContent.trim())")
            names = ("communes", "obligations", "on_time", "late", "missing", "defective", "consultations", "passed",
                     "answered_on_time", "overdue", "dialogues", "on_time_rate")  # fmt: skip
            listed = dict(zip(names, cells, strict=True))[key.removeprefix("democracy_")].removesuffix("%")
        elif key.startswith("practices_"):
            listed = re.search(r"([\d.]+) kết quả", page.text_content("p.count")).group(1)
        elif key.startswith("rollup_"):
            listed = page.text_content(f"tr[data-indicator='{key.removeprefix('rollup_')}'] td.current").strip()
        else:
            column = {"reports_expected": 2, "reports_submitted": 3, "reports_on_time": 4, "reports_missing": 6}[key]
            cells = page.eval_on_selector_all(
                f"#completeness tbody td:nth-child({column})", "els => els.map(e => e.textContent.trim())"
            )
            listed = str(sum(int(c.replace(".", "")) for c in cells if c != "—"))
        assert value == listed, (key, value, listed)
        checked += 1
        page.goto(dashboard)
    assert checked == len(keys)
    assert page.text_content("[data-figure='rollup_resources_vnd'] .dash-value").strip() == "3.750.000"
    assert page.text_content("[data-figure='reports_submitted'] .dash-value").strip() == "2"

    # The print view and the map page pass axe too; nothing was fetched from another origin.
    page.goto(dashboard.replace("/bang-dieu-hanh/", "/bang-dieu-hanh/in/"))
    page.wait_for_selector(".dash-print")
    assert serious_violations(page) == []
    assert [u for u in requests if not u.startswith(live_server.url)] == []
    assert errors == []
