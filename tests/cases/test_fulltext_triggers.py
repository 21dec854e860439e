"""The cases search index follows the table on both databases, whatever migrations rebuilt it."""

from django.db import connection
from django.test import TestCase


class FulltextTriggersTest(TestCase):
    def test_it_keeps_the_sqlite_triggers_after_every_migration(self):
        if connection.vendor != "sqlite":
            self.skipTest("SQLite's FTS5 triggers; PostgreSQL uses a generated column")
        with connection.cursor() as c:
            c.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cases_case' "
                "AND name LIKE 'cases_case_fts%'"
            )
            names = {r[0] for r in c.fetchall()}
        self.assertEqual(names, {"cases_case_fts_ai", "cases_case_fts_ad", "cases_case_fts_au"})

    def test_it_keeps_the_postgresql_tsvector_column(self):
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL's generated tsvector column")
        with connection.cursor() as c:
            c.execute(
                "SELECT 1 FROM information_schema.columns "
                "WHERE table_name = 'cases_case' AND column_name = 'search_tsv'"
            )
            self.assertIsNotNone(c.fetchone())
