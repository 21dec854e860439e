"""Restore the SQLite full-text triggers of cases after a table rebuild, and re-index.

On SQLite, Django applies some schema changes (a field with a default, a conditional unique
constraint: 0007) by copying the table into a new one, which drops the table's triggers; the
FTS5 index of ``cases_case`` then silently stops following inserts and searches find nothing.
This recreates the triggers of 0002 (idempotently) and rebuilds the index from the table.
Any later migration that rebuilds ``cases_case`` on SQLite needs the same step (see
``tests/cases/test_fulltext_triggers.py``).
"""

from django.db import migrations

TRIGGERS = [
    """CREATE TRIGGER IF NOT EXISTS cases_case_fts_ai AFTER INSERT ON cases_case BEGIN
        INSERT INTO cases_case_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS cases_case_fts_ad AFTER DELETE ON cases_case BEGIN
        INSERT INTO cases_case_fts(cases_case_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS cases_case_fts_au AFTER UPDATE OF search_text ON cases_case BEGIN
        INSERT INTO cases_case_fts(cases_case_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        INSERT INTO cases_case_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    "INSERT INTO cases_case_fts(cases_case_fts) VALUES ('rebuild')",
]


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in TRIGGERS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_import_key_and_unlink_event")]

    operations = [migrations.RunPython(restore, migrations.RunPython.noop, elidable=False)]
