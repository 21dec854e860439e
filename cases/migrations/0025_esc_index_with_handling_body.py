"""The cases escalated to a body and handled elsewhere are counted from the escalation index alone once it holds the
handling body (cases.selectors.body_aggregate: the to-do list's and the queue's counts).

The new index is built before the old one goes, each without blocking writes on PostgreSQL (docs/deploy.md,
zero-downtime rule), so the queue never runs without one.
"""

from django.db import migrations, models

from lib.migrations import AddIndexConcurrently, RemoveIndexConcurrently


class Migration(migrations.Migration):
    atomic = False  # CREATE/DROP INDEX CONCURRENTLY cannot run in a transaction
    dependencies = [("cases", "0024_first_round_partial_index")]

    operations = [
        AddIndexConcurrently(
            model_name="case",
            index=models.Index(
                fields=["escalated_to", "status", "due_date", "province", "id", "organization"],
                name="case_esc_status_due_org_idx",
            ),
        ),
        RemoveIndexConcurrently(model_name="case", name="case_esc_status_due_idx"),
    ]
