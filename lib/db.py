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

from collections.abc import Iterator
from contextlib import contextmanager
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
        from psycopg import errors

        try:
            logged = self.db.ops.compose_sql(sql, params) if params else sql
        except errors.DataError:  # a value psycopg cannot write as a literal (Django's own log gives up alike)
            logged = sql
        with self.debug_sql(logged, params):
            return utils.CursorWrapper.execute(self, sql, params)


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
