"""A tiny timing harness: p50/p95/p99 of a callable, paired with its floor (raw SQL)."""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def setup_django(db: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings")
    # As the server runs: with DEBUG on, Django formats and keeps every statement it sends (connection.queries),
    # a cost of the development server only.
    os.environ.setdefault("DEBUG", "0")
    if db == "postgres":
        os.environ["DATABASE_URL"] = os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/danvan_bench"
        )
    else:
        os.environ.pop("DATABASE_URL", None)
        bench_dir = ROOT / "var" / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        os.environ["SQLITE_PATH"] = os.environ.get("BENCH_SQLITE_PATH", str(bench_dir / "bench.sqlite3"))
    # The bench databases' own files (open-data releases, uploads): never the development server's var/media, whose
    # release of a demo database would be taken for the bench's, nor one database's for the other's.
    os.environ.setdefault("MEDIA_ROOT", str(ROOT / "var" / "bench" / f"media-{db}"))
    import django

    django.setup()
    # As the server does after loading the app (danvan/wsgi.py): the objects made at start-up live as long as the
    # process, so they leave the garbage collector's generations. Otherwise a full collection walking them lands in
    # whichever measurement is running (pauses of 13–45 ms were seen inside the reports benchmark).
    gc.collect()
    gc.freeze()


def measure(fn, *, iterations: int = 300, warmup: int = 20) -> dict:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(iterations):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return _quantiles(samples)


def measure_pair(fn, floor_fn, *, iterations: int = 300, warmup: int = 20) -> tuple[dict, dict]:
    """Time ``fn`` and its floor alternately, so that a change in the machine's load (other
    processes on a shared 2-core machine) falls on both alike and the ratio stays meaningful."""
    for _ in range(warmup):
        fn()
        floor_fn()
    samples: tuple[list[float], list[float]] = ([], [])
    for i in range(iterations * 2):
        which = i % 2
        start = time.perf_counter()
        (floor_fn if which else fn)()
        samples[which].append((time.perf_counter() - start) * 1000)
    return _quantiles(samples[0]), _quantiles(samples[1])


def _quantiles(samples: list[float]) -> dict:
    samples = sorted(samples)
    q = statistics.quantiles(samples, n=100)
    total_s = sum(samples) / 1000
    return {
        "p50_ms": round(q[49], 3),
        "p95_ms": round(q[94], 3),
        "p99_ms": round(q[98], 3),
        "n": len(samples),
        # One client, back to back: how many of these one connection completes per second.
        "throughput_per_s": round(len(samples) / total_s, 1) if total_s else None,
    }


def peak_rss_mb() -> float:
    """Peak resident memory of this process (the benchmark and the ORM it drives), in MiB."""
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def calibration_ms(repeat: int = 7) -> float:
    """The best of ``repeat`` timings of a fixed pure-Python workload: how fast this machine's core is right now.

    The targets are absolute (ms), and these machines differ from session to session and from minute to minute: on
    one session's machine this figure read 59–112 ms from one run to the next, nothing else of ours running, and its
    floors were 1.5–3× those of the session before. A result carries the figure so that runs can be compared; it is
    not used in any ratio."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        table: dict[int, int] = {}
        for i in range(300_000):
            table[i % 1000] = table.get(i % 1000, 0) + len(str(i))
        best = min(best, time.perf_counter() - start)
    return round(best * 1000, 1)


def report(name: str, db: str, rows: list[dict]) -> Path:
    print(f"\n{name} — {db}")
    print(f"{'measurement':<44} {'p50':>8} {'p95':>8} {'floor p95':>10} {'ratio':>6} {'target':>8}  met")
    for r in rows:
        # HTTP rows have no latency target (theirs is a throughput ratio): "–" there.
        target = "–" if r["target_p95_ms"] is None else f"{r['target_p95_ms']:.1f}"
        print(
            f"{r['name']:<44} {r['p50_ms']:>8.3f} {r['p95_ms']:>8.3f} {r['floor']['p95_ms']:>10.3f} "
            f"{r['ratio_p95']:>6.2f} {target:>8}  {'yes' if r['met'] else 'NO'}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{time.strftime('%Y-%m-%d')}-{name}-{db}.json"
    path.write_text(
        json.dumps(
            {
                "benchmark": name,
                "db": db,
                "machine": platform.platform(),
                "python": platform.python_version(),
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


def row(
    name: str, measured: dict, floor: dict, target_p95_ms: float | None, *, ratio_target: float | None = None
) -> dict:
    """One result. With ``ratio_target``, it is met only within that multiple of the floor — or
    within 2 ms of it when the floor is under 1 ms (the ORM alone costs about 1 ms). Without either
    target the row is measured for information (the summary says "no target")."""
    ratio = measured["p95_ms"] / floor["p95_ms"] if floor["p95_ms"] else float("inf")
    near_floor = floor["p95_ms"] < 1 and measured["p95_ms"] - floor["p95_ms"] <= 2
    ratio_met = ratio_target is None or ratio <= ratio_target or near_floor
    return {
        "name": name,
        **measured,
        "floor": floor,
        "ratio_p95": round(ratio, 2),
        "target_p95_ms": target_p95_ms,
        "ratio_target": ratio_target,
        "met": (target_p95_ms is None or measured["p95_ms"] <= target_p95_ms) and ratio_met,
    }
