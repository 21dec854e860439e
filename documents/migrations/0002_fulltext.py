"""Full-text index over documents' folded text (metadata and the text extracted from their files).

SQLite: an external-content FTS5 table kept in step by triggers. PostgreSQL: a stored generated tsvector column with
a GIN index (the text is already folded, so the 'simple' configuration). Both serve ``lib.fulltext.search``, as for
practices and cases.
"""

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE documents_document_fts USING fts5(
        search_text, content='documents_document', content_rowid='id', tokenize='unicode61')""",
    """CREATE TRIGGER documents_document_fts_ai AFTER INSERT ON documents_document BEGIN
        INSERT INTO documents_document_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER documents_document_fts_ad AFTER DELETE ON documents_document BEGIN
        INSERT INTO documents_document_fts(documents_document_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER documents_document_fts_au AFTER UPDATE OF search_text ON documents_document BEGIN
        INSERT INTO documents_document_fts(documents_document_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO documents_document_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    "INSERT INTO documents_document_fts(documents_document_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS documents_document_fts_ai",
    "DROP TRIGGER IF EXISTS documents_document_fts_ad",
    "DROP TRIGGER IF EXISTS documents_document_fts_au",
    "DROP TABLE IF EXISTS documents_document_fts",
]
POSTGRES_UP = [
    "ALTER TABLE documents_document ADD COLUMN search_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE INDEX document_tsv_idx ON documents_document USING gin (search_tsv)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS document_tsv_idx",
    "ALTER TABLE documents_document DROP COLUMN IF EXISTS search_tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
            elidable=False,
        ),
    ]
