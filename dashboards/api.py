"""/api/v1/dashboards/map/: the map's data, in the viewer's scope (the same reads as the map page draws)."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as s
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from dashboards import maps, selectors
from dashboards.panels import DashboardView
from lib.params import query_int


class MapUnitSerializer(s.Serializer):
    code = s.CharField()
    name = s.CharField()
    level = s.CharField()
    lat = s.FloatField(allow_null=True)
    lon = s.FloatField(allow_null=True)
    value = s.FloatField(allow_null=True)
    area = s.DictField(
        allow_null=True, help_text="Ranh giới xã (GeoJSON) nếu quản trị viên đã nhập; không có thì vẽ điểm"
    )
    dashboard = s.CharField(help_text="Bảng điều hành của đơn vị")
    drill = s.CharField(allow_null=True, help_text="Bản đồ các đơn vị cấp dưới (không có với cấp xã)")


class MapLayerSerializer(s.Serializer):
    key = s.CharField()
    label = s.CharField()
    unit = s.CharField(required=False)
    higher_is_worse = s.BooleanField(required=False)


class MapDataSerializer(s.Serializer):
    period = s.DictField()
    unit = s.DictField(allow_null=True)
    province = s.DictField(allow_null=True)
    layer = MapLayerSerializer()
    layers = MapLayerSerializer(many=True)
    scale = s.DictField()
    boundaries = s.DictField(help_text="Tệp ranh giới tỉnh (tệp tĩnh, có mã băm trong tên) của thời kỳ")
    units = MapUnitSerializer(many=True)


class MapDataView(APIView):
    @extend_schema(
        operation_id="dashboards_map",
        parameters=[
            OpenApiParameter("period", int, description="Kỳ báo cáo (mặc định: kỳ gần nhất)"),
            OpenApiParameter("unit", str, description="Mã đơn vị (mặc định: toàn quốc hoặc đơn vị của người dùng)"),
            OpenApiParameter(
                "layer",
                str,
                description="Lớp: completeness, overdue, hotspots, practices hoặc ind:<mã chỉ tiêu tổng hợp>",
            ),
        ],
        responses=MapDataSerializer,
    )
    def get(self, request):
        """The units one level below ``unit`` with the layer's figure, in the hierarchy valid in the period."""
        today = timezone.localdate()
        try:
            period = selectors.resolve_period(query_int(request.query_params, "period", minimum=1), today)
            unit = selectors.resolve_unit(request.user, period, request.query_params.get("unit", "").strip()[:10])
        except Http404 as e:
            raise NotFound(str(e)) from e
        view = DashboardView(user=request.user, period=period, unit=unit, today=today)
        return Response(maps.map_data(view, request.query_params.get("layer", "completeness")[:80]))
