"""Scale-out table (PostgreSQL only): pages/s of the officer's case queue, the practices list and the public home page
with one app server and with two behind nginx, with reads on the streaming replica and on the primary, and with and
without PgBouncer — on the loopback topology of tests/scaleout/cluster.py (its seed: one province, six communes).

All app servers share this machine's two cores with PostgreSQL, PgBouncer, nginx and wrk, so two servers cannot
double the throughput here: the ratio of "two" to "one" shows how much of a page is app CPU that more machines would
add. The bare endpoint (``/healthz``: one ``SELECT 1``) is measured in each configuration, alternately.

    python benchmarks/scaleout_bench.py --db postgres [--duration 3 --rounds 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from _harness import report  # noqa: E402
from http_bench import Scenario, combine_rounds, http_row, run_wrk, settle  # noqa: E402

from tests.reliability.live import PYTHON, Server, _run, base_env  # noqa: E402
from tests.scaleout.cluster import (  # noqa: E402
    Bouncer,
    ClusterDatabase,
    Nginx,
    make_primary,
    make_replica,
    missing_tools,
)


class DirectDatabase(ClusterDatabase):
    """App servers straight to the primary's port: no PgBouncer, no replica."""

    def __init__(self, bouncer: Bouncer):
        super().__init__(bouncer, replica=False)

    def env(self) -> dict:
        return {"DATABASE_URL": self.bouncer.primary.url()}


def scenarios(seed: dict) -> list[Scenario]:
    commune = seed["communes"][0]["code"]
    cookie = {"Cookie": f"sessionid={seed['users'][f'ubnd.{commune}.a']['session']}"}
    return [
        Scenario("officer's case queue", [("GET", "/y-kien/", "")], headers=cookie),
        Scenario("practices list", [("GET", "/dan-van-kheo/", "")], headers=cookie),
        Scenario("public home page", [("GET", "/", "")], expected=(200, 302)),
    ]


def measure(base: str, label: str, pages: list[Scenario], args, workdir: Path) -> list[dict]:
    bare = Scenario("bare endpoint", [("GET", "/healthz", "")])
    for s in [bare, *pages]:
        settle(run_wrk(base, s, duration=1, connections=args.connections, max_requests=500, workdir=workdir))
    rows = []
    for s in pages:
        runs: tuple[list[dict], list[dict]] = ([], [])
        for i in range(args.rounds):
            for which in (s, bare) if i % 2 == 0 else (bare, s):
                result = run_wrk(
                    base,
                    which,
                    duration=args.duration,
                    connections=args.connections,
                    max_requests=50_000,
                    workdir=workdir,
                )
                runs[0 if which is s else 1].append(result)
                settle(result)
        row = http_row(s, combine_rounds(runs[0]), combine_rounds(runs[1]), rss_mb=None)
        row["name"] = f"{s.name} — {label}"
        rows.append(row)
        print(f"  {row['name']}: {row['throughput_per_s']:.0f}/s, p95 {row['p95_ms']:.1f} ms", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--duration", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if args.db != "postgres":
        print("scale-out: PostgreSQL only (replicas and PgBouncer); nothing to do on SQLite")
        return
    if missing_tools() or shutil.which("wrk") is None:
        raise SystemExit("scale-out cần postgresql, pgbouncer, nginx, wrk: " + ", ".join(missing_tools()))

    workdir = Path(tempfile.mkdtemp(prefix="danvan-scaleout-bench-"))
    started: list = []
    rows: list[dict] = []
    try:
        primary = make_primary(workdir)
        started.append(primary)
        env = {**base_env(workdir), "DATABASE_URL": primary.url()}
        _run([PYTHON, "manage.py", "migrate", "--noinput"], env)
        _run([PYTHON, "-m", "tests.reliability.seed", str(workdir / "seed.json")], env)
        seed = json.loads((workdir / "seed.json").read_text())
        pages = scenarios(seed)
        replica = make_replica(workdir, primary)
        started.append(replica)
        bouncer = Bouncer(workdir, primary, replica)
        bouncer.start()
        started.append(bouncer)

        configurations = [
            ("one app server, reads on the replica", ClusterDatabase(bouncer), 1),
            ("two app servers, reads on the replica", ClusterDatabase(bouncer), 2),
            ("two app servers, reads on the primary", ClusterDatabase(bouncer, replica=False), 2),
            ("two app servers, primary without PgBouncer", DirectDatabase(bouncer), 2),
        ]
        for label, database, count in configurations:
            servers = []
            for n in range(count):
                (workdir / f"{label[:3]}-{n}").mkdir(exist_ok=True)
                server = Server(database, workdir / f"{label[:3]}-{n}", workers=2, threads=2).start()
                servers.append(server)
            nginx = Nginx(workdir, servers)
            nginx.start()
            try:
                rows += measure(nginx.url, label, pages, args, workdir)
            finally:
                nginx.stop()
                for server in servers:
                    server.stop()
    finally:
        for part in reversed(started):
            part.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    report("scaleout", "postgres", rows)


if __name__ == "__main__":
    main()
