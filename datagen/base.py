"""Shared machinery of the dataset generator: deterministic randomness, batching, timestamps."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import models, reset_queries, transaction

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BATCH = 2_000
# The last day data is generated for; fixed so a seed always yields the same rows.
END = dt.date(2026, 10, 31)


@dataclass
class Context:
    scale: float
    seed: int
    rng: random.Random = field(init=False)
    log: callable = print

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    def scaled(self, n: int, minimum: int = 1) -> int:
        return max(minimum, round(n * self.scale))


def weighted(rng: random.Random, pairs):
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights)[0]


def at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(7, 17), rng.randint(0, 59), rng.randint(0, 59)), TZ)


def chunks(items: Iterable, size: int = BATCH) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@contextlib.contextmanager
def keep_timestamps(*models_: type[models.Model]):
    """Let bulk_create keep the generated created_at/updated_at instead of "now"."""
    saved = []
    for model in models_:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, now_add in saved:
            f.auto_now, f.auto_now_add = now, now_add


def insert(model: type[models.Model], rows: list[models.Model]) -> list[models.Model]:
    """One batch in its own transaction: memory stays bounded and an interrupted run keeps whole batches."""
    # With DEBUG on, Django keeps the last 9,000 statements; bulk inserts make that hundreds of MB.
    reset_queries()
    with transaction.atomic():
        return model.objects.bulk_create(rows, batch_size=500)


def next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(m=models.Max("id"))["m"] or 0) + 1


def copy_rows(model: type[models.Model], columns: list[str], rows: list[tuple], *, convert: bool = True) -> None:
    """Append rows (ids included) as fast as each database takes them: PostgreSQL's COPY, SQLite's
    executemany. Values are plain Python (str, int, bool, None, date, aware datetime, time).

    Faster than ``bulk_create`` by building no model instances: 1,000,000 cases with their
    answers and senders would otherwise spend minutes in Django. Triggers (SQLite's FTS table) and
    PostgreSQL's generated columns keep the search index right, as for any insert.
    """
    if not rows:
        return
    from django.db import connection

    reset_queries()
    table = model._meta.db_table
    fields = {f.column: f for f in model._meta.concrete_fields}
    # Columns the caller does not know (added to the model later) get their default.
    missing = [f for c, f in fields.items() if c not in columns]
    if missing:
        defaults = tuple(f.get_default() for f in missing)
        columns = [*columns, *(f.column for f in missing)]
        rows = [(*r, *defaults) for r in rows]
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with transaction.atomic():
        connection.ensure_connection()
        raw = connection.connection
        if connection.vendor == "postgresql":
            with raw.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # noqa: S608
                for r in rows:
                    copy.write_row(r)
            return
        # SQLite stores aware datetimes as naive UTC text and times as text (Django's format).
        # ``convert=False``: the caller already wrote them so (``stamp``).
        timed = [i for i, c in enumerate(columns) if isinstance(fields[c], (models.DateTimeField, models.TimeField))]
        if convert and timed:
            rows = [tuple(_sqlite_value(v) if i in timed else v for i, v in enumerate(r)) for r in rows]
        marks = ", ".join("?" * len(columns))
        cur = raw.cursor()
        try:
            cur.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
        finally:
            cur.close()


def stamp(value: dt.datetime, vendor: str):
    """An aware datetime as ``copy_rows`` takes it without conversion on ``vendor``."""
    if vendor == "sqlite":
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    return value


def _sqlite_value(value):
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    return value.isoformat()


def reset_sequence(model: type[models.Model]) -> None:
    """After rows inserted with explicit ids, PostgreSQL's identity must continue past them."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as c:
        c.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) "  # noqa: S608
            f"FROM {table}"
        )


@contextlib.contextmanager
def bulk_load(*models_: type[models.Model]):
    """Drop the tables' secondary indexes (and SQLite's FTS triggers) for a bulk load and build
    them again afterwards, from the database's own definitions.

    A million rows inserted into a table with 17 indexes update each index at a random place:
    once the indexes outgrow the page cache every insert reads pages from disk. Building an
    index after the load is one sort. Unique and primary-key indexes stay (they back
    constraints). SQLite's external-content FTS tables are rebuilt from the table in one pass, and the maintained
    counts kept from these tables (``lib.counts``), whose triggers are set aside during the load, in one
    ``INSERT … SELECT … GROUP BY`` each.
    """
    from django.db import connection

    from lib import counts

    saved: list[tuple[str, str]] = []  # (kind, sql)
    fts_tables = []
    with connection.cursor() as c:
        for model in models_:
            table = model._meta.db_table
            if connection.vendor == "sqlite":
                c.execute(
                    "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL "
                    "AND type IN ('index', 'trigger')",
                    [table],
                )
                for kind, name, sql in c.fetchall():
                    if kind == "index" and sql.upper().startswith("CREATE UNIQUE"):
                        continue
                    saved.append((kind, sql))
                    c.execute(f'DROP {kind.upper()} "{name}"')
                c.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name = %s", [f"{table}_fts"])
                fts_tables += [r[0] for r in c.fetchall()]
            else:
                _fire_deferred_checks(c)
                c.execute(
                    # This schema's table only: another schema of the same database (the pages benchmark keeps
                    # each scale in its own) has tables and indexes of the same names.
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
                    "AND i.schemaname = current_schema() AND NOT EXISTS "
                    "(SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname) "
                    "AND i.indexdef NOT LIKE 'CREATE UNIQUE%%'",
                    [table],
                )
                for name, sql in c.fetchall():
                    saved.append(("index", sql))
                    c.execute(f'DROP INDEX "{name}"')
                for spec in counts.specs_for(table):
                    for name in sorted(spec.trigger_names):
                        c.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as c:
            if connection.vendor == "postgresql":
                _fire_deferred_checks(c)
                c.execute("SET maintenance_work_mem = '256MB'")
            for _kind, sql in saved:
                c.execute(sql)
            for fts in fts_tables:
                c.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        for model in models_:
            for spec in counts.specs_for(model._meta.db_table):
                if connection.vendor == "postgresql":
                    with connection.cursor() as c:
                        for name in sorted(spec.trigger_names):
                            c.execute(f'ALTER TABLE "{spec.source}" ENABLE TRIGGER "{name}"')
                counts.rebuild(spec, connection)


def _fire_deferred_checks(cursor) -> None:
    """PostgreSQL refuses to create or drop an index on a table with pending deferred foreign-key
    checks, which happens inside an enclosing transaction (tests): run the checks now, then defer
    again. Outside a transaction both statements are no-ops."""
    from django.db import connection

    if connection.in_atomic_block:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
