"""SQLite locked by a long writer: with DanVan's connection settings (WAL, IMMEDIATE transactions,
busy timeout) a second writer waits and succeeds; past its timeout it fails cleanly with a
"database is locked" error, and the database is never corrupted nor the first write lost."""

import copy
import sqlite3
import threading
import time
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.backends.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite only"
)


@pytest.fixture
def db_file(tmp_path, django_db_blocker):
    path = tmp_path / "db.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    with django_db_blocker.unblock():
        yield path


@pytest.fixture
def site_connection(db_file):
    """A connection configured exactly as the site's (settings.DATABASES), on the test file."""
    config = copy.deepcopy(settings.DATABASES["default"])
    config.update(NAME=str(db_file), TEST={}, TIME_ZONE=None, CONN_MAX_AGE=0, CONN_HEALTH_CHECKS=False)
    config.setdefault("ATOMIC_REQUESTS", False)
    config.setdefault("AUTOCOMMIT", True)
    db = DatabaseWrapper(config, alias="lock-test")
    yield db
    db.close()


@contextmanager
def transaction_on(db):
    """What transaction.atomic does on the site's connection: BEGIN IMMEDIATE … COMMIT / ROLLBACK."""
    db.ensure_connection()
    db.set_autocommit(False)
    try:
        yield
        db.commit()
    except BaseException:
        db.rollback()
        raise
    finally:
        db.set_autocommit(True)


def hold_the_lock(path, seconds: float) -> threading.Thread:
    locked = threading.Event()

    def writer():
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO note (text) VALUES ('first writer')")
        locked.set()
        time.sleep(seconds)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=writer)
    thread.start()
    assert locked.wait(5)
    return thread


def notes(path):
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [r[0] for r in conn.execute("SELECT text FROM note ORDER BY id")]


def test_a_second_writer_waits_for_the_lock_and_succeeds(db_file, site_connection):
    thread = hold_the_lock(db_file, 1.0)
    started = time.monotonic()
    with transaction_on(site_connection):
        site_connection.cursor().execute("INSERT INTO note (text) VALUES ('second writer')")
    waited = time.monotonic() - started
    thread.join()
    assert waited >= 0.5  # it queued behind the first writer…
    assert notes(db_file) == ["first writer", "second writer"]  # …and both writes are there


def test_past_its_timeout_a_writer_fails_cleanly(db_file, site_connection):
    site_connection.ensure_connection()
    site_connection.connection.execute("PRAGMA busy_timeout=200")  # the site waits 20 s; keep the test quick
    thread = hold_the_lock(db_file, 1.5)
    with pytest.raises(OperationalError, match="database is locked"), transaction_on(site_connection):
        site_connection.cursor().execute("INSERT INTO note (text) VALUES ('second writer')")
    thread.join()
    assert notes(db_file) == ["first writer"]  # nothing half-written, the first write kept
