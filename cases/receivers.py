"""Keep cases' denormalised "today's province" right when the map is reorganised (geo.signals).

Queues and scopes filter cases on ``Case.province`` alone; without this, the cases of a province
merged into another would stay on the closed province, out of the successor's queues.
"""

from django.dispatch import receiver

from cases.models import Case
from geo.models import AdminUnit
from geo.signals import units_reorganised


@receiver(units_reorganised)
def follow_reorganisation(sender, successors: dict[int, int], **kwargs) -> dict[str, int]:
    """Runs in the import's transaction: rows of a closed province, and rows whose own unit closed,
    follow the successor's province."""
    moved = 0
    units = AdminUnit.objects.in_bulk(set(successors.values()))
    for old_id, new_id in successors.items():
        new = units[new_id]
        province_id = new.province_id or new.pk
        moved += Case.objects.filter(province_id=old_id).update(province_id=province_id)
        moved += Case.objects.filter(unit_id=old_id).exclude(province_id=province_id).update(province_id=province_id)
    return {"cases": moved}
