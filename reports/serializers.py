from rest_framework import serializers

from lib.params import COLUMN_INT_MAX, BoundedIntegerField
from reports.models import HIDDEN_PARTS, Indicator, OutgoingDocument, Period, Report, ReportForm


class IndicatorSerializer(serializers.ModelSerializer):
    numerator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    denominator = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Indicator
        fields = ["code", "name", "unit", "decimals", "aggregation", "numerator", "denominator", "breakdowns", "source"]


class FormSerializer(serializers.ModelSerializer):
    indicators = serializers.SerializerMethodField()

    class Meta:
        model = ReportForm
        fields = ["id", "code", "name", "period_type", "cutoff_day", "due_days", "sections", "tiers", "indicators"]

    def get_indicators(self, form) -> list[str]:
        return [item.indicator.code for item in form.items.all()]


class PeriodSerializer(serializers.ModelSerializer):
    form = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Period
        fields = ["id", "form", "year", "number", "label", "start", "end", "due_date"]


class ReportListSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    period_label = serializers.CharField(source="period.label", read_only=True)
    on_behalf = serializers.BooleanField(read_only=True, help_text="Lập thay cho đơn vị tiền thân (trước 1/7/2025)")

    class Meta:
        model = Report
        fields = [
            "id",
            "organization",
            "organization_name",
            "unit_code",
            "unit_name",
            "on_behalf",
            "period",
            "period_label",
            "status",
            "submitted_at",
            "approved_at",
        ]
        read_only_fields = fields


class ValueOutSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    breakdown = serializers.CharField()
    value = serializers.DecimalField(max_digits=30, decimal_places=6, allow_null=True, coerce_to_string=False)
    is_auto = serializers.BooleanField()
    is_entered = serializers.BooleanField(help_text="Chỉ tiêu tự động được nhập tay cho kỳ trước khi dùng DanVan")
    comment = serializers.CharField()
    text = serializers.CharField(help_text="Nội dung của chỉ tiêu dạng văn bản")


class ReportDetailSerializer(ReportListSerializer):
    values = serializers.SerializerMethodField()

    class Meta(ReportListSerializer.Meta):
        fields = ReportListSerializer.Meta.fields + [
            "narrative",
            "revision",
            "return_reason",
            "unapprove_reason",
            "missing_reason",
            "values",
        ]
        read_only_fields = fields

    def get_values(self, report) -> list[dict]:
        rows = (
            report.values.exclude(breakdown__in=HIDDEN_PARTS)
            .select_related("indicator")
            .order_by("indicator__ordering", "breakdown")
        )
        return ValueOutSerializer(
            [
                {
                    "indicator": v.indicator.code,
                    "breakdown": v.breakdown,
                    "value": v.value,
                    "is_auto": v.is_auto,
                    "is_entered": v.is_entered,
                    "comment": v.comment,
                    "text": v.text,
                }
                for v in rows
            ],
            many=True,
        ).data


class ValueInSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="Mã chỉ tiêu")
    breakdown = serializers.CharField(required=False, allow_blank=True, default="")
    value = serializers.DecimalField(max_digits=30, decimal_places=6, allow_null=True, required=False)
    text = serializers.CharField(
        required=False, allow_blank=True, max_length=4000, help_text="Cho chỉ tiêu dạng văn bản"
    )
    comment = serializers.CharField(required=False, allow_blank=True)


class ReportSaveSerializer(serializers.Serializer):
    values = ValueInSerializer(many=True, required=False)
    narrative = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    revision = BoundedIntegerField(
        max_value=COLUMN_INT_MAX, required=False, help_text="Phiên bản đã đọc; sai thì trả 409"
    )


class ReportOpenSerializer(serializers.Serializer):
    organization = BoundedIntegerField()
    period = BoundedIntegerField()
    unit = serializers.CharField(
        required=False,
        max_length=10,
        help_text="Mã đơn vị tiền thân (trong kỳ báo cáo) mà báo cáo được lập thay; bắt buộc khi đơn vị của tổ chức "
        "được hình thành từ nhiều đơn vị cũ.",
    )


class ReportReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class PeriodOpenSerializer(serializers.Serializer):
    form = serializers.CharField(help_text="Mã mẫu báo cáo")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    number = serializers.IntegerField(min_value=1, max_value=12, default=1)
    start = serializers.DateField(required=False, allow_null=True, help_text="Chỉ cho báo cáo nhanh")
    end = serializers.DateField(required=False, allow_null=True, help_text="Chỉ cho báo cáo nhanh")
    due_date = serializers.DateField(required=False, allow_null=True)


class OutgoingDocumentSerializer(serializers.ModelSerializer):
    """One line of a body's register of outgoing documents ("Số 05-BC/BTGDVTU", given on 12/6/2026)."""

    class Meta:
        model = OutgoingDocument
        fields = ["id", "number", "symbol", "year", "issued_on", "subject", "report"]
        read_only_fields = fields
