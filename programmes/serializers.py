"""API shapes of programmes, tasks, inspections and contributions."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from documents.models import Kind, Status
from lib.params import BoundedIntegerField
from programmes.citations import REFS_MAX, cited_documents
from programmes.models import (
    Contribution,
    ContributionKind,
    Finding,
    Inspection,
    PartyRole,
    Programme,
    ProgrammeKind,
    Rating,
    Task,
    YearPlan,
)
from programmes.selectors import QUEUE_STATES


class PartySerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="organization_id")
    organization_name = serializers.CharField(source="organization.name")
    role = serializers.ChoiceField(choices=PartyRole.choices)


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = YearPlan
        fields = ["id", "programme", "year", "title", "note"]
        read_only_fields = fields


class ProgrammeDocumentSerializer(serializers.Serializer):
    """A document of the library the programme implements (a ``documents.Citation``)."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    label = serializers.CharField(source="__str__")
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)


class ProgrammeSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    documents = serializers.SerializerMethodField()
    unresolved_refs = serializers.ListField(
        child=serializers.CharField(),
        source="unresolved_list",
        read_only=True,
        help_text="Văn bản thực hiện chưa có trong thư viện, giữ như đã nhập",
    )

    class Meta:
        model = Programme
        fields = ["id", "kind", "number", "title", "organization", "organization_name", "start_year", "end_year",
                  "goals", "documents", "unresolved_refs"]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(ProgrammeDocumentSerializer(many=True))
    def get_documents(self, programme) -> list[dict]:
        """The documents of the library the programme implements, oldest issued first."""
        return ProgrammeDocumentSerializer(cited_documents(programme), many=True).data


class ProgrammeDetailSerializer(ProgrammeSerializer):
    parties = PartySerializer(many=True, read_only=True)
    plans = PlanSerializer(many=True, read_only=True)

    class Meta(ProgrammeSerializer.Meta):
        fields = [*ProgrammeSerializer.Meta.fields, "parties", "plans"]
        read_only_fields = fields


class PartyWriteSerializer(serializers.Serializer):
    organization = BoundedIntegerField()
    role = serializers.ChoiceField(choices=PartyRole.choices, default=PartyRole.MEMBER)


def REFS_FIELD() -> serializers.CharField:  # noqa: N802 - reads as a field declaration
    return serializers.CharField(
        max_length=REFS_MAX, required=False, default="", allow_blank=True,
        help_text="Số, ký hiệu các văn bản thực hiện, cách nhau bởi dấu “;” (ví dụ 23-QĐ/TW; 25-NQ/TW): văn bản có "
                  "trong thư viện được trích dẫn, văn bản chưa có được giữ như đã nhập",
    )  # fmt: skip


class ProgrammeWriteSerializer(serializers.Serializer):
    organization = BoundedIntegerField()
    kind = serializers.ChoiceField(choices=ProgrammeKind.choices, default=ProgrammeKind.COORDINATION)
    number = serializers.CharField(max_length=60, required=False, default="", allow_blank=True)
    title = serializers.CharField(max_length=400)
    start_year = serializers.IntegerField(min_value=2000, max_value=2100)
    end_year = serializers.IntegerField(min_value=2000, max_value=2100)
    goals = serializers.CharField(max_length=20000, required=False, default="", allow_blank=True)
    document_refs = REFS_FIELD()
    parties = PartyWriteSerializer(many=True, required=False, default=list)


class DocumentsWriteSerializer(serializers.Serializer):
    document_refs = REFS_FIELD()


class PlanWriteSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=400, required=False, default="", allow_blank=True)
    note = serializers.CharField(max_length=20000, required=False, default="", allow_blank=True)


class TaskSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    state = serializers.SerializerMethodField()
    cooperating = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Task
        fields = ["id", "programme", "plan", "parent", "finding", "title", "description", "expected_output", "owner",
                  "owner_name", "cooperating", "level", "deadline", "status", "state", "progress", "cancel_reason",
                  "completed_on"]  # fmt: skip
        read_only_fields = fields

    def get_state(self, task) -> str:
        """The status, or "overdue" for an open task past its deadline today."""
        return task.state_on(self.context["today"])


class QueueRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    deadline = serializers.DateField()
    status = serializers.CharField()
    state = serializers.SerializerMethodField()
    progress = serializers.IntegerField()
    owner = serializers.IntegerField(source="owner_id")
    owner_name = serializers.CharField()
    programme_title = serializers.CharField(allow_null=True)
    finding = serializers.IntegerField(source="finding_id", allow_null=True)
    parent = serializers.IntegerField(source="parent_id", allow_null=True)

    def get_state(self, row) -> str:
        return row.state_on(self.context["today"])


class TaskWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=400)
    owner = BoundedIntegerField()
    cooperating = serializers.ListField(child=BoundedIntegerField(), required=False, default=list, max_length=50)
    deadline = serializers.DateField()
    description = serializers.CharField(max_length=20000, required=False, default="", allow_blank=True)
    expected_output = serializers.CharField(max_length=400, required=False, default="", allow_blank=True)


class SubtaskWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=400)
    owner = BoundedIntegerField()
    deadline = serializers.DateField()
    description = serializers.CharField(max_length=20000, required=False, default="", allow_blank=True)
    expected_output = serializers.CharField(max_length=400, required=False, default="", allow_blank=True)


class NoteWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True, default=None)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list, max_length=10)


class TaskReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class QueueQuerySerializer(serializers.Serializer):
    org = BoundedIntegerField()
    state = serializers.ChoiceField(choices=QUEUE_STATES, default="open")


class RatesSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    on_time = serializers.IntegerField()
    overdue = serializers.IntegerField()
    completion_rate = serializers.FloatField(allow_null=True)
    on_time_rate = serializers.FloatField(allow_null=True)
    children = serializers.SerializerMethodField()

    def get_children(self, rates) -> list[dict]:
        return RatesSerializer(rates.children, many=True).data


class InspectionMemberWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    position = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    organization = BoundedIntegerField()


class VisitWriteSerializer(serializers.Serializer):
    unit = serializers.CharField(max_length=10, help_text="Mã đơn vị hành chính")
    organization = BoundedIntegerField(required=False, allow_null=True, default=None)
    visit_date = serializers.DateField(required=False, allow_null=True, default=None)


class InspectionWriteSerializer(serializers.Serializer):
    organization = BoundedIntegerField()
    programme = BoundedIntegerField(required=False, allow_null=True, default=None)
    title = serializers.CharField(max_length=400)
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    purpose = serializers.CharField(max_length=20000, required=False, default="", allow_blank=True)
    members = InspectionMemberWriteSerializer(many=True)
    visits = VisitWriteSerializer(many=True)
    items = serializers.ListField(child=BoundedIntegerField(), required=False, allow_null=True, default=None)


class InspectionMemberSerializer(serializers.Serializer):
    name = serializers.CharField()
    position = serializers.CharField()
    organization = serializers.IntegerField(source="organization_id")
    organization_name = serializers.CharField(source="organization.name")


class ResultSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item_id")
    rating = serializers.ChoiceField(choices=Rating.choices)
    note = serializers.CharField()
    photos = serializers.IntegerField(source="photos.count")


class VisitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.CharField(source="unit.code")
    unit_name = serializers.CharField(source="unit.name")
    visit_date = serializers.DateField(allow_null=True)
    results = ResultSerializer(many=True)


class FindingSerializer(serializers.ModelSerializer):
    tasks = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "inspection", "visit", "text", "recommendation", "tasks"]
        read_only_fields = fields


class InspectionSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "programme", "title", "organization", "organization_name", "date_from", "date_to", "purpose",
                  "status", "conclusion", "concluded_on"]  # fmt: skip
        read_only_fields = fields


class InspectionDetailSerializer(InspectionSerializer):
    members = InspectionMemberSerializer(many=True, read_only=True)
    visits = VisitSerializer(many=True, read_only=True)
    findings = FindingSerializer(many=True, read_only=True)
    items = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta(InspectionSerializer.Meta):
        fields = [*InspectionSerializer.Meta.fields, "members", "visits", "items", "findings"]
        read_only_fields = fields


class ResultWriteSerializer(serializers.Serializer):
    visit = BoundedIntegerField()
    item = BoundedIntegerField()
    rating = serializers.ChoiceField(choices=Rating.choices)
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list, max_length=10)


class FindingWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000)
    recommendation = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    visit = BoundedIntegerField(required=False, allow_null=True, default=None)


class FollowupWriteSerializer(serializers.Serializer):
    finding = BoundedIntegerField()
    title = serializers.CharField(max_length=400)
    owner = BoundedIntegerField()
    deadline = serializers.DateField()
    description = serializers.CharField(max_length=20000, required=False, default="", allow_blank=True)


class ConcludeSerializer(serializers.Serializer):
    conclusion = serializers.CharField(max_length=20000)


class ChecklistWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=400)
    ordering = serializers.IntegerField(min_value=0, max_value=1000, default=100)


class KindSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContributionKind
        fields = ["id", "code", "name", "unit", "decimals", "has_value", "is_active"]
        read_only_fields = fields


class ContributionSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="kind.code", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    place = serializers.CharField(source="place.code", read_only=True)

    class Meta:
        model = Contribution
        fields = ["id", "kind", "organization", "organization_name", "force", "place", "date_from", "date_to",
                  "quantity", "value_vnd", "programme", "note"]  # fmt: skip
        read_only_fields = fields


class ContributionWriteSerializer(serializers.Serializer):
    organization = BoundedIntegerField()
    kind = serializers.SlugField(max_length=40)
    place = serializers.CharField(max_length=10, help_text="Mã đơn vị hành chính nơi thực hiện")
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    quantity = serializers.DecimalField(max_digits=16, decimal_places=2, min_value=0)
    value_vnd = serializers.IntegerField(min_value=0, max_value=10**15, default=0)
    programme = BoundedIntegerField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class RollupRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True)
    label = serializers.CharField(allow_null=True)
    kind = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=20, decimal_places=2)
    value_vnd = serializers.IntegerField()
    entries = serializers.IntegerField()
