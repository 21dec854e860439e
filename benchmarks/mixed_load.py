"""Mixed load through gunicorn for a fixed time, on each way of configuring the database (issue 18, "Done when").

Citizens send cases (the public form with its CSRF token, and the API) and look them up (the status page and the
API); officers open their queue (page and API) and the practice list pages. Nothing may answer 5xx, and afterwards
the database holds exactly the cases whose submission was acknowledged — no fewer, no more.

Configurations (each on a fresh database, migrated and seeded as the reliability tests do, tests/reliability/live.py):

- ``sqlite-default``: neither DATABASE_URL nor SQLITE_PATH, the file under DANVAN_VAR_DIR;
- ``sqlite-url``: ``DATABASE_URL=sqlite:////…/danvan.sqlite3``;
- ``postgres-url``: ``DATABASE_URL=postgres://…`` (a database of its own beside BENCH_DATABASE_URL's, dropped after).

    .venv/bin/python benchmarks/mixed_load.py --db sqlite            # sqlite-default and sqlite-url
    .venv/bin/python benchmarks/mixed_load.py --db postgres          # postgres-url
    .venv/bin/python benchmarks/mixed_load.py --config sqlite-url --seconds 10

Per configuration it prints (and writes to results/<date>-mixed_load-<db>.json) the requests by status, the 5xx
count, acknowledged submissions against rows, throughput and p50/p95 latency per kind of request. It exits 1 when any
configuration saw a 5xx, an exception in a client, or a difference between acknowledged submissions and rows.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks._harness import RESULTS, calibration_ms, cpu_model  # noqa: E402
from tests.reliability.live import (  # noqa: E402
    PYTHON,
    Client,
    Database,
    Server,
    _pg_admin,
    _run,
    _with_database,
    base_env,
)

CONFIGS = {"sqlite": ("sqlite-default", "sqlite-url"), "postgres": ("postgres-url",)}
TOPICS = ("giao-thong", "moi-truong", "dat-dai")


class SqliteByDefault(Database):
    """The file settings.py picks when nothing names a database: DANVAN_VAR_DIR/danvan.sqlite3."""

    def env(self) -> dict:
        return {}


class SqliteByUrl(Database):
    def env(self) -> dict:
        return {"DATABASE_URL": "sqlite:///" + self.location}


def make_database(config: str, workdir: Path) -> Database:
    if config == "sqlite-default":
        return SqliteByDefault("sqlite", str(workdir / "var" / "danvan.sqlite3"))
    if config == "sqlite-url":
        return SqliteByUrl("sqlite", str(workdir / "mixed.sqlite3"))
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/danvan_bench")
    name = urllib.parse.urlsplit(url).path.lstrip("/") + "_mixed"
    with _pg_admin(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return Database("postgresql", _with_database(url, name))


def drop_database(db: Database) -> None:
    if db.vendor == "postgresql":
        name = urllib.parse.urlsplit(db.location).path.lstrip("/")
        with _pg_admin(db.location) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Ledger:
    """Every answer with its latency, and every submission the server acknowledged."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)
    latencies: dict = field(default_factory=lambda: defaultdict(list))
    server_errors: list = field(default_factory=list)
    client_errors: list = field(default_factory=list)
    codes: list = field(default_factory=list)

    def timed(self, kind: str, call, *args, **kw):
        start = time.perf_counter()
        response = call(*args, **kw)
        elapsed = (time.perf_counter() - start) * 1000
        with self.lock:
            self.statuses[response.status_code] += 1
            self.latencies[kind].append(elapsed)
            if response.status_code >= 500:
                self.server_errors.append((kind, response.status_code, response.text[:500]))
        return response

    def acknowledged(self, code: str) -> None:
        with self.lock:
            self.codes.append(code)


def quantiles(samples: list[float]) -> dict:
    if len(samples) < 2:
        return {"n": len(samples), "p50_ms": samples[0] if samples else None, "p95_ms": samples[0] if samples else None}
    q = statistics.quantiles(sorted(samples), n=100)
    return {"n": len(samples), "p50_ms": round(q[49], 2), "p95_ms": round(q[94], 2)}


def workload(server: Server, seed: dict, topic_ids: dict, ledger: Ledger):
    communes = seed["communes"]

    def citizen(rnd: random.Random) -> None:
        """One submission (half by the public form, half by the API), then a status lookup of it."""
        client = Client(server)
        commune = rnd.choice(communes)
        topic = rnd.choice(TOPICS)
        fields = {
            "kind": rnd.choice(("feedback", "petition")),
            "unit": commune["code"],
            "title": f"Ý kiến về đường thôn {rnd.randint(1, 999)}",
            "content": "Đoạn đường trước nhà văn hóa bị sụt lún, đề nghị sửa chữa.",
        }
        if rnd.random() < 0.5:
            ledger.timed("form page", client.get, "/gui-y-kien/")
            token = client.http.cookies.get("csrftoken")
            data = {**fields, "topic": str(topic_ids[topic]), "people_count": "1", "csrfmiddlewaretoken": token}
            referer = {"Referer": server.url + "/gui-y-kien/"}
            sent = ledger.timed("submit (form)", client.post, "/gui-y-kien/", data=data, headers=referer)
            if sent.status_code == 302 and "/da-gui/" in sent.headers.get("Location", ""):
                code = sent.headers["Location"].rstrip("/").rsplit("/", 1)[1]
                ledger.acknowledged(code)
                ledger.timed("lookup (page)", client.get, f"/gui-y-kien/tra-cuu/?ma={code}")
        else:
            sent = ledger.timed("submit (API)", client.post, "/api/v1/cases/intake/", json={**fields, "topic": topic})
            if sent.status_code == 201:
                code = sent.json()["code"]
                ledger.acknowledged(code)
                ledger.timed("lookup (API)", client.post, "/api/v1/cases/track/", json={"code": code})

    def looker(rnd: random.Random) -> None:
        """Someone following a case already sent (or trying a code that does not exist)."""
        client = Client(server)
        with ledger.lock:
            code = rnd.choice(ledger.codes) if ledger.codes else "XX0000000"
        if rnd.random() < 0.5:
            ledger.timed("lookup (page)", client.get, f"/gui-y-kien/tra-cuu/?ma={code}")
        else:
            ledger.timed("lookup (API)", client.post, "/api/v1/cases/track/", json={"code": code})

    def officer(commune: dict, suffix: str):
        username = f"ubnd.{commune['code']}.{suffix}"
        user = seed["users"][username]
        api = Client(server, token=user["token"])
        page = Client(server, session=user["session"])

        def work(rnd: random.Random) -> None:
            ledger.timed("queue page", page.get, "/y-kien/")
            ledger.timed("queue API", api.get, "/api/v1/cases/?status=received")
            ledger.timed("practice list page", page.get, "/dan-van-kheo/")
            ledger.timed("practice list API", api.get, "/api/v1/practices/")

        return work

    return [citizen, citizen, citizen, looker, looker, officer(communes[0], "a"), officer(communes[1], "b")]


def run_for(seconds: float, workers, ledger: Ledger) -> float:
    stop = time.monotonic() + seconds

    def loop(work, index: int) -> None:
        rnd = random.Random(index)  # noqa: S311 - load, not secrets
        while time.monotonic() < stop:
            try:
                work(rnd)
            except Exception as e:  # noqa: BLE001 - a client-side failure is counted and reported
                with ledger.lock:
                    ledger.client_errors.append(repr(e)[:300])

    threads = [threading.Thread(target=loop, args=(w, i)) for i, w in enumerate(workers)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - started


def run_config(config: str, seconds: float) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=f"danvan-mixed-{config}-"))
    db = make_database(config, workdir)
    server = None
    try:
        env = {**base_env(workdir), **db.env()}
        _run([PYTHON, "manage.py", "migrate", "--noinput"], env)
        seed_file = workdir / "seed.json"
        _run([PYTHON, "-m", "tests.reliability.seed", str(seed_file)], env)
        seed = json.loads(seed_file.read_text())
        topic_ids = dict(db.sql("SELECT code, id FROM cases_topic"))
        before = db.sql("SELECT count(*) FROM cases_case")[0][0]
        server = Server(db, workdir).start()
        ledger = Ledger()
        elapsed = run_for(seconds, workload(server, seed, topic_ids, ledger), ledger)
        server.stop()
        stored = Counter(code for (code,) in db.sql("SELECT code FROM cases_case"))
        sent = Counter(code.replace("-", "") for code in ledger.codes)
        total = sum(ledger.statuses.values())
        every = [ms for samples in ledger.latencies.values() for ms in samples]
        result = {
            "config": config,
            "seconds": round(elapsed, 1),
            "requests": total,
            "throughput_per_s": round(total / elapsed, 1),
            "statuses": {str(k): v for k, v in sorted(ledger.statuses.items())},
            "server_errors": len(ledger.server_errors),
            "server_error_samples": ledger.server_errors[:5],
            "client_errors": len(ledger.client_errors),
            "client_error_samples": ledger.client_errors[:5],
            "acknowledged": len(ledger.codes),
            "rows": sum(stored.values()) - before,
            "lost": sum((sent - stored).values()),
            "unacknowledged_rows": sum((stored - sent).values()) - before,
            "overall": quantiles(every),
            "kinds": {kind: quantiles(samples) for kind, samples in sorted(ledger.latencies.items())},
            "server_log_errors": server.server_errors()[-2000:],
        }
        result["ok"] = (
            result["server_errors"] == 0
            and result["client_errors"] == 0
            and result["lost"] == 0
            and result["unacknowledged_rows"] == 0
            and result["acknowledged"] > 0
        )
        return result
    finally:
        if server is not None:
            server.stop()
        drop_database(db)
        shutil.rmtree(workdir, ignore_errors=True)


def print_result(r: dict) -> None:
    print(f"\n== {r['config']}: {r['requests']} requests in {r['seconds']} s ({r['throughput_per_s']}/s)")
    print(f"   statuses {r['statuses']}; 5xx {r['server_errors']}; client exceptions {r['client_errors']}")
    print(f"   acknowledged submissions {r['acknowledged']}, rows {r['rows']} (lost {r['lost']})")
    print(f"   {'kind':<22} {'n':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, q in [("all", r["overall"]), *r["kinds"].items()]:
        print(f"   {kind:<22} {q['n']:>6} {q['p50_ms'] or 0:>8.1f} {q['p95_ms'] or 0:>8.1f}")
    for sample in r["server_error_samples"] + r["client_error_samples"]:
        print("   !", sample)
    print("   " + ("ok" if r["ok"] else "FAILED"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=sorted(CONFIGS), default=None)
    parser.add_argument("--config", choices=[c for cs in CONFIGS.values() for c in cs], action="append")
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("MIXED_LOAD_SECONDS", "60")))
    args = parser.parse_args(argv)
    configs = args.config or (CONFIGS[args.db] if args.db else [c for cs in CONFIGS.values() for c in cs])

    results = []
    for config in configs:
        result = run_config(config, args.seconds)
        print_result(result)
        results.append(result)

    by_db = defaultdict(list)
    for r in results:
        by_db["postgres" if r["config"].startswith("postgres") else "sqlite"].append(r)
    RESULTS.mkdir(parents=True, exist_ok=True)
    for db, rs in by_db.items():
        rows = [
            {
                "name": f"mixed load, {r['config']} ({r['requests']} requests, 5xx {r['server_errors']}, "
                f"acknowledged {r['acknowledged']} = rows {r['rows']})",
                "p50_ms": r["overall"]["p50_ms"],
                "p95_ms": r["overall"]["p95_ms"],
                "throughput_per_s": r["throughput_per_s"],
                "met": r["ok"],  # no latency target: the summary shows "no target" or "wrong answers"
            }
            for r in rs
        ]
        path = RESULTS / f"{time.strftime('%Y-%m-%d')}-mixed_load-{db}.json"
        document = {
            "benchmark": "mixed_load",
            "db": db,
            "cpus": os.cpu_count(),
            "cpu_model": cpu_model(),
            "calibration_ms": calibration_ms(),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "rows": rows,
            "configs": rs,
        }
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False))
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
