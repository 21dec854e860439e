"""A real DanVan for the load and fault tests: a database of its own and gunicorn in a subprocess.

``Template`` migrates and seeds one database per test session (SQLite: a file; PostgreSQL: a database named
uniquely, dropped at the end); each test gets a copy (``Template.copy``: a file copy, or ``CREATE DATABASE …
TEMPLATE``). ``Server`` runs gunicorn on 127.0.0.1 and a free port against that copy and can be killed with
SIGKILL — master and workers, the whole process group — and started again. ``Site.sql`` reads the database
directly, so what the tests check is what was committed, not what a server process holds in memory.

Fault injection: ``Server(fault=Fault(...))`` runs gunicorn through ``tests.reliability.faults``, which pauses
the process after the N-th call of a function (inside the caller's transaction) and signals it with a file.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _with_database(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def _pg_admin(url: str):
    import psycopg

    return psycopg.connect(_with_database(url, "postgres"), autocommit=True)


def _run(args: list[str], env: dict, *, timeout: float = 600) -> subprocess.CompletedProcess:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def base_env(workdir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
    env.update(
        DJANGO_SETTINGS_MODULE="danvan.settings",
        DEBUG="false",
        DANVAN_VAR_DIR=str(workdir / "var"),
        # Every client of these tests is 127.0.0.1: the per-address limits of public submissions and of status
        # lookups would refuse them.
        CASES_RATE_LIMIT="1000000",
        CASES_LOOKUP_RATE="1000000/minute",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    (workdir / "var").mkdir(parents=True, exist_ok=True)
    return env


@dataclass
class Database:
    """One database the server and the checks use: a SQLite file or a PostgreSQL database."""

    vendor: str
    location: str  # file path or database URL

    def env(self) -> dict:
        return {"DATABASE_URL": self.location} if self.vendor == "postgresql" else {"SQLITE_PATH": self.location}

    @contextlib.contextmanager
    def connect(self):
        if self.vendor == "postgresql":
            import psycopg

            conn = psycopg.connect(self.location, autocommit=True)
        else:
            conn = sqlite3.connect(self.location, timeout=30, isolation_level=None)
        try:
            yield conn
        finally:
            conn.close()

    def sql(self, query: str, params: tuple | list = ()) -> list[tuple]:
        """Run ``query`` (placeholders written ``%s``) and return every row."""
        with self.connect() as conn:
            if self.vendor == "sqlite":
                query = query.replace("%s", "?")
            cur = conn.execute(query, params)
            return list(cur.fetchall()) if cur.description else []

    def writer_active(self) -> bool:
        """Whether some transaction holds written rows right now (the server is inside a write)."""
        if self.vendor == "postgresql":
            name = urllib.parse.urlsplit(self.location).path.lstrip("/")
            rows = self.sql(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_xid IS NOT NULL "
                "AND pid <> pg_backend_pid()",
                [name],
            )
            return rows[0][0] > 0
        conn = sqlite3.connect(self.location, timeout=0, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            conn.close()

    def manage(self, *args: str, workdir: Path, check: bool = True, timeout: float = 300, extra_env=None):
        env = {**base_env(workdir), **self.env(), **(extra_env or {})}
        if check:
            return _run([PYTHON, "manage.py", *args], env, timeout=timeout)
        return subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
        )


class Template:
    """A migrated, seeded database made once per session; ``copy`` hands each test its own."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.made: list[Database] = []
        url = postgres_url()
        tag = f"{os.getpid()}_{secrets.token_hex(3)}"
        if url:
            self.db = Database("postgresql", _with_database(url, f"danvan_rel_{tag}_tpl"))
            with _pg_admin(url) as admin:
                admin.execute(f'CREATE DATABASE "{self._name(self.db)}"')
        else:
            self.db = Database("sqlite", str(workdir / "template.sqlite3"))
        self.made.append(self.db)
        env = {**base_env(workdir), **self.db.env()}
        _run([PYTHON, "manage.py", "migrate", "--noinput"], env)
        seed_file = workdir / "seed.json"
        _run([PYTHON, "-m", "tests.reliability.seed", str(seed_file)], env)
        self.seed = json.loads(seed_file.read_text())
        if self.db.vendor == "sqlite":
            with self.db.connect() as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.count = 0

    @staticmethod
    def _name(db: Database) -> str:
        return urllib.parse.urlsplit(db.location).path.lstrip("/")

    def copy(self) -> Database:
        self.count += 1
        if self.db.vendor == "sqlite":
            path = self.workdir / f"site-{self.count}.sqlite3"
            shutil.copyfile(self.db.location, path)
            db = Database("sqlite", str(path))
        else:
            name = f"{self._name(self.db)[:-4]}_{self.count}"
            db = Database("postgresql", _with_database(self.db.location, name))
            with _pg_admin(self.db.location) as admin:
                admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self._name(self.db)}"')
        self.made.append(db)
        return db

    def drop(self, db: Database) -> None:
        if db.vendor == "postgresql":
            with _pg_admin(db.location) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self._name(db)}" WITH (FORCE)')
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(db.location + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        for db in reversed(self.made):
            with contextlib.suppress(Exception):
                self.drop(db)


@dataclass
class Fault:
    """Pause the process after the ``after``-th call of ``target`` ("module:function") returns (or before it
    starts, with ``before``); ``setting`` ("module:NAME=int") changes a module constant first."""

    target: str
    after: int = 1
    before: bool = False
    setting: str = ""

    def env(self, signal_file: Path) -> dict:
        env = {
            "DANVAN_FAULT_TARGET": self.target,
            "DANVAN_FAULT_AFTER": str(self.after),
            "DANVAN_FAULT_FILE": str(signal_file),
            "DANVAN_FAULT_WHEN": "before" if self.before else "after",
        }
        if self.setting:
            env["DANVAN_FAULT_SET"] = self.setting
        return env


def wait_for_file(path: Path, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            text = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            raise AssertionError("the process never reached the fault point:\n" + text)
        time.sleep(0.05)


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL to a process and everything it started; wait until every one is gone."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)


class Worker:
    """A management command (a background worker) in its own process group, optionally with a fault point."""

    def __init__(self, db: Database, workdir: Path, *args: str, fault: Fault | None = None, extra_env=None):
        self.fault_file = workdir / "worker-fault-reached"
        self.fault_file.unlink(missing_ok=True)
        self.log = workdir / "worker.log"
        env = {**base_env(workdir), **db.env(), **(extra_env or {})}
        if fault is not None:
            env.update(fault.env(self.fault_file))
        self.proc = subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "tests.reliability.faults", "manage", *args],
            cwd=ROOT,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_for_fault(self, timeout: float = 120) -> None:
        wait_for_file(self.fault_file, self.log, timeout)

    def kill9(self) -> None:
        if self.proc.poll() is None:
            kill_group(self.proc)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Database, workdir: Path, *, workers: int = 2, threads: int = 4):
        self.db, self.workdir, self.workers, self.threads = db, workdir, workers, threads
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.fault_file = workdir / "fault-reached"
        self.log = workdir / "gunicorn.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, fault: Fault | None = None) -> Server:
        # The free port is not reserved: another process (in CI the other database's suite runs beside this one)
        # may bind it before gunicorn does. gunicorn then gives up ("Connection in use") and another port is tried;
        # and whatever answers on the port counts only once our master has logged that it listens there.
        for _attempt in range(3):
            if self._start_on_a_free_port(fault):
                return self
        raise RuntimeError("gunicorn found no free port in 3 attempts:\n" + self.log.read_text()[-3000:])

    def _start_on_a_free_port(self, fault: Fault | None) -> bool:
        self.port = free_port()
        env = {**base_env(self.workdir), **self.db.env()}
        app = "danvan.wsgi:application"
        self.fault_file.unlink(missing_ok=True)
        if fault is not None:
            app = "tests.reliability.faults:application"
            env.update(fault.env(self.fault_file))
        args = [str(BIN / "gunicorn"), app, "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)]
        args += ["--threads", str(self.threads), "--timeout", "300", "--graceful-timeout", "5", "--preload"]
        # A session of its own: SIGKILL goes to the master and every worker at once, as when a machine dies.
        self.proc = subprocess.Popen(  # noqa: S603
            args, cwd=ROOT, env=env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True
        )
        listening = f"Listening at: {self.url} ({self.proc.pid})"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                text = self.log.read_text(errors="replace")
                if f"Connection in use: ('127.0.0.1', {self.port})" in text:
                    self.proc = None
                    return False
                raise RuntimeError(f"gunicorn exited ({self.proc.returncode}):\n{text[-3000:]}")
            if listening in self.log.read_text(errors="replace"):
                with contextlib.suppress(requests.RequestException):
                    if requests.get(self.url + "/healthz", timeout=2).status_code == 200:
                        return True
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s:\n" + self.log.read_text()[-3000:])

    def wait_for_fault(self, timeout: float = 120) -> None:
        wait_for_file(self.fault_file, self.log, timeout)

    def kill9(self) -> None:
        """SIGKILL to the master and all workers; wait until every one is gone."""
        if self.proc is not None:
            kill_group(self.proc)
        self.proc = None

    def stop(self) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill9()
        self.proc = None

    def server_errors(self) -> str:
        """Tracebacks the server logged (a 5xx leaves one)."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(line for line in text.splitlines() if "Traceback" in line or "Error" in line)


class Client:
    """An HTTP client acting as one person: an API token or a signed-in session, or nobody (a citizen)."""

    def __init__(self, server: Server, *, token: str | None = None, session: str | None = None):
        self.server = server
        self.http = requests.Session()
        # A fresh connection per request: a kept-alive connection that gunicorn closes after its idle timeout just
        # as the client reuses it is reset — a client-side race (browsers retry), not a server failure.
        self.http.headers["Connection"] = "close"
        if token:
            self.http.headers["Authorization"] = f"Token {token}"
        if session:
            self.http.cookies.set("sessionid", session, domain="127.0.0.1")

    def get(self, path: str, **kw) -> requests.Response:
        return self.http.get(self.server.url + path, timeout=120, allow_redirects=False, **kw)

    def post(self, path: str, **kw) -> requests.Response:
        return self.http.post(self.server.url + path, timeout=300, allow_redirects=False, **kw)

    def patch(self, path: str, **kw) -> requests.Response:
        return self.http.patch(self.server.url + path, timeout=120, allow_redirects=False, **kw)

    def csrf(self, path: str) -> str:
        """GET a page to receive the CSRF cookie; return the token to post with."""
        response = self.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return self.http.cookies.get("csrftoken")

    def form_post(self, path: str, data: dict, files=None) -> requests.Response:
        token = self.csrf(path)
        return self.post(
            path, data={**data, "csrfmiddlewaretoken": token}, files=files, headers={"Referer": self.server.url + path}
        )
