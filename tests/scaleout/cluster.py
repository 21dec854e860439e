"""A national topology in miniature, on 127.0.0.1: a PostgreSQL primary and a streaming replica made with
``initdb`` and ``pg_basebackup``, PgBouncer in transaction mode in front of both, N gunicorn app servers and nginx in
front of them — Debian's own packages, each on a free port, each in a temporary directory removed afterwards.

PostgreSQL and PgBouncer refuse to run as root; when the tests run as root (CI here) they run as the ``postgres``
user, which owns their directories.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.reliability.live import Database, Server, free_port

DBNAME = "danvan"


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise FileNotFoundError(name)
    return found[-1]


def missing_tools() -> list[str]:
    missing = [
        name for name in ("initdb", "pg_ctl", "pg_basebackup") if not glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    ]
    missing += [path for path in ("/usr/sbin/pgbouncer", "/usr/sbin/nginx") if not os.path.exists(path)]
    return missing


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _give_to_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


def run(args: list[str], *, timeout: float = 120) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


@dataclass
class Postgres:
    """One PostgreSQL server (primary or standby) in ``directory`` on ``port``."""

    directory: Path
    port: int
    log: Path = field(init=False)

    def __post_init__(self):
        self.log = self.directory.parent / f"{self.directory.name}.log"

    def start(self) -> None:
        self.log.touch()
        _give_to_postgres(self.log)
        run(_as_postgres([pg_bin("pg_ctl"), "-D", str(self.directory), "-l", str(self.log), "-w", "-t", "60", "start"]))

    def stop(self, mode: str = "fast") -> None:
        with contextlib.suppress(RuntimeError):
            run(_as_postgres([pg_bin("pg_ctl"), "-D", str(self.directory), "-m", mode, "-w", "stop"]))

    def url(self, dbname: str = DBNAME) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def sql(self, query: str, params=()) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            cur = conn.execute(query, params)
            return list(cur.fetchall()) if cur.description else []


def make_primary(workdir: Path) -> Postgres:
    directory = workdir / "primary"
    directory.mkdir()
    _give_to_postgres(directory)
    _give_to_postgres(workdir)
    run(
        _as_postgres(
            [pg_bin("initdb"), "-D", str(directory), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]
        )
    )
    primary = Postgres(directory, free_port())
    settings = {
        "port": primary.port,
        "listen_addresses": "'127.0.0.1'",
        "unix_socket_directories": f"'{workdir}'",
        "wal_level": "replica",
        "max_wal_senders": 5,
        "hot_standby": "on",
        # A test cluster: durability of this machine's disk is not what is tested.
        "fsync": "off",
        "full_page_writes": "off",
        "max_connections": 200,
    }
    with (directory / "postgresql.conf").open("a") as conf:
        conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
    primary.start()
    run(["psql", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres", "-c", f"CREATE DATABASE {DBNAME}"])
    return primary


def make_replica(workdir: Path, primary: Postgres) -> Postgres:
    directory = workdir / "replica"
    run(
        _as_postgres(
            [
                pg_bin("pg_basebackup"),
                "-h",
                "127.0.0.1",
                "-p",
                str(primary.port),
                "-U",
                "postgres",
                "-D",
                str(directory),
            ]
            + ["-R", "-X", "stream", "--no-sync", "--checkpoint=fast"]
        )
    )
    replica = Postgres(directory, free_port())
    with (directory / "postgresql.conf").open("a") as conf:
        conf.write(f"port = {replica.port}\n")
    replica.start()
    return replica


@dataclass
class Bouncer:
    """PgBouncer in transaction mode, one process in front of each server, as in production: ``danvan`` on one port
    reaches the primary, ``danvan_replica`` on another the replica. The replica's pooler gives up on a dead server
    within seconds (a read that cannot be served there is retried on the primary by lib.replicas); the primary's
    waits as long as PgBouncer's defaults say."""

    workdir: Path
    primary: Postgres
    replica: Postgres
    port: int = 0
    replica_port: int = 0
    procs: list = field(default_factory=list)

    def _start_one(self, name: str, dbname: str, target: Postgres, extra: str) -> int:
        port = free_port()
        ini = self.workdir / f"pgbouncer-{name}.ini"
        users = self.workdir / "userlist.txt"
        log = self.workdir / f"pgbouncer-{name}.log"
        users.write_text('"postgres" ""\n')
        ini.write_text(
            "[databases]\n"
            f"{dbname} = host=127.0.0.1 port={target.port} dbname={DBNAME}\n"
            "[pgbouncer]\n"
            f"listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n"
            f"auth_type = trust\nauth_file = {users}\npool_mode = transaction\n"
            "max_client_conn = 400\ndefault_pool_size = 20\n"
            "ignore_startup_parameters = extra_float_digits\n"
            f"logfile = {log}\n{extra}"
        )
        log.touch()
        for path in (ini, users, log):
            _give_to_postgres(path)
        proc = subprocess.Popen(_as_postgres(["/usr/sbin/pgbouncer", "-q", str(ini)]), start_new_session=True)  # noqa: S603
        self.procs.append(proc)
        url = f"postgres://postgres@127.0.0.1:{port}/{dbname}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                import psycopg

                psycopg.connect(url, connect_timeout=2).close()
                return port
            time.sleep(0.2)
        raise RuntimeError("pgbouncer did not start:\n" + log.read_text()[-2000:])

    def start(self) -> None:
        self.port = self._start_one("primary", DBNAME, self.primary, "")
        fail_fast = "server_connect_timeout = 2\nserver_login_retry = 1\nquery_wait_timeout = 3\n"
        self.replica_port = self._start_one("replica", f"{DBNAME}_replica", self.replica, fail_fast)

    def url(self, replica: bool = False) -> str:
        if replica:
            return f"postgres://postgres@127.0.0.1:{self.replica_port}/{DBNAME}_replica"
        return f"postgres://postgres@127.0.0.1:{self.port}/{DBNAME}"

    def stop(self) -> None:
        for proc in self.procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        self.procs = []


class ClusterDatabase(Database):
    """What an app server is told: the primary and the replica, both through PgBouncer."""

    def __init__(self, bouncer: Bouncer, *, replica: bool = True):
        super().__init__("postgresql", bouncer.url())
        self.bouncer = bouncer
        self.with_replica = replica

    def env(self) -> dict:
        env = {
            "DATABASE_URL": self.bouncer.url(),
            # Transaction pooling: a server-side cursor cannot outlive its transaction.
            "DB_DISABLE_SERVER_SIDE_CURSORS": "true",
            "DATABASE_REPLICA_CHECK_SECONDS": "0.5",
        }
        if self.with_replica:
            env["DATABASE_REPLICA_URLS"] = self.bouncer.url(replica=True)
        return env


@dataclass
class Nginx:
    """nginx on a free port, balancing over the app servers (round robin)."""

    workdir: Path
    servers: list[Server]
    port: int = 0
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.port = free_port()
        prefix = self.workdir / "nginx"
        prefix.mkdir(exist_ok=True)
        upstream = "".join(f"    server 127.0.0.1:{s.port} max_fails=1 fail_timeout=2s;\n" for s in self.servers)
        conf = prefix / "nginx.conf"
        conf.write_text(
            ("user root;\n" if os.geteuid() == 0 else "") + "worker_processes 1;\n"
            f"pid {prefix}/nginx.pid;\nerror_log {prefix}/error.log warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            f"  access_log off;\n  client_body_temp_path {prefix}/body;\n  proxy_temp_path {prefix}/proxy;\n"
            f"  fastcgi_temp_path {prefix}/fcgi;\n  uwsgi_temp_path {prefix}/uwsgi;\n  scgi_temp_path {prefix}/scgi;\n"
            f"  upstream danvan {{\n{upstream}  }}\n"
            "  server {\n"
            f"    listen 127.0.0.1:{self.port};\n"
            "    client_max_body_size 30m;\n"
            "    location / {\n"
            "      proxy_pass http://danvan;\n"
            "      proxy_set_header Host $http_host;\n"
            "      proxy_set_header X-Forwarded-Proto $scheme;\n"
            # A GET that found a dead server is tried on the other one; a POST never is (nginx's default: a
            # non-idempotent request is not repeated), so a submission is acknowledged at most once.
            "      proxy_next_upstream error timeout http_502;\n"
            "    }\n"
            "  }\n"
            "}\n"
        )
        self.proc = subprocess.Popen(  # noqa: S603
            ["/usr/sbin/nginx", "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"], start_new_session=True
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError("nginx did not answer:\n" + (prefix / "error.log").read_text()[-2000:])

    def stop(self) -> None:
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
            self.proc = None
