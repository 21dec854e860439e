"""/api/v1/cases/: public intake and tracking, and the helpers the officers' endpoints share
(``cases.api_officers``).

Same rules as the pages: outside the user's scope a case is a 404; only the handling body and
those above it act on it or read the sender's identity (and that read is logged).
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from cases import handling, intake, lookup_limit, rounds, selectors
from cases.models import Case, Topic
from cases.serializers import (
    IntakeResultSerializer,
    IntakeSerializer,
    PrivateCaseSerializer,
    PublicStatusSerializer,
    SenderReasonSerializer,
    SenderSerializer,
    TrackSerializer,
)
from geo.selectors import unit_on
from lib.clients import client_ip
from lib.errors import ServiceError

CONTACT = ("full_name", "id_number", "phone", "email", "address")


def _valid(serializer_class, request):
    ser = serializer_class(data=request.data)
    ser.is_valid(raise_exception=True)
    return ser.validated_data


def _place_and_topic(data):
    unit = unit_on(data["unit"], exclude_districts=True)
    if unit is None:
        raise ServiceError(f"Mã đơn vị hành chính “{data['unit']}” không có trong danh mục hiện hành.")
    topic = Topic.objects.filter(code=data["topic"], is_active=True).first()
    if topic is None:
        raise ServiceError(f"Lĩnh vực “{data['topic']}” không có trong danh mục.", extra={"topic": data["topic"]})
    return unit, topic


def _intake_result(case: Case, token: str) -> dict:
    return {
        "id": case.pk,
        "code": case.display_code,
        "token": token,
        "status": case.status,
        "organization_name": case.organization.name,
        "accept_due": case.accept_due,
    }


class IntakeView(APIView):
    """A citizen sends a case (no account). The token is returned once; keep it to follow the case."""

    permission_classes = [AllowAny]
    authentication_classes = []  # no session, so no CSRF: a public form posts from anywhere
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={"multipart/form-data": IntakeSerializer, "application/json": IntakeSerializer},
        responses={201: IntakeResultSerializer},
        operation_id="cases_intake",
        auth=[],
    )
    def post(self, request):
        data = _valid(IntakeSerializer, request)
        unit, topic = _place_and_topic(data)
        case, token = intake.case_submit(
            kind=data["kind"],
            topic=topic,
            unit=unit,
            title=data["title"],
            content=data["content"],
            contact={k: data.get(k, "") for k in CONTACT},
            files=request.FILES.getlist("files"),
            client_ip=client_ip(request),
            people_count=data["people_count"],
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            notify_email=data.get("notify_email", ""),
        )
        return Response(_intake_result(case, token), status=201)


class LookupThrottle(BaseThrottle):
    """The per-address lookup limit (``cases.lookup_limit``), counted with the status page and the private link: a
    tracking code or a token is found only by trying many."""

    scope = lookup_limit.SCOPE

    def allow_request(self, request, view) -> bool:
        self.retry_after = lookup_limit.hit(request)
        return self.retry_after is None

    def wait(self) -> int | None:
        return self.retry_after


class TrackView(APIView):
    """The code alone gives the status; the code with its token gives the content and answers."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [LookupThrottle]
    renderer_classes = [JSONRenderer]  # a lookup answers JSON only (no browsable page for a public, anonymous read)

    @extend_schema(
        request=TrackSerializer,
        responses={200: PrivateCaseSerializer, 404: OpenApiTypes.OBJECT, 429: OpenApiTypes.OBJECT},
        operation_id="cases_track",
        auth=[],
        description="Không có token: chỉ tình trạng (PublicStatus). Có token đúng: toàn bộ nội dung và trả lời.",
    )
    def post(self, request):
        data = _valid(TrackSerializer, request)
        token = data.get("token") or ""
        if not token:
            case = selectors.find_status(data["code"])
            if case is None:
                raise Http404
            return Response(PublicStatusSerializer(case).data)
        case = selectors.find_private(data["code"], token)
        if case is None:
            raise Http404
        return Response(PrivateCaseSerializer(case).data)


def _sender_case(data) -> Case:
    case = selectors.find_private(data["code"], data["token"])
    if case is None:
        raise Http404
    return case


class ConfirmView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [LookupThrottle]  # a token tried here is a private-link lookup too

    @extend_schema(request=SenderSerializer, responses=PrivateCaseSerializer, operation_id="cases_confirm", auth=[])
    def post(self, request):
        data = _valid(SenderSerializer, request)
        case = handling.case_confirm(case=_sender_case(data), token=data["token"])
        return Response(PrivateCaseSerializer(case).data)


class SecondRoundView(APIView):
    """The complainant files a second-time complaint from the private link of the first: a new case to the head of the
    administrative body one level up, with its own code, token and clock (Luật Khiếu nại 2011, Điều 33, 37)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [LookupThrottle]

    @extend_schema(
        request=SenderReasonSerializer,
        responses={201: IntakeResultSerializer},
        operation_id="cases_second_round",
        auth=[],
    )
    def post(self, request):
        data = _valid(SenderReasonSerializer, request)
        second, token = rounds.case_complain_again(first=_sender_case(data), token=data["token"], reason=data["reason"])
        return Response(_intake_result(second, token), status=201)


class ReopenView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [LookupThrottle]  # a token tried here is a private-link lookup too

    @extend_schema(
        request=SenderReasonSerializer, responses=PrivateCaseSerializer, operation_id="cases_reopen", auth=[]
    )
    def post(self, request):
        data = _valid(SenderReasonSerializer, request)
        case = handling.case_reopen(case=_sender_case(data), token=data["token"], reason=data["reason"])
        return Response(PrivateCaseSerializer(case).data)
