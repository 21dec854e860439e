"""/api/v1/cases/reception/… and /api/v1/cases/dialogues/…: same scope rules as the pages
(outside the user's scope an object is a 404; only the body and those above it change it)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import ServiceError
from cases import reception
from cases.forms import current_unit
from cases.meeting_serializers import (
    HoldSerializer,
    PublicSessionSerializer,
    ScheduleSerializer,
    ScheduleWriteSerializer,
    SessionReasonSerializer,
    SessionSerializer,
    SessionWriteSerializer,
)
from orgs.models import Organization


def _valid(serializer_class, request):
    ser = serializer_class(data=request.data)
    ser.is_valid(raise_exception=True)
    return dict(ser.validated_data)


def _date_param(request, name: str) -> dt.date | None:
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise ServiceError(f"Tham số “{name}” phải là ngày dạng YYYY-MM-DD.", extra={name: value}) from e


def _organization(pk: int) -> Organization:
    org = Organization.objects.filter(pk=pk, is_active=True).select_related("parent").first()
    if org is None:
        raise ServiceError("Không tìm thấy cơ quan.", extra={"organization": pk})
    return org


class ScheduleListView(APIView):
    parser_classes = [JSONParser, FormParser]

    @extend_schema(responses=ScheduleSerializer(many=True), operation_id="cases_reception_schedules_list")
    def get(self, request):
        qs = reception.schedules_visible_to(request.user).select_related("organization").order_by("id")[:500]
        return Response(ScheduleSerializer(qs, many=True).data)

    @extend_schema(
        request=ScheduleWriteSerializer,
        responses={201: ScheduleSerializer},
        operation_id="cases_reception_schedules_create",
        summary="Thêm lịch tiếp công dân định kỳ (tự lên lịch các buổi sắp tới)",
    )
    def post(self, request):
        data = _valid(ScheduleWriteSerializer, request)
        data["organization"] = _organization(data["organization"])
        schedule = reception.reception_schedule_create(by=request.user, **data)
        return Response(ScheduleSerializer(schedule).data, status=201)


class SessionListView(APIView):
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        parameters=[OpenApiParameter("from", OpenApiTypes.DATE), OpenApiParameter("to", OpenApiTypes.DATE)],
        responses=SessionSerializer(many=True),
        operation_id="cases_reception_sessions_list",
    )
    def get(self, request):
        today = timezone.localdate()
        qs = reception.session_list(
            request.user,
            date_from=_date_param(request, "from") or today,
            date_to=_date_param(request, "to") or today + dt.timedelta(days=28),
        )[:500]
        return Response(SessionSerializer(qs, many=True).data)

    @extend_schema(
        request=SessionWriteSerializer,
        responses={201: SessionSerializer},
        operation_id="cases_reception_sessions_create",
        summary="Thêm buổi tiếp công dân đột xuất",
    )
    def post(self, request):
        data = _valid(SessionWriteSerializer, request)
        data["organization"] = _organization(data["organization"])
        session = reception.reception_session_create(by=request.user, **data)
        return Response(SessionSerializer(session).data, status=201)


class SessionDetailView(APIView):
    @extend_schema(responses=SessionSerializer, operation_id="cases_reception_sessions_retrieve")
    def get(self, request, pk: int):
        return Response(SessionSerializer(reception.get_session_for_user(request.user, pk)).data)


class SessionHoldView(APIView):
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=HoldSerializer,
        responses=SessionSerializer,
        operation_id="cases_reception_sessions_hold",
        summary="Ghi nhận buổi tiếp đã diễn ra",
    )
    def post(self, request, pk: int):
        session = reception.get_session_for_user(request.user, pk)
        data = _valid(HoldSerializer, request)
        reception.reception_session_hold(session=session, by=request.user, **data)
        return Response(SessionSerializer(session).data)


class SessionCancelView(APIView):
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=SessionReasonSerializer,
        responses=SessionSerializer,
        operation_id="cases_reception_sessions_cancel",
        summary="Tạm hoãn buổi tiếp (nêu lý do)",
    )
    def post(self, request, pk: int):
        session = reception.get_session_for_user(request.user, pk)
        data = _valid(SessionReasonSerializer, request)
        reception.reception_session_cancel(session=session, by=request.user, reason=data["reason"])
        return Response(SessionSerializer(session).data)


class PublicScheduleView(APIView):
    """The published schedule (no account): bodies, leaders, places and times."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        parameters=[OpenApiParameter("unit", str, description="Mã tỉnh hoặc xã, phường (tùy chọn)")],
        responses=PublicSessionSerializer(many=True),
        operation_id="cases_reception_public",
        auth=[],
    )
    def get(self, request):
        code = request.query_params.get("unit", "").strip()
        unit = current_unit(code) if code else None
        if code and unit is None:
            raise ServiceError(f"Mã đơn vị hành chính “{code}” không có trong danh mục hiện hành.")
        return Response(PublicSessionSerializer(reception.public_schedule(unit=unit), many=True).data)
