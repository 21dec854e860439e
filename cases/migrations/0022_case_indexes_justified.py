"""Issue 19: every index an insert into the case table updates is justified by a page that reads it.

Dropped: the single-column indexes of unit, province, organization and escalated_to, each the leading column of a
composite index that serves every lookup on it (case_unit_topic_day_idx, case_prov_*_idx, case_org_status_due_idx,
case_esc_status_due_idx), and case_received_idx, the leading column of case_hotspot_idx.

The foreign-key indexes go by plain DROP INDEX (the model's state says db_index=False): Django's own AlterField
remakes the whole table on SQLite, which drops the full-text triggers with it (they are not part of Django's state).
"""

import django.db.models.deletion
from django.db import migrations, models

from lib.migrations import RemoveIndexConcurrently

FK_INDEXES = {
    "cases_case_escalated_to_id_01af5beb": "escalated_to_id",
    "cases_case_organization_id_cb1292e0": "organization_id",
    "cases_case_province_id_d571d0d2": "province_id",
    "cases_case_unit_id_f34fc706": "unit_id",
}


def drop_fk_indexes(apps, schema_editor):
    # PostgreSQL drops them without blocking writes (docs/deploy.md, zero-downtime rule); SQLite has one writer.
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    for name in FK_INDEXES:
        schema_editor.execute(f'DROP INDEX {concurrently}IF EXISTS "{name}"')


def create_fk_indexes(apps, schema_editor):
    for name, column in FK_INDEXES.items():
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "cases_case" ("{column}")')


class Migration(migrations.Migration):
    atomic = False  # DROP INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [
        ("cases", "0021_caseevent_actions_merged"),
        ("geo", "0001_initial"),
        ("orgs", "0004_login_failures"),
    ]

    operations = [
        RemoveIndexConcurrently(model_name="case", name="case_received_idx"),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_fk_indexes, create_fk_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="escalated_to",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="escalated_cases",
                        to="orgs.organization",
                        verbose_name="cấp trên theo dõi",
                    ),
                ),
                migrations.AlterField(
                    model_name="case",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="orgs.organization",
                        verbose_name="cơ quan xử lý",
                    ),
                ),
                migrations.AlterField(
                    model_name="case",
                    name="province",
                    field=models.ForeignKey(
                        db_index=False,
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="geo.adminunit",
                    ),
                ),
                migrations.AlterField(
                    model_name="case",
                    name="unit",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="geo.adminunit",
                        verbose_name="địa bàn",
                    ),
                ),
            ],
        ),
    ]
