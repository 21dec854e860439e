"""Whole pages in process, as users wait for them (issue 19): p50/p95 and the number of queries of every everyday page.

    .venv/bin/python benchmarks/pages_bench.py --db sqlite|postgres [--scales 0.1,1.0] [--iterations 60]

Each page is requested through Django's test client (the whole stack: middleware, session, view, template; DEBUG
off), signed in as one of the generated users — a commune's Ủy ban nhân dân officer of Hà Nội, Hà Nội's Ban Tuyên
giáo và Dân vận officer (also its appraiser), the central officer — or anonymous for the public pages. Every
scale runs in its own process over its own generated dataset (``danvan generate --scale S``, made when missing):

- SQLite: ``var/bench/pages-<scale>.sqlite3`` (``BENCH_SQLITE_PATH_<scale with _>`` overrides it, e.g.
  ``BENCH_SQLITE_PATH_1_0``);
- PostgreSQL: the bench database (``BENCH_DATABASE_URL``, default ``danvan_bench``); scale 1.0 in its ``public``
  schema, any other scale in a schema of its own (``scale_0_1``) and only that one on the search path (with
  ``public`` on it too, Django would find public's tables and migrate nothing), so that one database holds both.

A search is timed as the page sends it: its URL is the page's own filter form submitted with the typed words and
every other field as the page fills it (``form_query``; tests/test_pages_bench.py checks it against the rendered
page). Targets: a page ≤ 50 ms p95, a search ≤ 100 ms, the Word download ≤ 500 ms. The number of queries of each
page is counted once at each scale: it must not grow with the data (the tests pin them with assertNumQueries).

Results: ``results/<date>-pages-<scale>-<db>.json``; benchmarks/run.py puts the scales side by side, first in
SUMMARY.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

PAGE_TARGET_MS = 50.0
SEARCH_TARGET_MS = 100.0
WORD_TARGET_MS = 500.0
TARGETS = {"page": PAGE_TARGET_MS, "search": SEARCH_TARGET_MS, "word": WORD_TARGET_MS}
SCALES = ("0.1", "1.0")
PROVINCE = "01"  # Hà Nội, the biggest province: the most rows behind every scoped page
SEARCH_WORDS = "đất đai"  # the officer's search the issue names (a broad topic word, with accents)
PRACTICE_WORDS = "nông thôn mới"
SUBMISSION_TITLE = "Khảo sát hiệu năng trang: ý kiến thử nghiệm"


# ------------------------------------------------------------------ pure pieces (tested)


class _GetForms(HTMLParser):
    """The GET forms of a page, each as the (name, value) pairs a browser submits untouched."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._in_form = False
        self._select: tuple[str, list[tuple[str, bool]]] | None = None
        self._option: tuple[str | None, bool, list[str]] | None = None
        self._textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._in_form = (a.get("method") or "get").lower() == "get"
            if self._in_form:
                self.forms.append([])
            return
        if not self._in_form:
            return
        fields = self.forms[-1]
        if tag == "input" and a.get("name") and not a.keys() & {"disabled"}:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            fields.append((a["name"], a.get("value") or ("on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and a.get("name"):
            self._select = (a["name"], [])
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a, [])
        elif tag == "textarea" and a.get("name"):
            self._textarea = (a["name"], [])

    def handle_data(self, data):
        if self._option is not None:
            self._option[2].append(data)
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "option" and self._option is not None and self._select is not None:
            value, selected, text = self._option
            self._select[1].append((value if value is not None else "".join(text).strip(), selected))
            self._option = None
        elif tag == "select" and self._select is not None:
            if self._option is not None:  # an unclosed last <option>
                self.handle_endtag("option")
            name, options = self._select
            chosen = [v for v, selected in options if selected] or [v for v, _ in options[:1]]
            self.forms[-1].extend((name, v) for v in chosen[:1])
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1].append((self._textarea[0], "".join(self._textarea[1])))
            self._textarea = None


def get_forms(html: str) -> list[list[tuple[str, str]]]:
    parser = _GetForms()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_query(html: str, typed: dict[str, str], *, form: int = 0) -> str:
    """The query string a browser sends when the user fills ``typed`` into the page's ``form``-th GET form and
    submits it: every other field as the page set it (selected options, default values), in the page's order."""
    forms = get_forms(html)
    fields = forms[form]
    names = {n for n, _ in fields}
    unknown = set(typed) - names
    if unknown:
        raise ValueError(f"the form has no field {sorted(unknown)}")
    return urllib.parse.urlencode([(n, typed.get(n, v)) for n, v in fields])


def submitted_url(client, path: str, typed: dict[str, str]) -> str:
    """The URL the browser opens when the user, on the page at ``path``, fills ``typed`` into its filter form and
    submits it: the bench times this URL, the very request the page sends."""
    response = client.get(path)
    if response.status_code != 200:
        raise ValueError(f"{path} answered {response.status_code}")
    return f"{path}?{form_query(response.content.decode(), typed)}"


@dataclass
class Page:
    """One measured page: who asks, what, and which budget applies (``kind``: page, search or word)."""

    name: str
    user: str  # "commune", "province", "national", "reporter" (a commune body that reports) or "anonymous"
    path: str
    kind: str = "page"
    method: str = "GET"
    data: dict = field(default_factory=dict)
    expected: tuple[int, ...] = (200,)
    # Before each call (untimed), the process's page cache is emptied: the page as its first viewer after a change
    # sees it (the conference board renders its figures then, and reads its cached body until the next change).
    fresh: bool = False
    # Request headers as the browser sends them (WSGI names): a conference screen polls the board through htmx, which
    # asks for the board's fragment only (``HX-Request``).
    headers: dict = field(default_factory=dict)

    @property
    def target_ms(self) -> float:
        return TARGETS[self.kind]


def result_row(page: Page, timing: dict, queries: int, size: int) -> dict:
    return {
        "name": page.name,
        "user": page.user,
        "method": page.method,
        "path": page.path,
        "kind": page.kind,
        **timing,
        "queries": queries,
        "bytes": size,
        "target_p95_ms": page.target_ms,
        "met": timing["p95_ms"] <= page.target_ms,
    }


def scale_tag(scale: str) -> str:
    return scale.replace(".", "_")


def htmx_poll_headers(path: str, target: str = "board") -> dict[str, str]:
    """The headers htmx sends with an element's ``hx-trigger="every 5s"`` request (the board's ``<div id="board">``):
    the view then answers the element's fragment, not the whole page."""
    return {
        "HX-Request": "true",
        "HX-Trigger": target,
        "HX-Target": target,
        "HX-Current-URL": f"http://127.0.0.1{path}",
    }


def htmx_poll_environ(path: str) -> dict[str, str]:
    """``htmx_poll_headers`` as Django's test client takes them (WSGI names: ``HTTP_HX_REQUEST``, …)."""
    return {"HTTP_" + name.upper().replace("-", "_"): value for name, value in htmx_poll_headers(path).items()}


def database_env(db: str, scale: str) -> dict[str, str]:
    """Where one scale's dataset lives (see the module's docstring)."""
    if db == "sqlite":
        default = ROOT / "var" / "bench" / f"pages-{scale}.sqlite3"
        path = os.environ.get(f"BENCH_SQLITE_PATH_{scale_tag(scale)}", str(default))
        return {"BENCH_SQLITE_PATH": path}
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/danvan_bench")
    if float(scale) != 1.0:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode(
            {"options": f"-csearch_path=scale_{scale_tag(scale)}"}
        )
    return {"BENCH_DATABASE_URL": url}


# ------------------------------------------------------------------ the dataset and the pages


def prepare(scale: str) -> None:
    """Migrate and generate the scale's dataset when it is missing or incomplete (``generate`` adds what is missing)."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql" and float(scale) != 1.0:
        with connection.cursor() as c:
            c.execute(f'CREATE SCHEMA IF NOT EXISTS "scale_{scale_tag(scale)}"')
    call_command("migrate", verbosity=0)
    from emulation.models import Contest
    from orgs.models import Role, User

    generated = User.objects.filter(username__startswith="gen.", memberships__role=Role.CENTRAL).exists()
    if not generated or not Contest.objects.exists():
        call_command("generate", scale=float(scale))


def _open_current_period(national) -> None:
    """The half-year after the generated ones, open: every organisation has its draft (what an officer enters)."""
    from reports import services
    from reports.models import Period, ReportForm, Status

    if Period.objects.filter(reports__status=Status.DRAFT).exists():
        return
    last = Period.objects.order_by("-end").first()
    year, number = (last.year, last.number + 1) if last.number == 1 else (last.year + 1, 1)
    services.period_open(form=ReportForm.objects.get(pk=last.form_id), year=year, number=number, by=national)


def plan() -> tuple[dict, list[Page]]:
    """The signed-in users and the pages, from the generated rows."""
    from django.db.models import Count
    from django.test import Client

    from cases.models import Case
    from emulation.models import Assessment, Contest, ContestStatus
    from meetings.models import Dialogue, ReceptionSession
    from orgs.models import Membership, Role, Tier
    from practices.models import Practice, Status
    from reports.models import Period, Report
    from reports.models import Status as ReportStatus

    def member(**filters):
        return (
            Membership.objects.filter(user__username__startswith="gen.", is_active=True, **filters)
            .select_related("user", "organization")
            .order_by("organization_id")
            .first()
        )

    busiest = (
        Case.objects.filter(province__code=PROVINCE, organization__tier=Tier.COMMUNE)
        .filter(organization__org_type__code="ubnd")
        .values("organization_id")
        .annotate(n=Count("id"))
        .order_by("-n", "organization_id")
        .first()
    )
    commune = member(organization_id=busiest["organization_id"], role=Role.OFFICER)
    province = member(organization__unit__code=PROVINCE, organization__org_type__code="ban-tgdv", role=Role.OFFICER)
    national = member(role=Role.CENTRAL)
    _open_current_period(national.user)
    # The report entry: the draft of the first commune body of the province that must report (a Đảng ủy), entered
    # by its officer.
    draft = (
        Report.objects.filter(status=ReportStatus.DRAFT, organization__unit__province__code=PROVINCE)
        .filter(organization__tier=Tier.COMMUNE)
        .order_by("organization_id")
        .first()
    )
    reporter = member(organization_id=draft.organization_id, role=Role.OFFICER)
    users = {"commune": commune.user, "province": province.user, "national": national.user, "reporter": reporter.user}

    period = Period.objects.filter(reports__status=ReportStatus.APPROVED).order_by("-end").first()
    word = (
        Report.objects.filter(period=period, organization__unit__province__code=PROVINCE, status=ReportStatus.APPROVED)
        .order_by("organization__tier", "id")
        .first()
    )
    practice = (
        Practice.objects.filter(province__code=PROVINCE, status=Status.RECOGNISED).order_by("-created_at", "id").first()
    )
    case = Case.objects.filter(organization=commune.organization).order_by("-id").first()
    contest = (
        Contest.objects.filter(organizer=province.organization, status=ContestStatus.JUDGING).first()
        or Contest.objects.filter(organizer=province.organization).order_by("-year", "id").first()
    )
    assessment = Assessment.objects.filter(organization__unit__province__code=PROVINCE).order_by("-year", "id").first()
    assert Dialogue.objects.exists() and ReceptionSession.objects.exists(), "the dataset has no dialogues or days"

    # Searches and filters: the page's own form, filled as a user would (tests/test_pages_bench.py checks it).
    def form_of(user, path: str, typed: dict[str, str]) -> str:
        client = Client()
        client.force_login(users[user], backend="django.contrib.auth.backends.ModelBackend")
        return submitted_url(client, path, typed)

    board = f"/bao-cao/hoi-nghi/{period.pk}/"
    pages = [
        Page("home: commune officer", "commune", "/"),
        Page("home: province officer", "province", "/"),
        Page("home: central officer", "national", "/"),
        Page("practices list (province officer)", "province", "/dan-van-kheo/"),
        Page("practice detail", "province", f"/dan-van-kheo/{practice.pk}/"),
        Page(
            f"practices search “{PRACTICE_WORDS}” (list's form)",
            "province",
            form_of("province", "/dan-van-kheo/", {"q": PRACTICE_WORDS}),
            kind="search",
        ),
        Page("report entry: a commune's draft, automatic figures", "reporter", f"/bao-cao/{draft.pk}/"),
        # As the conference room's screens poll it (the body cached until a report of the period moves), and as the
        # first viewer after such a move sees it (the figures read and rendered).
        Page("conference board: province", "province", board),
        Page("conference board: nation", "national", board),
        Page("conference board: province, a screen's poll", "province", board, headers=htmx_poll_environ(board)),
        Page("conference board: province, after a change", "province", board, fresh=True),
        Page("conference board: nation, after a change", "national", board, fresh=True),
        Page("report Word download", "province", f"/bao-cao/{word.pk}/word/", kind="word"),
        Page("case queue: commune officer (default)", "commune", "/y-kien/"),
        Page("case queue: province officer (default)", "province", "/y-kien/"),
        Page("case queue: overdue (province)", "province", form_of("province", "/y-kien/", {"han": "overdue"})),
        Page("case queue: whole area (province)", "province", form_of("province", "/y-kien/", {"pham_vi": "dia-ban"})),
        Page("case detail", "province", f"/y-kien/{case.pk}/"),
        Page(
            f"case search “{SEARCH_WORDS}” (queue's form, commune)",
            "commune",
            form_of("commune", "/y-kien/", {"q": SEARCH_WORDS}),
            kind="search",
        ),
        Page(
            f"case search “{SEARCH_WORDS}” (queue's form, province)",
            "province",
            form_of("province", "/y-kien/", {"q": SEARCH_WORDS}),
            kind="search",
        ),
        Page(
            f"case search “{SEARCH_WORDS}”, whole area (province)",
            "province",
            form_of("province", "/y-kien/", {"q": SEARCH_WORDS, "pham_vi": "dia-ban"}),
            kind="search",
        ),
        Page("reception days (province)", "province", "/y-kien/tiep-dan/"),
        Page("dialogues (province)", "province", "/y-kien/doi-thoai/"),
        Page("notifications (commune officer)", "commune", "/thong-bao/"),
        Page("contests (province)", "province", "/thi-dua/hoi-thi/"),
        Page("contest detail (province)", "province", f"/thi-dua/hoi-thi/{contest.pk}/"),
        Page("assessments (province)", "province", "/thi-dua/danh-gia/"),
        Page("assessment detail (province)", "province", f"/thi-dua/danh-gia/{assessment.pk}/"),
        Page("public form", "anonymous", "/gui-y-kien/"),
        Page("public tracking page", "anonymous", f"/gui-y-kien/tra-cuu/?ma={case.code}"),
        Page("showcase", "anonymous", "/mo-hinh-tieu-bieu/"),
        Page("public reception schedule", "anonymous", "/gui-y-kien/lich-tiep-dan/"),
        Page("public dialogues", "anonymous", "/gui-y-kien/doi-thoai/"),
    ]
    api_lists = [
        "/api/v1/units/",
        "/api/v1/organizations/",
        "/api/v1/practices/",
        "/api/v1/contests/",
        "/api/v1/assessments/",
        "/api/v1/cases/",
        "/api/v1/cases/reception/schedules/",
        "/api/v1/cases/reception/sessions/",
        "/api/v1/cases/dialogues/",
        "/api/v1/cases/commitments/",
        "/api/v1/reports/",
        "/api/v1/reports/periods/",
        "/api/v1/reports/forms/",
    ]
    pages += [Page(f"API {path}", "province", path) for path in api_lists]
    pages += [
        Page("API /api/v1/cases/ (commune officer)", "commune", "/api/v1/cases/"),
        Page("API /api/v1/cases/?all=1 (province, whole area)", "province", "/api/v1/cases/?all=1"),
        Page("API /api/v1/cases/reception/public/", "anonymous", "/api/v1/cases/reception/public/"),
        Page("API /api/v1/cases/dialogues/public/", "anonymous", "/api/v1/cases/dialogues/public/"),
    ]
    return users, pages


def submission_page() -> Page:
    from django.utils import timezone

    from cases.models import Topic
    from geo.models import AdminUnit, Level

    unit = (
        AdminUnit.objects.valid_on(timezone.localdate())
        .filter(level=Level.COMMUNE, province__code=PROVINCE)
        .order_by("code")
    )
    return Page(
        "public form POST (a new case)",
        "anonymous",
        "/gui-y-kien/",
        method="POST",
        expected=(302,),
        data={
            "kind": "feedback",
            "topic": str(Topic.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[0]),
            "unit": unit.values_list("code", flat=True)[0],
            "title": SUBMISSION_TITLE,
            "content": "Đề nghị kiểm tra đèn chiếu sáng trên tuyến đường liên xã.",
            "people_count": "1",
        },
    )


def measure_page(client, page: Page, iterations: int, warmup: int) -> tuple[dict, int, int]:
    from _harness import _quantiles
    from django.core.cache import caches
    from django.db import connection

    def call():
        if page.method == "POST":
            return client.post(page.path, page.data, **page.headers)
        return client.get(page.path, **page.headers)

    def before():
        if page.fresh:
            caches["pages"].clear()

    # Counted by a wrapper around every statement (the request's own start clears Django's query log), on a request
    # made as the timed ones are: after the first, which may make what later requests find (a period's board revision).
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    response = call()
    if response.status_code not in page.expected:
        raise SystemExit(f"{page.name}: {page.path} answered {response.status_code}")
    size = len(response.content) if not getattr(response, "streaming", False) else sum(map(len, response))
    for _ in range(warmup):
        before()
        call()
    before()
    with connection.execute_wrapper(count):
        call()
    samples = []
    for _ in range(iterations):
        before()
        start = time.perf_counter()
        response = call()
        if getattr(response, "streaming", False):
            for _chunk in response:
                pass
        samples.append((time.perf_counter() - start) * 1000)
        # Every timed answer is the page, not a refusal (a rate limit's 429 would time an error page).
        if response.status_code not in page.expected:
            raise SystemExit(f"{page.name}: {page.path} answered {response.status_code} while timed")
    return _quantiles(samples), len(queries), size


def run_scale(db: str, scale: str, iterations: int, *, only: str = "") -> Path | None:
    from _harness import calibration_ms, cpu_model, peak_rss_mb, setup_django

    os.environ["CASES_RATE_LIMIT"] = "1000000000"
    setup_django(db)
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone
    from http_bench import delete_submissions

    from cases.models import Case

    settings.CASES_RATE_LIMIT = 1_000_000_000  # one address submits what a crowd would; the counting still runs
    # One address looks up what a crowd would (the tracking page): the lookup limit still counts every request.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "case_lookup": "1000000/minute",
        },
    }
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    prepare(scale)
    users, pages = plan()
    clients = {"anonymous": Client()}
    for key, user in users.items():
        clients[key] = Client()
        clients[key].force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    rows = []
    print(f"\npages — {db}, scale {scale}")
    print(f"{'page':<58} {'p50':>8} {'p95':>8} {'queries':>7} {'target':>7}  met")
    submit = submission_page()
    first_case = Case.objects.order_by("-id").values_list("id", flat=True).first() or 0
    started = timezone.now()
    try:
        for page in [p for p in [*pages, submit] if only in p.name]:
            n = iterations // 3 if page.kind == "word" else iterations
            timing, queries, size = measure_page(clients[page.user], page, n, warmup=3 if page.kind == "word" else 5)
            r = result_row(page, timing, queries, size)
            rows.append(r)
            print(
                f"{page.name[:58]:<58} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} {queries:>7} {page.target_ms:>7g}  "
                f"{'yes' if r['met'] else 'NO'}"
            )
    finally:
        delete_submissions(first_case, started, title=SUBMISSION_TITLE)
    if only:
        return None  # a partial run while working on a page: nothing recorded
    from practices.models import Practice

    results = HERE / "results"
    results.mkdir(parents=True, exist_ok=True)
    path = results / f"{time.strftime('%Y-%m-%d')}-pages-{scale}-{db}.json"
    path.write_text(
        json.dumps(
            {
                "benchmark": f"pages-{scale}",
                "db": db,
                "scale": float(scale),
                "users": {k: u.username for k, u in users.items()},
                "dataset": {"cases": Case.objects.count(), "practices": Practice.objects.count()},
                "iterations": iterations,
                "cpus": os.cpu_count(),
                "cpu_model": cpu_model(),
                "calibration_ms": calibration_ms(),
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "peak_rss_mb": peak_rss_mb(),
                "rows": rows,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scales", default=",".join(SCALES), help="comma-separated, e.g. 0.1,1.0")
    parser.add_argument("--scale", help=argparse.SUPPRESS)  # one scale, in this process (the parent sets it)
    parser.add_argument("--iterations", type=int, default=60)
    parser.add_argument(
        "--only", default="", help="measure only the pages whose name contains this text (no result file)"
    )
    args = parser.parse_args()
    if args.scale:
        run_scale(args.db, args.scale, args.iterations, only=args.only)
        return 0
    # One process per scale: Django's settings (the database) are fixed once set up.
    code = 0
    for scale in args.scales.split(","):
        env = {**os.environ, **database_env(args.db, scale)}
        argv = [sys.executable, __file__, "--db", args.db, "--scale", scale, "--iterations", str(args.iterations)]
        argv += ["--only", args.only] if args.only else []
        code = subprocess.run(argv, env=env, cwd=HERE).returncode or code
    return code


if __name__ == "__main__":
    sys.exit(main())
