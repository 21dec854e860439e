"""SQLite gets the same concurrency settings however the database is named (issue 18, item 4):
DATABASE_URL=sqlite:///… once dropped immediate transactions, the busy timeout and WAL, and under
load most public submissions then failed with 500 "database is locked"."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import json
from django.db import connection
connection.ensure_connection()
with connection.cursor() as c:
    pragmas = {p: c.execute("PRAGMA " + p).fetchone()[0]
               for p in ("journal_mode", "synchronous", "foreign_keys", "cache_size", "busy_timeout")}
options = connection.settings_dict["OPTIONS"]
print(json.dumps({"pragmas": pragmas, "mode": options.get("transaction_mode"), "vendor": connection.vendor}))
"""


def probe(tmp_path: Path, **env) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH", "DJANGO_SETTINGS_MODULE")}
    clean.update({"DANVAN_VAR_DIR": str(tmp_path), **env})
    result = subprocess.run(  # noqa: S603 - fixed argv: this interpreter and manage.py
        [sys.executable, "manage.py", "shell", "-c", PROBE],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("how", ["default path", "SQLITE_PATH", "DATABASE_URL"])
def test_sqlite_gets_its_settings_whichever_way_it_is_named(tmp_path, how):
    env = {
        "default path": {},
        "SQLITE_PATH": {"SQLITE_PATH": str(tmp_path / "named.sqlite3")},
        "DATABASE_URL": {"DATABASE_URL": f"sqlite:///{tmp_path / 'url.sqlite3'}"},
    }[how]
    seen = probe(tmp_path, **env)
    assert seen["vendor"] == "sqlite"
    assert seen["mode"] == "IMMEDIATE"
    assert seen["pragmas"] == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL
        "foreign_keys": 1,
        "cache_size": -65536,
        "busy_timeout": 20000,  # the driver's timeout, in milliseconds
    }
