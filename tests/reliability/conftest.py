"""Fixtures of the load and fault tests: a seeded template database per session, a fresh copy and a real
gunicorn server per test (see live.py)."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.reliability.live import Client, Database, Fault, Server, Template, Worker


@pytest.fixture(scope="session")
def template():
    workdir = Path(tempfile.mkdtemp(prefix="danvan-reliability-"))
    made = Template(workdir)
    yield made
    made.close()
    shutil.rmtree(workdir, ignore_errors=True)


@dataclass
class Site:
    db: Database
    server: Server
    seed: dict
    workdir: Path
    workers: list = field(default_factory=list)

    def worker(self, *args: str, fault: Fault | None = None, extra_env=None) -> Worker:
        """A management command running in the background (killed at teardown if the test left it running)."""
        made = Worker(self.db, self.workdir, *args, fault=fault, extra_env=extra_env)
        self.workers.append(made)
        return made

    def client(self, username: str | None = None, *, html: bool = False) -> Client:
        if username is None:
            return Client(self.server)
        user = self.seed["users"][username]
        return Client(self.server, session=user["session"]) if html else Client(self.server, token=user["token"])

    def sql(self, query: str, params=()):
        return self.db.sql(query, params)

    def manage(self, *args, check: bool = True, timeout: float = 300, extra_env=None):
        return self.db.manage(*args, workdir=self.workdir, check=check, timeout=timeout, extra_env=extra_env)


@contextlib.contextmanager
def _site(template, workdir: Path):
    db = template.copy()
    server = Server(db, workdir)
    made = Site(db=db, server=server, seed=template.seed, workdir=workdir)
    try:
        yield made
    finally:
        for worker in made.workers:
            worker.kill9()
        server.stop()
        template.drop(db)


@pytest.fixture
def site(template, tmp_path):
    """A fresh database and a server not yet started (a test may start it with a fault point)."""
    with _site(template, tmp_path) as made:
        yield made


@pytest.fixture(scope="module")
def running_site(template, tmp_path_factory):
    """One database and running server shared by the tests of a module (each test uses its own objects)."""
    with _site(template, tmp_path_factory.mktemp("site")) as made:
        made.server.start()
        yield made
