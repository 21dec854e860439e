"""The shared cache's table (settings.CACHES): made by migrate, so a fresh clone needs no extra step."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):
    schema_editor.execute("DROP TABLE IF EXISTS danvan_cache")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_seed_organization_types")]

    operations = [migrations.RunPython(create, drop)]
