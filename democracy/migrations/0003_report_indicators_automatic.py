"""The report indicators "disclosures" and "supervisions" are filled from this module (democracy.hooks registers
the source with reports.autofill), never typed again. Kept here, not in reports, so the two apps' migration
graphs do not collide."""

from django.db import migrations

SOURCES = {"disclosures": "democracy.disclosures", "supervisions": "democracy.supervisions"}


def make_automatic(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    for code, source in SOURCES.items():
        Indicator.objects.filter(code=code, source="").update(source=source)


def make_typed(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    for code, source in SOURCES.items():
        Indicator.objects.filter(code=code, source=source).update(source="")


class Migration(migrations.Migration):
    dependencies = [("democracy", "0002_seed_categories_parameters_rules"), ("reports", "0006_resanitise_stored_narratives")]

    operations = [migrations.RunPython(make_automatic, make_typed)]
