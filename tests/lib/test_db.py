"""lib.db: the busiest fixed-shape reads are prepared and planned once per connection on PostgreSQL."""

from django.db import DatabaseError, connection, transaction
from django.test import SimpleTestCase, TestCase, skipUnlessDBFeature
from django.test.utils import CaptureQueriesContext

from geo.models import AdminUnit
from lib.db import prepared_cursor, with_prepared_statements

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
