"""A case's second-round complaints are found through a partial index (``first_round IS NOT NULL``).

The plain foreign-key index covered a column that is NULL in nearly every row; SQLite's statistics then say that one
value of it matches every case, and the case page's lookup of second rounds walked the organisations' cases instead
(2.9 s at national scale). The old index goes by plain DROP INDEX (the state says db_index=False): Django's own
AlterField remakes the whole table on SQLite, which would drop its full-text and count triggers.
"""

import django.db.models.deletion
from django.db import migrations, models

from lib.migrations import AddIndexConcurrently

OLD_INDEX = "cases_case_first_round_id_4bb2cfd1"


def drop_old(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f'DROP INDEX {concurrently}IF EXISTS "{OLD_INDEX}"')


def create_old(apps, schema_editor):
    schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{OLD_INDEX}" ON "cases_case" ("first_round_id")')


class Migration(migrations.Migration):
    atomic = False  # CREATE/DROP INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("cases", "0023_maintained_counts")]

    operations = [
        AddIndexConcurrently(
            model_name="case",
            index=models.Index(
                condition=models.Q(("first_round__isnull", False)), fields=["first_round"], name="case_first_round_idx"
            ),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_old, create_old)],
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="first_round",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="second_rounds",
                        to="cases.case",
                        verbose_name="khiếu nại lần đầu",
                    ),
                ),
            ],
        ),
    ]
