"""HTTP throughput under gunicorn, each page paired with a bare Django endpoint in the same run (issues #5, #6).

    .venv/bin/python benchmarks/http_bench.py --db sqlite|postgres [--duration 5] [--rounds 3]

What it does:
1. prepares the bench database (`danvan generate` when it is empty; a few hundred cases through the public
   service when it holds none), an officer's session and the requests to replay;
2. starts gunicorn on 127.0.0.1 and a free port with the production settings (DANVAN_ENV=production, DEBUG off,
   collected static files) through the benchmark-only settings module `benchmarks.bench_settings`, whose urlconf
   (`benchmarks/bench_urls.py`) adds `/_bench/bare/` (a JSON view with no database work: the floor) and
   `/_bench/one-statement/` to the site's URLs; the per-address limits are raised there and by `CASES_RATE_LIMIT`
   so that one address may submit thousands of cases and look up as many — the limits' counting stays in the code
   path;
3. drives it with `wrk` (Debian package `wrk`) from a second process, each round bounded by a duration and a request
   count, alternating every measured page with the bare endpoint so that load from other processes falls on both;
4. reports p50/p95/p99 latency, requests per second, the ratio of throughput to the bare endpoint (no page has a
   throughput target since issue #17 retired the lookups' 0.6) and the peak resident memory of the server (master
   and workers);
5. deletes the cases it submitted (and their history, audit rows and sessions), so the generated dataset stays as
   generated; `--keep-submissions` keeps them.

The pure pieces (wrk output parsing, CSRF token extraction, gunicorn arguments, the result rows) are tested in
tests/test_http_bench.py; the measurement itself is a command, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from _harness import report, setup_django  # noqa: E402

LUA = HERE / "http_bench.lua"
BARE_PATH = "/_bench/bare/"
BENCH_SETTINGS = "benchmarks.bench_settings"  # the site's settings with the floors' URLs (never a deployment's)
SUBMISSION_TITLE = "Khảo sát hiệu năng HTTP: ý kiến thử nghiệm"  # marks the cases the bench submits (deleted after)
SEED_CASES = 400
# Issue 19's load targets: the officers' hot pages at 0.08 of the bare endpoint's throughput, the public submission's
# p95 with 8 concurrent senders, the anonymous status lookups per second.
PAGE_RATIO = 0.08
SUBMISSION_P95_MS = 150.0
LOOKUPS_PER_S = 1000.0


# ------------------------------------------------------------------ pure pieces (tested)


@dataclass
class Scenario:
    """One measured page: the requests wrk replays (cycled), the headers it sends, the statuses it must get."""

    name: str
    requests: list[tuple[str, str, str]]  # (method, path, body)
    expected: tuple[int, ...] = (200,)
    headers: dict[str, str] = field(default_factory=dict)
    ratio_target: float | None = None
    target_p95_ms: float | None = None  # issue 19: the public submission's p95 under 8 concurrent senders
    throughput_target: float | None = None  # issue 19: lookups per second
    # Sent by this many Python threads, each from its own loopback address (127.0.0.2, …), instead of by wrk from
    # 127.0.0.1: citizens send from different addresses, and each address's rate-limit row is locked by its own
    # submission until it commits (cases.ratelimit), so one address's senders wait for each other by design.
    addresses: int = 0


def gunicorn_argv(*, port: int, workers: int, threads: int) -> list[str]:
    """The production-like server: gthread workers (keep-alive, threads overlap database waits), no access log.

    --reuse-port gives each worker its own listening socket, and the kernel spreads wrk's 8 keep-alive connections
    over them. With one shared socket the workers raced to accept, and one often took 6-8 of the 8 (counted per
    worker with ss): its one interpreter (one GIL) then served the round on one core while the others idled. A
    page's round fell to half its throughput (the status lookup page on PostgreSQL: 913-931 requests/s in such rounds,
    1,919-2,060 with the connections spread), the bare endpoint's hardly (wrk's own pace bounds it), so a page's
    ratio swung 0.22-0.54 from round to round by the accept race alone (0.48-0.58 spread)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "danvan.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--keep-alive",
        "5",
        "--log-level",
        "warning",
        "--graceful-timeout",
        "5",
        "--reuse-port",
    ]


def parse_wrk(output: str) -> dict:
    """The JSON line our Lua script's done() prints among wrk's own text."""
    for line in output.splitlines():
        if line.startswith("BENCH_JSON "):
            data = json.loads(line.removeprefix("BENCH_JSON "))
            data["statuses"] = {int(k): v for k, v in data["statuses"].items()}
            return data
    raise ValueError("wrk printed no BENCH_JSON line:\n" + output[-2000:])


def csrf_from_page(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken"\s+value="([^"]+)"', html)
    if not match:
        raise ValueError("the page has no CSRF token field")
    return match.group(1)


def cookie_value(set_cookie_headers: list[str], name: str) -> str:
    for header in set_cookie_headers:
        match = re.match(rf"\s*{re.escape(name)}=([^;]*)", header)
        if match:
            return match.group(1)
    raise ValueError(f"no {name} cookie was set")


def requests_file_text(requests: list[tuple[str, str, str]]) -> str:
    lines = []
    for method, path, body in requests:
        if any(c in f"{path}{body}" for c in "\t\n"):
            raise ValueError("paths and bodies are sent as one line each: no tabs or newlines")
        lines.append(f"{method}\t{path}\t{body}" if body else f"{method}\t{path}")
    return "\n".join(lines) + "\n"


def combine_rounds(runs: list[dict]) -> dict:
    """Throughput over all rounds (requests / time); latency quantiles as the median of the rounds' quantiles
    (wrk keeps its histogram to itself, so quantiles of the union cannot be recomputed)."""
    requests = sum(r["requests"] for r in runs)
    # The active span (first request to last response), not wrk's --duration: a round stopped by --max-requests
    # would otherwise count the time wrk idled until its duration ran out.
    seconds = sum((r.get("active_us") or r["duration_us"]) for r in runs) / 1e6
    statuses: dict[int, int] = {}
    for r in runs:
        for status, n in r["statuses"].items():
            statuses[status] = statuses.get(status, 0) + n
    errors = sum(
        r["errors"]["connect"] + r["errors"]["read"] + r["errors"]["write"] + r["errors"]["timeout"] for r in runs
    )
    return {
        "p50_ms": round(statistics.median(r["latency_us"]["p50"] for r in runs) / 1000, 3),
        "p95_ms": round(statistics.median(r["latency_us"]["p95"] for r in runs) / 1000, 3),
        "p99_ms": round(statistics.median(r["latency_us"]["p99"] for r in runs) / 1000, 3),
        "n": requests,
        "throughput_per_s": round(requests / seconds, 1) if seconds else 0.0,
        "statuses": statuses,
        "socket_errors": errors,
    }


def _quantile_us(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def run_senders(base: str, scenario: Scenario, *, duration: float, max_requests: int) -> dict:
    """``scenario``'s requests sent for ``duration`` seconds by ``scenario.addresses`` threads, each on its own
    keep-alive connection from its own loopback address; the result in the layout of ``parse_wrk``."""
    import http.client

    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = {"connect": 0, "read": 0, "write": 0, "timeout": 0}
    span = [float("inf"), 0.0]
    stop_at = time.monotonic() + duration
    counter = [0]

    def sender(k: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30, source_address=(f"127.0.0.{k + 2}", 0))
        i = k
        while time.monotonic() < stop_at:
            with lock:
                if counter[0] >= max_requests:
                    return
                counter[0] += 1
            method, path, body = scenario.requests[i % len(scenario.requests)]
            i += scenario.addresses
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body.encode() if body else None, headers=scenario.headers)
                response = conn.getresponse()
                response.read()
            except OSError:
                with lock:
                    errors["read"] += 1
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30, source_address=(f"127.0.0.{k + 2}", 0))
                continue
            end = time.perf_counter()
            with lock:
                latencies.append((end - start) * 1e6)
                statuses[response.status] = statuses.get(response.status, 0) + 1
                span[0], span[1] = min(span[0], start), max(span[1], end)
        conn.close()

    threads = [threading.Thread(target=sender, args=(k,)) for k in range(scenario.addresses)]
    begun = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    active = (span[1] - span[0]) * 1e6 if latencies else 0.0
    return {
        "requests": len(latencies),
        "duration_us": (time.perf_counter() - begun) * 1e6,
        "active_us": active,
        "latency_us": {
            **{q: _quantile_us(latencies, v) for q, v in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))},
            "max": max(latencies, default=0.0),
        },
        "statuses": statuses,
        "errors": errors,
    }


def rate(run: dict) -> float:
    seconds = (run.get("active_us") or run["duration_us"]) / 1e6
    return run["requests"] / seconds if seconds else 0.0


def http_row(scenario: Scenario, measured: dict, bare: dict, *, rss_mb: float | None) -> dict:
    """One result in the layout of `_harness.row`, plus throughput. Met: every answer had an expected status,
    no socket errors, and — where the issue sets one — the throughput ratio reaches its target."""
    ratio = measured["throughput_per_s"] / bare["throughput_per_s"] if bare["throughput_per_s"] else 0.0
    unexpected = {s: n for s, n in measured["statuses"].items() if s not in scenario.expected}
    clean = not unexpected and not measured["socket_errors"] and measured["n"] > 0
    return {
        "name": scenario.name,
        **{k: measured[k] for k in ("p50_ms", "p95_ms", "p99_ms", "n", "throughput_per_s")},
        "floor": {k: bare[k] for k in ("p50_ms", "p95_ms", "p99_ms", "n", "throughput_per_s")},
        "ratio_p95": round(measured["p95_ms"] / bare["p95_ms"], 2) if bare["p95_ms"] else float("inf"),
        "throughput_ratio": round(ratio, 3),
        "throughput_ratio_target": scenario.ratio_target,
        "target_p95_ms": scenario.target_p95_ms,
        "throughput_target": scenario.throughput_target,
        "ratio_target": None,
        "statuses": {str(s): n for s, n in sorted(measured["statuses"].items())},
        "unexpected_statuses": {str(s): n for s, n in sorted(unexpected.items())},
        "socket_errors": measured["socket_errors"],
        "server_peak_rss_mb": rss_mb,
        "met": clean
        and (scenario.ratio_target is None or ratio >= scenario.ratio_target)
        and (scenario.target_p95_ms is None or measured["p95_ms"] <= scenario.target_p95_ms)
        and (scenario.throughput_target is None or measured["throughput_per_s"] >= scenario.throughput_target),
    }


# ------------------------------------------------------------------ the server and its memory


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_tree(root: int) -> list[int]:
    """The root and every descendant (gunicorn's master and its workers), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def rss_kb(pid: int, key: str = "VmRSS") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemoryWatch:
    """Samples the server's resident memory (master + workers, summed) four times a second."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak_kb = 0
        self.window_peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            total = sum(rss_kb(p) for p in process_tree(self.pid))
            self.peak_kb = max(self.peak_kb, total)
            self.window_peak_kb = max(self.window_peak_kb, total)
            self._stop.wait(0.25)

    def start(self) -> MemoryWatch:
        self._thread.start()
        return self

    def take_window(self) -> float:
        """Peak since the last call, in MiB."""
        peak, self.window_peak_kb = self.window_peak_kb, 0
        return round(peak / 1024, 1)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


class Server:
    def __init__(self, *, port: int, workers: int, threads: int, env: dict, log: Path):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log = log.open("w")
        self.proc = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            gunicorn_argv(port=port, workers=workers, threads=threads),
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited ({self.proc.returncode}); see {self.log.name}")
            try:
                with urllib.request.urlopen(self.base + BARE_PATH, timeout=2) as r:  # noqa: S310 - 127.0.0.1
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer on {self.base} within {timeout:.0f} s; see {self.log.name}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # the master stops its workers gracefully
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def settle(result: dict) -> None:
    """wrk stops with requests still in flight, which the server finishes after it: wait them out, so that they
    do not slow the next round (about twice the slowest latency seen, between half a second and five)."""
    time.sleep(max(0.5, min(5.0, 2 * result["latency_us"]["max"] / 1e6)))


def run_wrk(
    base: str, scenario: Scenario, *, duration: int, connections: int, max_requests: int, workdir: Path
) -> dict:
    requests_path = workdir / f"{re.sub(r'[^a-z0-9]+', '-', scenario.name.lower())}.tsv"
    requests_path.write_text(requests_file_text(scenario.requests))
    env = {
        **os.environ,
        "BENCH_REQUESTS": str(requests_path),
        "BENCH_HEADERS": "\n".join(f"{k}: {v}" for k, v in scenario.headers.items()),
        "BENCH_MAX_REQUESTS": str(max_requests),
    }
    argv = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(LUA), base]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=duration + 60)  # noqa: S603
    if done.returncode != 0:
        raise SystemExit(f"wrk failed ({done.returncode}):\n{done.stderr}{done.stdout}")
    return parse_wrk(done.stdout)


# ------------------------------------------------------------------ the bench database and its requests


def server_environment(*, secret_key: str, static_root: Path) -> dict[str, str]:
    """Production settings, served over plain HTTP on 127.0.0.1, through the benchmark-only settings module."""
    return {
        "DANVAN_ENV": "production",
        "DEBUG": "0",
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # TLS ends at the reverse proxy in a deployment; here there is none
        "STATIC_ROOT": str(static_root),
        "DANVAN_SOURCE_URL": "https://example.invalid/danvan",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",  # no SMTP server on the bench machine
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": BENCH_SETTINGS,
        "CASES_RATE_LIMIT": "1000000000",
    }


def ensure_dataset(scale: float) -> None:
    from django.core.management import call_command

    from cases.models import Case
    from practices.models import Practice

    call_command("migrate", verbosity=0)
    if not Practice.objects.exists():
        call_command("generate", scale=scale)
    if not Case.objects.exists():
        # A small database made before the generator wrote cases: seed a few. Never into a national dataset (which
        # may still be being generated): that would change what every other benchmark reads.
        if Practice.objects.count() > 50_000:
            raise SystemExit("The bench database holds no cases yet: wait for danvan generate to finish.")
        seed_cases(SEED_CASES)


def seed_cases(n: int) -> None:
    """Until the generator writes cases: a few hundred through the public service, half of them in Hà Nội."""
    import random

    from django.utils import timezone

    from cases import intake
    from cases.models import Topic
    from geo.models import AdminUnit, Level

    rng = random.Random(5)
    communes = list(
        AdminUnit.objects.valid_on(timezone.localdate())
        .filter(level=Level.COMMUNE)
        .select_related("province")
        .order_by("code")
    )
    hanoi = [u for u in communes if u.province and u.province.code == "01"]
    topics = list(Topic.objects.filter(is_active=True).order_by("id"))
    for i in range(n):
        intake.case_submit(
            kind=rng.choice(["feedback", "petition"]),
            topic=rng.choice(topics),
            unit=rng.choice(hanoi if i % 2 and hanoi else communes),
            title=f"Đề nghị sửa đường liên thôn số {i}",
            content="Đường xuống cấp, người dân đi lại khó khăn, đề nghị chính quyền sớm sửa chữa.",
            client_ip="127.0.0.1",
        )


def build_scenarios(base: str) -> tuple[list[Scenario], dict]:
    """The requests to replay and what they were built from (for the results file)."""
    import random

    from django.db.models import Max, Min
    from django.test import Client
    from django.utils import timezone
    from pages_bench import htmx_poll_headers

    from cases.models import Case, Topic
    from geo.models import AdminUnit, Level
    from orgs.models import Role, User
    from practices.models import Practice
    from reports.models import Period, Status

    rng = random.Random(7)
    low, high = Case.objects.aggregate(low=Min("id"), high=Max("id")).values()
    ids = rng.sample(range(low, high + 1), min(2000, high - low + 1))
    codes = list(Case.objects.filter(id__in=ids).values_list("code", flat=True)[:500])
    rng.shuffle(codes)

    # A province officer of Hà Nội (the biggest province), as in the practices benchmark.
    officer = (
        User.objects.exclude(username__startswith="bench.")
        .filter(
            memberships__organization__unit__code="01",
            memberships__organization__org_type__code="ban-tgdv",
            memberships__role=Role.OFFICER,
            is_active=True,
        )
        .first()
    )
    if officer is None:
        raise SystemExit("The bench database has no province officer of Hà Nội (run danvan generate).")
    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies["sessionid"].value
    period = Period.objects.filter(reports__status=Status.APPROVED).order_by("-end").first()
    if period is None:
        raise SystemExit("The bench database has no approved report period (run danvan generate).")

    # The public form: its CSRF cookie and token are read from the page the server renders.
    with urllib.request.urlopen(base + "/gui-y-kien/", timeout=30) as r:  # noqa: S310 - 127.0.0.1
        csrf_cookie = cookie_value(r.headers.get_all("Set-Cookie") or [], "csrftoken")
        csrf_token = csrf_from_page(r.read().decode())
    communes = list(
        AdminUnit.objects.valid_on(timezone.localdate())
        .filter(level=Level.COMMUNE, province__code="01")
        .values_list("code", flat=True)
    )
    topics = list(Topic.objects.filter(is_active=True).values_list("pk", flat=True))
    bodies = []
    for i in range(1000):
        bodies.append(
            urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": csrf_token,
                    "kind": "feedback",
                    "topic": str(rng.choice(topics)),
                    "unit": rng.choice(communes),
                    "title": SUBMISSION_TITLE,
                    "content": f"Nội dung thử nghiệm số {i}: đề nghị kiểm tra đèn chiếu sáng trên tuyến đường.",
                    "people_count": "1",
                }
            )
        )

    form = {"Content-Type": "application/x-www-form-urlencoded"}
    officer_cookie = {"Cookie": f"sessionid={session}"}
    scenarios = [
        Scenario(
            "public status lookup (page /gui-y-kien/tra-cuu/)",
            [("GET", f"/gui-y-kien/tra-cuu/?ma={c}", "") for c in codes],
            throughput_target=LOOKUPS_PER_S,
        ),
        Scenario(
            "public status lookup (API /api/v1/cases/track/)",
            [("POST", "/api/v1/cases/track/", json.dumps({"code": c})) for c in codes],
            headers={"Content-Type": "application/json"},
            throughput_target=LOOKUPS_PER_S,
        ),
        # No target: the bare endpoint plus one round trip to the database and nothing else, beside the lookups
        # (each is that round trip, a page or a JSON body): how much of their cost is the database's alone.
        Scenario("bare endpoint + one SELECT 1 (lookups' ceiling)", [("GET", "/_bench/one-statement/", "")]),
        Scenario(
            "public submission (form POST with CSRF)",
            [("POST", "/gui-y-kien/", b) for b in bodies],
            expected=(302,),
            headers={**form, "Cookie": f"csrftoken={csrf_cookie}"},
            target_p95_ms=SUBMISSION_P95_MS,
        ),
        Scenario(
            "public submission, 8 senders from 8 addresses",
            [("POST", "/gui-y-kien/", b) for b in bodies],
            expected=(302,),
            headers={**form, "Cookie": f"csrftoken={csrf_cookie}"},
            target_p95_ms=SUBMISSION_P95_MS,
            addresses=8,
        ),
        Scenario(
            "officer's case queue (province, page 1)",
            [("GET", "/y-kien/", "")],
            headers=officer_cookie,
            ratio_target=PAGE_RATIO,
        ),
        Scenario(
            "practices list (province officer)",
            [("GET", "/dan-van-kheo/", "")],
            headers=officer_cookie,
            ratio_target=PAGE_RATIO,
        ),
        Scenario(
            "conference board (province, one period)",
            [("GET", f"/bao-cao/hoi-nghi/{period.pk}/", "")],
            headers=officer_cookie,
            ratio_target=PAGE_RATIO,
        ),
        # What a conference's screens send every 5 seconds once the board is open: htmx's request for the board's
        # fragment (pages_bench.htmx_poll_headers), which the view answers without the page around it.
        Scenario(
            "conference board (province, a screen's poll)",
            [("GET", f"/bao-cao/hoi-nghi/{period.pk}/", "")],
            headers={**officer_cookie, **htmx_poll_headers(f"/bao-cao/hoi-nghi/{period.pk}/")},
            ratio_target=PAGE_RATIO,
        ),
    ]
    context = {
        "cases": Case.objects.count(),
        "practices": Practice.objects.count(),
        "lookup_codes": len(codes),
        "officer": officer.username,
        "period": str(period.label),
    }
    return scenarios, context


def check_once(base: str, scenario: Scenario) -> None:
    """One request by hand before the load: a wrong status here would make the throughput meaningless."""
    method, path, body = scenario.requests[0]
    req = urllib.request.Request(base + path, data=body.encode() or None, method=method, headers=scenario.headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        status = opener.open(req, timeout=60).status
    except urllib.error.HTTPError as e:
        status = e.code
    if status not in scenario.expected:
        raise SystemExit(f"{scenario.name}: {method} {path} answered {status}, expected {scenario.expected}")


def delete_submissions(first_id: int, started, *, title: str = SUBMISSION_TITLE) -> int:
    """Remove what the submission rounds wrote: the cases (their events cascade), their audit rows (raw SQL: the
    app itself can never delete audit rows), the rate-limit rows and the sessions opened during the run (the
    public form keeps each new case's private link in an anonymous session; the officer's session)."""
    import datetime as dt

    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.models import Session
    from django.db import connection, transaction

    from cases.models import Case, Submission

    ids = list(Case.objects.filter(id__gt=first_id, title=title).values_list("id", flat=True))
    ct = ContentType.objects.get_for_model(Case)
    with transaction.atomic():
        with connection.cursor() as c:
            for start in range(0, len(ids), 500):
                chunk = [str(i) for i in ids[start : start + 500]]
                c.execute(
                    "DELETE FROM audit_auditevent WHERE content_type_id = %s AND object_id IN "  # noqa: S608
                    f"({', '.join(['%s'] * len(chunk))})",
                    [ct.pk, *chunk],
                )
        for start in range(0, len(ids), 500):
            Case.objects.filter(id__in=ids[start : start + 500]).delete()
        Submission.objects.filter(at__gte=started).delete()
        Session.objects.filter(expire_date__gte=started + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)).delete()
    return len(ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", type=float, default=1.0, help="for danvan generate when the database is empty")
    # Short rounds, many of them: the load of other processes on a shared machine changes within seconds, and
    # alternating faster than it changes keeps it on both sides of the ratio.
    parser.add_argument("--duration", type=int, default=3, help="seconds per wrk round")
    parser.add_argument("--rounds", type=int, default=6, help="rounds per page, each paired with a bare round")
    parser.add_argument("--max-requests", type=int, default=50_000, help="requests per round at most")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", default="", help="run the pages whose name contains this text")
    parser.add_argument("--keep-submissions", action="store_true")
    parser.add_argument(
        "--redis",
        default="",
        help="REDIS_URL for the server (e.g. redis://127.0.0.1:6379/15): the lookup limit's counter in Redis",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk không có trên máy: apt-get install wrk")

    static_root = ROOT / "var" / "bench" / "static"
    env = server_environment(secret_key=secrets.token_urlsafe(48), static_root=static_root)
    if args.redis:
        env["REDIS_URL"] = args.redis
    else:
        os.environ.pop("REDIS_URL", None)
    os.environ.update(env)  # the session made here must be signed with the server's key
    setup_django(args.db)

    from django.core.management import call_command
    from django.utils import timezone

    from cases.models import Case

    ensure_dataset(args.scale)
    call_command("collectstatic", interactive=False, verbosity=0)
    first_id = Case.objects.order_by("-id").values_list("id", flat=True).first() or 0
    started = timezone.now()

    workdir = Path(tempfile.mkdtemp(prefix="danvan-http-bench-"))
    server = Server(
        port=free_port(), workers=args.workers, threads=args.threads, env=dict(os.environ), log=workdir / "gunicorn.log"
    )
    watch = None
    rows = []
    try:
        server.wait_ready()
        watch = MemoryWatch(server.proc.pid).start()
        scenarios, context = build_scenarios(server.base)
        if args.only:
            scenarios = [s for s in scenarios if args.only in s.name]
        bare = Scenario("bare Django JSON endpoint", [("GET", BARE_PATH, "")])
        for s in [bare, *scenarios]:
            check_once(server.base, s)
        # Warm every worker's caches (templates, URL resolver, connections) before the first timed round.
        for s in [bare, *scenarios]:
            if s.addresses:
                settle(run_senders(server.base, s, duration=2, max_requests=2000))
                continue
            settle(
                run_wrk(server.base, s, duration=2, connections=args.connections, max_requests=2000, workdir=workdir)
            )
        for s in scenarios:
            watch.take_window()
            runs: tuple[list[dict], list[dict]] = ([], [])
            for i in range(args.rounds):
                # Alternate which goes first, so a slow start or end of a round falls on both alike.
                pair = (s, bare) if i % 2 == 0 else (bare, s)
                for which in pair:
                    if which.addresses:
                        result = run_senders(server.base, which, duration=args.duration, max_requests=args.max_requests)
                    else:
                        result = run_wrk(
                            server.base,
                            which,
                            duration=args.duration,
                            connections=args.connections,
                            max_requests=args.max_requests,
                            workdir=workdir,
                        )
                    runs[0 if which is s else 1].append(result)
                    settle(result)
            rows.append(http_row(s, combine_rounds(runs[0]), combine_rounds(runs[1]), rss_mb=watch.take_window()))
            # Each round's own ratio to its paired bare round: the spread shows how noisy the machine was.
            rows[-1]["round_ratios"] = [round(rate(m) / rate(b), 3) for m, b in zip(*runs, strict=True) if rate(b)]
            r = rows[-1]
            print(
                f"  {s.name}: {r['throughput_per_s']:.0f}/s vs bare {r['floor']['throughput_per_s']:.0f}/s "
                f"→ {r['throughput_ratio']:.2f}; p95 {r['p95_ms']:.1f} ms; statuses {r['statuses']}",
                flush=True,
            )
    finally:
        if watch is not None:
            watch.stop()
        server.stop()
    server_peak = round(watch.peak_kb / 1024, 1) if watch else None

    removed = 0
    if not args.keep_submissions:
        removed = delete_submissions(first_id, started)
    path = report("http_redis" if args.redis else "http", args.db, rows)
    # Fields of the whole run, beside report()'s own: the server, its memory, the dataset.
    data = json.loads(path.read_text())
    data["server"] = {
        "gunicorn": " ".join(gunicorn_argv(port=0, workers=args.workers, threads=args.threads)[3:]),
        "settings": {k: v for k, v in env.items() if k not in ("SECRET_KEY",)},
        "peak_rss_mb": server_peak,
        "load": f"wrk -t1 -c{args.connections}, {args.rounds} rounds of {args.duration} s "
        f"(at most {args.max_requests} requests) per page and as many of the bare endpoint",
    }
    data["dataset"] = context
    data["submissions_deleted"] = removed
    # Zero lost acknowledged submissions: every 302 the senders got is a row the run wrote (and deleted after). The
    # rows may be a few more than the 302s wrk counted: the request checked by hand before the load, and those still
    # in flight when wrk stops at its deadline, which the server completes and wrk never reads.
    acknowledged = sum(r["statuses"].get("302", 0) for r in rows if r["name"].startswith("public submission"))
    data["submissions_acknowledged"] = acknowledged
    if not args.keep_submissions and any(r["name"].startswith("public submission") for r in rows):
        for r in rows:
            if r["name"].startswith("public submission"):
                r["acknowledged"], r["rows_written"] = acknowledged, removed
                r["lost_acknowledged"] = max(0, acknowledged - removed)
                r["met"] = r["met"] and acknowledged <= removed
        data["rows"] = rows
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False))
    print(f"server peak RSS {server_peak} MiB; submitted cases removed: {removed}; {path}")


if __name__ == "__main__":
    main()
