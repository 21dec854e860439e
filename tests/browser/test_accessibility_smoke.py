"""axe-core finds no serious violation on the public pages a citizen starts from (the portal and the dashboards add
their own pages to this check as they land)."""

import tempfile

import pytest
from django.test import override_settings

from geo.models import UnitType
from tests.browser.axe import serious_violations
from tests.factories import make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_portal_home_public_form_tracking_and_sign_in_pages_have_no_serious_accessibility_violation(
    page, live_server
):
    province = make_unit("68", "Tỉnh Lâm Đồng", UnitType.PROVINCE)
    make_unit("24781", "Phường Xuân Hương - Đà Lạt", UnitType.WARD, parent=province)
    for path in (
        "/",
        "/cong-khai/tim-kiem/?q=dan+van",
        "/gui-y-kien/",
        "/gui-y-kien/tra-cuu/",
        "/gui-y-kien/tra-cuu/?ma=ABCD2345",
        "/tai-khoan/dang-nhap/",
    ):
        page.goto(live_server.url + path)
        assert serious_violations(page) == [], path


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="danvan-browser-axe-"))
def test_the_portal_pages_built_on_the_open_data_have_no_serious_accessibility_violation(page, live_server):
    from portal import opendata

    province = make_unit("68", "Tỉnh Lâm Đồng", UnitType.PROVINCE)
    make_unit("24781", "Phường Xuân Hương - Đà Lạt", UnitType.WARD, parent=province)
    opendata.generate()
    for path in (
        "/cong-khai/ket-qua-tra-loi/",
        "/cong-khai/ban-do/",
        "/du-lieu-mo/",
        "/cong-khai/dia-ban/?don-vi=24781",
    ):
        page.goto(live_server.url + path)
        assert serious_violations(page) == [], path
