"""/api/v1/cases/hotspots/: điểm nóng confirmed by officers (list, confirm, detail, handle, close), scoped like cases.
The places whose grievances rise unusually are ``/api/v1/cases/rises/`` (figures, not decisions)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import situations
from cases.models import Case
from cases.models_hotspot import Hotspot, HotspotEvent, HotspotStatus
from geo.selectors import unit_on
from lib.api_actions import action_view, valid
from lib.errors import ServiceError
from lib.pagination import PageNumberPagination
from lib.params import BoundedIntegerField, query_choice
from orgs.models import Organization
from orgs.scope import visible_organizations


class HotspotEventSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.__str__", read_only=True)

    class Meta:
        model = HotspotEvent
        fields = ["action", "from_status", "to_status", "by", "note", "at"]
        read_only_fields = fields


class HotspotSerializer(serializers.ModelSerializer):
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Hotspot
        fields = ["id", "title", "status", "unit_code", "unit_name", "confirmed_on", "people_count"]
        read_only_fields = fields


class BodySerializer(serializers.ModelSerializer):
    org_type = serializers.CharField(source="org_type.code", read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "name", "org_type"]
        read_only_fields = fields


class HotspotDetailSerializer(HotspotSerializer):
    bodies = BodySerializer(many=True, read_only=True)
    case_codes = serializers.SerializerMethodField()
    events = HotspotEventSerializer(many=True, read_only=True)

    class Meta(HotspotSerializer.Meta):
        fields = [*HotspotSerializer.Meta.fields, "description", "outcome", "bodies", "case_codes", "events"]
        read_only_fields = fields

    def get_case_codes(self, obj) -> list[str]:
        return [c.display_code for c in obj.cases.order_by("id")]


class HotspotConfirmSerializer(serializers.Serializer):
    unit = serializers.CharField(max_length=10)
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    people_count = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=10**6)
    cases = serializers.ListField(child=BoundedIntegerField(), required=False, default=list, max_length=500)
    bodies = serializers.ListField(child=BoundedIntegerField(), required=False, default=list, max_length=100)


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.CharField(max_length=8000)


class HotspotReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=4000)


class HotspotListView(APIView):
    pagination_class = PageNumberPagination
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=HotspotStatus.values)],
        responses=HotspotSerializer(many=True),
        operation_id="cases_hotspots_list",
        summary="Điểm nóng do cán bộ xác nhận, trong phạm vi của người dùng",
    )
    def get(self, request):
        qs = Hotspot.objects.visible_to(request.user).select_related("unit").order_by("-id")
        status = query_choice(request.query_params, "status", HotspotStatus.values)
        if status:
            qs = qs.filter(status=status)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(HotspotSerializer(page, many=True).data)

    @extend_schema(
        request=HotspotConfirmSerializer,
        responses={201: HotspotDetailSerializer},
        operation_id="cases_hotspots_confirm",
        summary="Xác nhận điểm nóng (vụ việc liên quan, cơ quan tham gia xử lý, kể cả công an)",
    )
    def post(self, request):
        data = valid(HotspotConfirmSerializer, request)
        unit = unit_on(data["unit"], exclude_districts=True)
        if unit is None:
            raise ServiceError("Mã địa bàn không đúng hoặc không còn hiệu lực.", extra={"unit": data["unit"]})
        cases = list(Case.objects.visible_to(request.user).filter(pk__in=data["cases"]))
        if len(cases) != len(set(data["cases"])):
            raise ServiceError("Có vụ việc không tìm thấy trong phạm vi của bạn.", extra={"cases": data["cases"]})
        bodies = list(visible_organizations(request.user).filter(pk__in=data["bodies"]))
        if len(bodies) != len(set(data["bodies"])):
            raise ServiceError("Có cơ quan không tìm thấy trong phạm vi của bạn.", extra={"bodies": data["bodies"]})
        hotspot = situations.hotspot_confirm(
            by=request.user,
            unit=unit,
            title=data["title"],
            description=data["description"],
            cases=cases,
            bodies=bodies,
            people_count=data["people_count"],
        )
        return Response(HotspotDetailSerializer(hotspot).data, status=201)


def _get(request, pk):
    return situations.get_hotspot_for_user(request.user, pk)


class HotspotDetailView(APIView):
    @extend_schema(responses=HotspotDetailSerializer, operation_id="cases_hotspots_detail")
    def get(self, request, pk: int):
        return Response(HotspotDetailSerializer(_get(request, pk)).data)


def _action(name: str, serializer, summary: str, act):
    return action_view(
        f"Hotspot{name.title()}",
        get=_get,
        act=act,
        detail=lambda h: HotspotDetailSerializer(Hotspot.objects.get(pk=h.pk)).data,
        serializer=serializer,
        response=HotspotDetailSerializer,
        operation_id=f"cases_hotspots_{name}",
        summary=summary,
        parsers=[JSONParser, FormParser],
    )


HotspotHandleView = _action(
    "handle",
    OutcomeSerializer,
    "Ghi nhận đã xử lý điểm nóng",
    lambda r, h, d: situations.hotspot_handle(hotspot=h, by=r.user, outcome=d["outcome"]) and None,
)
HotspotCloseView = _action(
    "close",
    HotspotReasonSerializer,
    "Kết thúc theo dõi điểm nóng",
    lambda r, h, d: situations.hotspot_close(hotspot=h, by=r.user, reason=d["reason"]) and None,
)
