"""API shapes of the democracy module. Reads are ModelSerializers; writes are plain serializers whose validated
data become the services' keyword arguments."""

from __future__ import annotations

from rest_framework import serializers as s

from democracy.compliance import FIGURES
from democracy.disclosures import defects
from democracy.models import (
    Board,
    BoardMember,
    Channel,
    Consultation,
    ConsultationForm,
    ConsultationKind,
    ConsultationScope,
    Disclosure,
    DisclosureCategory,
    DisclosureChannel,
    DisclosureFile,
    MemberRole,
    Obligation,
    OpinionGroup,
    Option,
    Recommendation,
    SupervisionSession,
    VillageRule,
    VillageRuleKind,
    VillageRuleVersion,
)

# ---------------------------------------------------------------- disclosures


class CategorySerializer(s.ModelSerializer):
    class Meta:
        model = DisclosureCategory
        fields = ["code", "name", "article", "required_channels", "min_posting_days", "min_broadcast_days",
                  "recurrence", "anchor", "due_days", "verified"]  # fmt: skip


class ChannelSerializer(s.ModelSerializer):
    class Meta:
        model = DisclosureChannel
        fields = ["channel", "posted_on", "taken_down_on", "broadcast_days", "url", "note"]


class FileSerializer(s.ModelSerializer):
    class Meta:
        model = DisclosureFile
        fields = ["id", "original_name", "kind", "size", "token"]


class DisclosureSerializer(s.ModelSerializer):
    category = s.CharField(source="category.code", read_only=True)
    unit = s.CharField(source="unit.code", read_only=True)

    class Meta:
        model = Disclosure
        fields = ["id", "unit", "organization", "category", "title", "status", "published_on", "defect_count"]


class DisclosureDetailSerializer(DisclosureSerializer):
    channels = ChannelSerializer(many=True, read_only=True)
    files = FileSerializer(many=True, read_only=True)
    defects = s.SerializerMethodField()

    class Meta(DisclosureSerializer.Meta):
        fields = [*DisclosureSerializer.Meta.fields, "content", "period_start", "document_number", "document_date",
                  "document_issuer", "channels", "files", "defects"]  # fmt: skip

    def get_defects(self, obj) -> list[str]:
        return defects(obj, list(obj.channels.all()))


class ChannelWriteSerializer(s.Serializer):
    channel = s.ChoiceField(choices=Channel.choices)
    posted_on = s.DateField(required=False, allow_null=True, default=None)
    taken_down_on = s.DateField(required=False, allow_null=True, default=None)
    broadcast_days = s.IntegerField(required=False, default=0, min_value=0, max_value=366)
    url = s.URLField(required=False, allow_blank=True, default="")
    note = s.CharField(required=False, allow_blank=True, default="", max_length=300)


class DisclosureWriteSerializer(s.Serializer):
    organization = s.IntegerField(min_value=1, max_value=2**31 - 1)
    category = s.SlugField(max_length=60)
    title = s.CharField(max_length=300)
    content = s.CharField(required=False, allow_blank=True, default="", max_length=20000)
    period_start = s.DateField(required=False, allow_null=True, default=None)
    document_number = s.CharField(required=False, allow_blank=True, default="", max_length=100)
    document_date = s.DateField(required=False, allow_null=True, default=None)
    document_issuer = s.CharField(required=False, allow_blank=True, default="", max_length=200)
    channels = ChannelWriteSerializer(many=True, required=False, default=list)


class TakeDownSerializer(s.Serializer):
    on = s.DateField()


class DemocracyReasonSerializer(s.Serializer):
    reason = s.CharField(max_length=2000)


class ObligationSerializer(s.ModelSerializer):
    unit = s.CharField(source="unit.code", read_only=True)
    category = s.CharField(source="category.code", read_only=True)
    state = s.CharField(read_only=True)

    class Meta:
        model = Obligation
        fields = ["id", "unit", "category", "label", "period_start", "period_end", "due_on", "done_on",
                  "disclosure", "state"]  # fmt: skip


class GenerateSerializer(s.Serializer):
    year = s.IntegerField(min_value=2023, max_value=2100)


class ComplianceRowSerializer(s.Serializer):
    unit = s.CharField(source="code")
    name = s.CharField()
    on_time_rate = s.FloatField(allow_null=True)
    figures = s.DictField(child=s.IntegerField(), help_text=", ".join(FIGURES))


class ComplianceSerializer(s.Serializer):
    date_from = s.DateField()
    date_to = s.DateField()
    total = ComplianceRowSerializer()
    rows = ComplianceRowSerializer(many=True)


# ---------------------------------------------------------------- consultations


class OptionSerializer(s.ModelSerializer):
    class Meta:
        model = Option
        fields = ["id", "label", "approves", "votes"]


class OpinionGroupSerializer(s.ModelSerializer):
    class Meta:
        model = OpinionGroup
        fields = ["id", "summary", "count", "answer", "answered_on"]


class ConsultationSerializer(s.ModelSerializer):
    unit = s.CharField(source="unit.code", read_only=True)
    rule = s.CharField(source="rule.code", read_only=True, allow_null=True, default=None)
    options = OptionSerializer(many=True, read_only=True)
    opinion_groups = OpinionGroupSerializer(many=True, read_only=True)

    class Meta:
        model = Consultation
        fields = ["id", "unit", "organization", "subject", "description", "scope", "village", "kind", "form", "rule",
                  "dialogue", "eligible_households", "participating_households", "opens_at", "closes_at", "status",
                  "outcome", "result_text", "closed_on", "published_on", "approval_document", "options",
                  "opinion_groups"]  # fmt: skip


class PublicConsultationSerializer(ConsultationSerializer):
    class Meta(ConsultationSerializer.Meta):
        fields = [f for f in ConsultationSerializer.Meta.fields if f not in ("organization", "dialogue")]


class OptionWriteSerializer(s.Serializer):
    label = s.CharField(max_length=300)
    approves = s.BooleanField(default=False)


class ConsultationWriteSerializer(s.Serializer):
    organization = s.IntegerField(min_value=1, max_value=2**31 - 1)
    subject = s.CharField(max_length=300)
    description = s.CharField(required=False, allow_blank=True, default="", max_length=20000)
    kind = s.ChoiceField(choices=ConsultationKind.choices)
    form = s.ChoiceField(choices=ConsultationForm.choices)
    scope = s.ChoiceField(choices=ConsultationScope.choices)
    village = s.CharField(required=False, allow_blank=True, default="", max_length=200)
    rule = s.SlugField(required=False, allow_blank=True, default="", max_length=60)
    eligible_households = s.IntegerField(required=False, default=0, min_value=0, max_value=10_000_000)
    opens_at = s.DateTimeField()
    closes_at = s.DateTimeField()
    options = OptionWriteSerializer(many=True, required=False, default=list)
    dialogue = s.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=2**31 - 1)


class HouseholdsSerializer(s.Serializer):
    households = s.ListField(child=s.CharField(max_length=200), min_length=1, max_length=20_000)


class SlipSerializer(s.Serializer):
    household = s.CharField()
    code = s.CharField()


class ConsultationResultsSerializer(s.Serializer):
    participating = s.IntegerField(min_value=0, max_value=10_000_000)
    eligible = s.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=10_000_000)
    votes = s.DictField(child=s.IntegerField(min_value=0, max_value=10_000_000))


class PublishSerializer(s.Serializer):
    result_text = s.CharField(max_length=20000)


class DocumentSerializer(s.Serializer):
    document = s.CharField(max_length=200)


class OpinionWriteSerializer(s.Serializer):
    summary = s.CharField(max_length=5000)
    count = s.IntegerField(min_value=1, max_value=10_000_000, default=1)


class AnswerSerializer(s.Serializer):
    answer = s.CharField(max_length=20000)


class VoteSerializer(s.Serializer):
    code = s.CharField(max_length=40)
    option = s.IntegerField(min_value=1, max_value=2**31 - 1)


class VoteResultSerializer(s.Serializer):
    message = s.CharField()


# ---------------------------------------------------------------- village rules


class VersionSerializer(s.ModelSerializer):
    class Meta:
        model = VillageRuleVersion
        fields = ["id", "number", "text", "status", "posted_on", "opinions", "consultation", "adopted_on",
                  "approval_document", "approved_on"]  # fmt: skip


class VillageRuleSerializer(s.ModelSerializer):
    unit = s.CharField(source="unit.code", read_only=True)
    versions = VersionSerializer(many=True, read_only=True)

    class Meta:
        model = VillageRule
        fields = ["id", "unit", "organization", "kind", "village", "title", "versions"]


class VillageRuleWriteSerializer(s.Serializer):
    organization = s.IntegerField(min_value=1, max_value=2**31 - 1)
    kind = s.ChoiceField(choices=VillageRuleKind.choices)
    village = s.CharField(max_length=200)
    title = s.CharField(max_length=300)
    text = s.CharField(max_length=100_000)


class TextSerializer(s.Serializer):
    text = s.CharField(max_length=100_000)


class PostSerializer(s.Serializer):
    posted_on = s.DateField()


class VillageRuleAdoptSerializer(s.Serializer):
    consultation = s.IntegerField(min_value=1, max_value=2**31 - 1)
    opinions = s.CharField(required=False, allow_blank=True, default="", max_length=20000)


class ApproveSerializer(s.Serializer):
    document = s.CharField(max_length=200)
    on = s.DateField()


# ---------------------------------------------------------------- supervision


class MemberSerializer(s.ModelSerializer):
    class Meta:
        model = BoardMember
        fields = ["id", "full_name", "role", "since", "until"]


class BoardSerializer(s.ModelSerializer):
    unit = s.CharField(source="unit.code", read_only=True)
    members = MemberSerializer(many=True, read_only=True)

    class Meta:
        model = Board
        fields = ["id", "unit", "organization", "kind", "name", "project", "term_start", "term_end", "members"]


class BoardWriteSerializer(s.Serializer):
    organization = s.IntegerField(min_value=1, max_value=2**31 - 1)
    kind = s.ChoiceField(choices=Board._meta.get_field("kind").choices)
    name = s.CharField(max_length=300)
    project = s.CharField(required=False, allow_blank=True, default="", max_length=300)
    term_start = s.DateField()
    term_end = s.DateField(required=False, allow_null=True, default=None)


class MemberWriteSerializer(s.Serializer):
    full_name = s.CharField(max_length=200)
    role = s.ChoiceField(choices=MemberRole.choices)
    since = s.DateField()


class SupervisionSessionSerializer(s.ModelSerializer):
    class Meta:
        model = SupervisionSession
        fields = ["id", "board", "held_on", "subject", "findings"]


class SupervisionSessionWriteSerializer(s.Serializer):
    held_on = s.DateField()
    subject = s.CharField(max_length=300)
    findings = s.CharField(required=False, allow_blank=True, default="", max_length=20000)


class RecommendationSerializer(s.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = ["id", "session", "text", "addressee", "answer_due", "status", "answer", "answered_on", "closed_on"]


class RecommendationWriteSerializer(s.Serializer):
    text = s.CharField(max_length=20000)
    addressee = s.IntegerField(min_value=1, max_value=2**31 - 1)
    answer_due = s.DateField(required=False, allow_null=True, default=None)


class NoteSerializer(s.Serializer):
    note = s.CharField(required=False, allow_blank=True, default="", max_length=2000)
