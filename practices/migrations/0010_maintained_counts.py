"""The maintained counts of practices per unit, year and status (``practices.models_counts``): the table, the triggers
that keep it on both databases, and its first fill from the rows already there.

Deploying: the triggers are created and the table filled in one transaction, so that no write falls between them;
writes to practices wait for it (on PostgreSQL, CREATE TRIGGER's lock until the fill commits). At national scale both
fills together took under 7 s on the benchmark machine (benchmarks/README.md, dashboards): run it in a quiet hour.
"""

import django.db.models.deletion
from django.db import migrations, models

from lib import counts


def install(apps, schema_editor):
    from practices.models_counts import PRACTICE_COUNTS

    counts.install_and_rebuild(PRACTICE_COUNTS, schema_editor.connection)


def uninstall(apps, schema_editor):
    from practices.models_counts import PRACTICE_COUNTS

    counts.uninstall(PRACTICE_COUNTS, schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0003_vietnamese_sort_keys"),
        ("practices", "0009_rubric_versions_and_labels"),
    ]

    operations = [
        migrations.CreateModel(
            name="PracticeCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("year", models.PositiveSmallIntegerField()),
                ("status", models.CharField(max_length=20)),
                ("n", models.IntegerField(default=0)),
                (
                    "province",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="geo.adminunit",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="geo.adminunit",
                    ),
                ),
            ],
            options={
                "db_table": "practices_practice_count",
                "indexes": [models.Index(fields=["year", "province"], name="practice_count_year_prov_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("unit", "province", "year", "status"), name="practice_count_key")
                ],
            },
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
