"""Link each island district whose communes all became one đặc khu to that đặc khu (Trường Sa and the like).

The units loader does this since this change (geo.loader.whole_district_zones); this migration does the same for
units loaded before it. The rule is repeated here on the historical models: a migration must not import app code.
"""

import datetime as dt

from django.db import migrations

REFORM_2025 = dt.date(2025, 7, 1)
LEGACY_END = dt.date(2025, 6, 30)


def link_island_districts(apps, schema_editor):
    AdminUnit = apps.get_model("geo", "AdminUnit")
    UnitLink = apps.get_model("geo", "UnitLink")
    for zone in AdminUnit.objects.filter(unit_type="dac_khu", valid_from=REFORM_2025):
        olds = list(AdminUnit.objects.filter(successor_links__successor=zone))
        districts = {o.district_id for o in olds}
        if not olds or any(o.level != "commune" for o in olds) or len(districts) != 1:
            continue
        district_id = districts.pop()
        if district_id is None or UnitLink.objects.filter(predecessor_id=district_id).exists():
            continue
        communes = set(
            AdminUnit.objects.filter(district_id=district_id, level="commune", valid_to=LEGACY_END).values_list(
                "pk", flat=True
            )
        )
        if communes != {o.pk for o in olds}:
            continue
        UnitLink.objects.create(
            predecessor_id=district_id,
            successor=zone,
            kind="merge",
            is_default=True,
            effective_date=REFORM_2025,
            source=zone.source,
        )


def unlink_island_districts(apps, schema_editor):
    UnitLink = apps.get_model("geo", "UnitLink")
    ids = (
        UnitLink.objects.filter(
            predecessor__level="district", predecessor__children__isnull=False, successor__unit_type="dac_khu"
        )
        .values_list("pk", flat=True)
        .distinct()
    )
    UnitLink.objects.filter(pk__in=list(ids)).delete()


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(link_island_districts, unlink_island_districts)]
