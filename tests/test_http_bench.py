"""The HTTP benchmark's floor endpoints exist only under its own settings and urlconf, and the bench's pieces parse.

The measurement itself (gunicorn + wrk) is a command, `benchmarks/http_bench.py`, not a test: no timing here.
"""

import importlib
import importlib.util
import json
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "http_bench.py"
URLS = ROOT / "danvan" / "urls.py"

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8123
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.20ms    2.10ms  40.12ms   88.00%
  4000 requests in 5.00s, 2.10MB read
Requests/sec:    800.00
Transfer/sec:    430.00KB
BENCH_JSON {"requests": 4000, "duration_us": 5000000, "active_us": 4990000, "capped_threads": 0, "bytes": 2200000, \
"errors": {"connect": 0, "read": 0, "write": 0, "status": 3, "timeout": 0}, \
"latency_us": {"min": 900, "mean": 6200.0, "max": 40120, "p50": 5800, "p95": 10500, "p99": 21000}, \
"statuses": {"200": 3997, "500": 3}}
"""


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("http_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["http_bench"] = module  # its dataclass looks its module up while the file runs
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules["http_bench"]


def _run(requests, p50, p95, statuses, seconds=5.0, active=None):
    return {
        "requests": requests,
        "duration_us": int(seconds * 1e6),
        "active_us": int((active or seconds) * 1e6),
        "errors": {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0},
        "latency_us": {"p50": p50, "p95": p95, "p99": p95 * 2},
        "statuses": statuses,
    }


# ------------------------------------------------------------------ the bench-only URLs


def test_the_bench_endpoints_are_absent_from_the_site(client):
    for path in ("/_bench/bare/", "/_bench/one-statement/"):
        with pytest.raises(Resolver404):
            resolve(path)
        assert client.get(path).status_code == 404
    assert "_bench" not in URLS.read_text()


def test_the_bench_settings_are_the_sites_with_the_bench_urlconf_and_a_raised_lookup_limit():
    from django.conf import settings

    bench_settings = importlib.import_module("benchmarks.bench_settings")
    assert bench_settings.ROOT_URLCONF == "benchmarks.bench_urls"
    assert bench_settings.INSTALLED_APPS == settings.INSTALLED_APPS
    assert bench_settings.MIDDLEWARE == settings.MIDDLEWARE
    allowed = bench_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["case_lookup"].split("/")[0]
    assert int(allowed) >= 1_000_000
    assert bench_settings.REST_FRAMEWORK["EXCEPTION_HANDLER"] == settings.REST_FRAMEWORK["EXCEPTION_HANDLER"]


@override_settings(ROOT_URLCONF="benchmarks.bench_urls")
def test_the_bare_endpoint_answers_json_under_the_bench_urlconf():
    response = Client().get("/_bench/bare/")
    assert response.status_code == 200
    assert response.json() == {"ok": True}


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="benchmarks.bench_urls")
def test_the_one_statement_endpoint_reads_the_database_once(django_assert_num_queries):
    with django_assert_num_queries(1):
        response = Client().get("/_bench/one-statement/")
    assert (response.status_code, response.json()) == (200, {"ok": True})


@override_settings(ROOT_URLCONF="benchmarks.bench_urls")
def test_the_bench_urlconf_keeps_every_page_of_the_site():
    assert resolve("/gui-y-kien/tra-cuu/").url_name == "track"
    assert resolve("/api/v1/cases/track/").route


# ------------------------------------------------------------------ the bench's pieces


def test_it_reads_the_json_line_of_the_lua_script_among_wrks_text(bench):
    data = bench.parse_wrk(WRK_OUTPUT)
    assert data["requests"] == 4000
    assert data["latency_us"]["p95"] == 10500
    assert data["statuses"] == {200: 3997, 500: 3}


def test_it_refuses_wrk_output_without_results(bench):
    with pytest.raises(ValueError, match="BENCH_JSON"):
        bench.parse_wrk("Running 5s test @ http://127.0.0.1:1\nunable to connect\n")


@pytest.mark.django_db
def test_it_finds_the_csrf_token_and_cookie_of_the_public_form(bench):
    response = Client().get("/gui-y-kien/")
    token = bench.csrf_from_page(response.content.decode())
    cookie = bench.cookie_value([f"csrftoken={response.cookies['csrftoken'].value}; Path=/; SameSite=Lax"], "csrftoken")
    assert len(token) == 64
    assert cookie == response.cookies["csrftoken"].value
    with pytest.raises(ValueError):
        bench.cookie_value(["sessionid=abc; Path=/"], "csrftoken")


def test_requests_are_one_line_each_and_tabs_are_refused(bench):
    text = bench.requests_file_text([("GET", "/a/?ma=X", ""), ("POST", "/b/", json.dumps({"code": "ABCD2345"}))])
    assert text == 'GET\t/a/?ma=X\nPOST\t/b/\t{"code": "ABCD2345"}\n'
    with pytest.raises(ValueError):
        bench.requests_file_text([("POST", "/b/", "a\tb")])


def test_rounds_combine_into_throughput_over_all_time_and_median_quantiles(bench):
    combined = bench.combine_rounds(
        [_run(1000, 4000, 9000, {200: 1000}), _run(500, 6000, 20000, {200: 499, 500: 1}), _run(1500, 5000, 10000, {})]
    )
    assert combined["n"] == 3000
    assert combined["throughput_per_s"] == 200.0
    assert combined["p50_ms"] == 5.0
    assert combined["p95_ms"] == 10.0
    assert combined["statuses"] == {200: 1499, 500: 1}


def test_a_round_stopped_by_its_request_cap_counts_only_its_active_time(bench):
    # 500 requests answered in 0.5 s, then wrk idled until its 5 s duration ran out.
    combined = bench.combine_rounds([_run(500, 4000, 9000, {200: 500}, seconds=5.0, active=0.5)])
    assert combined["throughput_per_s"] == 1000.0


def test_a_throughput_target_is_met_only_at_that_share_of_the_bare_endpoint_and_without_errors(bench):
    bare = bench.combine_rounds([_run(1000, 2000, 4000, {200: 1000})])
    lookup = bench.Scenario("lookup", [("GET", "/x/", "")], ratio_target=0.6)
    fast = bench.http_row(lookup, bench.combine_rounds([_run(650, 3000, 6000, {200: 650})]), bare, rss_mb=120.0)
    slow = bench.http_row(lookup, bench.combine_rounds([_run(550, 3000, 6000, {200: 550})]), bare, rss_mb=120.0)
    broken = bench.http_row(
        lookup, bench.combine_rounds([_run(900, 3000, 6000, {200: 890, 500: 10})]), bare, rss_mb=120.0
    )
    assert (fast["met"], fast["throughput_ratio"]) == (True, 0.65)
    assert (slow["met"], slow["throughput_ratio"]) == (False, 0.55)
    assert broken["met"] is False
    assert broken["unexpected_statuses"] == {"500": 10}
    assert fast["floor"]["throughput_per_s"] == 200.0


def test_a_submission_must_be_redirected_to_count(bench):
    bare = bench.combine_rounds([_run(1000, 2000, 4000, {200: 1000})])
    submission = bench.Scenario("submit", [("POST", "/gui-y-kien/", "a=1")], expected=(302,))
    redirected = bench.http_row(submission, bench.combine_rounds([_run(100, 9000, 20000, {302: 100})]), bare, rss_mb=1)
    form_errors = bench.http_row(submission, bench.combine_rounds([_run(100, 9000, 20000, {200: 100})]), bare, rss_mb=1)
    assert redirected["met"] is True
    assert form_errors["met"] is False


def test_the_server_is_gunicorn_on_the_loopback_with_production_settings_and_the_bench_settings(bench, tmp_path):
    argv = bench.gunicorn_argv(port=8123, workers=3, threads=2)
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8123"
    assert "danvan.wsgi:application" in argv
    assert "--reuse-port" in argv  # each worker its own socket: wrk's connections spread over the workers
    env = bench.server_environment(secret_key="k" * 64, static_root=tmp_path)
    assert env["DANVAN_ENV"] == "production"
    assert env["DEBUG"] == "0"
    assert env["DJANGO_SETTINGS_MODULE"] == "benchmarks.bench_settings"
    assert int(env["CASES_RATE_LIMIT"]) >= 1_000_000


def test_the_senders_each_come_from_their_own_loopback_address(bench):
    """``run_senders`` (the public submission from 8 addresses): a real HTTP server on loopback records who sent."""
    import http.server
    import threading

    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):  # noqa: N802 - http.server's naming
            self.rfile.read(int(self.headers["Content-Length"]))
            seen.append(self.client_address[0])
            self.send_response(302)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        scenario = bench.Scenario("s", [("POST", "/gui-y-kien/", "a=1")], expected=(302,), addresses=3)
        result = bench.run_senders(f"http://127.0.0.1:{server.server_port}", scenario, duration=0.5, max_requests=60)
    finally:
        server.shutdown()
    assert set(seen) == {"127.0.0.2", "127.0.0.3", "127.0.0.4"}
    assert result["requests"] == len(seen) == result["statuses"][302] <= 60
    assert 0 < result["latency_us"]["p50"] <= result["latency_us"]["p95"] <= result["latency_us"]["max"]
    combined = bench.combine_rounds([result])
    assert combined["n"] == len(seen) and combined["socket_errors"] == 0
