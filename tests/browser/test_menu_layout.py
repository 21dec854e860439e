"""The grouped menu in a real browser: one row at 1280 px for the largest menu (the admin's, with a long name), the
groups' items on hover, and on a 375 px phone a compact menu behind the button that never scrolls sideways."""

import pytest

from geo.models import UnitType
from orgs.models import Role
from tests.browser.test_login_and_picker import login
from tests.factories import make_org, make_unit, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin():
    province = make_unit("68", "Tỉnh Lâm Đồng", UnitType.PROVINCE)
    org = make_org("Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng", "ban-tgdv", province)
    return make_user("quantri", org, Role.ADMIN, is_staff=True, full_name="Nguyễn Thị Phương Thảo Quản Trị Viên")


def tops(page) -> set[int]:
    return set(
        page.eval_on_selector_all(".nav-top > li", "els => els.map(e => Math.round(e.getBoundingClientRect().top))")
    )


def test_the_admins_menu_fits_one_row_at_1280_and_drops_its_items_down(page, live_server, admin):
    page.set_viewport_size({"width": 1280, "height": 800})
    login(page, live_server, "quantri")
    assert not page.is_visible("button.nav-toggle")
    assert len(tops(page)) == 1  # every heading on one row: nothing wrapped
    assert not page.locator(".nav-sub a", has_text="Nhật ký").is_visible()
    page.hover(".nav-group-link:has-text('Quản trị')")
    page.click(".nav-sub a:has-text('Nhật ký')")
    page.wait_for_url("**/nhat-ky/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_a_phone_gets_a_compact_menu_without_sideways_scrolling(page, live_server, admin):
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server, "quantri")
    assert page.is_visible("button.nav-toggle")
    assert not page.is_visible("#nav")
    page.click("button.nav-toggle")
    assert page.locator("#nav a", has_text="Đối thoại").is_visible()  # every group's items, listed under it
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
