"""The maintained counts of cases per unit and half-month (``cases.models_counts``): the table, the triggers
that keep it on both databases, and its first fill from the rows already there.

Deploying: the triggers are created and the table filled in one transaction, so that no write falls between them;
writes to cases wait for it (on PostgreSQL, CREATE TRIGGER's lock until the fill commits). At national scale both
fills together took under 7 s on the benchmark machine (benchmarks/README.md, dashboards): run it in a quiet hour.
"""

import django.db.models.deletion
from django.db import migrations, models

from lib import counts


def install(apps, schema_editor):
    from cases.models_counts import CASE_COUNTS

    counts.install_and_rebuild(CASE_COUNTS, schema_editor.connection)


def uninstall(apps, schema_editor):
    from cases.models_counts import CASE_COUNTS

    counts.uninstall(CASE_COUNTS, schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0022_case_indexes_justified'),
        ('geo', '0003_vietnamese_sort_keys'),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('half_month', models.DateField()),
                ('received', models.IntegerField(default=0)),
                ('answered', models.IntegerField(default=0)),
                ('answered_on_time', models.IntegerField(default=0)),
                ('rated', models.IntegerField(default=0)),
                ('satisfied', models.IntegerField(default=0)),
                ('province', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='geo.adminunit')),
                ('unit', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='geo.adminunit')),
            ],
            options={
                'db_table': 'cases_case_count',
                'indexes': [models.Index(fields=['province', 'half_month'], name='case_count_prov_half_idx'), models.Index(fields=['half_month', 'received', 'answered', 'answered_on_time', 'rated', 'satisfied'], name='case_count_half_idx')],
                'constraints': [models.UniqueConstraint(fields=('unit', 'province', 'half_month'), name='case_count_key')],
            },
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
