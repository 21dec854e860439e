"""Keep practices' denormalised "today's province" right when the map is reorganised."""

from django.dispatch import receiver

from geo.models import AdminUnit
from geo.signals import units_reorganised
from practices.models import Practice


@receiver(units_reorganised)
def follow_reorganisation(sender, successors: dict[int, int], **kwargs):

    units = AdminUnit.objects.in_bulk(set(successors.values()))
    for old_id, new_id in successors.items():
        new = units[new_id]
        province_id = new.province_id or new.pk
        # Rows of a closed province, and rows whose own unit closed, follow the successor.
        Practice.objects.filter(province_id=old_id).update(province_id=province_id)
        Practice.objects.filter(unit_id=old_id).exclude(province_id=province_id).update(province_id=province_id)
