from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_field
from rest_framework import serializers

from emulation.forms import DEFAULT_TITLES
from emulation.models import Assessment, AssessmentScore, Award, Contest, ContestStatus, Entry, EntryKind, Round
from lib.params import BoundedIntegerField


class NamedChoiceField(serializers.ChoiceField):
    """A choice field documented as its own named enum component.

    "status" and "kind" already name practices' enums; drf-spectacular would otherwise give
    ours a hashed name ("Status412Enum") and warn. The names cannot go into
    ENUM_NAME_OVERRIDES from here, so the field says its component itself.
    """

    def __init__(self, choices_class, *, component: str, **kwargs):
        self.component = component
        super().__init__(choices=choices_class.choices, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        schema = {k: v for k, v in build_choice_field(field).items() if k != "x-spec-enum-id"}
        component = ResolvedComponent(
            name=field.component, type=ResolvedComponent.SCHEMA, object=field.component, schema=schema
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref


def contest_status(**kwargs):
    return NamedChoiceField(ContestStatus, component="ContestStatusEnum", **kwargs)


def entry_kind(**kwargs):
    return NamedChoiceField(EntryKind, component="EntryKindEnum", **kwargs)


class ContestListSerializer(serializers.ModelSerializer):
    organizer_name = serializers.CharField(source="organizer.name", read_only=True)
    status = contest_status(read_only=True)
    entry_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Contest
        fields = ["id", "name", "organizer", "organizer_name", "year", "status", "entry_count", "created_at"]
        read_only_fields = fields


class RoundSerializer(serializers.ModelSerializer):
    criteria_set_name = serializers.CharField(source="criteria_set.name", read_only=True)

    class Meta:
        model = Round
        fields = ["id", "order", "name", "criteria_set", "criteria_set_name", "held_on"]
        read_only_fields = fields


class EntrySerializer(serializers.ModelSerializer):
    kind = entry_kind(read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Entry
        fields = ["id", "kind", "name", "organization", "organization_name", "practice"]
        read_only_fields = fields


class AwardSerializer(serializers.ModelSerializer):
    entry_name = serializers.CharField(source="entry.name", read_only=True)

    class Meta:
        model = Award
        fields = ["rank", "title", "entry", "entry_name"]
        read_only_fields = fields


class ContestDetailSerializer(serializers.ModelSerializer):
    organizer_name = serializers.CharField(source="organizer.name", read_only=True)
    status = contest_status(read_only=True)
    judges = serializers.SerializerMethodField()
    rounds = RoundSerializer(many=True, read_only=True)
    entries = EntrySerializer(many=True, read_only=True)
    awards = AwardSerializer(many=True, read_only=True)

    class Meta:
        model = Contest
        fields = [
            "id",
            "name",
            "organizer",
            "organizer_name",
            "year",
            "status",
            "created_at",
            "judges",
            "rounds",
            "entries",
            "awards",
        ]
        read_only_fields = fields

    def get_judges(self, obj) -> list[dict]:
        return [{"id": u.pk, "name": str(u)} for u in obj.judges.all()]


class RoundWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    criteria_set = BoundedIntegerField()
    held_on = serializers.DateField(required=False, allow_null=True)


# Input only: the rules live in emulation.forms.contest_create.
class ContestWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300)
    organizer = BoundedIntegerField(help_text="Tổ chức mà bạn có quyền ghi")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    judges = serializers.ListField(child=BoundedIntegerField(), min_length=1)
    rounds = RoundWriteSerializer(many=True, help_text="Theo thứ tự vòng thi")

    def validate_rounds(self, value):
        if not value:
            raise serializers.ValidationError("Hội thi phải có ít nhất một vòng thi.")
        return value


class EntryWriteSerializer(serializers.Serializer):
    kind = entry_kind()
    name = serializers.CharField(max_length=300)
    organization = BoundedIntegerField()
    practice = BoundedIntegerField(required=False, allow_null=True)


class CriterionScoreSerializer(serializers.Serializer):
    criterion = BoundedIntegerField()
    score = serializers.DecimalField(max_digits=6, decimal_places=2)


def _unique_criteria(value):
    ids = [item["criterion"] for item in value]
    if len(ids) != len(set(ids)):
        raise serializers.ValidationError("Mỗi tiêu chí chỉ được chấm một lần.")
    return value


class ContestScoreSerializer(serializers.Serializer):
    entry = BoundedIntegerField()
    round = BoundedIntegerField()
    scores = CriterionScoreSerializer(many=True)

    def validate_scores(self, value):
        return _unique_criteria(value)


class RankingSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    entry = serializers.IntegerField(source="entry.pk")
    entry_name = serializers.CharField(source="entry.name")
    organization = serializers.IntegerField(source="entry.organization_id")
    total = serializers.DecimalField(max_digits=9, decimal_places=2)


class CloseSerializer(serializers.Serializer):
    titles = serializers.ListField(
        child=serializers.CharField(max_length=100),
        min_length=1,
        required=False,
        help_text=f"Các giải theo thứ hạng; mặc định: {DEFAULT_TITLES}",
    )


class AssessmentScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = AssessmentScore
        fields = ["criterion", "score"]
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    criteria_set_name = serializers.CharField(source="criteria_set.name", read_only=True)
    grade_display = serializers.CharField(source="get_grade_display", read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "organization",
            "organization_name",
            "year",
            "criteria_set",
            "criteria_set_name",
            "total",
            "grade",
            "grade_display",
            "note",
            "created_at",
        ]
        read_only_fields = fields


class AssessmentDetailSerializer(AssessmentSerializer):
    scores = AssessmentScoreSerializer(many=True, read_only=True)

    class Meta(AssessmentSerializer.Meta):
        fields = AssessmentSerializer.Meta.fields + ["scores"]
        read_only_fields = fields


# Input only: scoring rules, totals and grades are emulation.services.assessment_record's.
class AssessmentWriteSerializer(serializers.Serializer):
    organization = BoundedIntegerField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    criteria_set = BoundedIntegerField()
    scores = CriterionScoreSerializer(many=True)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)

    def validate_scores(self, value):
        return _unique_criteria(value)
