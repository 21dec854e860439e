"""Statements PostgreSQL plans once per connection: the busiest fixed-shape reads.

Planning is most of what a short read costs PostgreSQL here: the status lookup by tracking code spends ~0.2 ms
planning and ~0.03 ms executing, the overdue queue's page statement ~0.9 ms planning a five-table join over a table
with twenty indexes (benchmarks/README.md). Django's PostgreSQL cursors bind parameters on the client and send each
statement as text, so PostgreSQL plans it anew every time. ``prepared_cursor`` hands out a cursor that binds on the
server and prepares every statement it runs (psycopg names it and keeps it per connection, the 100 most recent), and
the connection asks PostgreSQL for generic plans (``plan_cache_mode=force_generic_plan``, set in settings): one plan
per statement, made at its first run, reused for every value. So only statements whose best plan does not depend on
the values bound belong here — a unique key, a place's open cases by their running limit —, never a filter whose
selectivity swings with its value (a status that is 90 % or 0.04 % of the table).

Django's own cursors never prepare (psycopg's client-binding cursor cannot), so the setting touches nothing else.
``DB_PREPARED_STATEMENTS=0`` turns preparing off (a PgBouncer in transaction mode before 1.21 cannot follow prepared
statements); the cursor then plans every statement as Django's do. On SQLite it is Django's ordinary cursor: SQLite
keeps its own cache of compiled statements per connection.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends import utils


def with_prepared_statements(options: dict, *, enabled: bool) -> dict:
    """PostgreSQL's connection OPTIONS with what lets ``prepared_cursor`` prepare (settings calls this); ``options``
    already given (from DATABASE_URL, say) are kept, a server ``options`` string is extended."""
    merged = dict(options)
    if not enabled:
        return merged
    # psycopg prepares nothing while the threshold is None (Django's default). The cursor below asks for each of its
    # statements to be prepared whatever the count; the threshold is never reached by anything else.
    merged["prepare_threshold"] = 1_000_000_000
    generic = "-c plan_cache_mode=force_generic_plan"
    merged["options"] = f"{merged['options']} {generic}" if merged.get("options") else generic
    return merged


@cache
def _prepared_cursor_class():
    import psycopg  # here, not at the top: a SQLite installation never loads libpq

    class PreparedCursor(psycopg.Cursor):
        """Binds on the server and prepares every statement it executes."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparedCursor


class _LoggedPrepared(utils.CursorDebugWrapper):
    """Django's debug wrapper logs the text its client-binding cursors sent. A server-binding cursor sends the
    statement and its values apart (the wrapper would log None), so the log gets them composed, as Django's own."""

    def execute(self, sql, params=None):
        with self.debug_sql(_composed(self.db, sql, params), params):
            return utils.CursorWrapper.execute(self, sql, params)


def _composed(connection, sql: str, params) -> str:
    """The statement with its values written in, for the query log."""
    from psycopg import errors

    try:
        return connection.ops.compose_sql(sql, params) if params else sql
    except errors.DataError:  # a value psycopg cannot write as a literal (Django's own log gives up alike)
        return sql


@contextmanager
def prepared_cursor(using: str = DEFAULT_DB_ALIAS) -> Iterator:
    """A cursor for fixed-shape reads: prepared and planned once per connection on PostgreSQL (see the module's
    docstring for what belongs here). Wrapped as Django wraps its own, so errors, query logging and
    ``assertNumQueries`` see its statements."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = _prepared_cursor_class()(connection.connection)
    wrapped = _LoggedPrepared(raw, connection) if connection.queries_logged else connection.make_cursor(raw)
    with wrapped:
        yield wrapped


# --- One fixed read, sent through libpq directly ---------------------------------------------------------------------
#
# The public status lookup is one short read by a unique key. Through ``prepared_cursor`` the statement itself costs
# PostgreSQL little; what it costs the web worker is the layers around it: Django's cursor wrapper, a new psycopg
# cursor, psycopg's execute machinery: ``find_status`` took 0.13 ms of the worker's CPU that way and takes 0.075 ms
# with its statement sent through libpq's extended protocol with psycopg's own wait and loaders (benchmarks/README.md).
# Under gunicorn, on the two cores the worker shares with the database, that difference decided the lookup's
# throughput. ``FixedRead`` keeps its prepared statement under its own name per connection and sends only Bind and
# Execute; whenever something makes that unsafe it goes the ordinary way, through ``prepared_cursor``.

_MISSING_STATEMENT = "26000"  # invalid_sql_statement_name: psycopg's DEALLOCATE ALL after a rollback, a DISCARD ALL
_PLAN_CHANGED = "0A000"  # feature_not_supported: "cached plan must not change result type" after a migration


class FixedRead:
    """A fixed read statement (placeholders ``%s``, values ``str``, ``int`` or ``None``) run at the busiest places.

    ``fetchone`` gives the first row as a tuple (or None), converted as psycopg converts. On PostgreSQL it sends the
    statement's Bind/Execute straight through libpq (``pgconn.send_query_prepared``), waiting as psycopg waits (the
    GIL released) and loading the row with psycopg's loaders; the statement is prepared under its own name the first
    time a connection runs it, with the generic plan the connection asks for (see the module's docstring for what
    belongs here). It goes through ``prepared_cursor`` instead — the same answer — inside a transaction (a statement
    deallocated by a rollback to a savepoint would abort it), when preparing is turned off, when Django runs execute
    wrappers, and on SQLite. Errors are Django's; statements are logged and counted as Django's own when the
    connection logs queries (DEBUG, ``assertNumQueries``)."""

    def __init__(self, name: str, sql: str):
        if "$" in sql or "%%" in sql:
            raise ValueError("A FixedRead takes %s placeholders only.")
        if _names.setdefault(name, sql) != sql:  # one name, one statement on every connection
            raise ValueError(f"Another FixedRead is named {name!r}.")
        self.sql = sql
        self.name = f"danvan_{name}".encode()
        parts = sql.split("%s")
        self._pg_sql = "".join(f"{part}${i}" if i < len(parts) else part for i, part in enumerate(parts, 1)).encode()

    def fetchone(self, params: list | tuple = (), using: str = DEFAULT_DB_ALIAS) -> tuple | None:
        values = [_text_value(p) for p in params]  # refused alike on every database
        connection = connections[using]
        if connection.vendor == "postgresql" and not connection.execute_wrappers:
            connection.ensure_connection()
            if _direct_ok(connection.connection):
                return self._fetchone_direct(connection, params, values)
        with prepared_cursor(using) as cursor:
            cursor.execute(self.sql, params)
            return cursor.fetchone()

    def _fetchone_direct(self, connection, params, values) -> tuple | None:
        connection.validate_thread_sharing()
        # Logged and counted by Django's own debug wrapper (it needs no cursor to log a statement it did not send).
        logged = (
            utils.CursorDebugWrapper(None, connection).debug_sql(_composed(connection, self.sql, params), params)
            if connection.queries_logged
            else nullcontext()
        )
        with logged, connection.wrap_database_errors:
            result, loader = self._run(connection.connection, values)
        if not result.ntuples:
            return None
        loader.set_pgresult(result)
        return loader.load_row(0, tuple)

    def _run(self, conn, values):
        from psycopg import errors, generators, pq

        with conn.lock:
            state = _direct_state(conn)
            rename = False
            for attempt in (1, 2):
                server_name = state.prepared.get(self.name)
                if server_name is None:
                    server_name = self.name + b"_%d" % next(state.renamed) if rename else self.name
                    _prepare(conn, server_name, self._pg_sql)
                    state.prepared[self.name] = server_name
                conn.pgconn.send_query_prepared(server_name, values, result_format=pq.Format.BINARY)
                (result,) = conn.wait(generators.execute(conn.pgconn))
                if result.status == pq.ExecStatus.TUPLES_OK:
                    return result, state.loader
                error = errors.error_from_result(result, encoding=conn.info.encoding)
                # Outside a transaction a failed statement leaves nothing behind: prepare it anew, once, under a new
                # name (a plan PostgreSQL refuses keeps its name until the connection ends: DEALLOCATE by name is what
                # PgBouncer cannot follow).
                if attempt == 1 and error.sqlstate in (_MISSING_STATEMENT, _PLAN_CHANGED):
                    del state.prepared[self.name]
                    rename = error.sqlstate == _PLAN_CHANGED
                    continue
                raise error
        raise AssertionError("unreachable")


_names: dict[str, str] = {}


class _DirectState:
    """Per psycopg connection: the server's name of each statement prepared on it, and the loader of its rows."""

    __slots__ = ("prepared", "renamed", "loader")

    def __init__(self, conn):
        from psycopg.adapt import Transformer

        self.prepared: dict[bytes, bytes] = {}
        self.renamed = itertools.count(1)
        self.loader = Transformer.from_context(conn)


_direct_states: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _direct_state(conn) -> _DirectState:
    state = _direct_states.get(conn)
    if state is None:
        state = _direct_states[conn] = _DirectState(conn)
    return state


def _direct_ok(conn) -> bool:
    """Idle outside any transaction, healthy, preparing allowed, no pipeline: the direct way is safe."""
    from psycopg import pq

    pgconn = conn.pgconn
    return (
        pgconn.transaction_status == pq.TransactionStatus.IDLE
        and pgconn.status == pq.ConnStatus.OK
        and pgconn.pipeline_status == pq.PipelineStatus.OFF
        and conn.prepare_threshold is not None
    )


def _prepare(conn, name: bytes, sql: bytes) -> None:
    from psycopg import errors, generators, pq

    conn.pgconn.send_prepare(name, sql)
    (result,) = conn.wait(generators.execute(conn.pgconn))
    if result.status != pq.ExecStatus.COMMAND_OK:
        raise errors.error_from_result(result, encoding=conn.info.encoding)


def _text_value(value) -> bytes | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"A FixedRead takes str, int or None values, not {type(value).__name__}.")
    return str(value).encode()
