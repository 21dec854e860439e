"""/api/v1/cases/: public intake and tracking, and the helpers the officers' endpoints share
(``cases.api_officers``).

Same rules as the pages: outside the user's scope a case is a 404; only the handling body and
those above it act on it or read the sender's identity (and that read is logged).
"""

from __future__ import annotations

import json

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.utils import json as drf_json
from rest_framework.views import APIView

from api import errors
from cases import handling, intake, selectors
from cases.forms import current_unit, plain_code
from cases.models import Case, Topic
from cases.serializers import (
    IntakeResultSerializer,
    IntakeSerializer,
    PrivateCaseSerializer,
    SenderReasonSerializer,
    SenderSerializer,
    TrackSerializer,
)
from lib.clients import client_ip
from lib.errors import ServiceError

CONTACT = ("full_name", "id_number", "phone", "email", "address")


def _valid(serializer_class, request):
    ser = serializer_class(data=request.data)
    ser.is_valid(raise_exception=True)
    return ser.validated_data


def _place_and_topic(data):
    unit = current_unit(data["unit"])
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
        )
        return Response(_intake_result(case, token), status=201)


def _plain_code(data) -> str | None:
    """The code of a body TrackSerializer takes as it is (a code ``plain_code`` accepts, no token), stripped as the
    serializer strips it; None for any other shape, which goes through the serializer."""
    code = data.get("code") if hasattr(data, "get") else None
    if isinstance(code, str) and data.get("token", "") == "":
        return plain_code(code)
    return None


# DRF's strict JSONParser refuses NaN and Infinity with this same hook; the decoder is made once (json.loads makes
# one a call).
_STRICT_JSON = json.JSONDecoder(parse_constant=drf_json.strict_constant)


def _plain_json_lookup(request) -> str | None:
    """The code of the common status lookup — a small JSON body {"code": "..."} in UTF-8, from a client that takes
    JSON, no query string — or None: every other request (a form body, a token, an Accept header DRF would refuse,
    a ?format=, a body DRF would reject) goes through DRF as before."""
    if (
        request.method != "POST"
        or request.META.get("QUERY_STRING")
        or request.content_type != "application/json"
        or request.content_params.get("charset", "utf-8").lower() not in ("utf-8", "utf8")
        or request.META.get("HTTP_ACCEPT", "*/*").strip() not in ("*/*", "application/json", "")
        or not 0 < int(request.META.get("CONTENT_LENGTH") or 0) <= 1024
    ):
        return None
    try:
        data = _STRICT_JSON.decode(request.body.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None
    return _plain_code(data) if isinstance(data, dict) else None


class TrackView(APIView):
    """The code alone gives the status; the code with its token gives the content and answers."""

    permission_classes = [AllowAny]
    authentication_classes = []
    # JSON only: the busiest public request has no use for the browsable API's negotiation.
    renderer_classes = [JSONRenderer]

    def dispatch(self, request, *args, **kwargs):
        # The busiest public request, answered without DRF's request and response wrapping: that wrapping took 0.10
        # of the 0.37 ms the lookup cost in process, and under gunicorn it decided the throughput. The answer is the
        # one DRF gives — same status, body bytes (its JSONRenderer) and headers; tests/cases/test_track_fast.py
        # compares the two ways — and has no authentication, permission or throttle to skip (none are set here).
        code = _plain_json_lookup(request)
        if code is None:
            return super().dispatch(request, *args, **kwargs)
        status = selectors.find_status(code)
        if status is None:
            data, http_status = {"message": errors.MESSAGES[NotFound], "extra": {}}, 404  # api.errors' 404
        else:
            data, http_status = status.as_public(), 200
        response = HttpResponse(JSONRenderer().render(data), content_type=JSONRenderer.media_type, status=http_status)
        response["Allow"] = ", ".join(self.allowed_methods)
        return response

    @extend_schema(
        request=TrackSerializer,
        responses={200: PrivateCaseSerializer, 404: OpenApiTypes.OBJECT},
        operation_id="cases_track",
        auth=[],
        description="Không có token: chỉ tình trạng (PublicStatus). Có token đúng: toàn bộ nội dung và trả lời.",
    )
    def post(self, request):
        code = _plain_code(request.data)
        # A body in the plain shape (a form-encoded one, say) skips building the serializer; any other goes through it.
        data = {"code": code} if code is not None else _valid(TrackSerializer, request)
        token = data.get("token") or ""
        if not token:
            status = selectors.find_status(data["code"])
            if status is None:
                raise Http404
            return Response(status.as_public())  # the shape of PublicStatusSerializer (a test compares them)
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

    @extend_schema(request=SenderSerializer, responses=PrivateCaseSerializer, operation_id="cases_confirm", auth=[])
    def post(self, request):
        data = _valid(SenderSerializer, request)
        case = handling.case_confirm(case=_sender_case(data), token=data["token"])
        return Response(PrivateCaseSerializer(case).data)


class ReopenView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(
        request=SenderReasonSerializer, responses=PrivateCaseSerializer, operation_id="cases_reopen", auth=[]
    )
    def post(self, request):
        data = _valid(SenderReasonSerializer, request)
        case = handling.case_reopen(case=_sender_case(data), token=data["token"], reason=data["reason"])
        return Response(PrivateCaseSerializer(case).data)
