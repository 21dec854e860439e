"""Serializers of the configuration API (forms, indicators, rules)."""

from __future__ import annotations

from rest_framework import serializers

from lib.params import BoundedIntegerField
from reports.config import TIERS
from reports.models import (
    Aggregation,
    FormIndicator,
    Indicator,
    PeriodType,
    ReportForm,
    RuleKind,
    Severity,
    ValidationRule,
    ValueType,
)


class ConfigIndicatorSerializer(serializers.ModelSerializer):
    owner = serializers.IntegerField(source="owner_id", allow_null=True, read_only=True)
    weight = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    numerator = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    denominator = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "unit",
            "owner",
            "value_type",
            "decimals",
            "aggregation",
            "weight",
            "numerator",
            "denominator",
            "source",
            "group",
            "is_active",
        ]
        read_only_fields = fields


class IndicatorWriteSerializer(serializers.Serializer):
    owner = BoundedIntegerField(required=False, allow_null=True, help_text="Mã cơ quan; bỏ trống: chỉ tiêu quốc gia")
    code = serializers.RegexField(
        r"^[a-z0-9_-]+$",
        max_length=60,
        required=False,
        error_messages={"invalid": "Mã chỉ gồm chữ thường không dấu, số, gạch ngang hoặc gạch dưới."},
    )
    name = serializers.CharField(max_length=300, required=False)
    unit = serializers.CharField(max_length=40, required=False, allow_blank=True)
    value_type = serializers.ChoiceField(choices=ValueType.choices, required=False)
    decimals = serializers.IntegerField(min_value=0, max_value=6, required=False)
    aggregation = serializers.ChoiceField(choices=Aggregation.choices, required=False)
    weight = serializers.CharField(required=False, allow_null=True, help_text="Mã chỉ tiêu trọng số")
    numerator = serializers.CharField(required=False, allow_null=True, help_text="Mã chỉ tiêu tử số")
    denominator = serializers.CharField(required=False, allow_null=True, help_text="Mã chỉ tiêu mẫu số")
    source = serializers.CharField(required=False, allow_blank=True, max_length=60)
    group = serializers.CharField(required=False, allow_blank=True, max_length=120)
    is_active = serializers.BooleanField(required=False)


class RuleSerializer(serializers.ModelSerializer):
    left = serializers.SlugRelatedField(slug_field="code", read_only=True)
    right = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ValidationRule
        fields = ["id", "kind", "severity", "left", "right", "threshold_pct"]
        read_only_fields = fields


class FormItemSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = FormIndicator
        fields = ["indicator", "ordering", "is_key"]
        read_only_fields = fields


class ConfigFormSerializer(serializers.ModelSerializer):
    owner = serializers.IntegerField(source="owner_id", allow_null=True, read_only=True)
    previous = serializers.IntegerField(source="previous_id", allow_null=True, read_only=True)
    org_types = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    items = FormItemSerializer(many=True, read_only=True)
    rules = RuleSerializer(many=True, read_only=True)

    class Meta:
        model = ReportForm
        fields = [
            "id",
            "code",
            "version",
            "previous",
            "owner",
            "name",
            "period_type",
            "topic",
            "cutoff_day",
            "due_days",
            "tiers",
            "org_types",
            "sections",
            "is_active",
            "items",
            "rules",
        ]
        read_only_fields = fields


class FormWriteSerializer(serializers.Serializer):
    owner = BoundedIntegerField(required=False, allow_null=True, help_text="Mã cơ quan; bỏ trống: mẫu quốc gia")
    code = serializers.RegexField(
        r"^[a-z0-9_-]+$",
        max_length=60,
        required=False,
        error_messages={"invalid": "Mã chỉ gồm chữ thường không dấu, số, gạch ngang hoặc gạch dưới."},
    )
    name = serializers.CharField(max_length=300, required=False)
    period_type = serializers.ChoiceField(choices=PeriodType.choices, required=False)
    topic = serializers.CharField(max_length=300, required=False, allow_blank=True)
    cutoff_day = serializers.IntegerField(min_value=1, max_value=28, required=False, allow_null=True)
    due_days = serializers.IntegerField(min_value=0, max_value=90, required=False)
    tiers = serializers.ListField(child=serializers.ChoiceField(choices=TIERS), required=False, min_length=1)
    org_types = serializers.ListField(child=serializers.CharField(max_length=40), required=False, min_length=1)
    sections = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, help_text="Tiêu đề các phần nội dung, theo thứ tự"
    )


class FormIndicatorInSerializer(serializers.Serializer):
    indicator = serializers.CharField(max_length=60, help_text="Mã chỉ tiêu")
    is_key = serializers.BooleanField(required=False, default=False)


class RuleInSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RuleKind.choices)
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.BLOCKING)
    left = serializers.CharField(max_length=60, required=False, allow_null=True, help_text="Mã chỉ tiêu")
    right = serializers.CharField(max_length=60, required=False, allow_null=True, help_text="Mã chỉ tiêu")
    threshold_pct = serializers.IntegerField(min_value=1, max_value=100000, required=False, allow_null=True)


class RuleRemoveSerializer(serializers.Serializer):
    rule = BoundedIntegerField()
