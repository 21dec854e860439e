"""`make bench` / `danvan bench`: every benchmark on SQLite and, when reachable, PostgreSQL.

Each benchmark script writes its own `results/<date>-<bench>-<db>.json`. This runner then merges the newest result of
every benchmark into one file per database, `results/<date>-<db>.json`, and writes a markdown summary
(`results/<date>-summary.md`, copied to `results/SUMMARY.md`, which the README links to) listing every target as met
or not met with its ratio to the floor measured in the same run.

    python benchmarks/run.py                        # everything, both databases
    python benchmarks/run.py --db sqlite --only geo,cases
    python benchmarks/run.py --only mixed_load        # 60 s of mixed load per database configuration
    python benchmarks/run.py --summary-only         # rebuild the merged files from the newest results on disk
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
# Order matters only for reading the summary: foundation first, then the modules as the issues list them.
# mixed_load.py: 60 s of mixed load through gunicorn per database configuration (issue 18); alone with
# `make bench BENCH_ARGS="--only mixed_load"`.
# pages_bench.py (issue 19): every everyday page in process at each scale (results "pages-<scale>"), summary first.
BENCHES = [
    "pages_bench.py",
    "geo_bench.py",
    "practices_bench.py",
    "reports_bench.py",
    "cases_bench.py",
    "documents_bench.py",
    "programmes_bench.py",
    "democracy_bench.py",
    "portal_bench.py",
    "dashboards_bench.py",
    "http_bench.py",
    "mixed_load.py",
    # PostgreSQL only: replica, PgBouncer, one and two app servers behind nginx (issue 25).
    "scaleout_bench.py",
]
# The status lookups again with the lookup limit's counter in Redis (REDIS_URL), when a Redis server answers on
# loopback: results "http_redis", beside "http" (the counter in the database).
REDIS_BENCH_URL = "redis://127.0.0.1:6379/15"
EXTRA_RUNS = {"http_redis": ["http_bench.py", "--redis", REDIS_BENCH_URL, "--only", "status lookup"]}
DBS = ("sqlite", "postgres")
DB_LABEL = {"sqlite": "SQLite", "postgres": "PostgreSQL 15"}
PAGE_SCALES = ("0.1", "1.0")


def postgres_ready() -> bool:
    probe = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SELECT 1"], capture_output=True)
    if probe.returncode != 0:
        return False
    create = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", "CREATE DATABASE danvan_bench"]
    subprocess.run(create, capture_output=True)  # fails harmlessly when it exists
    return True


def redis_ready() -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def all_names() -> list[str]:
    """Every benchmark's result name in the summary's order; an extra run follows the benchmark it repeats."""
    names = [bench_name(s) for s in BENCHES]
    for name, (script, *_extra) in EXTRA_RUNS.items():
        names.insert(names.index(bench_name(script)) + 1, name)
    return names


def bench_name(script: str) -> str:
    return script.removesuffix(".py").removesuffix("_bench")


def newest_result(name: str, db: str) -> Path | None:
    """The newest per-benchmark result file (names start with an ISO date, so they sort by time)."""
    found = sorted(RESULTS.glob(f"????-??-??-{name}-{db}.json"))
    return found[-1] if found else None


def merge(db: str, names: list[str], failed: dict[str, int]) -> dict:
    """One document for a database: every benchmark's newest result, and the count of targets met."""
    merged: dict = {"db": db, "written": time.strftime("%Y-%m-%d %H:%M:%S"), "benchmarks": {}, "failed_to_run": {}}
    met = not_met = 0
    for name in names:
        if name in failed:
            merged["failed_to_run"][name] = failed[name]
        if name == "pages":
            merged["pages"] = {scale: _pages_result(db, scale) for scale in PAGE_SCALES}
            for data in merged["pages"].values():
                for r in (data or {}).get("rows", []):
                    met += bool(r.get("met"))
                    not_met += not r.get("met")
            continue
        path = newest_result(name, db)
        if path is None:
            continue
        data = json.loads(path.read_text())
        data["file"] = path.name
        merged["benchmarks"][name] = data
        for r in data.get("rows", []):
            if not has_target(r):
                continue  # measured for information (e.g. pages the issues set no throughput target for)
            if r.get("met"):
                met += 1
            else:
                not_met += 1
    merged["targets_met"] = met
    merged["targets_not_met"] = not_met
    return merged


def _pages_result(db: str, scale: str) -> dict | None:
    path = newest_result(f"pages-{scale}", db)
    if path is None:
        return None
    data = json.loads(path.read_text())
    data["file"] = path.name
    return data


def pages_table(doc: dict) -> list[str]:
    """The pages side by side at each scale: p50, p95 and queries, and whether the largest scale meets the budget."""
    results = {scale: data for scale, data in (doc.get("pages") or {}).items() if data}
    if not results:
        return []
    scales = list(results)
    names: list[str] = []
    rows: dict[tuple[str, str], dict] = {}
    for scale, data in results.items():
        for r in data.get("rows", []):
            if r["name"] not in names:
                names.append(r["name"])
            rows[(r["name"], scale)] = r
    head = " | ".join(f"{s} p50 | {s} p95 | {s} queries" for s in scales)
    lines = [
        "Pages in process (`benchmarks/pages_bench.py`: Django's test client, DEBUG off, signed in as the generated",
        "users), scales side by side. Machine speed (calibration, ms; lower is faster) when each scale ended: "
        + ", ".join(f"{s} {results[s].get('calibration_ms')} (load {results[s].get('load_average')})" for s in scales)
        + ".",
        "",
        f"| page | user | {head} | target p95 | met |",
        "|---|---|" + "---|---|---|" * len(scales) + "---|---|",
    ]
    for name in names:
        cells, user, target, met = [], "", None, []
        for scale in scales:
            r = rows.get((name, scale))
            if r is None:
                cells.append("– | – | –")
                continue
            user, target = r.get("user", ""), r.get("target_p95_ms")
            met.append(bool(r.get("met")))
            cells.append(f"{_ms(r.get('p50_ms'))} | {_ms(r.get('p95_ms'))} | {r.get('queries', '–')}")
        verdict = "yes" if met and all(met) else "**no**"
        lines.append(f"| {name} | {user} | {' | '.join(cells)} | ≤ {target:g} ms | {verdict} |")
    return [*lines, ""]


def has_target(r: dict) -> bool:
    keys = ("target_p95_ms", "ratio_target", "throughput_ratio_target", "throughput_target")
    return any(r.get(k) is not None for k in keys)


def _met(r: dict) -> str:
    if not has_target(r):
        return "no target" if r.get("met") else "**wrong answers**"
    return "yes" if r.get("met") else "**no**"


def _ms(value) -> str:
    return "–" if value is None else f"{value:,.2f}"


def _target(r: dict) -> str:
    parts = []
    if r.get("target_p95_ms") is not None:
        parts.append(f"p95 ≤ {r['target_p95_ms']:g} ms")
    if r.get("ratio_target") is not None:
        parts.append(f"≤ {r['ratio_target']:g}× floor")
    if r.get("throughput_ratio_target") is not None:
        parts.append(f"throughput ≥ {r['throughput_ratio_target']:g}× bare endpoint")
    if r.get("throughput_target") is not None:
        parts.append(f"≥ {r['throughput_target']:,.0f}/s")
    return "; ".join(parts) or "–"


def summary_markdown(docs: list[dict]) -> str:
    lines = [
        "# Benchmark summary",
        "",
        "Written by `make bench` (`benchmarks/run.py`). Every measurement is timed alternately with its floor —",
        "the same answer by hand-written SQL, or for HTTP a bare Django endpoint under the same gunicorn — in the",
        "same run, so the ratio stays meaningful on this shared, noisy 2-core machine. Read benchmarks/README.md",
        "for what each floor is. The date beside each benchmark is the day its result was measured.",
        "",
    ]
    for doc in docs:
        label = DB_LABEL.get(doc["db"], doc["db"])
        lines += [
            f"## {label}",
            "",
            f"{doc['targets_met']} targets met, {doc['targets_not_met']} not met (merged {doc['written']}).",
            "",
            *pages_table(doc),
            "Selector and HTTP benchmarks (diagnostics beside the pages):",
            "",
            "| benchmark | measurement | p50 ms | p95 ms | p99 ms | floor p95 ms | ratio | throughput/s | target "
            "| met |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name, data in doc["benchmarks"].items():
            for r in data.get("rows", []):
                floor = r.get("floor") or {}
                ratio = r.get("throughput_ratio", r.get("ratio_p95"))
                lines.append(
                    f"| {name} ({data['file'][:10]}) | {r['name']} | {_ms(r.get('p50_ms'))} | {_ms(r.get('p95_ms'))} "
                    f"| {_ms(r.get('p99_ms'))} | {_ms(floor.get('p95_ms'))} | {_ms(ratio)} "
                    f"| {_ms(r.get('throughput_per_s'))} | {_target(r)} | {_met(r)} |"
                )
        for name, code in doc["failed_to_run"].items():
            lines.append(f"| {name} | **failed to run** (exit {code}) | | | | | | | | **no** |")
        memory = {n: d.get("peak_rss_mb") for n, d in doc["benchmarks"].items() if d.get("peak_rss_mb")}
        if memory:
            lines += [
                "",
                "Peak memory of each benchmark process (MiB): " + ", ".join(f"{n} {m}" for n, m in memory.items()),
            ]
        speed = {n: d["calibration_ms"] for n, d in doc["benchmarks"].items() if d.get("calibration_ms")}
        if speed:
            models = sorted({d["cpu_model"] for d in doc["benchmarks"].values() if d.get("cpu_model")})
            lines += [
                "",
                f"Machine: {', '.join(models) or 'unknown'}. Its speed when each benchmark ended (a fixed Python loop, "
                "best of 7, ms; lower is faster — compare runs by it): "
                + ", ".join(f"{n} {v}" for n, v in speed.items()),
            ]
        lines.append("")
    return "\n".join(lines)


def write_summary(dbs: list[str], names: list[str], failed: dict[tuple[str, str], int]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    today = time.strftime("%Y-%m-%d")
    docs = []
    for db in dbs:
        doc = merge(db, names, {n: code for (n, d), code in failed.items() if d == db})
        (RESULTS / f"{today}-{db}.json").write_text(json.dumps(doc, indent=2, ensure_ascii=False))
        docs.append(doc)
    path = RESULTS / f"{today}-summary.md"
    path.write_text(summary_markdown(docs))
    shutil.copyfile(path, RESULTS / "SUMMARY.md")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=[*DBS, "all"], default="all")
    parser.add_argument("--only", default="", help="comma-separated benchmark names, e.g. geo,cases")
    parser.add_argument("--summary-only", action="store_true", help="merge the newest results on disk, run nothing")
    args = parser.parse_args(argv)

    scripts = [s for s in BENCHES if (HERE / s).exists()]
    if args.only:
        wanted = set(args.only.split(","))
        scripts = [s for s in scripts if bench_name(s) in wanted]
    if args.db == "all":
        dbs = ["sqlite"] + (["postgres"] if args.summary_only or postgres_ready() else [])
    else:
        dbs = [args.db]
        if args.db == "postgres" and not args.summary_only and not postgres_ready():
            print("PostgreSQL không trả lời tại 127.0.0.1:5432.", file=sys.stderr)
            return 2

    failed: dict[tuple[str, str], int] = {}
    if not args.summary_only:
        for script in scripts:
            for db in dbs:
                code = subprocess.run([sys.executable, str(HERE / script), "--db", db], cwd=HERE).returncode
                if code:
                    failed[(bench_name(script), db)] = code
        for name, (script, *extra) in EXTRA_RUNS.items():
            if script not in scripts or not redis_ready():
                continue
            for db in dbs:
                code = subprocess.run([sys.executable, str(HERE / script), "--db", db, *extra], cwd=HERE).returncode
                if code:
                    failed[(name, db)] = code
    # The merged files always cover every benchmark: a partial run refreshes its part of the whole picture.
    path = write_summary(dbs, all_names(), failed)
    print(f"\nSummary: {path.relative_to(HERE.parent)} (and benchmarks/results/SUMMARY.md)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
