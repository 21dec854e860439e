from rest_framework import serializers

from geo.models import AdminUnit, UnitLink


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = AdminUnit
        fields = ["code", "name", "short_name", "unit_type", "level", "valid_from", "valid_to", "latitude", "longitude"]
        read_only_fields = fields


class LinkedUnitSerializer(UnitSerializer):
    is_default = serializers.BooleanField()
    kind = serializers.CharField()

    class Meta(UnitSerializer.Meta):
        fields = UnitSerializer.Meta.fields + ["is_default", "kind"]
        read_only_fields = fields


class UnitDetailSerializer(UnitSerializer):
    parent_code = serializers.CharField(source="parent.code", default=None, read_only=True)
    ancestors = UnitSerializer(many=True, read_only=True)
    predecessors = LinkedUnitSerializer(many=True, read_only=True)
    successors = LinkedUnitSerializer(many=True, read_only=True)

    class Meta(UnitSerializer.Meta):
        fields = UnitSerializer.Meta.fields + ["parent_code", "ancestors", "predecessors", "successors"]
        read_only_fields = fields


def linked(links: list[UnitLink], attr: str) -> list[AdminUnit]:
    units = []
    for lk in links:
        unit = getattr(lk, attr)
        unit.is_default = lk.is_default
        unit.kind = lk.kind
        units.append(unit)
    return units
