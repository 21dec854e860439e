from rest_framework import serializers as s

from documents.models import Citation, Document, Kind, Visibility
from lib.params import BoundedIntegerField


class DocumentRefSerializer(s.ModelSerializer):
    label = s.CharField(source="__str__", read_only=True)

    class Meta:
        model = Document
        fields = ["id", "code", "kind", "label"]


class DocumentListSerializer(s.ModelSerializer):
    kind_label = s.CharField(source="get_kind_display", read_only=True)
    status_label = s.CharField(source="get_status_display", read_only=True)
    replaced_by = s.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "code",
            "kind",
            "kind_label",
            "title",
            "issuer",
            "issued_on",
            "status",
            "status_label",
            "replaced_by",
            "visibility",
        ]

    def get_replaced_by(self, obj) -> dict | None:
        """The successor, unless it is internal and the reader may not see internal documents."""
        successor = obj.replaced_by if obj.replaced_by_id else None
        if successor is None or (successor.visibility != Visibility.PUBLIC and not self.context.get("sees_internal")):
            return None
        return DocumentRefSerializer(successor).data


class DocumentDetailSerializer(DocumentListSerializer):
    extraction = s.CharField(read_only=True)
    extraction_label = s.CharField(source="get_extraction_display", read_only=True)
    has_file = s.SerializerMethodField()

    class Meta(DocumentListSerializer.Meta):
        fields = [
            *DocumentListSerializer.Meta.fields,
            "summary",
            "issuer_organization",
            "owner",
            "has_file",
            "file_kind",
            "file_size",
            "extraction",
            "extraction_label",
        ]

    def get_has_file(self, obj) -> bool:
        return bool(obj.file)


class DocumentUpdateSerializer(s.Serializer):
    code = s.CharField(max_length=60, required=False, allow_blank=True)
    kind = s.ChoiceField(choices=Kind.choices)
    title = s.CharField(max_length=500)
    issuer = s.CharField(max_length=255)
    issued_on = s.DateField(required=False, allow_null=True)
    summary = s.CharField(required=False, allow_blank=True, max_length=20_000)
    visibility = s.ChoiceField(choices=Visibility.choices, required=False)


class DocumentWriteSerializer(DocumentUpdateSerializer):
    owner = BoundedIntegerField(
        required=False, allow_null=True, help_text="Tổ chức cập nhật (để trống: thư viện chung)"
    )
    file = s.FileField(required=False, help_text="PDF hoặc DOCX")


class ReplaceSerializer(s.Serializer):
    successor = BoundedIntegerField(help_text="Mã (id) văn bản thay thế")
    reason = s.CharField(required=False, allow_blank=True, max_length=500)


class FileSerializer(s.Serializer):
    file = s.FileField()


class CiterSerializer(s.Serializer):
    label = s.CharField()
    url = s.CharField()
    kind = s.CharField()
    note = s.CharField()


class CitationSerializer(s.ModelSerializer):
    document = DocumentRefSerializer(read_only=True)

    class Meta:
        model = Citation
        fields = ["id", "document", "note", "created_at"]


class CitationWriteSerializer(s.Serializer):
    object = s.CharField(help_text="Loại đối tượng trích dẫn: app_label.model, ví dụ practices.practice")
    object_id = BoundedIntegerField(min_value=1)
    document = BoundedIntegerField(required=False, help_text="Mã (id) văn bản; hoặc dùng code")
    code = s.CharField(required=False, max_length=60, help_text="Số, ký hiệu văn bản, ví dụ 25-NQ/TW")
    note = s.CharField(required=False, allow_blank=True, max_length=300)
