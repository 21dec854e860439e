"""Full-text index over cases' folded title and content (served by ``lib.fulltext.search``).

SQLite: an external-content FTS5 table kept in step by triggers. PostgreSQL: a stored generated
tsvector column with a GIN index (the text is already folded, so the 'simple' configuration).
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE cases_case_fts USING fts5(
        search_text, content='cases_case', content_rowid='id', tokenize='unicode61')""",
    """CREATE TRIGGER cases_case_fts_ai AFTER INSERT ON cases_case BEGIN
        INSERT INTO cases_case_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER cases_case_fts_ad AFTER DELETE ON cases_case BEGIN
        INSERT INTO cases_case_fts(cases_case_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER cases_case_fts_au AFTER UPDATE OF search_text ON cases_case BEGIN
        INSERT INTO cases_case_fts(cases_case_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO cases_case_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS cases_case_fts_ai",
    "DROP TRIGGER IF EXISTS cases_case_fts_ad",
    "DROP TRIGGER IF EXISTS cases_case_fts_au",
    "DROP TABLE IF EXISTS cases_case_fts",
]
POSTGRES_UP = [
    "ALTER TABLE cases_case ADD COLUMN search_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE INDEX case_tsv_idx ON cases_case USING gin (search_tsv)",
]
POSTGRES_DOWN = ["DROP INDEX IF EXISTS case_tsv_idx", "ALTER TABLE cases_case DROP COLUMN IF EXISTS search_tsv"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
            elidable=False,
        ),
    ]
