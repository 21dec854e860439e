"""/api/v1/units/: administrative units valid on a date, with search and ancestry."""

import datetime as dt

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from geo import selectors
from geo.models import Level
from geo.serializers import UnitDetailSerializer, UnitSerializer, linked
from lib.errors import ServiceError
from lib.pagination import PageNumberPagination
from lib.params import query_date

ON = OpenApiParameter("on", OpenApiTypes.DATE, description="Ngày hiệu lực (mặc định: hôm nay)")
LEVEL = OpenApiParameter("level", str, enum=Level.values)


def parse_on(params) -> dt.date:
    return query_date(params, "on") or selectors.today()


def parse_level(params) -> str | None:
    level = params.get("level") or None
    if level is not None and level not in Level.values:
        raise ServiceError("Tham số “level” phải là một trong: province, district, commune.", extra={"level": level})
    return level


class UnitListView(APIView):
    # Declared so the schema documents the paginated envelope (found by the API fuzzer).
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[
            ON,
            LEVEL,
            OpenApiParameter("parent", str, description="Mã đơn vị cấp trên"),
            OpenApiParameter("q", str, description="Tìm không dấu, không phân biệt hoa thường"),
        ],
        responses=UnitSerializer(many=True),
        operation_id="units_list",
    )
    def get(self, request):
        on = parse_on(request.query_params)
        level = parse_level(request.query_params)
        parent = None
        if code := request.query_params.get("parent"):
            parent = selectors.unit_on(code, on)
            if parent is None:
                raise ServiceError(f"Không có đơn vị mã “{code}” vào ngày {on:%d/%m/%Y}.", extra={"parent": code})
        qs = selectors.units_on(on, level=level, parent=parent)
        if q := request.query_params.get("q", "")[:100]:
            qs = qs.search(q)
        qs = qs.order_by("level" if not level else "sort_key", "sort_key", "code")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(UnitSerializer(page, many=True).data)


class UnitDetailView(APIView):
    @extend_schema(parameters=[ON, LEVEL], responses=UnitDetailSerializer, operation_id="units_retrieve")
    def get(self, request, code: str):
        on = parse_on(request.query_params)
        unit = selectors.unit_on(code, on, level=parse_level(request.query_params))
        if unit is None:
            raise ServiceError(f"Không có đơn vị mã “{code}” vào ngày {on:%d/%m/%Y}.", status_code=404)
        unit.ancestors = selectors.ancestors(unit)
        unit.predecessors = linked(selectors.predecessors(unit), "predecessor")
        unit.successors = linked(selectors.successors(unit), "successor")
        return Response(UnitDetailSerializer(unit).data)
