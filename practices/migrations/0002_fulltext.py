"""Full-text index over practices' folded text.

SQLite: an external-content FTS5 table kept in step by triggers. PostgreSQL: a GIN index on
``to_tsvector('simple', search_text)`` (the text is already folded, so the 'simple'
configuration is the right one: no stemming, no stop words). Both serve
``PracticeQuerySet.search``; a LIKE scan over 400,000 rows would not.
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE practices_practice_fts USING fts5(
        search_text, content='practices_practice', content_rowid='id', tokenize='unicode61')""",
    """CREATE TRIGGER practices_practice_fts_ai AFTER INSERT ON practices_practice BEGIN
        INSERT INTO practices_practice_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER practices_practice_fts_ad AFTER DELETE ON practices_practice BEGIN
        INSERT INTO practices_practice_fts(practices_practice_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER practices_practice_fts_au AFTER UPDATE OF search_text ON practices_practice BEGIN
        INSERT INTO practices_practice_fts(practices_practice_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO practices_practice_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    "INSERT INTO practices_practice_fts(practices_practice_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS practices_practice_fts_ai",
    "DROP TRIGGER IF EXISTS practices_practice_fts_ad",
    "DROP TRIGGER IF EXISTS practices_practice_fts_au",
    "DROP TABLE IF EXISTS practices_practice_fts",
]
POSTGRES_UP = [
    "CREATE INDEX practice_fts_idx ON practices_practice USING gin (to_tsvector('simple', search_text))",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS practice_fts_idx"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
            elidable=False,
        ),
    ]
