"""lib.db: the busiest fixed-shape reads are prepared and planned once per connection on PostgreSQL."""

import datetime as dt
import unittest

from django.db import DatabaseError, DataError, ProgrammingError, connection, transaction
from django.test import SimpleTestCase, TestCase, TransactionTestCase, skipUnlessDBFeature
from django.test.utils import CaptureQueriesContext

from geo.models import AdminUnit
from lib.db import FixedRead, prepared_cursor, with_prepared_statements

_SQL = f'SELECT code, name FROM "{AdminUnit._meta.db_table}" WHERE code = %s'


class OptionsTest(SimpleTestCase):
    def test_preparing_adds_a_threshold_and_generic_plans_to_what_the_url_gave(self):
        self.assertEqual(
            with_prepared_statements({"sslmode": "require", "options": "-c statement_timeout=5000"}, enabled=True),
            {
                "sslmode": "require",
                "options": "-c statement_timeout=5000 -c plan_cache_mode=force_generic_plan",
                "prepare_threshold": 1_000_000_000,
            },
        )
        self.assertEqual(
            with_prepared_statements({}, enabled=True),
            {"options": "-c plan_cache_mode=force_generic_plan", "prepare_threshold": 1_000_000_000},
        )

    def test_turned_off_it_leaves_the_options_as_they_were(self):
        self.assertEqual(with_prepared_statements({"sslmode": "require"}, enabled=False), {"sslmode": "require"})


class PreparedCursorTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        AdminUnit.objects.create(code="99", name="Tỉnh Thử Nghiệm", level="province")

    def read(self, code):
        with prepared_cursor() as cursor:
            cursor.execute(_SQL, [code])
            return cursor.fetchall()

    def test_it_answers_as_an_ordinary_cursor_and_is_counted_as_one(self):
        with connection.cursor() as cursor:
            cursor.execute(_SQL, ["99"])
            expected = cursor.fetchall()
        with self.assertNumQueries(2):
            self.assertEqual(self.read("99"), expected)
            self.assertEqual(self.read("'; DROP TABLE geo_adminunit; --"), [])  # a bound value, never SQL
        self.assertEqual(expected, [("99", "Tỉnh Thử Nghiệm")])

    def test_the_query_log_shows_the_statement_with_its_values(self):
        with CaptureQueriesContext(connection) as queries:
            self.read("99")
        self.assertEqual(len(queries.captured_queries), 1)
        self.assertIn("geo_adminunit", queries.captured_queries[0]["sql"])
        self.assertIn("'99'", queries.captured_queries[0]["sql"])

    def test_a_database_error_is_djangos_and_the_connection_goes_on(self):
        with self.assertRaises(DatabaseError), transaction.atomic(), prepared_cursor() as cursor:
            cursor.execute("SELECT no_such_column FROM geo_adminunit")
        self.assertEqual(self.read("99"), [("99", "Tỉnh Thử Nghiệm")])

    @skipUnlessDBFeature("is_postgresql_15")
    def test_postgresql_prepares_its_statements_once_with_a_generic_plan_and_djangos_none(self):
        for _ in range(3):
            self.read("99")
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT name FROM "{AdminUnit._meta.db_table}" WHERE code = %s', ["99"])
            cursor.execute("SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements")
            prepared = cursor.fetchall()
        mine = [row for row in prepared if "SELECT code, name" in row[0]]
        self.assertEqual(len(mine), 1, prepared)  # one statement, whatever the value
        self.assertGreaterEqual(mine[0][1], 3)  # its generic plan served every run
        self.assertEqual(mine[0][2], 0)  # none was planned for its values
        self.assertFalse([row for row in prepared if row[0].startswith("SELECT name")], prepared)

    @skipUnlessDBFeature("is_postgresql_15")
    def test_a_rolled_back_transaction_does_not_lose_the_statement(self):
        # psycopg forgets (and deallocates) its prepared statements on a rollback; the next read prepares again.
        with self.assertRaises(ValueError), transaction.atomic():
            self.read("99")
            raise ValueError
        self.assertEqual(self.read("99"), [("99", "Tỉnh Thử Nghiệm")])


class FixedReadTest(TestCase):
    """On every database: the answer of an ordinary cursor (inside a test's transaction PostgreSQL goes the cursor's
    way too — FixedReadDirectTest covers the direct one)."""

    def test_it_answers_as_a_cursor(self):
        read = FixedRead("test_echo", "SELECT %s, %s")
        with self.assertNumQueries(1):
            self.assertEqual(read.fetchone(["Đà Nẵng", 7]), ("Đà Nẵng", 7))
        self.assertIsNone(FixedRead("test_none", "SELECT 1 WHERE %s = 'có'").fetchone(["không"]))

    def test_one_name_one_statement(self):
        FixedRead("test_named", "SELECT 1")
        FixedRead("test_named", "SELECT 1")  # the same statement, made twice (a module reloaded)
        with self.assertRaises(ValueError):
            FixedRead("test_named", "SELECT 2")

    def test_only_plain_placeholders_and_values(self):
        with self.assertRaises(ValueError):
            FixedRead("test_dollar", "SELECT $1")
        with self.assertRaises(TypeError):
            FixedRead("test_float", "SELECT %s").fetchone([1.5])


@unittest.skipUnless(connection.vendor == "postgresql", "the direct way is PostgreSQL's")
class FixedReadDirectTest(TransactionTestCase):
    """PostgreSQL outside a transaction (as a web request runs): the statement goes through libpq directly, prepared
    once per connection under its own name."""

    read = FixedRead("test_row", "SELECT %s::text, %s::int, NULL::date, DATE '2025-01-02' WHERE %s = 'có'")

    def prepared(self, name="danvan_test_row"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = %s", [name])
            return cursor.fetchone()

    def deallocate_all(self):
        with connection.cursor() as cursor:
            cursor.execute("DEALLOCATE ALL")  # as psycopg does after a rollback, or a pooler's DISCARD ALL

    def test_it_answers_as_the_cursor_does_with_one_generic_plan(self):
        self.deallocate_all()
        expected = ("Đà Nẵng", 7, None, dt.date(2025, 1, 2))
        for _ in range(3):
            self.assertEqual(self.read.fetchone(["Đà Nẵng", 7, "có"]), expected)
        with prepared_cursor() as cursor:
            cursor.execute(self.read.sql, ["Đà Nẵng", 7, "có"])
            self.assertEqual(cursor.fetchone(), expected)
        self.assertIsNone(self.read.fetchone(["x", 1, "'; DROP TABLE geo_adminunit; --"]))  # a value, never SQL
        generic, custom = self.prepared()
        self.assertGreaterEqual(generic, 4)  # prepared once under its name; its generic plan served every run
        self.assertEqual(custom, 0)

    def test_a_statement_the_server_forgot_is_prepared_again(self):
        self.read.fetchone(["a", 1, "có"])
        self.deallocate_all()
        self.assertIsNone(self.prepared())
        self.assertEqual(self.read.fetchone(["b", 2, "có"])[:2], ("b", 2))
        self.assertIsNotNone(self.prepared())

    def test_a_changed_table_is_planned_again(self):
        # After a migration changes a column's type, PostgreSQL refuses the old plan (0A000): planned anew, once.
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMPORARY TABLE test_fixed (k int, a int)")
            cursor.execute("INSERT INTO test_fixed VALUES (1, 5)")
        self.addCleanup(self._drop_temp)
        read = FixedRead("test_changed", "SELECT a FROM test_fixed WHERE k = %s")
        self.assertEqual(read.fetchone([1]), (5,))
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE test_fixed ALTER a TYPE text")
        self.assertEqual(read.fetchone([1]), ("5",))
        self.assertEqual(read.fetchone([2]), None)
        self.assertEqual(self.prepared("danvan_test_changed_1"), (2, 0))  # under a new name (no DEALLOCATE by name)

    def _drop_temp(self):
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS test_fixed")

    def test_inside_a_transaction_it_goes_the_cursors_way(self):
        # The direct way would find its statement gone, and its error would abort the transaction.
        self.read.fetchone(["a", 1, "có"])
        with transaction.atomic():
            self.deallocate_all()
            self.assertEqual(self.read.fetchone(["c", 3, "có"])[:2], ("c", 3))
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")  # the transaction is still usable
        self.assertIsNone(self.prepared())  # the cursor's statement is psycopg's, under psycopg's name

    def test_an_error_is_djangos_and_the_connection_goes_on(self):
        with self.assertRaises(ProgrammingError):
            FixedRead("test_broken", "SELECT no_such_column").fetchone()
        with self.assertRaises(DataError):
            FixedRead("test_cast", "SELECT %s::int").fetchone(["mười"])
        self.assertEqual(self.read.fetchone(["d", 4, "có"])[:2], ("d", 4))

    def test_it_is_logged_and_counted_with_its_values(self):
        with CaptureQueriesContext(connection) as queries:
            self.read.fetchone(["e", 5, "có"])
        self.assertEqual(len(queries.captured_queries), 1)
        self.assertIn("'có'", queries.captured_queries[0]["sql"])
        with self.assertNumQueries(2):
            self.read.fetchone(["e", 5, "có"])
            self.read.fetchone(["e", 5, "không"])

    def test_execute_wrappers_see_it(self):
        seen = []

        def wrapper(execute, sql, params, many, context):
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(wrapper):
            self.assertEqual(self.read.fetchone(["f", 6, "có"])[:2], ("f", 6))
        self.assertEqual(seen, [self.read.sql])

    def test_with_preparing_turned_off_nothing_is_prepared(self):
        self.deallocate_all()
        raw = connection.connection
        threshold, raw.prepare_threshold = raw.prepare_threshold, None
        try:
            self.assertEqual(self.read.fetchone(["g", 7, "có"])[:2], ("g", 7))
        finally:
            raw.prepare_threshold = threshold
        self.assertIsNone(self.prepared())
