"""The main pages work under the Content-Security-Policy (danvan/settings.py): Chromium reports no violation
(no inline script, inline style, eval or other origin) and what used to be inline — the menu button, htmx's request
indicator — still works from static files."""

import pytest

from orgs.models import User
from tests.browser.test_login_and_picker import login
from tests.browser.test_report_narrative_editor import report  # noqa: F401 - a fixture
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded in every document before its own scripts run: a violation fires this event in the page.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def watched(page):
    """The page, with every CSP message Chromium prints and every violation event the documents see."""
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(RECORD_VIOLATIONS)

    def violations():
        return console + page.evaluate("window.__csp || []")

    page.violations = violations
    return page


def visit(page, url):
    response = page.goto(url)
    assert response.status < 400, (url, response.status)
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    assert page.violations() == [], url


def test_the_main_pages_raise_no_policy_violation(watched, live_server, report):  # noqa: F811 - the fixture
    page = watched
    # The public pages first, without an account: the feedback form (its unit picker asks over htmx) and the
    # status lookup.
    visit(page, f"{live_server.url}/gui-y-kien/")
    picker = page.locator("input[role=combobox]").first
    with page.expect_response(lambda r: "don-vi" in r.url):
        picker.fill("xuan huong")
    page.wait_for_timeout(300)
    assert page.violations() == []
    visit(page, f"{live_server.url}/gui-y-kien/tra-cuu/?code=ABCD-1234")

    login(page, live_server, "canboxa")
    assert page.violations() == []
    visit(page, f"{live_server.url}/")
    visit(page, f"{live_server.url}/dan-van-kheo/")
    visit(page, f"{live_server.url}/y-kien/")
    # A report the officer may edit: the narrative sections become the rich-text editor (static/js/richtext.js).
    visit(page, f"{live_server.url}/bao-cao/{report.pk}/")
    assert page.locator("#n_p1_situation").get_attribute("contenteditable") == "true"
    page.locator("#n_p1_situation").click()
    page.keyboard.type("Nhân dân đồng thuận")
    page.locator(".rte-toolbar").first.get_by_role("button", name="In đậm (Ctrl+B)").click()
    page.keyboard.type(" với chủ trương")
    assert page.violations() == []


def test_the_menu_button_opens_and_closes_the_menu_on_a_phone(watched, live_server, report):  # noqa: F811
    page = watched
    login(page, live_server, "canboxa")
    toggle = page.locator("button.nav-toggle")
    assert toggle.is_visible()  # the phone-sized viewport of the fixture shows the button, not the menu
    assert not page.locator("#nav a", has_text="Đổi mật khẩu").is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.locator("#nav").get_attribute("class") == "nav open"
    assert page.locator("#nav a", has_text="Đổi mật khẩu").is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("#nav a", has_text="Đổi mật khẩu").is_visible()
    assert page.violations() == []


def test_django_admin_raises_no_policy_violation(watched, live_server, report):  # noqa: F811
    page = watched
    User.objects.filter(username="trunguong").update(is_staff=True, is_superuser=True)
    page.goto(f"{live_server.url}/quan-tri/login/")
    page.fill("#id_username", "trunguong")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/quan-tri/")
    visit(page, f"{live_server.url}/quan-tri/")
    visit(page, f"{live_server.url}/quan-tri/orgs/user/")
    visit(page, f"{live_server.url}/quan-tri/orgs/user/add/")
