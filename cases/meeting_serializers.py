"""API shapes of reception days and dialogues. None carries a citizen's identity."""

from rest_framework import serializers

from cases.meeting_models import Frequency, ReceptionSchedule, ReceptionSession


class ScheduleSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    rule_label = serializers.CharField(read_only=True)

    class Meta:
        model = ReceptionSchedule
        fields = [
            "id",
            "organization",
            "organization_name",
            "leader_title",
            "leader_name",
            "frequency",
            "weekday",
            "month_day",
            "rule_label",
            "start_time",
            "end_time",
            "place",
            "valid_from",
            "valid_to",
            "is_active",
        ]
        read_only_fields = fields


class ScheduleWriteSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    leader_title = serializers.CharField(max_length=200)
    leader_name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    frequency = serializers.ChoiceField(choices=Frequency.choices, default=Frequency.WEEKLY)
    weekday = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=6)
    month_day = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=28)
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    place = serializers.CharField(max_length=300)
    valid_from = serializers.DateField(required=False)


class SessionSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    case_count = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = ReceptionSession
        fields = [
            "id",
            "organization",
            "organization_name",
            "schedule",
            "date",
            "start_time",
            "end_time",
            "leader_title",
            "leader_name",
            "place",
            "status",
            "visitors",
            "note",
            "case_count",
        ]
        read_only_fields = fields


class PublicSessionSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    unit_name = serializers.CharField(source="organization.unit.name", read_only=True, default="")

    class Meta:
        model = ReceptionSession
        fields = [
            "date",
            "start_time",
            "end_time",
            "organization_name",
            "unit_name",
            "leader_title",
            "leader_name",
            "place",
            "status",
        ]
        read_only_fields = fields


class SessionWriteSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    date = serializers.DateField()
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    leader_title = serializers.CharField(max_length=200)
    leader_name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    place = serializers.CharField(max_length=300)


class HoldSerializer(serializers.Serializer):
    visitors = serializers.IntegerField(min_value=0, default=0)
    note = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)


class SessionReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)
