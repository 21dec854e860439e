"""Recompute the stored Vietnamese sort keys: a name now sorts before its own longer form ("Hà" before "Hà Nội").

The key comes from lib.vntext (framework-free, no models), the one definition of Vietnamese order; the stored column
must follow it or lists would sort by the old rule until every row is saved again.
"""

from django.db import migrations

from lib.vntext import sort_key


def recompute(apps, schema_editor):
    Model = apps.get_model("geo", "AdminUnit")
    changed = []
    for row in Model.objects.only("pk", "sort_key", "name", "short_name").iterator(chunk_size=2000):
        key = sort_key(row.short_name or row.name)
        if key != row.sort_key:
            row.sort_key = key
            changed.append(row)
        if len(changed) >= 2000:
            Model.objects.bulk_update(changed, ["sort_key"])
            changed = []
    Model.objects.bulk_update(changed, ["sort_key"])


class Migration(migrations.Migration):
    dependencies = [("geo", "0002_island_district_links")]
    # Going back keeps the new keys: the older code rewrites a row's key whenever it saves the row.
    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
