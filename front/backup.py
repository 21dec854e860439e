"""Backups that can be trusted: a consistent copy plus a manifest (row count and checksum per table).

- SQLite: SQLite's online backup API copies the live database page by page while the site runs
  (readers and writers keep working; the copy is one consistent snapshot), then the copy is
  checked with ``PRAGMA integrity_check`` and its manifest is computed *from the copy*.
- PostgreSQL: ``pg_dump --format=custom`` inside an exported snapshot; the manifest is computed
  in the same snapshot, so it describes exactly what the dump holds.

A restore refuses a file that is not a backup or whose content does not match its manifest,
and after restoring compares the live database with the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is for the operator, in Vietnamese."""


@dataclass(frozen=True)
class Result:
    path: Path
    manifest: dict


def _manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def default_path(vendor: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if vendor == "sqlite" else "dump"
    return Path(settings.BASE_DIR) / "var" / "backups" / f"danvan-{stamp}.{suffix}"


def _checksums(cursor, tables: list[str], quote) -> dict[str, dict]:
    """Row count and SHA-256 of every table, rows in primary-key (first column) order."""
    out = {}
    for table in sorted(tables):
        digest = hashlib.sha256()
        cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY 1")  # noqa: S608 -- names from the catalogue
        count = 0
        while rows := cursor.fetchmany(2000):
            for row in rows:
                digest.update(repr(tuple(_canonical(v) for v in row)).encode())
                count += 1
        out[table] = {"rows": count, "sha256": digest.hexdigest()}
    return out


def _canonical(value):
    # The same value reads back as the same Python type on one vendor; memoryview is not hashable by repr.
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).isoformat()  # the same instant whatever the session's time zone
    return value


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        # FTS5 shadow tables mirror their content table; checksumming the content is enough.
        "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' AND name NOT GLOB '*_fts_*'"
    ).fetchall()
    return [r[0] for r in rows]


def _sqlite_manifest(conn: sqlite3.Connection) -> dict:
    quote = lambda name: '"' + name.replace('"', '""') + '"'  # noqa: E731
    cursor = conn.cursor()
    try:
        return {"vendor": "sqlite", "tables": _checksums(cursor, _sqlite_tables(conn), quote)}
    finally:
        cursor.close()


def _sqlite_plain_connection() -> sqlite3.Connection:
    """The live database without Django's type converters, so values read as in a backup file."""
    name = str(connection.settings_dict["NAME"])
    return sqlite3.connect(name, uri=name.startswith("file:"))


def _check_sqlite_file(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise BackupError(f"Không tìm thấy tệp sao lưu {path}.")
    with path.open("rb") as f:
        if f.read(16) != b"SQLite format 3\x00":
            raise BackupError(f"Tệp {path.name} không phải bản sao lưu SQLite.")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        status = conn.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise BackupError(f"Tệp {path.name} bị hỏng: {exc}.") from exc
    if status != "ok":
        conn.close()
        raise BackupError(f"Tệp {path.name} bị hỏng (kiểm tra toàn vẹn: {status}).")
    return conn


def _write_manifest(path: Path, manifest: dict) -> None:
    manifest = {**manifest, "created": dt.datetime.now().isoformat(timespec="seconds"), "file": path.name}
    _manifest_path(path).write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")


def _read_manifest(path: Path) -> dict:
    mpath = _manifest_path(path)
    if not mpath.is_file():
        raise BackupError(f"Thiếu tệp mô tả {mpath.name} đi kèm bản sao lưu: không thể kiểm chứng nội dung.")
    try:
        return json.loads(mpath.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise BackupError(f"Tệp mô tả {mpath.name} không đọc được.") from exc


def _compare(expected: dict, actual: dict, what: str) -> None:
    bad = [
        t
        for t in sorted(set(expected["tables"]) | set(actual["tables"]))
        if expected["tables"].get(t) != actual["tables"].get(t)
    ]
    if bad:
        shown = ", ".join(bad[:5]) + ("…" if len(bad) > 5 else "")
        raise BackupError(f"{what} không khớp tệp mô tả ở {len(bad)} bảng: {shown}.")


def backup(path: Path | None = None) -> Result:
    vendor = connection.vendor
    path = Path(path) if path else default_path(vendor)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        raise BackupError(f"Tệp {path} đã tồn tại: hãy chọn tên khác.")
    if vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)  # online, one consistent snapshot
        finally:
            target.close()
        copy = _check_sqlite_file(path)
        try:
            manifest = _sqlite_manifest(copy)
        finally:
            copy.close()
    elif vendor == "postgresql":
        manifest = _pg_dump(path)
    else:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {vendor}.")
    _write_manifest(path, manifest)
    return Result(path, manifest)


def restore(path: Path) -> Result:
    path = Path(path)
    expected = _read_manifest(path)
    vendor = connection.vendor
    if expected.get("vendor") != vendor:
        raise BackupError(f"Bản sao lưu của {expected.get('vendor')} không khôi phục được vào {vendor}.")
    if vendor == "sqlite":
        source = _check_sqlite_file(path)
        try:
            _compare(expected, _sqlite_manifest(source), "Bản sao lưu")
            connection.ensure_connection()
            source.backup(connection.connection)  # replaces every page of the live database
        finally:
            source.close()
        live = _sqlite_plain_connection()
        try:
            _compare(expected, _sqlite_manifest(live), "Cơ sở dữ liệu sau khôi phục")
        finally:
            live.close()
    elif vendor == "postgresql":
        if not path.is_file():
            raise BackupError(f"Không tìm thấy tệp sao lưu {path}.")
        _pg_restore(path)
        with connection.cursor() as cursor:
            _compare(expected, _pg_manifest(cursor), "Cơ sở dữ liệu sau khôi phục")
    else:
        raise BackupError(f"Chưa hỗ trợ khôi phục cơ sở dữ liệu {vendor}.")
    return Result(path, expected)


# PostgreSQL ---------------------------------------------------------------------------------------


def _pg_env() -> tuple[dict, list[str]]:
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return env, args


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if not tool:
        raise BackupError(f"Máy chưa có {name} (gói postgresql-client): không thể sao lưu/khôi phục PostgreSQL.")
    return tool


def _pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return [r[0] for r in cursor.fetchall()]


def _pg_manifest(cursor) -> dict:
    return {"vendor": "postgresql", "tables": _checksums(cursor, _pg_tables(cursor), connection.ops.quote_name)}


def _pg_dump(path: Path) -> dict:
    import psycopg

    tool = _pg_tool("pg_dump")
    env, args = _pg_env()
    db = connection.settings_dict
    # A second connection holds a REPEATABLE READ snapshot; pg_dump reads the same snapshot, and
    # the manifest is computed in it, so both describe exactly the same data.
    conninfo = {k: v for k, v in {"host": args[1], "port": args[3], "user": db.get("USER")}.items() if v}
    with psycopg.connect(dbname=db["NAME"], password=db.get("PASSWORD") or None, **conninfo) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        conn.execute("SET LOCAL TIME ZONE 'UTC'")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        run = subprocess.run(  # noqa: S603 -- fixed argument list, no shell
            [tool, *args, "--format=custom", f"--snapshot={snapshot}", "--no-owner", f"--file={path}", db["NAME"]],
            env=env,
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            path.unlink(missing_ok=True)
            raise BackupError(f"pg_dump thất bại: {run.stderr.strip()[:500]}")
        with conn.cursor() as cursor:
            return _pg_manifest(cursor)


def _pg_restore(path: Path) -> None:
    tool = _pg_tool("pg_restore")
    env, args = _pg_env()
    connection.close()  # pg_restore drops and recreates the tables: hold no locks on them
    run = subprocess.run(  # noqa: S603 -- fixed argument list, no shell
        [
            tool,
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(path),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if run.returncode != 0:
        raise BackupError(f"pg_restore thất bại, cơ sở dữ liệu giữ nguyên: {run.stderr.strip()[:500]}")
