"""/api/v1/democracy/: disclosures, obligations, compliance (same scope rules as the pages: outside the user's
scope an object is a 404; only the commune's bodies and those above them change it)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers as s
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from democracy import compliance as compliance_mod
from democracy import disclosures, obligations, selectors
from democracy.models import Disclosure, DisclosureCategory, DisclosureStatus
from democracy.serializers import (
    CategorySerializer,
    ChannelSerializer,
    ChannelWriteSerializer,
    ComplianceSerializer,
    DemocracyReasonSerializer,
    DisclosureDetailSerializer,
    DisclosureSerializer,
    DisclosureWriteSerializer,
    FileSerializer,
    GenerateSerializer,
    ObligationSerializer,
    TakeDownSerializer,
)
from geo.models import Level
from geo.selectors import unit_on
from lib.api_actions import action_view, valid
from lib.errors import ServiceError
from lib.pagination import PageNumberPagination
from lib.params import query_choice, query_int
from orgs.models import Organization
from orgs.permissions import get_organization_for_user, is_national
from orgs.scope import scope_for

JSON = [JSONParser, FormParser]


def body(request, pk: int) -> Organization:
    """The body a record is made for: through the gate (outside the user's scope a 404); the service then checks
    that the user acts for it."""
    queryset = Organization.objects.filter(is_active=True).select_related("parent", "unit")
    return get_organization_for_user(request.user, pk, queryset=queryset)


def paginated(view, request, queryset, serializer_class):
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


class CategoryListView(APIView):
    @extend_schema(responses=CategorySerializer(many=True), operation_id="democracy_categories_list",
                   summary="Các nội dung phải công khai (Điều 11) và quy tắc của từng nội dung")  # fmt: skip
    def get(self, request):
        return Response(CategorySerializer(DisclosureCategory.objects.filter(is_active=True), many=True).data)


class DisclosureListView(APIView):
    pagination_class = PageNumberPagination
    parser_classes = JSON

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=DisclosureStatus.values)],
        responses=DisclosureSerializer(many=True),
        operation_id="democracy_disclosures_list",
    )
    def get(self, request):
        status = query_choice(request.query_params, "status", DisclosureStatus.values)
        return paginated(self, request, selectors.disclosure_list(request.user, status=status), DisclosureSerializer)

    @extend_schema(request=DisclosureWriteSerializer, responses={201: DisclosureDetailSerializer},
                   operation_id="democracy_disclosures_create",
                   summary="Ghi nội dung công khai (bản nháp) kèm các hình thức đã thực hiện")  # fmt: skip
    def post(self, request):
        data = valid(DisclosureWriteSerializer, request)
        category = DisclosureCategory.objects.filter(code=data.pop("category"), is_active=True).first()
        if category is None:
            raise ServiceError("Nội dung công khai không có trong danh mục.")
        channels = data.pop("channels")
        organization = body(request, data.pop("organization"))
        with transaction.atomic():
            disclosure = disclosures.disclosure_create(
                by=request.user, organization=organization, category=category, **data
            )
            for channel in channels:
                disclosures.disclosure_channel_set(disclosure=disclosure, by=request.user, **channel)
        return Response(_detail(disclosure), status=201)


def _disclosure(request, pk: int) -> Disclosure:
    return selectors.get_disclosure_for_user(request.user, pk)


def _detail(disclosure: Disclosure) -> dict:
    fresh = (
        Disclosure.objects.select_related("unit", "category")
        .prefetch_related("channels", "files")
        .get(pk=disclosure.pk)
    )
    return DisclosureDetailSerializer(fresh).data


class DisclosureDetailView(APIView):
    @extend_schema(responses=DisclosureDetailSerializer, operation_id="democracy_disclosures_retrieve")
    def get(self, request, pk: int):
        return Response(DisclosureDetailSerializer(_disclosure(request, pk)).data)


DisclosureChannelView = action_view(
    "DisclosureChannel",
    get=_disclosure,
    act=lambda r, d, data: ChannelSerializer(disclosures.disclosure_channel_set(disclosure=d, by=r.user, **data)).data,
    detail=_detail,
    serializer=ChannelWriteSerializer,
    response=ChannelSerializer,
    operation_id="democracy_disclosures_channel",
    summary="Ghi (hoặc sửa) một hình thức công khai: niêm yết, trang thông tin điện tử, loa truyền thanh…",
    parsers=JSON,
)
DisclosurePublishView = action_view(
    "DisclosurePublish",
    get=_disclosure,
    act=lambda r, d, data: disclosures.disclosure_publish(disclosure=d, by=r.user) and None,
    detail=_detail,
    response=DisclosureDetailSerializer,
    operation_id="democracy_disclosures_publish",
    summary="Ghi nhận đã công khai (hoàn thành nghĩa vụ của kỳ)",
    parsers=JSON,
)
DisclosureTakeDownView = action_view(
    "DisclosureTakeDown",
    get=_disclosure,
    act=lambda r, d, data: disclosures.disclosure_take_down(disclosure=d, by=r.user, on=data["on"]) and None,
    detail=_detail,
    serializer=TakeDownSerializer,
    response=DisclosureDetailSerializer,
    operation_id="democracy_disclosures_take_down",
    summary="Ghi ngày gỡ niêm yết",
    parsers=JSON,
)
DisclosureWithdrawView = action_view(
    "DisclosureWithdraw",
    get=_disclosure,
    act=lambda r, d, data: disclosures.disclosure_withdraw(disclosure=d, by=r.user, reason=data["reason"]) and None,
    detail=_detail,
    serializer=DemocracyReasonSerializer,
    response=DisclosureDetailSerializer,
    operation_id="democracy_disclosures_withdraw",
    summary="Thu hồi nội dung công khai",
    parsers=JSON,
)


class DisclosureFileView(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": inline_serializer("DisclosureFileUpload", fields={"file": s.FileField()})},
        responses={201: FileSerializer},
        operation_id="democracy_disclosures_file",
        summary="Đính kèm tệp (kiểm tra nội dung, giới hạn dung lượng)",
    )
    def post(self, request, pk: int):
        disclosure = _disclosure(request, pk)
        upload = request.FILES.get("file")
        if upload is None:
            raise ServiceError("Chưa chọn tệp.", extra={"file": "required"})
        row = disclosures.disclosure_file_add(disclosure=disclosure, by=request.user, upload=upload)
        return Response(FileSerializer(row).data, status=201)


class ObligationListView(APIView):
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str, enum=list(selectors.OBLIGATION_STATES)),
            OpenApiParameter("year", int),
        ],
        responses=ObligationSerializer(many=True),
        operation_id="democracy_obligations_list",
    )
    def get(self, request):
        state = query_choice(request.query_params, "state", tuple(selectors.OBLIGATION_STATES))
        year = query_int(request.query_params, "year", minimum=2000, maximum=2100)
        qs = selectors.obligation_list(request.user, state=state, year=year)
        return paginated(self, request, qs, ObligationSerializer)


class ObligationGenerateView(APIView):
    parser_classes = JSON

    @extend_schema(
        request=GenerateSerializer,
        responses={200: inline_serializer("ObligationsGenerated", fields={"created": s.IntegerField()})},
        operation_id="democracy_obligations_generate",
        summary="Lập lịch nghĩa vụ công khai của một năm cho mọi xã (cán bộ Trung ương)",
    )
    def post(self, request):
        if not is_national(request.user):
            raise ServiceError("Chỉ cán bộ Trung ương lập lịch nghĩa vụ công khai toàn quốc.", status_code=403)
        data = valid(GenerateSerializer, request)
        return Response({"created": obligations.obligations_generate(year=data["year"], by=request.user)})


def period(params) -> tuple[int, int | None, dt.date, dt.date]:
    year = query_int(params, "year", minimum=2023, maximum=2100) or timezone.localdate().year
    quarter = query_int(params, "quarter", minimum=1, maximum=4)
    if quarter is None:
        return year, None, dt.date(year, 1, 1), dt.date(year, 12, 31)
    start = dt.date(year, 3 * quarter - 2, 1)
    end = (dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)) - dt.timedelta(days=1)
    return year, quarter, start, end


class ComplianceView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("unit", str, description="Mã tỉnh hoặc xã (bỏ trống: toàn quốc, cán bộ Trung ương)"),
            OpenApiParameter("year", int),
            OpenApiParameter("quarter", int, enum=[1, 2, 3, 4]),
        ],
        responses=ComplianceSerializer,
        operation_id="democracy_compliance",
        summary="Tình hình thực hiện theo xã và kỳ, tổng hợp lên tỉnh và toàn quốc theo địa giới của kỳ",
    )
    def get(self, request):
        _, _, start, end = period(request.query_params)
        code = request.query_params.get("unit", "").strip()
        scope = scope_for(request.user)
        unit = None
        if code:
            unit = unit_on(code, on=end)
            if unit is None or unit.level == Level.DISTRICT:
                raise ServiceError(f"Mã đơn vị hành chính “{code[:20]}” không có trong danh mục của kỳ này.")
            if not scope.covers(unit):
                raise ServiceError("Địa bàn này nằm ngoài phạm vi của bạn.", status_code=404)
        elif not scope.national:
            raise ServiceError("Hãy chọn tỉnh hoặc xã (chỉ cán bộ Trung ương xem toàn quốc).")
        report = compliance_mod.compliance(unit, start, end)
        return Response(ComplianceSerializer(report).data)
