"""Reception sessions, citizens received and dialogues held are filled from the cases module's meetings
(cases.selectors.meeting_statistics via reports.autofill.SOURCES), never typed."""

from django.db import migrations

SOURCES = {
    "reception_sessions": "meetings.sessions_held",
    "reception_people": "meetings.visitors",
    "dialogues": "meetings.dialogues_held",
}


def make_automatic(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    for code, source in SOURCES.items():
        Indicator.objects.filter(code=code, source="").update(source=source)


def make_typed(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    for code, source in SOURCES.items():
        Indicator.objects.filter(code=code, source=source).update(source="")


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_case_indicators_automatic")]

    operations = [migrations.RunPython(make_automatic, make_typed)]
