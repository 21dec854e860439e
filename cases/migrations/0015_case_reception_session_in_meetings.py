"""The case's link to the reception day it was recorded at, now to ``meetings.ReceptionSession``: the
same column and foreign key in the database (state only, see 0014)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_meetings_leave_cases_state"),
        ("meetings", "0001_move_from_cases"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="case",
                    name="reception_session",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cases",
                        to="meetings.receptionsession",
                        verbose_name="buổi tiếp công dân",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
