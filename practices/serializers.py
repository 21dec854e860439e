from rest_framework import serializers

from lib.params import COLUMN_INT_MAX, BoundedIntegerField
from practices.models import (
    Commendation,
    CommendationForm,
    Evidence,
    Field,
    Kind,
    Practice,
    PracticeEvent,
    RecognitionLevel,
)
from practices.selectors import public_evidence, recipient_is_public


class PracticeListSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    # Declared so the schema says the truth: "" until the practice is recognised (a read-only model
    # field would be documented as the bare enum).
    recognition_level = serializers.ChoiceField(
        choices=RecognitionLevel.choices, allow_blank=True, read_only=True, help_text="Rỗng khi chưa được công nhận"
    )

    class Meta:
        model = Practice
        fields = [
            "id",
            "name",
            "kind",
            "field",
            "status",
            "recognition_level",
            "year",
            "organization",
            "organization_name",
            "unit_code",
            "unit_name",
            "money_vnd",
            "workdays",
            "created_at",
        ]
        read_only_fields = fields


class PracticeEventSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.__str__", read_only=True)

    class Meta:
        model = PracticeEvent
        fields = ["action", "from_status", "to_status", "by", "at", "reason"]


class CommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commendation
        fields = ["id", "form", "authority", "decision_number", "decision_date", "recipient_kind", "recipient_name"]


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "original_name", "kind", "size", "caption", "is_public", "uploaded_at"]


class PracticeDetailSerializer(PracticeListSerializer):
    events = PracticeEventSerializer(many=True, read_only=True)
    commendations = CommendationSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    descendants = serializers.SerializerMethodField()
    recognised_by_name = serializers.CharField(
        source="recognised_by.name", read_only=True, default="", help_text="Cơ quan công nhận"
    )

    class Meta(PracticeListSerializer.Meta):
        fields = PracticeListSerializer.Meta.fields + [
            "registered_on",
            "recognised_by",
            "recognised_by_name",
            "recognised_on",
            "person_name",
            "person_public",
            "situation",
            "objectives",
            "content",
            "target_people",
            "outputs",
            "sustainability",
            "socialised_vnd",
            "land_m2",
            "materials",
            "start_date",
            "evaluation_date",
            "latitude",
            "longitude",
            "source",
            "events",
            "commendations",
            "evidence",
            "descendants",
        ]
        read_only_fields = fields

    # Not shown by the public showcase: outside its scope an officer gets these blank (issue 18).
    PRIVATE_BLANKS = {"materials": "", "latitude": None, "longitude": None, "events": []}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if self.context.get("public_only"):
            # The practice as the public showcase shows it: the same fields, the private ones emptied.
            data.update(self.PRIVATE_BLANKS)
            if not instance.person_public:
                data["person_name"] = ""
            public_ids = {e.pk for e in public_evidence(instance)}
            data["evidence"] = [e for e in data["evidence"] if e["id"] in public_ids]
            named = {c.pk for c in instance.commendations.all() if recipient_is_public(instance, c)}
            for c in data["commendations"]:
                if c["id"] not in named:
                    c["recipient_name"] = ""
        return data

    def get_descendants(self, obj) -> list[dict]:
        return [
            {"id": d.pk, "name": d.name, "unit_code": d.unit.code, "unit_name": d.unit.name}
            for d in obj.descendants.select_related("unit")
        ]


class PracticeWriteSerializer(serializers.Serializer):
    """Input for create and update: validation at the edge, rules in practices.services."""

    name = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=Kind.choices)
    field = serializers.ChoiceField(choices=Field.choices)
    organization = BoundedIntegerField(required=False, help_text="Mặc định: tổ chức đầu tiên của bạn")
    unit = serializers.CharField(max_length=10, help_text="Mã đơn vị hành chính hiện hành")
    person_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    person_public = serializers.BooleanField(required=False)
    situation = serializers.CharField(required=False, allow_blank=True)
    objectives = serializers.CharField(required=False, allow_blank=True)
    content = serializers.CharField(required=False, allow_blank=True)
    target_people = serializers.CharField(required=False, allow_blank=True)
    outputs = serializers.CharField(required=False, allow_blank=True)
    sustainability = serializers.CharField(required=False, allow_blank=True)
    money_vnd = BoundedIntegerField(min_value=0, required=False)
    socialised_vnd = BoundedIntegerField(min_value=0, required=False)
    workdays = BoundedIntegerField(max_value=COLUMN_INT_MAX, min_value=0, required=False)
    land_m2 = serializers.DecimalField(max_digits=12, decimal_places=1, min_value=0, required=False)
    materials = serializers.CharField(required=False, allow_blank=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    evaluation_date = serializers.DateField(required=False, allow_null=True)
    latitude = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    longitude = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)


class PracticeCreateSerializer(PracticeWriteSerializer):
    """Create also takes the registration date of a practice registered before it is entered (a historical entry):
    the unit code is then read in the hierarchy of that day, and reports count the practice in that period."""

    registered_on = serializers.DateField(
        required=False, allow_null=True, help_text="Ngày đăng ký (mặc định hôm nay); đơn vị đọc theo danh mục ngày đó"
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)


class StartAppraisalSerializer(serializers.Serializer):
    criteria_set = BoundedIntegerField()
    members = serializers.ListField(child=BoundedIntegerField(), min_length=1)
    on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Ngày quyết định thành lập hội đồng (mặc định hôm nay)"
    )


class ScoreItemSerializer(serializers.Serializer):
    criterion = BoundedIntegerField()
    score = serializers.DecimalField(max_digits=6, decimal_places=2)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ScoreSerializer(serializers.Serializer):
    scores = ScoreItemSerializer(many=True)


class RecogniseSerializer(serializers.Serializer):
    level = serializers.ChoiceField(
        choices=RecognitionLevel.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text="Cấp của hội đồng thẩm định (để trống: lấy theo hội đồng); cấp khác bị từ chối",
    )
    on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Ngày quyết định công nhận (mặc định hôm nay)"
    )
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    on = serializers.DateField(
        required=False, allow_null=True, help_text="Ngày quyết định công nhận (mặc định hôm nay)"
    )


class CommendSerializer(serializers.Serializer):
    form = serializers.ChoiceField(choices=CommendationForm.choices)
    authority = serializers.CharField(max_length=300)
    decision_number = serializers.CharField(max_length=60)
    decision_date = serializers.DateField()
    recipient_kind = serializers.ChoiceField(choices=Kind.choices)
    recipient_name = serializers.CharField(max_length=300)


class AdoptSerializer(serializers.Serializer):
    organization = BoundedIntegerField()
    unit = serializers.CharField(max_length=10)
    name = serializers.CharField(max_length=300, required=False, allow_blank=True)
