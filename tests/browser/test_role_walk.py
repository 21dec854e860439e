"""Issue 21: a walk per role on the demo data at 375 px and 1280 px. Each role visits every item of its menu and
follows the action links it sees (the home page's to-do items, buttons that are links, the first row of each list
and that detail page's links), then presses each kind of action button it met (every form that posts, once per
address and button, without the browser's required-field checks: no server error, and the page it leads to passes
the same checks); on every page nothing overflows the screen sideways (except inside the explicitly
scrollable table container: ``.table-wrap`` in DanVan's pages, the admin's tables in their own scrolling box),
no Django/English interface word and no raw HTML tag is visible. The
home page of each role is saved to docs/screenshots/ (shown in the README).

The demo is loaded into the test database as ``make demo`` does (every administrative unit, then ``load_demo``)."""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

from demo.orgs import DEFAULT_PASSWORD
from geo.loader import load_units
from tests.seeds import reseed_after_flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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
  // Explicitly scrollable containers: ours are the .table-wrap boxes; the admin's tables scroll in their own box. A
  // box that clips what overflows it (a map's panes) does not widen the page either.
  const boxes = ['auto', 'scroll', 'hidden', 'clip'];
  const scrollers = new Set(all.filter((el) => boxes.includes(getComputedStyle(el).overflowX)));
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


# The role's actions: every form that posts in the page's main part (the buttons of a detail page, a list's
# row actions, the entry forms), pressed once per kind (its address with the numbers taken out, and its button).
ACTIONS = """() => Array.from(document.querySelectorAll('main form')).filter((f) =>
  (f.getAttribute('method') || '').toLowerCase() === 'post' || f.hasAttribute('hx-post')
).map((f, index) => {
  const button = f.querySelector('button[type=submit], button:not([type]), input[type=submit]');
  const box = button ? button.getBoundingClientRect() : null;
  return {
    index,
    action: f.getAttribute('hx-post') || f.getAttribute('action') || location.pathname,
    button: button ? (button.innerText || button.value || '').trim() : '',
    visible: !!box && box.width > 0 && box.height > 0,
  };
}).filter((a) => a.visible && a.button)"""
MAX_ACTIONS = 80  # far above what any role meets: the walk fails rather than skip one


def _kind(action: dict) -> tuple[str, str]:
    return re.sub(r"\d+", "N", urlsplit(action["action"]).path), action["button"]


def _press(page, base, url, action, width, problems) -> bool:
    """Press one action as the role would, without the browser's own checks of required fields (the server's
    Vietnamese messages are what is walked): no server error, and the page it leads to passes the same checks."""
    page.goto(url, wait_until="domcontentloaded")
    forms = page.locator("main form")
    if forms.count() <= action["index"]:
        return False
    form = forms.nth(action["index"])
    form.evaluate("f => { f.noValidate = true; }")
    button = form.locator("button[type=submit], button:not([type]), input[type=submit]").first
    try:
        with page.expect_response(lambda r: r.request.method == "POST", timeout=10000) as answer:
            button.click(timeout=5000)
        status = answer.value.status
    except PlaywrightError:
        return False  # the button did nothing a server sees (a form only scripts drive)
    page.wait_for_load_state("domcontentloaded")
    if status >= 500:
        problems.append(f"{urlsplit(url).path}: “{action['button']}” → HTTP {status}")
    else:
        _check(page, page.url, width, problems)
    return True


@pytest.fixture
def demo():
    reseed_after_flush()  # live-server tests before this one flushed what the migrations seeded
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
    actions: dict[tuple[str, str], tuple[str, dict]] = {}
    while queue and visited < MAX_PAGES:
        url, depth = queue.pop(0)
        print(f"{role} {width}px: {url}", flush=True)  # shown with a failure, or a hang's stacks: where it stopped
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
        for action in page.evaluate(ACTIONS):
            actions.setdefault(_kind(action), (url, action))
        if depth >= 2:
            continue
        for link in page.evaluate(LINKS):
            parts = urlsplit(link)
            if not link.startswith(base) or "#" in link or SKIP.search(f"{parts.path}?{parts.query}") or link in seen:
                continue
            seen.add(link)
            queue.append((link, depth + 1))
    page.on("dialog", lambda dialog: dialog.accept())
    pressed = 0
    if len(actions) > MAX_ACTIONS:
        problems.append(f"{len(actions)} kinds of action met, more than the walk presses ({MAX_ACTIONS})")
    for url, action in list(actions.values())[:MAX_ACTIONS]:
        if _kind(action)[0].startswith("/tai-khoan/"):
            continue  # the account forms (password change) are walked as pages
        print(f"{role} {width}px: press “{action['button']}” on {url}", flush=True)
        pressed += _press(page, base, url, action, width, problems)
    context.close()
    return visited, pressed, problems


# A deadline far above a normal walk (pyproject's default is for one page's test): a hang then fails with every
# thread's stack, the live server's included, instead of holding CI until it is killed.
@pytest.mark.timeout(1500)
def test_every_role_walks_its_menu_and_actions_on_a_phone_and_a_desktop(browser, live_server, demo):
    problems, pages, pressed = [], {}, {}
    for width in (375, 1280):
        for role, username in ROLES:
            pages[role, width], pressed[role, width], found = _walk(browser, live_server.url, role, username, width)
            problems += [f"{role}: {p}" for p in found]
    assert all(n >= 5 for n in pages.values()), pages
    # Every role that writes met and pressed actions; the citizen pressed the public forms (send, track).
    for role in ("admin", "central", "province-officer", "commune-cadre", "appraiser", "citizen"):
        assert pressed[role, 375] >= 1, pressed
    assert problems == [], "\n".join(problems)
