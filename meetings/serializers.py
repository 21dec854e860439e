"""API shapes of reception days and dialogues. None carries a citizen's identity."""

from django.utils import timezone
from rest_framework import serializers

from lib.params import COLUMN_INT_MAX, BoundedIntegerField
from meetings.dialogues import published_late, results_late
from meetings.models import (
    COMMITMENT_STATES,
    Commitment,
    Dialogue,
    DialogueQuestion,
    Frequency,
    ReceptionSchedule,
    ReceptionSession,
)


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
    organization = BoundedIntegerField()
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
    organization = BoundedIntegerField()
    date = serializers.DateField()
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    leader_title = serializers.CharField(max_length=200)
    leader_name = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    place = serializers.CharField(max_length=300)


class HoldSerializer(serializers.Serializer):
    visitors = BoundedIntegerField(max_value=COLUMN_INT_MAX, min_value=0, default=0)
    note = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)


class SessionReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DialogueQuestion
        fields = ["id", "source", "text", "case", "answer", "answered_by"]
        read_only_fields = fields


class PublicQuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DialogueQuestion
        fields = ["text", "answer"]
        read_only_fields = fields


class CommitmentSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    state = serializers.SerializerMethodField(help_text="open, done hoặc overdue (quá hạn, tính theo ngày xem)")

    class Meta:
        model = Commitment
        fields = [
            "id",
            "dialogue",
            "question",
            "text",
            "owner",
            "owner_name",
            "deadline",
            "state",
            "evidence",
            "done_on",
        ]
        read_only_fields = fields

    def get_state(self, obj) -> str:
        return obj.state_on(timezone.localdate())


class DialogueSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    results_due = serializers.DateField(read_only=True, allow_null=True)
    results_late = serializers.SerializerMethodField()

    class Meta:
        model = Dialogue
        fields = [
            "id",
            "organization",
            "organization_name",
            "unit_code",
            "unit_name",
            "title",
            "description",
            "topic",
            "starts_at",
            "place",
            "status",
            "announced_on",
            "recorded_afterwards",
            "held_on",
            "participants",
            "results",
            "published_on",
            "results_due",
            "results_late",
        ]
        read_only_fields = fields

    def get_results_late(self, obj) -> bool:
        return results_late(obj) or published_late(obj)


class DialogueDetailSerializer(DialogueSerializer):
    minutes = serializers.CharField(read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)
    commitments = CommitmentSerializer(many=True, read_only=True)

    class Meta(DialogueSerializer.Meta):
        fields = [*DialogueSerializer.Meta.fields, "minutes", "questions", "commitments"]
        read_only_fields = fields


class PublicDialogueSerializer(DialogueSerializer):
    class Meta(DialogueSerializer.Meta):
        fields = [f for f in DialogueSerializer.Meta.fields if f not in ("organization", "participants")]
        read_only_fields = fields


class DialogueWriteSerializer(serializers.Serializer):
    organization = BoundedIntegerField()
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    topic = serializers.CharField(required=False, default="", allow_blank=True, help_text="Mã lĩnh vực")
    unit = serializers.CharField(
        required=False, default="", allow_blank=True, help_text="Mã đơn vị; mặc định địa bàn của cơ quan"
    )
    starts_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=300)


class CaseQuestionSerializer(serializers.Serializer):
    case = BoundedIntegerField()
    text = serializers.CharField(required=False, default="", allow_blank=True, max_length=4000)


class CitizenQuestionSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


class MinutesSerializer(serializers.Serializer):
    minutes = serializers.CharField()
    participants = BoundedIntegerField(max_value=COLUMN_INT_MAX, min_value=0, default=0)


class DialogueAnswerSerializer(serializers.Serializer):
    question = BoundedIntegerField()
    answer = serializers.CharField(max_length=20000)
    answered_by = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class CommitmentWriteSerializer(serializers.Serializer):
    text = serializers.CharField()
    owner = BoundedIntegerField()
    deadline = serializers.DateField()
    question = BoundedIntegerField(required=False, allow_null=True)


class ResultsSerializer(serializers.Serializer):
    results = serializers.CharField()


class EvidenceSerializer(serializers.Serializer):
    evidence = serializers.CharField()


COMMITMENT_STATE_CHOICES = list(COMMITMENT_STATES.items())
