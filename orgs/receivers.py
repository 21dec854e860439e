"""Organisations follow their unit to its successor when the map is reorganised (geo.signals)."""

from django.dispatch import receiver

from audit.models import Action
from audit.services import record
from geo.models import AdminUnit
from geo.signals import units_reorganised
from orgs.models import Organization


@receiver(units_reorganised)
def follow_reorganisation(sender, successors: dict[int, int], by=None, **kwargs) -> dict[str, int]:
    moved = 0
    units = AdminUnit.objects.in_bulk(set(successors.values()))
    for org in Organization.objects.filter(unit_id__in=successors):
        old_unit = org.unit_id
        successor = units[successors[old_unit]]
        Organization.objects.filter(pk=org.pk).update(unit=successor)
        record(
            actor=by,
            action=Action.UPDATE,
            obj=org,
            changes={"unit": [old_unit, successor.pk]},
            reason="Đơn vị hành chính được sắp xếp lại",
        )
        moved += 1
    return {"organizations": moved}
