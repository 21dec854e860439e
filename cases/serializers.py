"""API shapes of cases. None of them carries the petitioner except ``PetitionerSerializer``,
which only the logged, checked endpoint uses."""

from rest_framework import serializers

from cases.models import Answer, Attachment, Case, CaseEvent, Channel, Kind, Petitioner, Status
from lib.params import COLUMN_INT_MAX, BoundedIntegerField


class CaseListSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="display_code", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    topic_name = serializers.CharField(source="topic.name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "code",
            "kind",
            "title",
            "status",
            "topic_name",
            "unit_code",
            "unit_name",
            "organization",
            "organization_name",
            "escalated_to",
            "escalation_level",
            "received_on",
            "due_date",
            "channel",
            "people_count",
        ]
        read_only_fields = fields


class CaseRowSerializer(serializers.Serializer):
    """A case of the list (``cases.selectors.ListRow``): the fields of ``CaseListSerializer``, read from a row of
    values rather than a model instance with its related ones."""

    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(source="display_code", read_only=True)
    kind = serializers.ChoiceField(choices=Kind.choices, read_only=True)
    title = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    topic_name = serializers.CharField(read_only=True)
    unit_code = serializers.CharField(read_only=True)
    unit_name = serializers.CharField(read_only=True)
    organization = serializers.IntegerField(read_only=True)
    organization_name = serializers.CharField(read_only=True)
    escalated_to = serializers.IntegerField(read_only=True, allow_null=True)
    escalation_level = serializers.IntegerField(read_only=True)
    received_on = serializers.DateField(read_only=True)
    due_date = serializers.DateField(read_only=True, allow_null=True)
    channel = serializers.ChoiceField(choices=Channel.choices, read_only=True)
    people_count = serializers.IntegerField(read_only=True)


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "original_name", "kind", "size", "uploaded_at"]


class AnswerSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    files = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Answer
        fields = ["id", "text", "organization", "organization_name", "at", "files"]


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseEvent
        fields = [
            "action",
            "from_status",
            "to_status",
            "actor_label",
            "from_organization",
            "to_organization",
            "note",
            "at",
        ]


class PublicEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseEvent
        fields = ["action", "to_status", "note", "at"]


class CaseDetailSerializer(CaseListSerializer):
    events = EventSerializer(many=True, read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)
    kind_label = serializers.CharField(
        read_only=True, help_text="“Thông tin có nội dung tố cáo” khi chưa xác định được người tố cáo"
    )

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "content",
            "is_anonymous",
            "is_remote_area",
            "is_complex",
            "is_especially_complex",
            "is_denunciation_info",
            "kind_label",
            "first_round",
            "extensions",
            "accepted_on",
            "accept_due",
            "resolve_due",
            "answered_at",
            "answered_on_time",
            "satisfied",
            "reopen_count",
            "events",
            "answers",
        ]
        read_only_fields = fields


class PublicStatusSerializer(serializers.ModelSerializer):
    """What the code alone reveals: nothing personal, nothing of the content."""

    code = serializers.CharField(source="display_code", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Case
        fields = ["code", "kind", "status", "received_on", "due_date", "organization_name"]
        read_only_fields = fields


class PrivateCaseSerializer(PublicStatusSerializer):
    """What the private link (code + token) shows to the sender."""

    topic_name = serializers.CharField(source="topic.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    answers = AnswerSerializer(many=True, read_only=True)
    events = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()

    class Meta(PublicStatusSerializer.Meta):
        fields = [
            *PublicStatusSerializer.Meta.fields,
            "title",
            "content",
            "topic_name",
            "unit_name",
            "answered_at",
            "satisfied",
            "answers",
            "events",
            "files",
        ]
        read_only_fields = fields

    def get_events(self, case) -> list[dict]:
        return PublicEventSerializer(case.events.filter(public=True), many=True).data

    def get_files(self, case) -> list[dict]:
        return AttachmentSerializer(case.attachments.filter(answer__isnull=True), many=True).data


class PetitionerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Petitioner
        fields = ["full_name", "id_number", "phone", "email", "address"]


class IntakeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    topic = serializers.SlugField(help_text="Mã lĩnh vực, ví dụ dat-dai")
    unit = serializers.CharField(max_length=10, help_text="Mã xã, phường, đặc khu (danh mục hiện hành)")
    title = serializers.CharField(max_length=300)
    content = serializers.CharField(max_length=20000)
    people_count = BoundedIntegerField(max_value=COLUMN_INT_MAX, min_value=1, default=1)
    latitude = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    longitude = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    files = serializers.ListField(child=serializers.FileField(), required=False, max_length=10)
    notify_email = serializers.EmailField(
        required=False,
        allow_blank=True,
        help_text="Nhận thông báo khi ý kiến được xử lý (xác nhận qua thư); không hiển thị cho cán bộ",
    )


class RecordSerializer(IntakeSerializer):
    channel = serializers.ChoiceField(choices=[c for c in Channel.choices if c[0] != Channel.WEB])
    received_on = serializers.DateField(required=False)
    is_remote_area = serializers.BooleanField(default=False)
    is_complex = serializers.BooleanField(default=False)
    organization = BoundedIntegerField(required=False, help_text="Mặc định: theo quy tắc chuyển xử lý")
    session = BoundedIntegerField(
        required=False, help_text="Buổi tiếp công dân nơi nhận ý kiến (hình thức phải là trực tiếp)"
    )


class IntakeResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    token = serializers.CharField(help_text="Khóa riêng để theo dõi; chỉ trả về một lần")
    status = serializers.CharField()
    organization_name = serializers.CharField()
    accept_due = serializers.DateField(allow_null=True, help_text="Rỗng với thông tin tố cáo chưa rõ người gửi")


class TrackSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    token = serializers.CharField(max_length=100, required=False, allow_blank=True)


class SenderReasonSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    token = serializers.CharField(max_length=100)
    reason = serializers.CharField(max_length=4000)


class SenderSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    token = serializers.CharField(max_length=100)


class CaseReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


class AcceptSerializer(serializers.Serializer):
    is_complex = serializers.BooleanField(required=False, allow_null=True, default=None)
    is_especially_complex = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Tố cáo đặc biệt phức tạp: được gia hạn hai lần"
    )
    is_remote_area = serializers.BooleanField(required=False, allow_null=True, default=None)


class ForwardSerializer(serializers.Serializer):
    document = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", help_text="Số văn bản chuyển đơn"
    )


class SecondRoundRecordSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000, help_text="Lý do không đồng ý với kết quả giải quyết lần đầu")
    channel = serializers.ChoiceField(choices=[c for c in Channel.choices if c[0] not in ("web", "import")])


class VerifyIdentitySerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=200)
    id_number = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300)


class TransferSerializer(serializers.Serializer):
    organization = BoundedIntegerField()
    reason = serializers.CharField(max_length=4000)


class AnswerWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000)
    files = serializers.ListField(child=serializers.FileField(), required=False, max_length=10)


class DuplicateSerializer(serializers.Serializer):
    main = BoundedIntegerField(help_text="Vụ việc chính (cùng địa bàn, đang mở)")


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Tệp XLSX theo mẫu /y-kien/nhap-excel/mau/")
    dry_run = serializers.BooleanField(required=False, default=False, help_text="Chỉ kiểm tra, không nhập")


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="Số ý kiến đã nhập (hoặc sẽ nhập, khi chỉ kiểm tra)")
    skipped = serializers.IntegerField(help_text="Số dòng đã nhập trước đó, bỏ qua")
    codes = serializers.ListField(child=serializers.CharField(), help_text="Mã tra cứu các ý kiến đã nhập")
    dry_run = serializers.BooleanField()


class RequestInfoSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=2000, help_text="Thông tin cần người gửi bổ sung (người gửi đọc được)")
