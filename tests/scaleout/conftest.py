"""The scale-out harness: built once per module and torn down afterwards (see cluster.py).

It runs where PostgreSQL's server binaries, PgBouncer and nginx are installed and ``DANVAN_SCALEOUT=1`` asks for it
(``make scaleout``, which .ci/run calls once); the ordinary suite skips it, so it does not run twice in CI.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.reliability.live import PYTHON, ROOT, Client, Server, Worker, _run, base_env
from tests.scaleout.cluster import Bouncer, ClusterDatabase, Nginx, Postgres, make_primary, make_replica, missing_tools

pytestmark = pytest.mark.scaleout


def pytest_collection_modifyitems(config, items):
    reason = None
    if os.environ.get("DANVAN_SCALEOUT") != "1":
        reason = "the scale-out harness runs with DANVAN_SCALEOUT=1 (make scaleout)"
    elif missing_tools():
        reason = "not installed: " + ", ".join(missing_tools())
    if reason:
        for item in items:
            if "tests/scaleout" in str(item.fspath):
                item.add_marker(pytest.mark.skip(reason=reason))


@dataclass
class Cluster:
    workdir: Path
    primary: Postgres
    replica: Postgres
    bouncer: Bouncer
    servers: list[Server]
    nginx: Nginx
    seed: dict
    db: ClusterDatabase
    workers: list[Worker] = field(default_factory=list)

    def client(self, username: str | None = None, *, html: bool = True, server: Server | None = None) -> Client:
        target = server or self.nginx
        if username is None:
            return Client(target)
        user = self.seed["users"][username]
        return Client(target, session=user["session"]) if html else Client(target, token=user["token"])

    def worker(self, *args: str, extra_env=None) -> Worker:
        directory = self.workdir / f"worker-{len(self.workers)}"
        directory.mkdir(exist_ok=True)
        made = Worker(self.db, directory, *args, extra_env=extra_env)
        self.workers.append(made)
        return made


@pytest.fixture(scope="module")
def cluster():
    workdir = Path(tempfile.mkdtemp(prefix="danvan-scaleout-"))
    started: list = []
    try:
        primary = make_primary(workdir)
        started.append(primary)
        env = {**base_env(workdir), "DATABASE_URL": primary.url()}
        _run([PYTHON, "manage.py", "migrate", "--noinput"], env)
        _run([PYTHON, "-m", "tests.reliability.seed", str(workdir / "seed.json")], env)
        seed = json.loads((workdir / "seed.json").read_text())
        replica = make_replica(workdir, primary)
        started.append(replica)
        bouncer = Bouncer(workdir, primary, replica)
        bouncer.start()
        started.append(bouncer)
        db = ClusterDatabase(bouncer)
        servers = []
        for name in ("a", "b"):
            (workdir / name).mkdir()
            server = Server(db, workdir / name, workers=2, threads=4)
            server.start()
            started.append(server)
            servers.append(server)
        nginx = Nginx(workdir, servers)
        nginx.start()
        started.append(nginx)
        made = Cluster(workdir, primary, replica, bouncer, servers, nginx, seed, db)
        yield made
        for worker in made.workers:
            worker.kill9()
    finally:
        for part in reversed(started):
            part.stop()
        if os.environ.get("DANVAN_SCALEOUT_KEEP") != "1":  # keep the servers' logs to read after a failure
            shutil.rmtree(workdir, ignore_errors=True)


__all__ = ["ROOT"]
