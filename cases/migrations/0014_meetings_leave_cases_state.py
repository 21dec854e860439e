"""Reception days and dialogues move to the meetings app (meetings 0001). Their tables stay where they
are (``cases_receptionsession`` …, kept by ``Meta.db_table``): only Django's record of which app owns
them changes, so this migration touches no table. The case's link to its reception day leaves the
state with them and comes back pointing at meetings in 0015."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_body_queue_indexes_with_key"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="case", name="reception_session"),
                migrations.DeleteModel(name="Commitment"),
                migrations.DeleteModel(name="DialogueQuestion"),
                migrations.DeleteModel(name="Dialogue"),
                migrations.DeleteModel(name="ReceptionSession"),
                migrations.DeleteModel(name="ReceptionSchedule"),
            ],
            database_operations=[],
        ),
    ]
