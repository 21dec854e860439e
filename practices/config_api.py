"""/api/v1/practices/rubrics/ and /api/v1/practices/labels/: the twins of the rubric and title/programme pages."""

from __future__ import annotations

from decimal import Decimal

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from lib.api_actions import action_view, valid
from lib.errors import ServiceError
from lib.pagination import PageNumberPagination
from lib.params import BoundedIntegerField, CodeField, TextField
from practices import rubrics
from practices.models import CriteriaSet, Criterion, Kind, Label, LabelKind, RubricPurpose
from practices.selectors import get_practice_for_user


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["order", "description", "max_score"]
        read_only_fields = fields


class RubricSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    previous = serializers.IntegerField(source="previous_id", allow_null=True, read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = CriteriaSet
        fields = ["id", "name", "owner", "owner_name", "purpose", "kind", "pass_mark", "version", "previous",
                  "year_from", "year_to", "is_active", "criteria"]  # fmt: skip
        read_only_fields = fields


class CriterionInSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=2000)
    max_score = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=Decimal("0.01"))


class RubricCreateSerializer(serializers.Serializer):
    owner = BoundedIntegerField(help_text="Mã cơ quan ban hành")
    name = serializers.CharField(max_length=300)
    purpose = serializers.ChoiceField(choices=RubricPurpose.choices, required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=Kind.choices, required=False, allow_blank=True, default="")
    pass_mark = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=Decimal(0))
    year_from = serializers.IntegerField(min_value=2000, max_value=2100, required=False, allow_null=True)
    year_to = serializers.IntegerField(min_value=2000, max_value=2100, required=False, allow_null=True)
    criteria = CriterionInSerializer(many=True, max_length=100)


class RubricReviseSerializer(serializers.Serializer):
    year_from = serializers.IntegerField(min_value=2000, max_value=2100)
    name = serializers.CharField(max_length=300, required=False)
    pass_mark = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=Decimal(0), required=False)
    criteria = CriterionInSerializer(many=True, max_length=100)


def _criteria(data: dict) -> list[tuple[str, Decimal]]:
    return [(c["description"], c["max_score"]) for c in data["criteria"]]


class RubricListView(APIView):
    pagination_class = PageNumberPagination

    @extend_schema(responses=RubricSerializer(many=True), operation_id="practices_rubrics_list")
    def get(self, request):
        qs = rubrics.rubrics_visible_to(request.user).prefetch_related("criteria").order_by("id")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(RubricSerializer(page, many=True).data)

    @extend_schema(request=RubricCreateSerializer, responses={201: RubricSerializer},
                   operation_id="practices_rubrics_create")  # fmt: skip
    def post(self, request):
        data = valid(RubricCreateSerializer, request)
        owner = next((o for o in rubrics.rubric_owner_choices(request.user) if o.pk == data["owner"]), None)
        if owner is None:
            raise ServiceError("Bạn không ban hành được bộ tiêu chí cho cơ quan này.", status_code=403)
        rubric = rubrics.rubric_create(
            by=request.user, owner=owner, name=data["name"], purpose=data["purpose"], kind=data["kind"],
            pass_mark=data["pass_mark"], year_from=data.get("year_from"), year_to=data.get("year_to"),
            criteria=_criteria(data),
        )  # fmt: skip
        return Response(RubricSerializer(rubric).data, status=201)


class RubricDetailView(APIView):
    @extend_schema(responses=RubricSerializer, operation_id="practices_rubrics_retrieve")
    def get(self, request, pk: int):
        return Response(RubricSerializer(rubrics.get_rubric_for_user(request.user, pk)).data)


def _get_rubric(request, pk: int) -> CriteriaSet:
    return rubrics.get_rubric_for_user(request.user, pk)


def _revise(request, rubric, data):
    new = rubrics.rubric_revise(
        rubric=rubric, by=request.user, year_from=data["year_from"], criteria=_criteria(data),
        name=data.get("name"), pass_mark=data.get("pass_mark"),
    )  # fmt: skip
    return RubricSerializer(new).data


RubricReviseView = action_view(
    "RubricRevise",
    get=_get_rubric,
    act=_revise,
    detail=lambda rubric: RubricSerializer(rubric).data,
    serializer=RubricReviseSerializer,
    response=RubricSerializer,
    operation_id="practices_rubrics_revise",
    summary="Ban hành phiên bản mới áp dụng từ một năm (phiên bản cũ áp dụng cho các năm trước)",
)
RubricRetireView = action_view(
    "RubricRetire",
    get=_get_rubric,
    act=lambda request, rubric, data: RubricSerializer(rubrics.rubric_retire(rubric=rubric, by=request.user)).data,
    detail=lambda rubric: RubricSerializer(rubric).data,
    response=RubricSerializer,
    operation_id="practices_rubrics_retire",
    summary="Ngừng sử dụng bộ tiêu chí (các lần chấm đã có giữ nguyên)",
)


# ----------------------------------------------------------------------------------------------- labels


class LabelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Label
        fields = ["id", "kind", "code", "name", "is_active"]
        read_only_fields = ["id", "is_active"]


class LabelCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LabelKind.choices)
    code = CodeField(max_length=60)
    name = TextField(max_length=300)


class LabelActiveSerializer(serializers.Serializer):
    is_active = serializers.BooleanField()


class LabelListView(APIView):
    @extend_schema(responses=LabelSerializer(many=True), operation_id="practices_labels_list")
    def get(self, request):
        return Response(LabelSerializer(Label.objects.order_by("kind", "ordering", "id"), many=True).data)

    @extend_schema(request=LabelCreateSerializer, responses={201: LabelSerializer},
                   operation_id="practices_labels_create")  # fmt: skip
    def post(self, request):
        label = rubrics.label_create(by=request.user, **valid(LabelCreateSerializer, request))
        return Response(LabelSerializer(label).data, status=201)


def _get_label(request, pk: int) -> Label:
    return get_object_or_404(Label, pk=pk)  # national data, read by everyone


LabelActiveView = action_view(
    "LabelActive",
    get=_get_label,
    act=lambda request, label, data: (
        LabelSerializer(rubrics.label_set_active(label=label, by=request.user, active=data["is_active"])).data
    ),
    detail=lambda label: LabelSerializer(label).data,
    serializer=LabelActiveSerializer,
    response=LabelSerializer,
    operation_id="practices_labels_set_active",
    summary="Ngừng dùng hoặc dùng lại một danh hiệu, chương trình",
)


class PracticeLabelsSerializer(serializers.Serializer):
    labels = serializers.ListField(child=serializers.SlugField(max_length=60), max_length=50)


def _set_labels(request, practice, data):
    labels = list(Label.objects.filter(code__in=data["labels"]))
    missing = sorted(set(data["labels"]) - {label.code for label in labels})
    if missing:
        raise ServiceError("Không có danh hiệu, chương trình: " + ", ".join(missing) + ".", extra={"labels": missing})
    rubrics.practice_set_labels(practice=practice, by=request.user, labels=labels)
    return {"labels": sorted(label.code for label in labels)}


PracticeLabelsView = action_view(
    "PracticeLabels",
    get=lambda request, pk: get_practice_for_user(request.user, pk),
    act=_set_labels,
    detail=lambda practice: {"labels": sorted(practice.labels.values_list("code", flat=True))},
    serializer=PracticeLabelsSerializer,
    response=PracticeLabelsSerializer,
    operation_id="practices_set_labels",
    summary="Gắn danh hiệu thi đua, chương trình mục tiêu quốc gia cho mô hình",
)
