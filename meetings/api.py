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

from cases.models import Topic
from cases.selectors import get_case_for_user
from geo.selectors import unit_on
from lib.api_actions import action_view, valid
from lib.clients import client_ip
from lib.errors import ServiceError
from lib.pagination import PageNumberPagination
from lib.params import query_date
from meetings import dialogues, reception
from meetings.models import DialogueQuestion
from meetings.serializers import (
    COMMITMENT_STATE_CHOICES,
    CaseQuestionSerializer,
    CitizenQuestionSerializer,
    CommitmentSerializer,
    CommitmentWriteSerializer,
    DialogueAnswerSerializer,
    DialogueDetailSerializer,
    DialogueSerializer,
    DialogueWriteSerializer,
    EvidenceSerializer,
    HoldSerializer,
    MinutesSerializer,
    PublicDialogueSerializer,
    PublicQuestionSerializer,
    PublicSessionSerializer,
    QuestionSerializer,
    ResultsSerializer,
    ScheduleSerializer,
    ScheduleWriteSerializer,
    SessionReasonSerializer,
    SessionSerializer,
    SessionWriteSerializer,
)
from orgs.models import Organization
from orgs.permissions import get_organization_for_user


def _managing_body(request, pk: int) -> Organization:
    """The body a schedule, session or dialogue belongs to: through the gate (outside the user's scope it is a 404);
    the service then checks that the user acts for it."""
    queryset = Organization.objects.filter(is_active=True).select_related("parent", "unit")
    return get_organization_for_user(request.user, pk, queryset=queryset)


def _owner(pk: int) -> Organization:
    """A commitment's owner may be any active body (a department of the province, a utility…), as on the page."""
    org = Organization.objects.filter(pk=pk, is_active=True).select_related("parent").first()
    if org is None:
        raise ServiceError("Không tìm thấy cơ quan.", extra={"organization": pk})
    return org


def _page(view: APIView, request, queryset, serializer) -> Response:
    """One page of a list (``page``, ``page_size``; the count capped), as every list of the API answers."""
    paginator = view.pagination_class()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer(page, many=True).data)


class ScheduleListView(APIView):
    parser_classes = [JSONParser, FormParser]
    pagination_class = PageNumberPagination

    @extend_schema(responses=ScheduleSerializer(many=True), operation_id="cases_reception_schedules_list")
    def get(self, request):
        qs = reception.schedules_visible_to(request.user).select_related("organization").order_by("id")
        return _page(self, request, qs, ScheduleSerializer)

    @extend_schema(
        request=ScheduleWriteSerializer,
        responses={201: ScheduleSerializer},
        operation_id="cases_reception_schedules_create",
        summary="Thêm lịch tiếp công dân định kỳ (tự lên lịch các buổi sắp tới)",
    )
    def post(self, request):
        data = valid(ScheduleWriteSerializer, request)
        data["organization"] = _managing_body(request, data["organization"])
        schedule = reception.reception_schedule_create(by=request.user, **data)
        return Response(ScheduleSerializer(schedule).data, status=201)


class SessionListView(APIView):
    parser_classes = [JSONParser, FormParser]
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[OpenApiParameter("from", OpenApiTypes.DATE), OpenApiParameter("to", OpenApiTypes.DATE)],
        responses=SessionSerializer(many=True),
        operation_id="cases_reception_sessions_list",
    )
    def get(self, request):
        today = timezone.localdate()
        qs = reception.session_list(
            request.user,
            date_from=query_date(request.query_params, "from") or today,
            date_to=query_date(request.query_params, "to") or today + dt.timedelta(days=28),
        )
        return _page(self, request, qs, SessionSerializer)

    @extend_schema(
        request=SessionWriteSerializer,
        responses={201: SessionSerializer},
        operation_id="cases_reception_sessions_create",
        summary="Thêm buổi tiếp công dân đột xuất",
    )
    def post(self, request):
        data = valid(SessionWriteSerializer, request)
        data["organization"] = _managing_body(request, data["organization"])
        session = reception.reception_session_create(by=request.user, **data)
        return Response(SessionSerializer(session).data, status=201)


class SessionDetailView(APIView):
    @extend_schema(responses=SessionSerializer, operation_id="cases_reception_sessions_retrieve")
    def get(self, request, pk: int):
        return Response(SessionSerializer(reception.get_session_for_user(request.user, pk)).data)


def _session(request, pk: int):
    return reception.get_session_for_user(request.user, pk)


def _session_detail(session) -> dict:
    return SessionSerializer(session).data


SessionHoldView = action_view(
    "SessionHold",
    get=_session,
    act=lambda r, session, data: reception.reception_session_hold(session=session, by=r.user, **data) and None,
    detail=_session_detail,
    serializer=HoldSerializer,
    response=SessionSerializer,
    operation_id="cases_reception_sessions_hold",
    summary="Ghi nhận buổi tiếp đã diễn ra",
    parsers=[JSONParser, FormParser],
)
SessionCancelView = action_view(
    "SessionCancel",
    get=_session,
    act=lambda r, session, data: (
        reception.reception_session_cancel(session=session, by=r.user, reason=data["reason"]) and None
    ),
    detail=_session_detail,
    serializer=SessionReasonSerializer,
    response=SessionSerializer,
    operation_id="cases_reception_sessions_cancel",
    summary="Tạm hoãn buổi tiếp (nêu lý do)",
    parsers=[JSONParser, FormParser],
)


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
        unit = unit_on(code, exclude_districts=True) if code else None
        if code and unit is None:
            raise ServiceError(f"Mã đơn vị hành chính “{code}” không có trong danh mục hiện hành.")
        return Response(PublicSessionSerializer(reception.public_schedule(unit=unit), many=True).data)


# ---------------------------------------------------------------- dialogues


def _dialogue_detail(dialogue) -> dict:
    dialogue = (
        type(dialogue)
        .objects.select_related("organization", "unit")
        .prefetch_related("questions", "commitments__owner")
        .get(pk=dialogue.pk)
    )
    return DialogueDetailSerializer(dialogue).data


class DialogueListView(APIView):
    parser_classes = [JSONParser, FormParser]
    pagination_class = PageNumberPagination

    @extend_schema(responses=DialogueSerializer(many=True), operation_id="cases_dialogues_list")
    def get(self, request):
        return _page(self, request, dialogues.dialogue_list(request.user), DialogueSerializer)

    @extend_schema(
        request=DialogueWriteSerializer,
        responses={201: DialogueDetailSerializer},
        operation_id="cases_dialogues_create",
        summary="Thông báo hội nghị đối thoại (trước ít nhất 7 ngày)",
    )
    def post(self, request):
        data = valid(DialogueWriteSerializer, request)
        unit = None
        if data["unit"]:
            unit = unit_on(data["unit"], exclude_districts=True)
            if unit is None:
                raise ServiceError(f"Mã đơn vị hành chính “{data['unit']}” không có trong danh mục hiện hành.")
        topic = None
        if data["topic"]:
            topic = Topic.objects.filter(code=data["topic"], is_active=True).first()
            if topic is None:
                raise ServiceError(f"Lĩnh vực “{data['topic']}” không có trong danh mục.")
        dialogue = dialogues.dialogue_plan(
            by=request.user,
            organization=_managing_body(request, data["organization"]),
            title=data["title"],
            description=data["description"],
            topic=topic,
            unit=unit,
            starts_at=data["starts_at"],
            place=data["place"],
        )
        return Response(_dialogue_detail(dialogue), status=201)


class DialogueDetailView(APIView):
    @extend_schema(responses=DialogueDetailSerializer, operation_id="cases_dialogues_retrieve")
    def get(self, request, pk: int):
        return Response(_dialogue_detail(dialogues.get_dialogue_for_user(request.user, pk)))


DIALOGUE_ACTION_RESPONSES = {"question": QuestionSerializer, "commitment": CommitmentSerializer}


def _dialogue_action(name: str, serializer, summary: str, act, *, status: int = 200):
    return action_view(
        f"Dialogue{name.title()}",
        get=lambda request, pk: dialogues.get_dialogue_for_user(request.user, pk),
        act=act,
        detail=_dialogue_detail,
        serializer=serializer,
        response={"question": QuestionSerializer, "commitment": CommitmentSerializer}.get(
            name, DialogueDetailSerializer
        ),
        operation_id=f"cases_dialogues_{name}",
        summary=summary,
        parsers=[JSONParser, FormParser],
        status=status,
    )


def _question(request, dialogue, data):
    case = get_case_for_user(request.user, data["case"])
    question = dialogues.dialogue_question_from_case(dialogue=dialogue, case=case, by=request.user, text=data["text"])
    return QuestionSerializer(question).data


def _answer(request, dialogue, data):
    question = DialogueQuestion.objects.filter(pk=data["question"], dialogue=dialogue).first()
    if question is None:
        raise ServiceError("Không tìm thấy câu hỏi trong hội nghị này.", extra={"question": data["question"]})
    question.dialogue = dialogue
    dialogues.dialogue_answer(
        question=question, by=request.user, answer=data["answer"], answered_by=data["answered_by"]
    )


def _commitment(request, dialogue, data):
    question = None
    if data.get("question"):
        question = DialogueQuestion.objects.filter(pk=data["question"], dialogue=dialogue).first()
        if question is None:
            raise ServiceError("Không tìm thấy câu hỏi trong hội nghị này.", extra={"question": data["question"]})
    commitment = dialogues.commitment_create(
        dialogue=dialogue,
        by=request.user,
        text=data["text"],
        owner=_owner(data["owner"]),
        deadline=data["deadline"],
        question=question,
    )
    return CommitmentSerializer(commitment).data


DialogueQuestionView = _dialogue_action(
    "question", CaseQuestionSerializer, "Đưa vụ việc đang xử lý vào câu hỏi đối thoại", _question, status=201
)
DialogueHoldView = _dialogue_action(
    "hold",
    MinutesSerializer,
    "Ghi biên bản hội nghị đã diễn ra",
    lambda r, d, data: dialogues.dialogue_hold(dialogue=d, by=r.user, **data) and None,
)
DialogueAnswerView = _dialogue_action("answer", DialogueAnswerSerializer, "Ghi câu trả lời tại hội nghị", _answer)
DialogueCommitmentView = _dialogue_action(
    "commitment", CommitmentWriteSerializer, "Chuyển câu trả lời thành cam kết", _commitment, status=201
)
DialoguePublishView = _dialogue_action(
    "publish",
    ResultsSerializer,
    "Công bố kết quả đối thoại (trong 10 ngày)",
    lambda r, d, data: dialogues.dialogue_publish(dialogue=d, by=r.user, results=data["results"]) and None,
)
DialogueCancelView = _dialogue_action(
    "cancel",
    SessionReasonSerializer,
    "Hủy hội nghị đối thoại",
    lambda r, d, data: dialogues.dialogue_cancel(dialogue=d, by=r.user, reason=data["reason"]) and None,
)


class CommitmentListView(APIView):
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[OpenApiParameter("state", str, enum=[k for k, _ in COMMITMENT_STATE_CHOICES])],
        responses=CommitmentSerializer(many=True),
        operation_id="cases_commitments_list",
    )
    def get(self, request):
        state = request.query_params.get("state", "")
        if state and state not in dict(COMMITMENT_STATE_CHOICES):
            raise ServiceError("Tham số “state” không hợp lệ.", extra={"state": state})
        return _page(self, request, dialogues.commitment_list(request.user, state=state), CommitmentSerializer)


CommitmentCompleteView = action_view(
    "CommitmentComplete",
    get=lambda request, pk: dialogues.get_commitment_for_user(request.user, pk),
    act=lambda r, commitment, data: (
        dialogues.commitment_complete(commitment=commitment, by=r.user, evidence=data["evidence"]) and None
    ),
    detail=lambda commitment: CommitmentSerializer(commitment).data,
    serializer=EvidenceSerializer,
    response=CommitmentSerializer,
    operation_id="cases_commitments_complete",
    summary="Ghi nhận hoàn thành cam kết (kèm minh chứng)",
    parsers=[JSONParser, FormParser],
)


class PublicDialogueListView(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=PublicDialogueSerializer(many=True), operation_id="cases_dialogues_public", auth=[])
    def get(self, request):
        upcoming, past = dialogues.public_dialogues()
        return Response(PublicDialogueSerializer([*upcoming, *past], many=True).data)


class PublicQuestionView(APIView):
    """A citizen sends a question before the dialogue (no account, text only)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        request=CitizenQuestionSerializer,
        responses={201: PublicQuestionSerializer},
        operation_id="cases_dialogues_public_question",
        auth=[],
    )
    def post(self, request, pk: int):
        dialogue = dialogues.get_public_dialogue(pk)
        data = valid(CitizenQuestionSerializer, request)
        question = dialogues.dialogue_question_submit(
            dialogue=dialogue, text=data["text"], client_ip=client_ip(request)
        )
        return Response(PublicQuestionSerializer(question).data, status=201)
