"""Issue 21: a walk per role on the demo data at 375 px and 1280 px. Each role visits every item of its menu and
follows the action links it sees (the home page's to-do items, buttons that are links, the first row of each list
and that detail page's links); on every page nothing overflows the screen sideways (except inside the explicitly
scrollable table container: ``.table-wrap`` in DanVan's pages, the admin's tables in their own scrolling box),
no Django/English interface word and no raw HTML tag is visible. The
home page of each role is saved to docs/screenshots/ (shown in the README).

The demo is loaded into the test database as ``make demo`` does (every administrative unit, then ``load_demo``)."""

import importlib
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

from demo.orgs import DEFAULT_PASSWORD
from geo.loader import load_units

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Live-server tests before this one flushed the tables: the data the migrations seed and the demo needs comes back.
SEEDS = [
    ("orgs.migrations.0002_seed_organization_types", "seed"),
    ("cases.migrations.0003_seed_topics", "seed"),
    ("reports.migrations.0002_seed_indicators_and_rules", "seed"),
    ("reports.migrations.0003_case_indicators_automatic", "make_automatic"),
    ("reports.migrations.0004_meeting_indicators_automatic", "make_automatic"),
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ROLES = [
    ("admin", "quantri"),
    ("central", "trunguong"),
    ("province-officer", "tinh.lamdong"),
    ("commune-cadre", "xa.24781"),
    ("appraiser", "thamdinh.lamdong"),
    ("viewer", "xem.lamdong"),
    ("citizen", None),
]
ENGLISH = re.compile(
    r"\b(Save|Delete|Django|Skip to main content|Log out|Log in|Password|None|True|False|admin|Submit|Cancel|"
    r"Search|Home|Show counts|Enabled|Disabled|Add link)\b"
)
RAW_HTML = re.compile(r"</?(p|div|span|strong|em|b|i|u|ul|ol|li|br|h[1-6]|a|script|table|tr|td)(\s[^<>]*)?/?>")
# Downloads, the API's machine pages and what a GET would not show.
SKIP = re.compile(
    r"/(word|pdf|xlsx|excel|tep|anh|minh-chung|xuat[^/]*)/|\.(xlsx|docx|pdf)$|/api/(?!docs/)|/tai-khoan/dang-xuat/|format=|[?&]xuat="
)
# The API documentation is Swagger UI, a developers' tool whose interface is English by design.
NOT_CHECKED_FOR_ENGLISH = ("/api/docs/",)
MAX_PAGES = 40

CHECK = """() => {
  const width = window.innerWidth;
  const wide = [];
  const all = Array.from(document.body.querySelectorAll('*'));
  // Explicitly scrollable containers: ours are the .table-wrap boxes; the admin's tables scroll in their own box.
  const scrollers = new Set(all.filter((el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)));
  const inScroller = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) if (scrollers.has(p)) return true;
    return false;
  };
  for (const el of all) {
    if (el.closest('.table-wrap') || inScroller(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > width + 1) wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\\s+/g, '.') : '')
      + ' (' + Math.round(box.right) + 'px)');
  }
  return {wide: wide.slice(0, 5), scroll: document.scrollingElement.scrollWidth, text: document.body.innerText};
}"""

LINKS = """() => {
  const seen = [];
  const pick = (selector) => document.querySelectorAll(selector).forEach((a) => {
    const box = a.getBoundingClientRect();
    if (a.href && !a.hasAttribute('download') && (box.width > 0 || a.closest('#nav'))) seen.push(a.href);
  });
  pick('#nav a[href]');
  pick('main .todo-item a[href], main a.btn[href], main .actions a[href], main .page-head a[href]');
  pick('main table tbody tr:first-child a[href], main ul.showcase li:first-child a[href]');
  return seen;
}"""


@pytest.fixture
def demo():
    from django.apps import apps

    from orgs.models import OrganizationType

    if not OrganizationType.objects.exists():
        for module, function in SEEDS:
            getattr(importlib.import_module(module), function)(apps, None)
    load_units()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _login(page, base, username):
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def _check(page, url, width, problems):
    result = page.evaluate(CHECK)
    path = urlsplit(url).path
    if result["scroll"] > width or result["wide"]:
        problems.append(f"{path} at {width}px scrolls sideways ({result['scroll']}px): {result['wide']}")
    words = sorted(set(ENGLISH.findall(result["text"])))
    if words and not path.startswith(NOT_CHECKED_FOR_ENGLISH):
        problems.append(f"{path}: English words {words}")
    if match := RAW_HTML.search(result["text"]):
        problems.append(f"{path}: raw HTML {match.group(0)!r}")


def _walk(browser, base, role, username, width) -> tuple[int, list[str]]:
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": width, "height": 800 if width > 400 else 740}
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    problems: list[str] = []
    if username:
        _login(page, base, username)
    else:
        page.goto(f"{base}/")
    if os.environ.get("DANVAN_SCREENSHOT") == "1":  # refresh the README's pictures; CI leaves the tree untouched
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{role}-{width}.png"))
    home = page.url
    # The account pages: password change for a signed-in role, sign-in and password reset for a citizen.
    extra = ["/tai-khoan/doi-mat-khau/"] if username else ["/tai-khoan/dang-nhap/", "/tai-khoan/quen-mat-khau/"]
    queue = [(home, 0)] + [(f"{base}{path}", 2) for path in extra]
    seen = {url for url, _depth in queue}
    visited = 0
    while queue and visited < MAX_PAGES:
        url, depth = queue.pop(0)
        try:
            response = page.goto(url, wait_until="domcontentloaded")
        except PlaywrightError as e:
            if "Download is starting" in str(e):
                continue  # a file, not a page
            raise
        visited += 1
        status = response.status if response else 0
        if status >= 400:
            problems.append(f"{urlsplit(url).path}: HTTP {status}")
            continue
        _check(page, url, width, problems)
        if depth >= 2:
            continue
        for link in page.evaluate(LINKS):
            parts = urlsplit(link)
            if not link.startswith(base) or "#" in link or SKIP.search(f"{parts.path}?{parts.query}") or link in seen:
                continue
            seen.add(link)
            queue.append((link, depth + 1))
    context.close()
    return visited, problems


def test_every_role_walks_its_menu_and_actions_on_a_phone_and_a_desktop(browser, live_server, demo):
    problems, pages = [], {}
    for width in (375, 1280):
        for role, username in ROLES:
            pages[role, width], found = _walk(browser, live_server.url, role, username, width)
            problems += [f"{role}: {p}" for p in found]
    assert all(n >= 5 for n in pages.values()), pages
    assert problems == [], "\n".join(problems)
