"""The petition indicators are filled from the citizens' cases module (reports.autofill.SOURCES)."""

from django.db import migrations

SOURCES = {
    "petitions_received": "cases.received",
    "petitions_resolved": "cases.resolved",
    "petitions_on_time": "cases.on_time",
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
    dependencies = [("reports", "0002_seed_indicators_and_rules")]

    operations = [migrations.RunPython(make_automatic, make_typed)]
