"""Benchmark of the public portal (issue 24): its pages in process, and the home under gunicorn with wrk.

    .venv/bin/python benchmarks/portal_bench.py --db sqlite|postgres [--scale 1.0] [--skip-http]

1. Prepares the bench database (`danvan generate --scale S` when it is empty) and the open-data release
   (`portal.opendata.generate`, timed: the nightly chore's cost).
2. In process, through Django's test client (the whole stack: middleware, view, template), anonymous: the portal
   home, the search, the answer rates of the country and of the province with most rows, a commune's page, the
   public map's data, the open-data page and the feedback form. Each is paired with the bare JSON endpoint of
   `benchmarks/bench_urls.py` as its floor. Target: p95 ≤ 50 ms.
3. Under gunicorn (benchmarks/http_bench.py's server and wrk script), anonymous GET `/` against the bare endpoint,
   rounds alternated. Target: ≥ 500 pages/s.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from _harness import ROOT, measure_pair, report, row, setup_django

TARGET_MS = 50.0
TARGET_PER_S = 500.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--duration", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    import http_bench

    static_root = ROOT / "var" / "bench" / "static"
    env = http_bench.server_environment(secret_key=secrets.token_urlsafe(48), static_root=static_root)
    os.environ.update(env)
    setup_django(args.db)

    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client

    from cases.models import Case
    from geo.models import AdminUnit, Level
    from portal import opendata

    http_bench.ensure_dataset(args.scale)
    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest storage names the pages' assets
    try:
        cat, generation_s = opendata.current_catalogue(), None  # a release of today: reused
    except opendata.Stale:
        started = time.perf_counter()
        cat = opendata.generate()
        generation_s = round(time.perf_counter() - started, 1)
    counts = {d["dct:identifier"]: d["rows"] for d in cat["dcat:dataset"]}
    print(f"open data generated in {generation_s} s: {counts}; cases {Case.objects.count()}")

    today = time.strftime("%Y-%m-%d")
    busiest = (
        Case.objects.filter(unit__level=Level.COMMUNE, unit__valid_to__gte=today)
        .values("unit_id")
        .annotate(n=Count("kind"))
        .order_by("-n")
        .first()["unit_id"]
    )
    commune = AdminUnit.objects.select_related("province").get(pk=busiest)
    province = commune.province
    client = Client(HTTP_HOST="127.0.0.1")
    pages = [
        ("portal home /", "/"),
        ("portal search 'dan van kheo'", "/cong-khai/tim-kiem/?q=dan+van+kheo"),
        ("answer rates, country", "/cong-khai/ket-qua-tra-loi/"),
        (f"answer rates, province {province.code}", f"/cong-khai/ket-qua-tra-loi/?tinh={province.code}"),
        (f"place page, commune {commune.code}", f"/cong-khai/dia-ban/?don-vi={commune.code}"),
        ("public map data (all topics)", "/cong-khai/ban-do/du-lieu.json"),
        ("open-data page", "/du-lieu-mo/"),
        ("feedback form with map pin", "/gui-y-kien/"),
    ]

    def bare():
        r = client.get("/_bench/bare/")
        assert r.status_code == 200

    rows = []
    for name, url in pages:
        first = client.get(url)
        assert first.status_code == 200, (url, first.status_code)

        def fetch(url=url):
            client.get(url)

        measured, floor = measure_pair(fetch, bare, iterations=args.iterations)
        rows.append(row(name, measured, floor, TARGET_MS))
        print(f"  {name}: p95 {measured['p95_ms']:.1f} ms (floor {floor['p95_ms']:.1f})", flush=True)

    if not args.skip_http:
        if shutil.which("wrk") is None:
            raise SystemExit("wrk không có trên máy: apt-get install wrk")
        workdir = Path(tempfile.mkdtemp(prefix="danvan-portal-bench-"))
        server = http_bench.Server(
            port=http_bench.free_port(),
            workers=args.workers,
            threads=args.threads,
            env=dict(os.environ),
            log=workdir / "gunicorn.log",
        )
        try:
            server.wait_ready()
            home = http_bench.Scenario("portal home / under gunicorn (anonymous)", [("GET", "/", "")])
            floor = http_bench.Scenario("bare Django JSON endpoint", [("GET", http_bench.BARE_PATH, "")])
            for s in (floor, home):
                http_bench.check_once(server.base, s)
                http_bench.settle(
                    http_bench.run_wrk(server.base, s, duration=2, connections=8, max_requests=2000, workdir=workdir)
                )
            runs: tuple[list[dict], list[dict]] = ([], [])
            for i in range(args.rounds):
                for which in (home, floor) if i % 2 == 0 else (floor, home):
                    result = http_bench.run_wrk(
                        server.base, which, duration=args.duration, connections=8, max_requests=50_000, workdir=workdir
                    )
                    runs[0 if which is home else 1].append(result)
                    http_bench.settle(result)
            measured, bare_run = http_bench.combine_rounds(runs[0]), http_bench.combine_rounds(runs[1])
            r = http_bench.http_row(home, measured, bare_run, rss_mb=None)
            r["throughput_target_per_s"] = TARGET_PER_S
            r["met"] = r["met"] and measured["throughput_per_s"] >= TARGET_PER_S
            rows.append(r)
            print(f"  {home.name}: {measured['throughput_per_s']:.0f}/s (bare {bare_run['throughput_per_s']:.0f}/s)")
        finally:
            server.stop()

    path = report("portal", args.db, rows)
    import json

    data = json.loads(path.read_text())
    data["dataset"] = {"cases": Case.objects.count(), "opendata_rows": counts, "opendata_generation_s": generation_s}
    data["server"] = {"workers": args.workers, "threads": args.threads, "rounds": args.rounds}
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False))
    print(path)


if __name__ == "__main__":
    main()
